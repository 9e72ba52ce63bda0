/**
 * One Job's run: the controller decides, the kubelet runs pods on an engine, and this loop
 * connects them — a sync whenever a pod changes (coalesced), or when the controller asks to be
 * woken for a backoff or a deadline. It ends the moment the Job has a terminal condition.
 */
import type { Clock, TimerHandle } from '../clock.js'
import { JobController } from '../controller/jobController.js'
import { randomSuffix as defaultRandomSuffix, type RandomSuffix } from '../controller/podNames.js'
import type { JobEvent, PodRecord } from '../controller/types.js'
import type { LogManager } from '../logs/logManager.js'
import type { Job } from '../spec/types.js'
import type { ConfigLookup } from '../runtime/environment.js'
import { Kubelet } from '../runtime/kubelet.js'
import type { ContainerEngine } from '../runtime/types.js'
import { randomUUID } from 'node:crypto'

export interface JobRunOptions {
  clock: Clock
  engine: ContainerEngine
  logs: LogManager
  lookup: ConfigLookup
  runId: string
  backoffBaseMs: number
  randomSuffix?: RandomSuffix
  newUid?: () => string
  onSecret?(value: string): void
}

export type RunStatus = 'Complete' | 'Failed' | 'Suspended'

export interface JobRunResult {
  job: Job
  pods: PodRecord[]
  events: JobEvent[]
  status: RunStatus
  reason: string
  /** The run was interrupted before the Job reached a terminal condition. */
  cancelled: boolean
  startedAt: number
  endedAt: number
}


export class JobRun {
  readonly controller: JobController
  private readonly kubelet: Kubelet
  private readonly clock: Clock
  private syncTimer?: TimerHandle
  private requeueTimer?: TimerHandle
  private requeueAt = Infinity
  private cancelled = false
  private settle?: (result: JobRunResult) => void
  private startedAt = 0

  constructor(job: Job, options: JobRunOptions) {
    this.clock = options.clock
    this.controller = new JobController(job, {
      clock: options.clock,
      backoffBaseMs: options.backoffBaseMs,
      randomSuffix: options.randomSuffix ?? defaultRandomSuffix,
      newUid: options.newUid ?? randomUUID
    })
    this.kubelet = new Kubelet({
      engine: options.engine,
      logs: options.logs,
      clock: options.clock,
      runId: options.runId,
      jobName: job.metadata.name,
      lookup: options.lookup,
      crashLoopBaseMs: options.backoffBaseMs,
      onSecret: options.onSecret,
      onPodUpdate: () => this.scheduleSync(),
      onPodFinished: pod => {
        this.controller.podFinished(pod)
        this.scheduleSync()
      }
    })
  }

  run(): Promise<JobRunResult> {
    this.startedAt = this.clock.now()
    return new Promise(resolve => {
      this.settle = resolve
      this.sync()
    })
  }

  /** Interrupted: stop every pod within graceMs and end once they are gone. */
  cancel(graceMs: number): void {
    if (this.cancelled || !this.settle) return
    this.cancelled = true
    this.clearTimers()
    for (const pod of this.controller.cancel()) this.kubelet.stopPod(pod, graceMs)
    // Pods already terminating get the shortened grace too.
    for (const pod of this.controller.pods) if (pod.deletionTimestamp && !pod.finishTime) this.kubelet.stopPod(pod, graceMs)
    this.maybeEndCancelled()
  }

  private scheduleSync(): void {
    if (this.cancelled) {
      this.maybeEndCancelled()
      return
    }
    if (this.syncTimer) return
    this.syncTimer = this.clock.setTimer(0, () => {
      this.syncTimer = undefined
      this.sync()
    })
  }

  private sync(): void {
    if (this.cancelled || !this.settle) return
    const result = this.controller.sync()
    for (const pod of result.delete) this.kubelet.stopPod(pod)
    for (const pod of result.create) this.kubelet.runPod(pod, this.controller.job.spec.template.spec)
    if (this.controller.finished || this.controller.idleSuspended) return this.end()
    if (result.requeueAfterMs !== undefined) this.requeue(result.requeueAfterMs)
  }

  private requeue(afterMs: number): void {
    const at = this.clock.now() + afterMs
    if (this.requeueTimer && at >= this.requeueAt) return
    if (this.requeueTimer) this.clock.clearTimer(this.requeueTimer)
    this.requeueAt = at
    this.requeueTimer = this.clock.setTimer(afterMs, () => {
      this.requeueTimer = undefined
      this.requeueAt = Infinity
      this.sync()
    })
  }

  private maybeEndCancelled(): void {
    if (this.kubelet.runningPods === 0) {
      // Fold the stopped pods into the status before reporting.
      this.controller.sync()
      this.end()
    }
  }

  private clearTimers(): void {
    if (this.syncTimer) this.clock.clearTimer(this.syncTimer)
    if (this.requeueTimer) this.clock.clearTimer(this.requeueTimer)
    this.syncTimer = this.requeueTimer = undefined
  }

  private end(): void {
    const settle = this.settle
    if (!settle) return
    this.settle = undefined
    this.clearTimers()
    const job = this.controller.snapshot()
    const terminal = (job.status.conditions ?? []).find(c => c.type === 'Complete' || c.type === 'Failed')
    let status: RunStatus
    let reason: string
    if (terminal) {
      status = terminal.type === 'Complete' ? 'Complete' : 'Failed'
      reason = terminal.reason
    } else if (this.cancelled) {
      status = 'Failed'
      reason = 'Cancelled'
    } else {
      status = 'Suspended'
      reason = 'JobSuspended'
    }
    settle({
      job,
      pods: this.controller.pods,
      events: this.controller.recorder.events,
      status,
      reason,
      cancelled: this.cancelled && !terminal,
      startedAt: this.startedAt,
      endedAt: this.clock.now()
    })
  }
}
