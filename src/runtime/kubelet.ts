/**
 * The kubelet's part, common to both runtimes: a pod's lifecycle on the node. Init containers one
 * after another, sidecars (init containers with restartPolicy Always) started in order before the
 * main containers and stopped after them in reverse order, main containers side by side, OnFailure
 * restarts in place with the crash-loop delay (crashLoopBackOff.ts), the pod's own
 * activeDeadlineSeconds, graceful termination within one grace period for the whole pod, and the
 * pod phase that results. Pods beyond the node's room (nodeCapacity.ts) wait Pending, nothing
 * started, until running ones end. The engine runs single container attempts, each started and recorded in
 * its container's slot (containerSlot.ts); the clock drives every delay.
 */
import type { Clock, TimerHandle } from '../clock.js'
import type { PodRecord } from '../api/podRecord.js'
import type { LogManager } from '../logs/logManager.js'
import type { DefaultedPodSpec } from '../api/model.js'
import {
  enterBackOff,
  launchAttempt,
  podSlots,
  recordExit,
  recordStart,
  stopAttempt,
  type ContainerSlot
} from './containerSlot.js'
import { podScheduled } from './podEvents.js'
import { crashLoopDelay, crashLoopMessage, crashLoopResets } from './crashLoopBackOff.js'
import type { NodeCapacity, WaitingStart } from './nodeCapacity.js'
import type { ConfigLookup } from './environment.js'
import type { ContainerEngine, ContainerExit, PodIdentity } from './types.js'

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
  /** The machine's room for running pods, shared with the other Jobs' kubelets; none: no limit. */
  capacity?: NodeCapacity
}

export const podDeadlineMessage = 'Pod was active on the node longer than the specified deadline'

export class Kubelet {
  private readonly workers = new Map<PodRecord, PodWorker>()
  /** Pods waiting for room on the node (Pending, nothing started); 'leaving' once deleted. */
  private readonly queued = new Map<PodRecord, WaitingStart | 'leaving'>()

  constructor(private readonly options: KubeletOptions) {}

  runPod(pod: PodRecord, spec: DefaultedPodSpec): void {
    const capacity = this.options.capacity
    if (!capacity) return this.startPod(pod, spec)
    const waiting = capacity.admit(this.options.jobName, () => {
      this.queued.delete(pod)
      this.startPod(pod, spec)
    })
    if (waiting) this.queued.set(pod, waiting)
  }

  private startPod(pod: PodRecord, spec: DefaultedPodSpec): void {
    const worker = new PodWorker(pod, spec, this.options, () => {
      this.workers.delete(pod)
      this.options.capacity?.release()
    })
    this.workers.set(pod, worker)
    worker.start()
  }

  /** Graceful termination: SIGTERM now, SIGKILL after graceMs (default: the pod's grace period). */
  stopPod(pod: PodRecord, graceMs?: number): void {
    const waiting = this.queued.get(pod)
    if (waiting === undefined) return this.workers.get(pod)?.terminate(graceMs)
    if (waiting === 'leaving' || !waiting.cancel()) return
    this.queued.set(pod, 'leaving')
    // A pending pod deleted is gone without having run: Failed, never started, and told of
    // outside the caller's loop, as the end of a running pod would be.
    this.options.clock.setTimer(0, () => {
      this.queued.delete(pod)
      pod.phase = 'Failed'
      pod.finishTime = this.options.clock.now()
      this.options.onPodFinished(pod)
    })
  }

  /** Pods on the node: running, or waiting for room. */
  get runningPods(): number {
    return this.workers.size + this.queued.size
  }
}

class PodWorker {
  private readonly identity: PodIdentity
  private readonly init: ContainerSlot[]
  private readonly main: ContainerSlot[]
  private readonly graceMs: number
  private nextInit = 0
  private mainStarted = false
  /** The pod is being deleted, ran past its deadline, or failed: nothing new starts. */
  private terminating = false
  /** Every main container is done (or the pod is terminating): sidecars are being stopped. */
  private shuttingDown = false
  /** When whatever is still running gets SIGKILL: one grace period for the whole pod. */
  private killAt = Infinity
  private killTimer?: TimerHandle
  private deadlineTimer?: TimerHandle
  /** startPod's work; endPod waits for it so nothing is prepared after it was released. */
  private prepared: Promise<void> = Promise.resolve()
  private finished = false

  constructor(
    private readonly pod: PodRecord,
    private readonly spec: DefaultedPodSpec,
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
    this.graceMs = spec.terminationGracePeriodSeconds * 1000
    const slots = podSlots(pod, spec)
    this.init = slots.init
    this.main = slots.main
  }

  start(): void {
    this.pod.startTime = this.options.clock.now()
    podScheduled(this.pod)
    const deadline = this.spec.activeDeadlineSeconds
    if (deadline !== undefined && deadline !== null)
      this.deadlineTimer = this.options.clock.setTimer(deadline * 1000, () => this.deadlineExceeded())
    const prepare = this.options.engine.startPod?.(this.identity, this.spec)
    if (!prepare) return this.advance()
    this.prepared = prepare.then(
      () => this.advance(),
      (error: unknown) => this.failBeforeStart(error instanceof Error ? error.message : String(error))
    )
  }

  /** Deletion by the controller (or cancellation); a later call with a shorter grace brings the kill forward. */
  terminate(graceMs?: number): void {
    if (this.finished) return
    this.beginTermination(graceMs ?? this.graceMs)
  }

  private deadlineExceeded(): void {
    if (this.finished || this.terminating) return
    this.pod.reason = 'DeadlineExceeded'
    this.pod.message = podDeadlineMessage
    this.beginTermination(this.graceMs)
  }

  /**
   * Stop everything within graceMs: main and init containers first, then the sidecars in reverse
   * order once those are gone; whatever still runs when the grace period ends is killed.
   */
  private beginTermination(graceMs: number): void {
    this.terminating = true
    this.shuttingDown = true
    this.bringKillForward(graceMs)
    for (const slot of this.allSlots()) {
      this.cancelRestart(slot)
      if (!slot.attemptInProgress) slot.settled = true
    }
    for (const slot of this.allSlots())
      if (slot.kind !== 'sidecar' && !slot.stopRequested) this.stopSlot(slot)
    this.continueShutdown()
    this.maybeFinish()
  }

  private bringKillForward(graceMs: number): void {
    const now = this.options.clock.now()
    const at = now + Math.max(0, graceMs)
    if (at >= this.killAt) return
    this.killAt = at
    if (this.killTimer) this.options.clock.clearTimer(this.killTimer)
    this.killTimer = this.options.clock.setTimer(at - now, () => {
      this.killTimer = undefined
      for (const slot of [...this.main, ...this.init]) this.stopSlot(slot)
    })
    // Containers already told to stop get the new, shorter time.
    for (const slot of this.allSlots()) if (slot.stopRequested) slot.running?.stop(at - now)
  }

  private stopSlot(slot: ContainerSlot): void {
    const now = this.options.clock.now()
    stopAttempt(slot, Math.max(0, this.killAt - now), now)
  }

  /** Sidecars stop in reverse order, each once the ones after it are gone, after every other container. */
  private continueShutdown(): void {
    if (!this.shuttingDown) return
    if (this.allSlots().some(s => s.kind !== 'sidecar' && s.attemptInProgress)) return
    const sidecars = this.init.filter(s => s.kind === 'sidecar')
    for (let i = sidecars.length - 1; i >= 0; i--) {
      const slot = sidecars[i]
      this.cancelRestart(slot)
      if (slot.attemptInProgress) {
        if (!slot.stopRequested) this.stopSlot(slot)
        return
      }
      slot.settled = true
    }
  }

  /** Start whatever comes next: the next init container, or the main containers. */
  private advance(): void {
    if (this.terminating || this.finished) return
    while (this.nextInit < this.init.length) {
      const slot = this.init[this.nextInit]
      const done = slot.kind === 'sidecar' ? slot.everStarted : slot.settled
      if (!done) {
        if (!slot.attemptInProgress && !slot.restartTimer) this.launch(slot)
        return
      }
      this.nextInit++
    }
    if (this.mainStarted) return
    this.mainStarted = true
    this.pod.phase = 'Running'
    for (const slot of this.main) if (!this.terminating) this.launch(slot)
  }

  private launch(slot: ContainerSlot): void {
    const running = launchAttempt(
      slot,
      { ...this.options, identity: this.identity, spec: this.spec }, // the pod's and the node's parts
      {
        started: at => this.started(slot, at),
        exited: exit => this.exited(slot, exit),
        configFailed: message => this.failToConfigure(slot, message)
      }
    )
    if (!running) return
    slot.running = running
    // Asked to stop while it was being created.
    if (slot.stopRequested) this.stopSlot(slot)
  }

  private started(slot: ContainerSlot, at: number): void {
    const firstStart = recordStart(slot, at)
    if (slot.kind !== 'init') this.options.onPodUpdate(this.pod)
    if (slot.kind === 'sidecar' && firstStart) this.advance()
  }

  private exited(slot: ContainerSlot, exit: ContainerExit): void {
    recordExit(slot, exit)
    if (this.shuttingDown || slot.stopRequested) {
      slot.settled = true
      this.continueShutdown()
      this.maybeFinish()
      return
    }
    const failed = exit.exitCode !== 0
    // Sidecars run for the pod's whole life, whatever the pod's restartPolicy.
    if (slot.kind === 'sidecar' || (failed && this.spec.restartPolicy === 'OnFailure')) {
      this.scheduleRestart(slot, exit)
      return
    }
    slot.settled = true
    if (slot.kind === 'init') {
      // An init container failing under Never fails the pod; nothing further starts.
      if (failed) this.failPod()
      else this.advance()
      return
    }
    if (this.main.every(s => s.settled)) {
      this.shuttingDown = true
      this.bringKillForward(this.graceMs)
      this.continueShutdown()
    }
    this.maybeFinish()
    // The pod is no longer ready: the controller's ready count must hear of it.
    if (!this.finished) this.options.onPodUpdate(this.pod)
  }

  /** The kubelet's restart in place: at once the first time, then after the crash-loop delay. */
  private scheduleRestart(slot: ContainerSlot, exit: ContainerExit): void {
    const base = this.options.crashLoopBaseMs
    if (crashLoopResets(base, exit)) slot.backOffSteps = 0
    const delay = crashLoopDelay(base, slot.backOffSteps)
    slot.backOffSteps++
    const status = slot.status
    if (delay > 0)
      enterBackOff(slot, crashLoopMessage(delay, slot.container.name, this.pod), this.options.clock.now())
    slot.restartTimer = this.options.clock.setTimer(delay, () => {
      slot.restartTimer = undefined
      if (this.terminating || this.finished) return
      status.restartCount++
      this.launch(slot)
      this.options.onPodUpdate(this.pod)
    })
    this.options.onPodUpdate(this.pod)
  }

  private cancelRestart(slot: ContainerSlot): void {
    if (!slot.restartTimer) return
    this.options.clock.clearTimer(slot.restartTimer)
    slot.restartTimer = undefined
  }

  /** An init container failed for good: the pod fails and its main containers never start. */
  private failPod(): void {
    for (const slot of this.main) slot.settled = true
    this.beginTermination(this.graceMs)
  }

  /**
   * The environment cannot be built (a missing ConfigMap, Secret or key). The kubelet would keep
   * the container waiting in CreateContainerConfigError for ever; here nothing could ever supply
   * the object, so the pod fails with the kubelet's reason and message instead of hanging the run.
   */
  private failToConfigure(slot: ContainerSlot, message: string): void {
    slot.status.state = 'waiting'
    slot.status.waitingReason = 'CreateContainerConfigError'
    slot.status.waitingMessage = message
    slot.settled = true
    for (const s of this.main) s.settled = true
    // Nothing else starts; the termination itself happens outside launch, as an engine's exit would.
    this.terminating = true
    this.options.clock.setTimer(0, () => this.beginTermination(this.graceMs))
  }

  private maybeFinish(): void {
    if (this.finished) return
    if (this.allSlots().some(s => s.attemptInProgress || s.restartTimer)) return
    if (!this.terminating && !(this.mainStarted && this.main.every(s => s.settled))) return
    this.finished = true
    for (const timer of [this.deadlineTimer, this.killTimer]) if (timer) this.options.clock.clearTimer(timer)
    const mainSucceeded =
      this.mainStarted && this.main.every(s => s.status.state === 'terminated' && s.status.exitCode === 0)
    this.pod.phase = mainSucceeded && !this.pod.reason ? 'Succeeded' : 'Failed'
    this.pod.finishTime = this.options.clock.now()
    const done = (): void => {
      this.options.logs.podEnded(this.pod.name)
      this.onGone()
      this.options.onPodFinished(this.pod)
    }
    const engine = this.options.engine
    if (!engine.endPod) return done()
    void this.prepared
      .catch(() => undefined)
      .then(() => engine.endPod?.(this.identity))
      .then(done, done)
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
