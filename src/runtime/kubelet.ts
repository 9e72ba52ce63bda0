/**
 * The kubelet's part, common to both runtimes: a pod's lifecycle on the node. Init containers one
 * after another, sidecars (init containers with restartPolicy Always) started before and stopped
 * after the main containers, main containers side by side, OnFailure restarts in place with the
 * crash-loop delay, the pod's own activeDeadlineSeconds, graceful termination, and the pod phase
 * that results. The engine runs single container attempts; the clock drives every delay.
 */
import type { Clock, TimerHandle } from '../clock.js'
import type { ContainerStatusRecord, PodRecord } from '../controller/types.js'
import type { LogManager } from '../logs/logManager.js'
import type { Container, PodSpec } from '../spec/types.js'
import { ContainerConfigError, resolveContainer, type ConfigLookup } from './environment.js'
import type { ContainerEngine, ContainerExit, PodIdentity, RunningContainer } from './types.js'

export interface KubeletOptions {
  engine: ContainerEngine
  logs: LogManager
  clock: Clock
  runId: string
  jobName: string
  lookup: ConfigLookup
  /** First crash-loop restart delay (kubelet: 10 s, doubling up to 30 × this). */
  crashLoopBaseMs: number
  /** Secret values met while resolving environments, for masking. */
  onSecret?(value: string): void
  /** Something the controller looks at changed (ready, restarts). */
  onPodUpdate(pod: PodRecord): void
  /** The pod reached Succeeded or Failed and every container has exited. */
  onPodFinished(pod: PodRecord): void
}

export const podDeadlineMessage = 'Pod was active on the node longer than the specified deadline'

export class Kubelet {
  private readonly workers = new Map<PodRecord, PodWorker>()

  constructor(private readonly options: KubeletOptions) {}

  runPod(pod: PodRecord, spec: PodSpec): void {
    const worker = new PodWorker(pod, spec, this.options, () => this.workers.delete(pod))
    this.workers.set(pod, worker)
    worker.start()
  }

  /** Graceful termination: SIGTERM now, SIGKILL after graceMs (default: the pod's grace period). */
  stopPod(pod: PodRecord, graceMs?: number): void {
    this.workers.get(pod)?.terminate(graceMs)
  }

  get runningPods(): number {
    return this.workers.size
  }
}

type ContainerKind = 'init' | 'sidecar' | 'main'

interface ContainerSlot {
  container: Container
  kind: ContainerKind
  status: ContainerStatusRecord
  running?: RunningContainer
  restartTimer?: TimerHandle
  /** Set once the slot will never run again. */
  settled: boolean
}

class PodWorker {
  private readonly identity: PodIdentity
  private readonly init: ContainerSlot[]
  private readonly main: ContainerSlot[]
  private nextInit = 0
  private mainStarted = false
  private terminating = false
  private graceMs: number
  private deadlineTimer?: TimerHandle
  private finished = false

  constructor(
    private readonly pod: PodRecord,
    private readonly spec: PodSpec,
    private readonly options: KubeletOptions,
    private readonly onGone: () => void
  ) {
    this.identity = {
      runId: options.runId,
      jobName: options.jobName,
      namespace: pod.namespace,
      podName: pod.name,
      podUid: pod.uid,
      hostname: pod.hostname,
      index: pod.index,
      labels: pod.labels,
      annotations: pod.annotations
    }
    this.graceMs = (spec.terminationGracePeriodSeconds ?? 30) * 1000
    this.init = (spec.initContainers ?? []).map((container, i) => ({
      container,
      kind: container.restartPolicy === 'Always' ? 'sidecar' : 'init',
      status: pod.initContainerStatuses[i],
      settled: false
    }))
    this.main = spec.containers.map((container, i) => ({
      container,
      kind: 'main',
      status: pod.containerStatuses[i],
      settled: false
    }))
  }

  start(): void {
    const now = this.options.clock.now()
    this.pod.startTime = now
    const deadline = this.spec.activeDeadlineSeconds
    if (deadline !== undefined && deadline !== null)
      this.deadlineTimer = this.options.clock.setTimer(deadline * 1000, () => this.deadlineExceeded())
    const prepare = this.options.engine.startPod?.(this.identity, this.spec)
    if (prepare)
      prepare.then(
        () => this.advance(),
        (error: unknown) => this.failBeforeStart(error instanceof Error ? error.message : String(error))
      )
    else this.advance()
  }

  terminate(graceMs?: number): void {
    if (this.finished) return
    if (graceMs !== undefined) this.graceMs = Math.min(this.graceMs, graceMs)
    if (this.terminating) {
      // A shorter grace (cancellation) replaces the one in force.
      for (const slot of this.allSlots()) slot.running?.stop(this.graceMs)
      return
    }
    this.terminating = true
    this.stopEverything()
  }

  private deadlineExceeded(): void {
    if (this.finished || this.terminating) return
    this.pod.reason = 'DeadlineExceeded'
    this.pod.message = podDeadlineMessage
    this.terminating = true
    this.stopEverything()
  }

  /** Main containers first, then sidecars in reverse order once the main ones are gone. */
  private stopEverything(): void {
    for (const slot of this.allSlots()) {
      if (slot.restartTimer) {
        this.options.clock.clearTimer(slot.restartTimer)
        slot.restartTimer = undefined
        slot.settled = true
      }
      if (!slot.running) slot.settled = true
    }
    for (const slot of [...this.main, ...this.init.filter(s => s.kind === 'init')]) slot.running?.stop(this.graceMs)
    this.stopSidecarsIfMainDone()
    this.maybeFinish()
  }

  /** Start whatever comes next: the next init container, or the main containers. */
  private advance(): void {
    if (this.terminating || this.finished) return
    while (this.nextInit < this.init.length) {
      const slot = this.init[this.nextInit]
      if (slot.kind === 'sidecar') {
        if (!slot.running && !slot.restartTimer) this.launch(slot)
        this.nextInit++
        continue
      }
      if (slot.status.state === 'terminated' && slot.status.exitCode === 0) {
        this.nextInit++
        continue
      }
      if (!slot.running && !slot.restartTimer) this.launch(slot)
      return
    }
    if (!this.mainStarted) {
      this.mainStarted = true
      this.pod.phase = 'Running'
      for (const slot of this.main) this.launch(slot)
    }
  }

  private launch(slot: ContainerSlot): void {
    const status = slot.status
    const attempt = status.logs.length
    let resolved
    try {
      resolved = resolveContainer(this.identity, slot.container, this.options.lookup)
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error
      const now = this.options.clock.now()
      this.exited(slot, { exitCode: 128, reason: 'CreateContainerConfigError', message: error.message, finishedAt: now })
      return
    }
    for (const value of resolved.secretValues) this.options.onSecret?.(value)
    const log = this.options.logs.open(this.pod.name, slot.container.name, attempt)
    status.logs.push(log.path)
    status.state = 'waiting'
    status.waitingReason = 'ContainerCreating'
    slot.running = this.options.engine.startContainer(
      {
        pod: this.identity,
        container: slot.container,
        podSpec: this.spec,
        command: resolved.command,
        args: resolved.args,
        env: resolved.env,
        attempt,
        log
      },
      {
        onStart: at => this.started(slot, at),
        onWaiting: (reason, message) => {
          status.waitingReason = reason
          status.waitingMessage = message
        },
        onExit: exit => this.exited(slot, exit)
      }
    )
  }

  private started(slot: ContainerSlot, at: number): void {
    const status = slot.status
    status.state = 'running'
    status.waitingReason = undefined
    status.waitingMessage = undefined
    status.startedAt = at
    status.ready = slot.kind !== 'init'
    if (slot.kind === 'main' || slot.kind === 'sidecar') this.options.onPodUpdate(this.pod)
  }

  private exited(slot: ContainerSlot, exit: ContainerExit): void {
    slot.running = undefined
    const status = slot.status
    status.state = 'terminated'
    status.waitingReason = undefined
    status.waitingMessage = undefined
    status.exitCode = exit.exitCode
    status.signal = exit.signal
    status.reason = exit.reason
    status.message = exit.message
    status.startedAt = exit.startedAt ?? status.startedAt
    status.finishedAt = exit.finishedAt
    status.ready = false

    if (this.terminating) {
      slot.settled = true
      this.stopSidecarsIfMainDone()
      this.maybeFinish()
      return
    }
    const failed = exit.exitCode !== 0
    if (slot.kind === 'sidecar') {
      // Sidecars run for the pod's whole life, whatever the pod's restartPolicy.
      this.scheduleRestart(slot)
      return
    }
    if (failed && this.spec.restartPolicy === 'OnFailure') {
      this.scheduleRestart(slot)
      return
    }
    slot.settled = true
    if (slot.kind === 'init') {
      if (failed) {
        // An init container failing under Never fails the pod; nothing further starts.
        this.terminating = true
        for (const s of this.main) s.settled = true
        this.stopEverything()
        return
      }
      this.advance()
      return
    }
    this.stopSidecarsIfMainDone()
    this.maybeFinish()
  }

  /** The kubelet's CrashLoopBackOff: base × 2^restarts, at most 30 × base (10 s … 5 min). */
  private scheduleRestart(slot: ContainerSlot): void {
    const base = this.options.crashLoopBaseMs
    const delay = Math.min(base * 2 ** slot.status.restartCount, 30 * base)
    const status = slot.status
    status.state = 'waiting'
    status.waitingReason = 'CrashLoopBackOff'
    status.waitingMessage = `back-off ${formatDelay(delay)} restarting failed container=${slot.container.name} pod=${this.pod.name}_${this.pod.namespace}(${this.pod.uid})`
    slot.restartTimer = this.options.clock.setTimer(delay, () => {
      slot.restartTimer = undefined
      if (this.terminating || this.finished) return
      status.restartCount++
      this.launch(slot)
    })
    this.options.onPodUpdate(this.pod)
  }

  private stopSidecarsIfMainDone(): void {
    const mainDone = this.main.every(s => s.settled && !s.running) && this.init.every(s => s.kind === 'sidecar' || !s.running)
    if (!mainDone) return
    // Sidecars stop in reverse order: each one only when those after it are gone.
    const sidecars = this.init.filter(s => s.kind === 'sidecar')
    for (let i = sidecars.length - 1; i >= 0; i--) {
      const slot = sidecars[i]
      if (slot.restartTimer) {
        this.options.clock.clearTimer(slot.restartTimer)
        slot.restartTimer = undefined
      }
      if (slot.running) {
        slot.running.stop(this.graceMs)
        return
      }
      slot.settled = true
    }
  }

  private maybeFinish(): void {
    if (this.finished) return
    if (this.allSlots().some(s => s.running || s.restartTimer)) return
    if (!this.terminating && !this.main.every(s => s.settled)) return
    if (!this.terminating && !this.mainStarted) return
    this.finished = true
    if (this.deadlineTimer) this.options.clock.clearTimer(this.deadlineTimer)
    const mainSucceeded =
      this.mainStarted && this.main.every(s => s.status.state === 'terminated' && s.status.exitCode === 0)
    this.pod.phase = mainSucceeded && !this.pod.reason ? 'Succeeded' : 'Failed'
    this.pod.finishTime = this.options.clock.now()
    const end = this.options.engine.endPod?.(this.identity)
    const done = (): void => {
      this.options.logs.podEnded(this.pod.name)
      this.onGone()
      this.options.onPodFinished(this.pod)
    }
    if (end) end.then(done, done)
    else done()
  }

  private failBeforeStart(message: string): void {
    for (const slot of this.allSlots()) {
      slot.settled = true
      slot.status.waitingReason = 'CreateContainerError'
      slot.status.waitingMessage = message
    }
    this.pod.message = message
    this.terminating = true
    this.maybeFinish()
  }

  private allSlots(): ContainerSlot[] {
    return [...this.init, ...this.main]
  }
}

/** Go's time.Duration String() for whole seconds and milliseconds, as in the kubelet's message. */
function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const s = ms / 1000
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  const rest = s - m * 60
  return rest ? `${m}m${rest}s` : `${m}m0s`
}
