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
import type { NodeCapacity } from '../runtime/nodeCapacity.js'
import type { ContainerEngine } from '../runtime/types.js'
import type { JobRunResult, RunStatus } from '../report/runResult.js'
import { randomUUID } from 'node:crypto'
import type { JobProgress } from './progress.js'

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
  /** Lines on failed pods (and, with tallyEveryMs, a periodic tally) while the Job runs. */
  progress?: JobProgress
  tallyEveryMs?: number
  /** The machine's room for running pods, shared by every Job of the run; none: no limit. */
  capacity?: NodeCapacity
}

interface FailedPod {
  pod: PodRecord
  /** Resolves once the pod's output has been printed. */
  printed: Promise<void>
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
  /** The grace period of the cancellation so far; a later, shorter one brings the kills forward. */
  private cancelGraceMs = Infinity
  private settle?: (result: JobRunResult) => void
  private startedAt = 0
  private readonly progress?: JobProgress
  private readonly tallyEveryMs?: number
  private tallyTimer?: TimerHandle
  /** Pods that failed on their own since the last sync, told of once the sync says what follows. */
  private failedSinceSync: FailedPod[] = []
  /** The pod whose end the kubelet just told the logs of (it then tells the controller). */
  private readonly printed = new Map<string, Promise<void>>()

  constructor(job: DefaultedJob, options: JobRunOptions) {
    this.clock = options.clock
    this.waitWhileSuspended = options.waitWhileSuspended ?? false
    this.progress = options.progress
    this.tallyEveryMs = options.tallyEveryMs
    this.controller = new JobController(job, {
      clock: options.clock,
      backoffBaseMs: options.backoffBaseMs,
      randomSuffix: options.randomSuffix ?? defaultRandomSuffix,
      newUid: options.newUid ?? randomUUID,
      shard: options.shard
    })
    this.kubelet = new Kubelet({
      engine: options.engine,
      logs: this.progress ? this.watchedLogs(options.logs) : options.logs,
      clock: options.clock,
      runId: options.runId,
      jobName: job.metadata.name,
      lookup: options.lookup,
      crashLoopBaseMs: options.backoffBaseMs,
      capacity: options.capacity,
      onSecret: options.onSecret,
      onPodUpdate: pod => {
        this.controller.podUpdated(pod)
        this.scheduleSync()
      },
      onPodFinished: pod => {
        this.notePodFailure(pod)
        this.controller.podFinished(pod)
        this.scheduleSync()
      }
    })
  }

  /** The logs, with what podEnded promises kept: a failure line waits for the pod's output. */
  private watchedLogs(logs: LogManager): LogManager {
    return {
      open: (podName, containerName, attempt) => logs.open(podName, containerName, attempt),
      podEnded: podName => {
        const printed = logs.podEnded(podName)
        if (printed) this.printed.set(podName, printed)
        return printed
      },
      close: () => logs.close()
    }
  }

  /** A pod that failed on its own; one the controller stopped is told of by the verdict. */
  private notePodFailure(pod: PodRecord): void {
    const printed = this.printed.get(pod.name) ?? Promise.resolve()
    this.printed.delete(pod.name)
    if (this.progress && pod.phase === 'Failed' && !pod.deletionCause && !this.cancelled)
      this.failedSinceSync.push({ pod, printed })
  }

  private scheduleTally(): void {
    const every = this.tallyEveryMs
    if (!this.progress || every === undefined) return
    this.tallyTimer = this.clock.setTimer(every, () => {
      this.progress?.tally(this.controller.job, this.clock.now() - this.startedAt)
      this.scheduleTally()
    })
  }

  run(): Promise<JobRunResult> {
    this.startedAt = this.clock.now()
    return new Promise(resolve => {
      this.settle = resolve
      this.scheduleTally()
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

  /**
   * Interrupted: stop every pod within graceMs and end once they are gone. Called again (a second
   * signal) with a shorter grace, the pods still stopping get that one: the process runtime's
   * processes are killed outright then, but a docker container is stopped only through here.
   */
  cancel(graceMs: number): void {
    if (!this.settle || graceMs >= this.cancelGraceMs) return
    this.cancelGraceMs = graceMs
    if (!this.cancelled) {
      this.cancelled = true
      this.clearTimers()
      for (const pod of this.controller.cancel()) this.kubelet.stopPod(pod, graceMs)
    }
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
    if (this.failedSinceSync.length > 0) {
      this.progress?.podsFailed(this.failedSinceSync, {
        job: controller.job,
        created: result.create,
        requeueAfterMs: result.requeueAfterMs,
        finished: controller.finished
      })
      this.failedSinceSync = []
    }
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
    if (this.tallyTimer) this.clock.clearTimer(this.tallyTimer)
    this.syncTimer = this.requeueTimer = this.tallyTimer = undefined
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
