/**
 * A long-lived helper process that starts pod processes for us: spawner.py, which documents the
 * request protocol (it ships in spawnerProgram.generated.ts). Node's child_process forks the whole
 * Node.js process once per pod, which on a small runner costs about as much as the pod's own
 * process; the helper's posix_spawn copies no address space at all.
 *
 * A process's output goes straight to its log file, which the helper opens and hands over: no
 * byte passes through Node (in stream mode the log layer follows the file for the live lines).
 *
 * The helper is optional. Until it has answered that it works, or where there is no Python 3.8+,
 * `ready` is false and the caller spawns processes itself, as before.
 *
 * It also contains what it starts (docs/architecture.md, "Containment"): a child subreaper, it
 * inherits whatever a container orphans and kills it when the container ends; when its stdin ends —
 * close(), or this process dying, even by SIGKILL — it kills every process it started and their
 * descendants, and it records them in the run's ledger for the post step.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import { constants as osConstants } from 'node:os'
import { nulByteFailure, nulByteInEnvironment } from './nulBytes.js'
import { SPAWNER_PROGRAM } from './spawnerProgram.generated.js'

export interface SpawnRequest {
  /** The executable, already resolved. */
  file: string
  /** argv, argv[0] included. */
  argv: string[]
  cwd: string
  /** The environment: `baseEnv` (sent to the helper once for all requests that share it) … */
  baseEnv: Readonly<Record<string, string>>
  /** … with these set on top, in order. */
  env: ReadonlyArray<readonly [string, string]>
  /** The file stdout and stderr are appended to. */
  output: string
}

/**
 * Where starting failed: opening the output file, changing into the working directory, the spawn
 * itself, or the request (it could not be carried out as sent: a field holding a NUL byte, or one
 * the helper could not read).
 */
export type SpawnFailureStage = 'open' | 'chdir' | 'spawn' | 'request'

export interface SpawnCallbacks {
  /** The process exists (the moment Node's 'spawn' event stands for). */
  spawned(pid: number): void
  /**
   * It was never started; `code` is the errno name (ENOENT, EACCES…). At stage `request`, `reason`
   * says what was wrong with it, in runc's words where runc has some (nulBytes.ts).
   */
  failed(code: string, stage: SpawnFailureStage, reason?: string): void
  /** It ended: an exit code, or the signal that killed it. */
  exited(code: number | null, signal: NodeJS.Signals | null): void
  /**
   * The helper turned out not to work here before it took the request (no Python 3.8+, say): the
   * caller starts the process itself. Without this callback the request fails instead.
   */
  unavailable?(): void
}

/** Ends every request: a byte UTF-8 never uses, so the helper always finds where the next one starts. */
const RECORD_END = Buffer.from([0xff])

const errnoNames = new Map(Object.entries(osConstants.errno).map(([name, value]) => [value, name]))
const signalNames = new Map(
  Object.entries(osConstants.signals).map(([name, value]) => [value, name as NodeJS.Signals])
)

/** The fields of a B record (spawner.py): an environment later requests start from. */
function baseRecord(base: string, env: Readonly<Record<string, string>>): string {
  const entries = Object.entries(env)
  let text = `B\0${base}\0${entries.length}\0`
  for (const [name, value] of entries) text += `${name}=${value}\0`
  return text
}

/** The fields of an S record (spawner.py): start a process. */
function startRecord(id: string, base: string, request: SpawnRequest): string {
  const fields = [
    'S',
    id,
    request.file,
    request.cwd,
    request.output,
    base,
    String(request.argv.length),
    String(request.env.length),
    ...request.argv
  ]
  let text = fields.join('\0') + '\0'
  for (const [name, value] of request.env) text += `${name}=${value}\0`
  return text
}

/** The output file is ours, not the container's: nulBytes.ts does not look at it. */
function nulByteInOutput(output: string): string | undefined {
  return output.includes('\0') ? `open ${JSON.stringify(output)}: contains nul byte (\\x00)` : undefined
}

/** A request that cannot be sent fails as the helper's answer would: later, not within spawn(). */
function refuse(callbacks: SpawnCallbacks, reason: string): void {
  process.nextTick(() => callbacks.failed('EINVAL', 'request', reason))
}

export class Spawner {
  private readonly helper: ChildProcess | undefined
  private state: 'starting' | 'ready' | 'closed' = 'starting'
  private groupsKilled = false
  private nextId = 1
  /** Requests not answered yet, by id. */
  private readonly requested = new Map<string, SpawnCallbacks>()
  /** Started processes not reaped yet, by pid. */
  private readonly started = new Map<number, SpawnCallbacks>()
  private received = ''
  /** The base environments sent so far (a Map, not a WeakMap: it must count them). */
  private readonly baseIds = new Map<object, string>()

  /**
   * Starts the helper with the runner's PATH; `ready` turns true once it has answered. `ledger`: the
   * file it appends `pid starttime` lines to (runProcesses.ts reads it).
   */
  constructor(env: NodeJS.ProcessEnv, ledger?: string) {
    let helper: ChildProcess
    try {
      const args = ['-I', '-S', '-c', SPAWNER_PROGRAM, ...(ledger === undefined ? [] : [ledger])]
      helper = spawn('python3', args, {
        env: { PATH: env.PATH ?? '/usr/bin:/bin' },
        stdio: ['pipe', 'pipe', 'ignore'],
        // Its own process group: a terminal's Ctrl-C is for the action, which then stops the pods.
        detached: true
      })
    } catch {
      this.close()
      return
    }
    this.helper = helper
    helper.on('error', () => this.broken())
    // 'close', not 'exit': every line it wrote has been read by then.
    helper.on('close', () => this.broken())
    helper.stdin?.on('error', () => this.broken())
    helper.stdout?.setEncoding('latin1')
    helper.stdout?.on('data', (text: string) => this.receive(text))
    this.holdEventLoop()
  }

  /**
   * The helper kills an exited process's process group before it reaps the process (and reports the
   * exit), so the group's id cannot have been reused by then.
   */
  get killsGroupAtExit(): boolean {
    return this.groupsKilled
  }

  /** The helper has said it works, and is not closed. */
  get ready(): boolean {
    return this.state === 'ready'
  }

  /**
   * spawn() may be called: the helper works, or is still starting (requests wait in its pipe; if it
   * then turns out not to work, they get `unavailable`).
   */
  get usable(): boolean {
    return this.state !== 'closed'
  }

  /**
   * Only while `usable`. One of failed, unavailable or spawned-then-exited follows, never before
   * this returns.
   */
  spawn(request: SpawnRequest, callbacks: SpawnCallbacks): void {
    // A NUL would end its field early and shift every field after it: the helper would read the
    // rest of the request, and the requests after it, as something else.
    const unsendable = nulByteFailure(request) ?? nulByteInOutput(request.output)
    if (unsendable !== undefined) return refuse(callbacks, unsendable)
    let base = this.baseIds.get(request.baseEnv)
    const records: string[] = []
    if (base === undefined) {
      const failure = nulByteInEnvironment(request.baseEnv)
      if (failure !== undefined) return refuse(callbacks, failure)
      base = String(this.baseIds.size + 1)
      this.baseIds.set(request.baseEnv, base)
      records.push(baseRecord(base, request.baseEnv))
    }
    const id = String(this.nextId++)
    records.push(startRecord(id, base, request))
    this.requested.set(id, callbacks)
    this.holdEventLoop()
    this.send(records)
  }

  /**
   * No more requests; the helper ends once its stdin is closed, after killing every process it
   * started that still runs, and their descendants (their exits are still reported).
   */
  close(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.helper?.stdin?.end()
    this.helper?.unref()
    this.holdEventLoop()
  }

  private send(records: readonly string[]): void {
    const stdin = this.helper?.stdin
    if (!stdin) return
    // Corked, the records and their ends leave in one writev.
    stdin.cork()
    for (const record of records) {
      stdin.write(record)
      stdin.write(RECORD_END)
    }
    stdin.uncork()
  }

  private receive(text: string): void {
    const lines = (this.received + text).split('\n')
    this.received = lines.pop() ?? ''
    for (const line of lines) {
      const [kind, a, b, c] = line.split(' ')
      if (kind === 'P') {
        const callbacks = this.answered(a)
        if (!callbacks) continue
        this.started.set(Number(b), callbacks)
        callbacks.spawned(Number(b))
      } else if (kind === 'X') {
        const callbacks = this.started.get(Number(a))
        this.started.delete(Number(a))
        const signal = Number(c) > 0 ? (signalNames.get(Number(c)) ?? null) : null
        callbacks?.exited(signal ? null : Number(b), signal)
      } else if (kind === 'F') {
        this.answered(a)?.failed(errnoNames.get(Number(b)) ?? `errno ${b}`, c as SpawnFailureStage)
      } else if (kind === 'E') {
        // Requests are answered in the order sent: one the helper could not read the id of (`-`)
        // is the oldest not answered yet.
        const callbacks = this.answered(a === '-' ? this.requested.keys().next().value : a)
        const reason = line.slice(kind.length + a.length + 2)
        callbacks?.failed('EINVAL', 'request', `the process spawner refused the request: ${reason}`)
      } else if (kind === 'R') {
        if (this.state === 'starting') this.state = 'ready'
        this.groupsKilled = a === 'group'
      } else if (kind === 'U') {
        this.unusable()
      }
    }
    this.holdEventLoop()
  }

  /** The callbacks of a request that has its answer now (forgotten here). */
  private answered(id: string | undefined): SpawnCallbacks | undefined {
    if (id === undefined) return undefined
    const callbacks = this.requested.get(id)
    this.requested.delete(id)
    return callbacks
  }

  /**
   * The helper died with requests or processes outstanding: what was asked but not answered never
   * started as far as anyone can tell; what runs can no longer be waited for, so it is killed and
   * reported as killed.
   */
  private broken(): void {
    if (this.state === 'starting') return this.unusable()
    this.close()
    const started = [...this.started.entries()]
    this.started.clear()
    for (const callbacks of this.takeRequests()) callbacks.failed('EPIPE', 'spawn')
    for (const [pid, callbacks] of started) {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        // already gone
      }
      callbacks.exited(null, 'SIGKILL')
    }
    this.holdEventLoop()
  }

  /** Before it said it works, the helper took no request: each goes back to its caller. */
  private unusable(): void {
    this.close()
    for (const callbacks of this.takeRequests()) {
      if (callbacks.unavailable) callbacks.unavailable()
      else callbacks.failed('ENOEXEC', 'spawn')
    }
    this.holdEventLoop()
  }

  /** The requests not answered, which never will be: forgotten. */
  private takeRequests(): SpawnCallbacks[] {
    const requested = [...this.requested.values()]
    this.requested.clear()
    return requested
  }

  /** The helper keeps Node running only while something waits for it, like a child process would. */
  private holdEventLoop(): void {
    const helper = this.helper
    const stdout = helper?.stdout as Socket | null | undefined
    if (!helper || !stdout || stdout.destroyed) return
    const busy = this.state === 'starting' || this.requested.size > 0 || this.started.size > 0
    if (busy) stdout.ref()
    else stdout.unref()
    ;(helper.stdin as Socket | null)?.unref()
    helper.unref()
  }
}
