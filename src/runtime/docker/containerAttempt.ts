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
 * The client's own errors (exit codes 125, 126 and 127, which a container may exit with too) are told
 * from the container's by clientOutput.ts; an OOM kill is recognised by oomKill.ts.
 */
import { spawn } from 'node:child_process'
import type { ContainerCallbacks, ContainerExit, ContainerLaunch, RunningContainer } from '../types.js'
import { cidWritten, clientFailure, ClientOutputFilter } from './clientOutput.js'
import { keptForInspection } from './containerArgs.js'
import { runDocker } from './dockerCli.js'
import { wasOomKilled } from './oomKill.js'

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
      this.mayBeOomKill(exitCode) &&
      (await wasOomKilled(this.environment.dockerPath, this.name, this.startedAt))
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
