/**
 * A long-lived helper process that starts pod processes for us (spawnerProgram.ts). Node's
 * child_process forks the whole Node.js process once per pod, which on a small runner costs about
 * as much as the pod's own process; the helper's posix_spawn copies no address space at all.
 *
 * A process's output goes straight to its log file, which the helper opens and hands over: no
 * byte passes through Node (in stream mode the log layer follows the file for the live lines).
 *
 * The helper is optional. Until it has answered that it works, or where there is no Python 3.8+,
 * `ready` is false and the caller spawns processes itself, as before.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Socket } from 'node:net'
import { constants as osConstants } from 'node:os'
import { SPAWNER_PROGRAM } from './spawnerProgram.js'

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

export type SpawnFailureStage = 'open' | 'chdir' | 'spawn'

export interface SpawnCallbacks {
  /** The process exists (the moment Node's 'spawn' event stands for). */
  spawned(pid: number): void
  /** It was never started; `code` is the errno name (ENOENT, EACCES…). */
  failed(code: string, stage: SpawnFailureStage): void
  /** It ended: an exit code, or the signal that killed it. */
  exited(code: number | null, signal: NodeJS.Signals | null): void
  /**
   * The helper turned out not to work here before it took the request (no Python 3.8+, say): the
   * caller starts the process itself. Without this callback the request fails instead.
   */
  unavailable?(): void
}

const errnoNames = new Map(Object.entries(osConstants.errno).map(([name, value]) => [value, name]))
const signalNames = new Map(
  Object.entries(osConstants.signals).map(([name, value]) => [value, name as NodeJS.Signals])
)

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

  /** Starts the helper with the runner's PATH; `ready` turns true once it has answered. */
  constructor(env: NodeJS.ProcessEnv) {
    let helper: ChildProcess
    try {
      helper = spawn('python3', ['-I', '-S', '-c', SPAWNER_PROGRAM], {
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

  /** Only while `usable`. One of failed, unavailable or spawned-then-exited follows. */
  spawn(request: SpawnRequest, callbacks: SpawnCallbacks): void {
    const id = this.nextId++
    let base = this.baseIds.get(request.baseEnv)
    let text = ''
    if (base === undefined) {
      base = String(this.baseIds.size + 1)
      this.baseIds.set(request.baseEnv, base)
      const entries = Object.entries(request.baseEnv)
      text += `B\0${base}\0${entries.length}\0`
      for (const [name, value] of entries) text += `${name}=${value}\0`
    }
    const fields = [
      'S',
      String(id),
      request.file,
      request.cwd,
      request.output,
      base,
      String(request.argv.length),
      String(request.env.length),
      ...request.argv
    ]
    text += fields.join('\0') + '\0'
    for (const [name, value] of request.env) text += `${name}=${value}\0`
    this.requested.set(String(id), callbacks)
    this.holdEventLoop()
    this.helper?.stdin?.write(text)
  }

  /** No more requests; the helper ends once its stdin is closed. Running processes are left alone. */
  close(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.helper?.stdin?.end()
    this.helper?.unref()
    this.holdEventLoop()
  }

  private receive(text: string): void {
    const lines = (this.received + text).split('\n')
    this.received = lines.pop() ?? ''
    for (const line of lines) {
      const [kind, a, b, c] = line.split(' ')
      if (kind === 'P') {
        const callbacks = this.requested.get(a)
        this.requested.delete(a)
        if (!callbacks) continue
        this.started.set(Number(b), callbacks)
        callbacks.spawned(Number(b))
      } else if (kind === 'X') {
        const callbacks = this.started.get(Number(a))
        this.started.delete(Number(a))
        const signal = Number(c) > 0 ? (signalNames.get(Number(c)) ?? null) : null
        callbacks?.exited(signal ? null : Number(b), signal)
      } else if (kind === 'F') {
        const callbacks = this.requested.get(a)
        this.requested.delete(a)
        callbacks?.failed(errnoNames.get(Number(b)) ?? `errno ${b}`, c as SpawnFailureStage)
      } else if (kind === 'R') {
        if (this.state === 'starting') this.state = 'ready'
        this.groupsKilled = a === 'group'
      } else if (kind === 'U') {
        this.unusable()
      }
    }
    this.holdEventLoop()
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
