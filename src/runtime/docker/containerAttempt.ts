/**
 * One container attempt under docker: wait for the pod's sandbox, make the image available by the pull
 * policy, then one attached `docker run --rm` (stdout and stderr kept apart, raw bytes, into the
 * attempt's log) whose exit code is the container's. One docker CLI process per attempt, a Go program
 * that costs 30–60 ms of CPU to start: no inspect, no rm (the client exits once the daemon has removed
 * the container), so the times are the ones we observe. A container with a memory limit is kept until
 * its state says whether it was OOM-killed, then removed (keptForInspection).
 *
 * Failures before the container runs end the attempt at once with the kubelet's waiting reason and
 * message, and exit code 128 (what containerd reports for a container that could not start), rather
 * than leaving the pod Pending forever as a cluster would (kubernetes#122300): ErrImageNeverPull,
 * ErrImagePull, FailedMount, FailedCreatePodSandBox, CreateContainerConfigError, CreateContainerError;
 * StartError when docker created the container but could not start its process.
 *
 * The client exits with 125, 126 or 127 for its own errors, codes a container may exit with too. They
 * are the client's when the container's id never reached the --cidfile (the container was never
 * created: CreateContainerError), or when the client's error is all the stderr there is after creation
 * (created, but its process never ran: StartError).
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { statSync } from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'
import type { ContainerCallbacks, ContainerExit, ContainerLaunch, RunningContainer } from '../types.js'
import { keptForInspection } from './containerArgs.js'
import { runDocker } from './dockerCli.js'

export interface StartFailure {
  /** The container's waiting reason while the kubelet would retry, e.g. ErrImagePull. */
  waitingReason: string
  /** The terminated reason we report. */
  reason: string
  message: string
}

/** What `docker run` needs for one attempt, once the sandbox, the image and the mounts are ready. */
export interface PreparedRun {
  runArgs: string[]
  /** The container's name, unique to the attempt (stop and kill address it before its id is known). */
  name: string
  /** The --cidfile of runArgs: a file that does not exist yet. */
  cidFile: string
}

/** What the engine does for an attempt: everything that is shared between attempts or pods. */
export interface AttemptEnvironment {
  dockerPath: string
  /** Sandbox, image and mounts ready: the `docker run` to do, or why the container cannot start. */
  prepare(launch: ContainerLaunch): Promise<PreparedRun | StartFailure>
  /** The engine is shutting down: create nothing more; its sweep removes the run's containers. */
  closed(): boolean
  /** Removes a container that the client may have left behind; endPod and shutdown wait for it. */
  remove(name: string): Promise<void>
}

const NOT_LOCATED: ContainerExit = {
  exitCode: 137,
  reason: 'ContainerStatusUnknown',
  message: 'The container could not be located when the pod was terminated',
  finishedAt: 0
}

/** The docker client's exit codes for its own failures (cli/command/container's toStatusError). */
const CLIENT_CODES = new Set([125, 126, 127])

/** How long an exit that may be an OOM kill waits for docker's late `oom` event. */
const OOM_EVENT_WAIT_MS = 2000

/** A stop or kill that finds the container not yet running is repeated this often until it exits. */
const KILL_RETRY_MS = 250

export class ContainerAttempt implements RunningContainer {
  private name = ''
  private cidFile = ''
  private startedAt = 0
  private spawned = false
  private exited = false
  private finished = false
  private stopRequested = false
  private termSent = false
  private killDeadline = Infinity
  private killTimer: ReturnType<typeof setTimeout> | undefined
  private stopRetry: ReturnType<typeof setTimeout> | undefined
  readonly done: Promise<void>

  constructor(
    private readonly launch: ContainerLaunch,
    private readonly callbacks: ContainerCallbacks,
    private readonly environment: AttemptEnvironment
  ) {
    this.done = this.run()
  }

  /**
   * The image's stop signal (docker stop) now, SIGKILL at the grace period to the millisecond: docker
   * stop's own timeout counts whole seconds. A shorter grace given later moves the kill earlier.
   */
  stop(graceMs: number): void {
    this.stopRequested = true
    this.killDeadline = Math.min(this.killDeadline, Date.now() + Math.max(0, graceMs))
    if (this.spawned && !this.exited) this.signal()
  }

  /**
   * Shutdown is about to remove the run's containers by label. A container that `docker run` has not
   * created yet would escape that sweep: it is killed as soon as it exists.
   */
  beforeSweep(): void {
    if (this.spawned && !this.exited && !cidWritten(this.cidFile)) this.stop(0)
  }

  private async run(): Promise<void> {
    try {
      await this.attempt()
    } catch (error) {
      this.finish({
        exitCode: 128,
        reason: 'StartError',
        message: error instanceof Error ? error.message : String(error),
        finishedAt: Date.now()
      })
    }
  }

  private cancelled(): boolean {
    return this.stopRequested || this.environment.closed()
  }

  private async attempt(): Promise<void> {
    const prepared = await this.environment.prepare(this.launch)
    if (this.cancelled()) return this.finish({ ...NOT_LOCATED, finishedAt: Date.now() })
    if ('waitingReason' in prepared) {
      this.callbacks.onWaiting?.(prepared.waitingReason, prepared.message)
      return this.finish({
        exitCode: 128,
        reason: prepared.reason,
        message: prepared.message,
        finishedAt: Date.now()
      })
    }
    this.name = prepared.name
    this.cidFile = prepared.cidFile
    await this.runAttached(prepared.runArgs)
  }

  private async runAttached(runArgs: string[]): Promise<void> {
    const child = spawn(this.environment.dockerPath, runArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
    const stderr = new ClientOutputFilter(child.stderr, this.cidFile)
    let spawnError: Error | undefined
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => {
      child.on('error', error => (spawnError = error))
      child.on('close', (code, signal) => resolve({ code, signal }))
    })
    const logged = this.launch.log.attach([child.stdout, stderr.stream])
    this.spawned = true
    this.startedAt = Date.now()
    this.callbacks.onStart(this.startedAt)
    if (this.stopRequested) this.signal()
    const { code, signal } = await closed
    this.exited = true
    clearTimeout(this.killTimer)
    clearTimeout(this.stopRetry)
    const finishedAt = Date.now()
    let exit: ContainerExit
    let clientError = false
    if (spawnError) {
      clientError = true
      exit = this.failed(
        'CreateContainerError',
        `cannot run ${this.environment.dockerPath}: ${spawnError.message}`
      )
    } else if (code === null) {
      // The client was killed: the container may live on, its exit status unknown.
      await this.environment.remove(this.name)
      exit = this.cancelled()
        ? { ...NOT_LOCATED, finishedAt }
        : {
            exitCode: 137,
            reason: 'ContainerStatusUnknown',
            message: `docker run was ended by ${signal ?? 'a signal'} before the container's exit code was known`,
            finishedAt
          }
    } else {
      const failure = CLIENT_CODES.has(code) ? await clientFailure(stderr, code) : undefined
      clientError = failure !== undefined
      exit = failure
        ? this.failed(failure.reason, failure.message)
        : await this.containerExit(code, finishedAt)
    }
    stderr.end(clientError)
    if (keptForInspection(this.launch) && code !== null) await this.environment.remove(this.name)
    await logged.catch(() => undefined)
    this.finish(exit)
  }

  /** The client's own error: the container never ran. */
  private failed(reason: 'CreateContainerError' | 'StartError', message: string): ContainerExit {
    // Shutdown's sweep removes containers between their creation and their start.
    if (this.environment.closed()) return { ...NOT_LOCATED, finishedAt: Date.now() }
    if (reason === 'CreateContainerError') this.callbacks.onWaiting?.(reason, message)
    return { exitCode: 128, reason, message, finishedAt: Date.now() }
  }

  private async containerExit(exitCode: number, finishedAt: number): Promise<ContainerExit> {
    // Shutdown's sweep removes running containers with a SIGKILL.
    if (exitCode === 137 && this.environment.closed()) return { ...NOT_LOCATED, finishedAt }
    const oomKilled =
      this.mayBeOomKill(exitCode) && ((await this.stateSaysOomKilled()) || (await this.oomEventSeen()))
    const exit: ContainerExit = {
      exitCode,
      reason: oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error',
      startedAt: this.startedAt,
      finishedAt
    }
    // An exit code above 128 is only known to be a signal when we sent one (or the kernel's OOM killer did).
    if (oomKilled) exit.signal = 9
    else if (this.termSent && exitCode > 128 && exitCode <= 128 + 64) exit.signal = exitCode - 128
    return exit
  }

  /** Only a container with a memory limit that died of a SIGKILL we did not send can have been OOM-killed. */
  private mayBeOomKill(exitCode: number): boolean {
    return exitCode === 137 && !this.termSent && this.launch.container.resources?.limits?.memory !== undefined
  }

  /** The kept container's State.OOMKilled (see keptForInspection). */
  private async stateSaysOomKilled(): Promise<boolean> {
    const result = await runDocker(this.environment.dockerPath, [
      'inspect',
      '--type=container',
      '--format={{.State.OOMKilled}}',
      this.name
    ])
    return result.code === 0 && result.stdout.trim() === 'true'
  }

  /**
   * Waits (at most OOM_EVENT_WAIT_MS) for docker's `oom` event of the container: the kernel's OOM notice
   * may reach docker after the container's exit (seen up to ~0.5 s later under load), and then
   * State.OOMKilled stays false.
   */
  private oomEventSeen(): Promise<boolean> {
    const since = this.startedAt - 1000
    const until = Date.now() + OOM_EVENT_WAIT_MS
    const seconds = (ms: number) => (ms / 1000).toFixed(3)
    return new Promise(resolve => {
      const child = spawn(
        this.environment.dockerPath,
        [
          'events',
          `--since=${seconds(since)}`,
          `--until=${seconds(until)}`,
          `--filter=container=${this.name}`,
          '--filter=event=oom',
          '--format={{.Action}}'
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] }
      )
      child.stdout.on('data', () => {
        resolve(true)
        child.kill()
      })
      child.on('error', () => resolve(false))
      child.on('close', () => resolve(false))
    })
  }

  private signal(): void {
    if (!this.termSent) {
      this.termSent = true
      this.sendStop()
    }
    clearTimeout(this.killTimer)
    this.killTimer = setTimeout(() => this.kill(), Math.max(0, this.killDeadline - Date.now()))
  }

  /**
   * `docker stop` fails when `docker run` has not created the container yet, returns at once doing
   * nothing when it is created but not started, and waits for the exit when it runs: while the client
   * has not exited some time after stop returned, the container missed the signal, which is sent again.
   */
  private sendStop(): void {
    const graceMs = this.killDeadline - Date.now()
    if (graceMs <= 0 || this.exited) return
    void runDocker(this.environment.dockerPath, [
      'stop',
      `--time=${Math.ceil(graceMs / 1000)}`,
      this.name
    ]).then(() => {
      if (this.exited) return
      clearTimeout(this.stopRetry)
      this.stopRetry = setTimeout(() => this.sendStop(), KILL_RETRY_MS)
    })
  }

  private kill(): void {
    if (this.exited) return
    void runDocker(this.environment.dockerPath, ['kill', this.name])
    this.killTimer = setTimeout(() => this.kill(), KILL_RETRY_MS)
  }

  private finish(exit: ContainerExit): void {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.killTimer)
    clearTimeout(this.stopRetry)
    this.callbacks.onExit(exit)
  }
}

/** The client writes the container's id to its --cidfile once the container is created. */
function cidWritten(cidFile: string): boolean {
  return cidFile !== '' && (statSync(cidFile, { throwIfNoEntry: false })?.size ?? 0) > 0
}

/** Whether a 125, 126 or 127 is the client's, and then what it said. */
async function clientFailure(
  stderr: ClientOutputFilter,
  code: number
): Promise<{ reason: 'CreateContainerError' | 'StartError'; message: string } | undefined> {
  const created = stderr.created || (await readFile(stderr.cidFile, 'utf8').catch(() => '')).trim() !== ''
  if (!created) return { reason: 'CreateContainerError', message: clientMessage(stderr.clientText(), code) }
  const held = stderr.heldText()
  if (stderr.heldFromStart && CLIENT_ERROR_TEXT.test(held)) {
    return { reason: 'StartError', message: clientMessage(held, code) }
  }
  return undefined
}

/** docker's message on one line, without the client's prefixes, warnings and usage hint. */
function clientMessage(text: string, code: number): string {
  const message = text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('WARNING:') && !/^(See|Run) 'docker/.test(line))
    .join(' ')
    .replace(/^docker: /, '')
    .replace(/^Error response from daemon: /, '')
  return message || `docker run exited with code ${code}`
}

/** A chunk that may be the client's error, by its beginning. */
const CLIENT_ERROR = /^(docker: |Error response from daemon: )/
/**
 * All the client prints when the daemon cannot start a container: one line, then the usage hint
 * (`Run '…' for more information` from docker 23, `See '…'.` before).
 */
const CLIENT_ERROR_TEXT =
  /^docker: Error response from daemon: [^\n]*\n\n?(Run|See) 'docker run --help'[^\n]*\n$/

/**
 * The warnings the daemon returns when it creates a container (moby's verifyPlatformContainerResources
 * and verifyPlatformContainerSettings, the platform check), which the client prints before it starts
 * the container: no container wrote them.
 */
const DAEMON_WARNING =
  /^WARNING: (Your kernel does not support |IPv4 forwarding is disabled|Published ports are discarded|The requested image's platform |OOM killer is disabled|You specified a kernel memory limit)/

/**
 * The docker client writes its own lines to the container's stderr: the daemon's warnings when it
 * creates the container ("WARNING: IPv4 forwarding is disabled…") and its errors, so that the log
 * would not hold only what the container wrote.
 * - Whatever is read while the container's id is not yet in the cidfile was written before the
 *   container existed: the client's. The client writes the warnings a moment before the id, though,
 *   so they are usually read after it, and recognised by their text ahead of the container's output.
 * - Output that reads like a client error is held back until the attempt is over, and dropped if it
 *   was the client's.
 */
export class ClientOutputFilter {
  readonly stream = new PassThrough()
  created = false
  /** The first stderr chunk after creation was held. */
  heldFromStart = false
  private readonly before: Buffer[] = []
  private readonly held: Buffer[] = []
  /** Nothing but the client's has been read yet. */
  private leading = true

  constructor(
    source: Readable,
    readonly cidFile: string
  ) {
    source.on('data', (data: Buffer) => {
      this.created ||= cidWritten(cidFile)
      if (!this.created) return void this.before.push(data)
      const chunk = this.leading ? this.dropWarnings(data) : data
      if (chunk.length === 0) return
      if (this.held.length > 0 || CLIENT_ERROR.test(chunk.toString('latin1', 0, 64))) {
        if (this.leading) this.heldFromStart = true
        this.held.push(chunk)
      } else if (!this.stream.write(chunk)) {
        source.pause()
        this.stream.once('drain', () => source.resume())
      }
      this.leading = false
    })
  }

  private dropWarnings(chunk: Buffer): Buffer {
    while (chunk.length > 0) {
      const end = chunk.indexOf(0x0a)
      if (end < 0 || !DAEMON_WARNING.test(chunk.toString('utf8', 0, end))) break
      this.before.push(chunk.subarray(0, end + 1))
      chunk = chunk.subarray(end + 1)
    }
    return chunk
  }

  clientText(): string {
    return Buffer.concat([...this.before, ...this.held]).toString('utf8')
  }

  heldText(): string {
    return Buffer.concat(this.held).toString('utf8')
  }

  end(clientError: boolean): void {
    if (!clientError) for (const chunk of this.held) this.stream.write(chunk)
    this.stream.end()
  }
}
