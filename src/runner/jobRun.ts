/**
 * One Job's run: the controller decides, the kubelet runs pods on an engine, and this loop
 * connects them — a sync whenever a pod changes (coalesced), or when the controller asks to be
 * woken for a backoff or a deadline. It ends the moment the Job has a terminal condition — or
 * is suspended, left to another controller, or cannot progress — never waiting out a timeout.
 * While it runs, pods can be deleted or evicted and the Job suspended or resumed, as kubectl would.
 */
import type { Clock, TimerHandle } from '../clock.js'
import type { IndexShard } from '../controller/indexTracker.js'
import { finishedCondition } from '../controller/conditions.js'
import { JobController } from '../controller/jobController.js'
import { randomSuffix as defaultRandomSuffix, type RandomSuffix } from '../controller/podNames.js'
import type { PodRecord } from '../api/podRecord.js'
import type { LogManager } from '../logs/logManager.js'
import type { DefaultedJob } from '../api/model.js'
import type { ConfigLookup } from '../runtime/environment.js'
import { Kubelet } from '../runtime/kubelet.js'
import type { ContainerEngine } from '../runtime/types.js'
import type { JobRunResult, RunStatus } from '../report/runResult.js'
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
  /**
   * Keep the run going while the Job is suspended, until setSuspend(false) resumes it. By default a
   * suspended Job with nothing left running ends the run with status Suspended.
   */
  waitWhileSuspended?: boolean
  /** Run only this shard's indexes of an Indexed Job. */
  shard?: IndexShard
}

export type { JobRunResult, RunStatus }

export class JobRun {
  readonly controller: JobController
  private readonly kubelet: Kubelet
  private readonly clock: Clock
  private readonly waitWhileSuspended: boolean
  private syncTimer?: TimerHandle
  private requeueTimer?: TimerHandle
  private requeueAt = Infinity
  private cancelled = false
  private settle?: (result: JobRunResult) => void
  private startedAt = 0

  constructor(job: DefaultedJob, options: JobRunOptions) {
    this.clock = options.clock
    this.waitWhileSuspended = options.waitWhileSuspended ?? false
    this.controller = new JobController(job, {
      clock: options.clock,
      backoffBaseMs: options.backoffBaseMs,
      randomSuffix: options.randomSuffix ?? defaultRandomSuffix,
      newUid: options.newUid ?? randomUUID,
      shard: options.shard
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
      onPodUpdate: pod => {
        this.controller.podUpdated(pod)
        this.scheduleSync()
      },
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

  /** `kubectl delete pod`: the pod is stopped gracefully and counted as a failure. */
  deletePod(pod: PodRecord, graceSeconds?: number): void {
    if (!this.settle || !this.controller.deletePod(pod, graceSeconds)) return
    this.kubelet.stopPod(pod, graceSeconds === undefined ? undefined : graceSeconds * 1000)
    this.scheduleSync()
  }

  /** The Eviction API: DisruptionTarget (EvictionByEvictionAPI), then a graceful deletion. */
  evictPod(pod: PodRecord): void {
    if (!this.settle || !this.controller.evictPod(pod)) return
    this.kubelet.stopPod(pod)
    this.scheduleSync()
  }

  /** A change of spec.suspend, synced at once as the controller does for spec changes. */
  setSuspend(suspend: boolean): void {
    if (!this.settle) return
    this.controller.setSuspend(suspend)
    this.scheduleSync()
  }

  /** Interrupted: stop every pod within graceMs and end once they are gone. */
  cancel(graceMs: number): void {
    if (this.cancelled || !this.settle) return
    this.cancelled = true
    this.clearTimers()
    for (const pod of this.controller.cancel()) this.kubelet.stopPod(pod, graceMs)
    // Pods already terminating get the shortened grace too.
    for (const pod of this.controller.pods)
      if (pod.deletionTimestamp !== undefined && pod.finishTime === undefined)
        this.kubelet.stopPod(pod, graceMs)
    this.maybeEndCancelled()
  }

  private scheduleSync(): void {
    if (this.cancelled) {
      this.maybeEndCancelled()
      return
    }
    if (this.syncTimer || !this.settle) return
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
    const controller = this.controller
    if (
      controller.finished ||
      controller.managedByOtherController ||
      (controller.idleSuspended && !this.waitWhileSuspended)
    )
      return this.end()
    if (result.requeueAfterMs !== undefined) this.requeue(result.requeueAfterMs)
    else if (this.stalled()) this.end()
  }

  /**
   * Nothing runs, nothing is due and no pod will be created (parallelism 0): Kubernetes would keep
   * the Job, "effectively paused", until someone edits it; a run ends here instead of hanging.
   */
  private stalled(): boolean {
    const controller = this.controller
    return (
      !this.waitWhileSuspended &&
      !this.requeueTimer &&
      !this.syncTimer &&
      controller.activeCount === 0 &&
      controller.terminatingCount === 0
    )
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
    if (this.settle && this.kubelet.runningPods === 0) {
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
    const terminal = finishedCondition(job.status.conditions)
    let status: RunStatus
    let reason: string
    if (terminal) {
      status = terminal.type === 'Complete' ? 'Complete' : 'Failed'
      reason = terminal.reason
    } else if (this.cancelled) {
      status = 'Failed'
      reason = 'Cancelled'
    } else if (this.controller.managedByOtherController) {
      // Kubernetes' controller leaves such a Job alone (its status stays {}); nothing ran here either.
      status = 'Suspended'
      reason = 'ManagedByExternalController'
    } else if (this.controller.job.spec.suspend) {
      status = 'Suspended'
      reason = 'JobSuspended'
    } else {
      // Not suspended, yet nothing can run: parallelism 0.
      status = 'Suspended'
      reason = 'ParallelismZero'
    }
    settle({
      job,
      pods: this.controller.pods,
      events: this.controller.recorder.events,
      status,
      reason,
      terminal,
      cancelled: this.cancelled && !terminal,
      startedAt: this.startedAt,
      endedAt: this.clock.now()
    })
  }
}
