/**
 * One container attempt under docker: wait for the pod's sandbox, make the image available by the pull
 * policy, `docker create`, `docker start --attach` (stdout and stderr kept apart, raw bytes, into the
 * attempt's log), `docker inspect` for the exit code and OOMKilled, then remove the container.
 *
 * Failures before the container runs end the attempt at once with the kubelet's waiting reason and
 * message, and exit code 128 (what containerd reports for a container that could not start), rather
 * than leaving the pod Pending forever as a cluster would (kubernetes#122300): ErrImageNeverPull,
 * ErrImagePull, FailedMount, FailedCreatePodSandBox, CreateContainerConfigError, CreateContainerError;
 * StartError when docker created the container but could not start its process.
 */
import { spawn } from 'node:child_process'
import { PassThrough, type Readable } from 'node:stream'
import type { ContainerCallbacks, ContainerExit, ContainerLaunch, RunningContainer } from '../types.js'
import { runDocker } from './dockerCli.js'

export interface StartFailure {
  /** The container's waiting reason while the kubelet would retry, e.g. ErrImagePull. */
  waitingReason: string
  /** The terminated reason we report. */
  reason: string
  message: string
}

/** What the engine does for an attempt: everything that is shared between attempts or pods. */
export interface AttemptEnvironment {
  dockerPath: string
  /** Sandbox, image and mounts ready: the `docker create` arguments, or why the container cannot start. */
  prepare(launch: ContainerLaunch): Promise<{ createArgs: string[] } | StartFailure>
  /** The engine is shutting down: create nothing more. */
  closed(): boolean
  /** A container now exists (so that shutdown finds it even before it runs). */
  created(id: string): void
  /** Remove the container in the background; endPod and shutdown wait for it. */
  remove(id: string): void
}

interface DockerState {
  Running: boolean
  OOMKilled: boolean
  ExitCode: number
  Error: string
  StartedAt: string
  FinishedAt: string
}

const NOT_LOCATED: ContainerExit = {
  exitCode: 137,
  reason: 'ContainerStatusUnknown',
  message: 'The container could not be located when the pod was terminated',
  finishedAt: 0
}

/** How long an exit that may be an OOM kill waits for docker's late `oom` event. */
const OOM_EVENT_WAIT_MS = 2000

/** A stop or kill that finds the container not yet running is repeated this often until it exits. */
const KILL_RETRY_MS = 250

export class ContainerAttempt implements RunningContainer {
  private id: string | undefined
  private attached = false
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
    if (this.attached && !this.exited) this.signal()
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
    const created = await runDocker(this.environment.dockerPath, prepared.createArgs)
    const id = created.stdout.trim().split('\n').pop() ?? ''
    if (created.code !== 0 || !id) {
      const message = createMessage(created.stderr, created.code)
      this.callbacks.onWaiting?.('CreateContainerError', message)
      return this.finish({ exitCode: 128, reason: 'CreateContainerError', message, finishedAt: Date.now() })
    }
    this.id = id
    this.environment.created(id)
    if (this.cancelled()) {
      this.environment.remove(id)
      return this.finish({ ...NOT_LOCATED, finishedAt: Date.now() })
    }
    await this.runAttached(id)
  }

  private async runAttached(id: string): Promise<void> {
    const child = spawn(this.environment.dockerPath, ['start', '--attach', id], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const stderr = new ClientErrorFilter(child.stderr)
    const closed = new Promise<number>(resolve => {
      child.on('error', () => undefined)
      child.on('close', code => resolve(code ?? 137))
    })
    const logged = this.launch.log.attach([child.stdout, stderr.stream])
    this.attached = true
    this.callbacks.onStart(Date.now())
    if (this.stopRequested) this.signal()
    const clientCode = await closed
    let state = await this.inspect(id)
    if (state?.Running) {
      // The client went away before the container did.
      await runDocker(this.environment.dockerPath, ['wait', id])
      state = await this.inspect(id)
    }
    this.exited = true
    clearTimeout(this.killTimer)
    clearTimeout(this.stopRetry)
    const neverRan = !state || (state.Error !== '' && !validTime(state.StartedAt))
    stderr.end(neverRan)
    if (state && this.mayHaveLostOom(state)) state.OOMKilled = await this.oomEventSeen(id, state)
    await logged.catch(() => undefined)
    this.environment.remove(id)
    this.finish(this.exitOf(state, clientCode))
  }

  private exitOf(state: DockerState | undefined, clientCode: number): ContainerExit {
    const finishedAt = (state && validTime(state.FinishedAt)) || Date.now()
    if (!state) {
      // Removed before its state could be read (shutdown, the post step, a user): the client's exit code
      // then says nothing about the container's (a forced removal ends `docker start --attach` with 0).
      if (this.cancelled()) return { ...NOT_LOCATED, finishedAt }
      return {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: `the container was removed before its exit status could be read (docker start exited with ${clientCode})`,
        finishedAt
      }
    }
    if (!validTime(state.StartedAt)) {
      // Never ran: removed before its start (shutdown), or its process could not start.
      if (state.Error === '' && this.cancelled()) return { ...NOT_LOCATED, finishedAt }
      const message = state.Error || `the container never started (docker start exited with ${clientCode})`
      return { exitCode: 128, reason: 'StartError', message, finishedAt }
    }
    const exitCode = state.ExitCode
    const startedAt = validTime(state.StartedAt)
    const exit: ContainerExit = {
      exitCode,
      reason: state.OOMKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error',
      // docker records StartedAt once runc's start returns, which can be after a quick process exited
      startedAt: startedAt === undefined ? undefined : Math.min(startedAt, finishedAt),
      finishedAt
    }
    // An exit code above 128 is only known to be a signal when we sent one (or the kernel's OOM killer did).
    if (state.OOMKilled && exitCode === 137) exit.signal = 9
    else if (this.termSent && exitCode > 128 && exitCode <= 128 + 64) exit.signal = exitCode - 128
    return exit
  }

  /**
   * Docker 20.10 keeps OOMKilled false when the kernel's OOM notice reaches it after the container's exit
   * (seen up to ~0.5 s later under load); its event log still gets the `oom` event. Only a container with
   * a memory limit that died of a SIGKILL we did not send can have been OOM-killed.
   */
  private mayHaveLostOom(state: DockerState): boolean {
    return (
      !state.OOMKilled &&
      state.ExitCode === 137 &&
      !this.termSent &&
      this.launch.container.resources?.limits?.memory !== undefined
    )
  }

  /** Waits (at most OOM_EVENT_WAIT_MS) for docker's `oom` event of the container. */
  private oomEventSeen(id: string, state: DockerState): Promise<boolean> {
    const since = (validTime(state.StartedAt) ?? Date.now() - 60000) - 1000
    const until = Date.now() + OOM_EVENT_WAIT_MS
    const seconds = (ms: number) => (ms / 1000).toFixed(3)
    return new Promise(resolve => {
      const child = spawn(
        this.environment.dockerPath,
        [
          'events',
          `--since=${seconds(since)}`,
          `--until=${seconds(until)}`,
          `--filter=container=${id}`,
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

  private async inspect(id: string): Promise<DockerState | undefined> {
    const result = await runDocker(this.environment.dockerPath, [
      'inspect',
      '--type=container',
      '--format={{json .State}}',
      id
    ])
    if (result.code !== 0) return undefined
    try {
      return JSON.parse(result.stdout) as DockerState
    } catch {
      return undefined
    }
  }

  private signal(): void {
    const id = this.id
    if (!id) return
    if (!this.termSent) {
      this.termSent = true
      this.sendStop(id)
    }
    clearTimeout(this.killTimer)
    this.killTimer = setTimeout(() => this.kill(id), Math.max(0, this.killDeadline - Date.now()))
  }

  /**
   * `docker stop` returns at once, doing nothing, when the container is not running yet (`docker start`
   * still in progress), and waits for the exit when it is: a container that is not over when stop
   * returns missed the signal, which is sent again.
   */
  private sendStop(id: string): void {
    const graceMs = this.killDeadline - Date.now()
    if (graceMs <= 0 || this.exited) return
    void runDocker(this.environment.dockerPath, ['stop', `--time=${Math.ceil(graceMs / 1000)}`, id]).then(
      async () => {
        const state = this.exited ? undefined : await this.inspect(id)
        if (!state || this.exited) return
        if (state.Running || !validTime(state.StartedAt)) {
          clearTimeout(this.stopRetry)
          this.stopRetry = setTimeout(() => this.sendStop(id), KILL_RETRY_MS)
        }
      }
    )
  }

  private kill(id: string): void {
    if (this.exited) return
    void runDocker(this.environment.dockerPath, ['kill', id])
    this.killTimer = setTimeout(() => this.kill(id), KILL_RETRY_MS)
  }

  private finish(exit: ContainerExit): void {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.killTimer)
    clearTimeout(this.stopRetry)
    this.callbacks.onExit(exit)
  }
}

/**
 * Docker's zero time (0001-01-01…) means "never"; else milliseconds since the epoch, truncated (the
 * fraction has nanoseconds, which Date.parse may round up past a later truncated time).
 */
function validTime(text: string): number | undefined {
  const time = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isFinite(time) && time > 0 ? time : undefined
}

function createMessage(stderr: string, code: number): string {
  const text = stderr
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('WARNING:') && !line.startsWith("See '"))
    .join(' ')
    .replace(/^docker: /, '')
  return text || `docker create exited with code ${code}`
}

/**
 * The docker client writes its own errors ("Error response from daemon: …" when the process cannot
 * start) to the same stderr as the container's. Such output is held back until the attempt is over and
 * dropped if the container never ran, so that the log file holds only what the container wrote.
 */
const CLIENT_ERROR =
  /^(Error response from daemon: |Error: failed to start containers|error waiting for container: )/

class ClientErrorFilter {
  readonly stream = new PassThrough()
  private readonly held: Buffer[] = []

  constructor(source: Readable) {
    source.on('data', (chunk: Buffer) => {
      if (this.held.length > 0 || CLIENT_ERROR.test(chunk.toString('latin1', 0, 64))) {
        this.held.push(chunk)
      } else if (!this.stream.write(chunk)) {
        source.pause()
        this.stream.once('drain', () => source.resume())
      }
    })
  }

  end(dropHeld: boolean): void {
    if (!dropHeld) for (const chunk of this.held) this.stream.write(chunk)
    this.stream.end()
  }
}
