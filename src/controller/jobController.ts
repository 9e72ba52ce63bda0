/**
 * The Job controller: one Job, its pods, and a sync that decides what to create and what to
 * delete, keeping status, conditions and events — the order of checks of syncJob in
 * pkg/controller/job/job_controller.go (reference §3.2). No I/O and no timers: the driver calls
 * sync() whenever a pod changes or a requested requeue falls due, with time from the Clock.
 */
import type { Clock } from '../clock.js'
import type { Job, JobCondition } from '../spec/types.js'
import {
  backoffSettings,
  getFinishedTime,
  remainingBackoff,
  updateBackoffRecord,
  type BackoffRecord,
  type BackoffSettings
} from './backoffUtils.js'
import {
  backoffLimitExceeded,
  completionsReached,
  deadlineExceeded,
  failedIndexes as failedIndexesCondition,
  jobSuspended,
  maxFailedIndexesExceeded,
  podFailurePolicyCondition,
  successPolicyCondition,
  type FinishedCondition
} from './conditions.js'
import { EventRecorder } from './eventRecorder.js'
import { IndexTracker } from './indexTracker.js'
import { matchPodFailurePolicy } from './podFailurePolicy.js'
import { isPodReady, newPodFromTemplate } from './podTemplate.js'
import type { RandomSuffix } from './podNames.js'
import { pickPodsToDelete } from './podDeletionOrder.js'
import { matchSuccessPolicy } from './successPolicy.js'
import { rfc3339 } from './time.js'
import type { DeletionCause, PodRecord } from './types.js'

export interface JobControllerOptions {
  clock: Clock
  /** Base of the pod-failure backoff (Kubernetes: 10 s). */
  backoffBaseMs: number
  randomSuffix: RandomSuffix
  newUid: () => string
}

export interface SyncResult {
  create: PodRecord[]
  delete: PodRecord[]
  /** Sync again after this long if nothing else triggers a sync first (backoff, deadline). */
  requeueAfterMs?: number
}

export class JobController {
  readonly job: Job
  /** Every pod created, in creation order. */
  readonly pods: PodRecord[] = []
  readonly recorder = new EventRecorder()

  private readonly clock: Clock
  private readonly options: JobControllerOptions
  private readonly backoff: BackoffSettings
  private readonly active = new Set<PodRecord>()
  private readonly terminating = new Set<PodRecord>()
  private readonly podNames = new Set<string>()
  private newlyFinished: PodRecord[] = []
  private backoffRecord: BackoffRecord = { failuresAfterLastSuccess: 0 }
  private readonly indexes: IndexTracker | undefined
  private succeeded = 0
  private failed = 0
  private startTimeMs: number | undefined
  private finishing: FinishedCondition | undefined
  private done = false

  constructor(job: Job, options: JobControllerOptions) {
    this.job = job
    this.options = options
    this.clock = options.clock
    this.backoff = backoffSettings(options.backoffBaseMs)
    if (job.spec.completionMode === 'Indexed') this.indexes = new IndexTracker(job.spec.completions ?? 0)
    job.status = {}
  }

  /** A Complete or Failed condition has been written. */
  get finished(): boolean {
    return this.done
  }

  /** Suspended with nothing left running: the run can end with status Suspended. */
  get idleSuspended(): boolean {
    return this.job.spec.suspend === true && this.active.size === 0 && this.terminating.size === 0
  }

  get activeCount(): number {
    return this.active.size
  }

  /** The kubelet layer reports a pod reached Succeeded or Failed. */
  podFinished(pod: PodRecord): void {
    this.newlyFinished.push(pod)
  }

  /**
   * The run is interrupted: every running pod is stopped as the kubelet would stop a pod it must
   * terminate (DisruptionTarget), and counted as failed.
   */
  cancel(): PodRecord[] {
    const now = this.clock.now()
    const victims = [...this.active]
    for (const pod of victims) {
      pod.conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message: 'The job-action run was cancelled',
        lastTransitionTime: now
      })
      this.markDeleted(pod, 'Cancelled', now)
    }
    return victims
  }

  sync(): SyncResult {
    const result: SyncResult = { create: [], delete: [] }
    if (this.done) return result
    const now = this.clock.now()
    const spec = this.job.spec

    const failJob = this.accountFinishedPods()

    if (this.startTimeMs === undefined && !spec.suspend) {
      this.startTimeMs = now
      this.job.status.startTime = rfc3339(now)
    }

    if (!this.finishing) {
      const condition = failJob ?? this.failureCondition(now) ?? this.successPolicyCondition()
      if (condition) this.startFinishing(condition, now, result)
    }

    if (!this.finishing) {
      this.manageJob(now, result)
      if (this.isComplete()) this.startFinishing(completionsReached, now, result)
    }

    if (!this.finishing && spec.activeDeadlineSeconds !== undefined && this.startTimeMs !== undefined) {
      const due = this.startTimeMs + spec.activeDeadlineSeconds * 1000 - now
      result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, Math.max(0, due))
    }

    if (this.finishing && this.active.size === 0 && this.terminating.size === 0) this.finish(now)
    this.writeCounters()
    return result
  }

  /** Status with the index lists brought up to date (they are formatted on demand, not per sync). */
  snapshot(): Job {
    if (this.indexes) {
      const completed = this.indexes.completedIndexes()
      if (completed) this.job.status.completedIndexes = completed
      else delete this.job.status.completedIndexes
      if (this.job.spec.backoffLimitPerIndex !== undefined && this.job.spec.backoffLimitPerIndex !== null)
        this.job.status.failedIndexes = this.indexes.failedIndexes()
    }
    return this.job
  }

  /** Fold newly finished pods into the counters; returns a FailJob match if a pod hit one. */
  private accountFinishedPods(): FinishedCondition | undefined {
    if (this.newlyFinished.length === 0) return undefined
    const now = this.clock.now()
    let failJob: FinishedCondition | undefined
    const finishedPods = this.newlyFinished.sort((a, b) => getFinishedTime(a) - getFinishedTime(b))
    this.newlyFinished = []
    const newSucceeded: PodRecord[] = []
    const newFailed: PodRecord[] = []
    const spec = this.job.spec
    const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null

    for (const pod of finishedPods) {
      this.active.delete(pod)
      this.terminating.delete(pod)
      if (pod.deletionCause === 'ScaleDown') {
        // Deleted without its tracking finalizer: never counted; its index is pending again.
        this.indexes?.release(pod, now)
        continue
      }
      if (pod.phase === 'Succeeded') {
        newSucceeded.push(pod)
        if (this.indexes) this.indexes.succeed(pod)
        else this.succeeded++
        continue
      }
      newFailed.push(pod)
      if (pod.deletionCause === 'JobSucceeding') continue
      if (pod.deletionCause === 'JobFailing' || pod.deletionCause === 'Cancelled') {
        this.failed++
        continue
      }
      const match = matchPodFailurePolicy(spec.podFailurePolicy, pod, perIndex)
      switch (match?.action) {
        case 'Ignore':
          this.indexes?.fail(pod, { counted: false, failIndex: false, perIndexLimit: spec.backoffLimitPerIndex, now })
          break
        case 'FailJob':
          this.failed++
          this.indexes?.fail(pod, { counted: true, failIndex: false, perIndexLimit: spec.backoffLimitPerIndex, now })
          // The first matching pod in listing order wins.
          failJob ??= podFailurePolicyCondition(match.message)
          break
        default:
          this.failed++
          this.indexes?.fail(pod, {
            counted: true,
            failIndex: match?.action === 'FailIndex',
            perIndexLimit: spec.backoffLimitPerIndex,
            now
          })
      }
    }
    this.backoffRecord = updateBackoffRecord(this.backoffRecord, newSucceeded, newFailed)
    return failJob
  }

  /** Steps d–g of §3.2: backoff limit, deadline, failed indexes — in that order. */
  private failureCondition(now: number): FinishedCondition | undefined {
    const spec = this.job.spec
    if (this.failed > (spec.backoffLimit ?? 6) || this.pastBackoffLimitOnFailure()) return backoffLimitExceeded
    if (
      spec.activeDeadlineSeconds !== undefined &&
      !spec.suspend &&
      this.startTimeMs !== undefined &&
      now - this.startTimeMs >= spec.activeDeadlineSeconds * 1000
    )
      return deadlineExceeded
    if (this.indexes && spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) {
      const failedCount = this.indexes.failedCount
      if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && failedCount > spec.maxFailedIndexes)
        return maxFailedIndexesExceeded
      if (failedCount > 0 && failedCount + this.indexes.succeededCount >= (spec.completions ?? 0))
        return failedIndexesCondition
    }
    return undefined
  }

  /**
   * pastBackoffLimitOnFailure: with OnFailure the kubelet restarts containers in place, so the
   * limit applies to the restarts of the pods still running (> 0 when the limit is 0).
   */
  private pastBackoffLimitOnFailure(): boolean {
    const spec = this.job.spec
    if (spec.template.spec.restartPolicy !== 'OnFailure') return false
    let restarts = 0
    for (const pod of this.active) {
      if (pod.phase !== 'Running' && pod.phase !== 'Pending') continue
      for (const s of pod.initContainerStatuses) restarts += s.restartCount
      for (const s of pod.containerStatuses) restarts += s.restartCount
    }
    const limit = spec.backoffLimit ?? 6
    return limit === 0 ? restarts > 0 : restarts >= limit
  }

  private successPolicyCondition(): FinishedCondition | undefined {
    if (!this.indexes) return undefined
    const match = matchSuccessPolicy(
      this.job.spec.successPolicy,
      this.job.spec.completions ?? 0,
      this.indexes.succeededSet
    )
    return match ? successPolicyCondition(match.message) : undefined
  }

  private isComplete(): boolean {
    const completions = this.job.spec.completions
    if (this.job.spec.suspend) return false
    if (completions === undefined || completions === null) return this.succeededTotal() > 0 && this.active.size === 0
    return this.succeededTotal() >= completions && this.active.size === 0
  }

  private succeededTotal(): number {
    return this.indexes ? this.indexes.succeededCount : this.succeeded
  }

  /** Write the interim condition and delete every active pod (§3.2 step 9). */
  private startFinishing(condition: FinishedCondition, now: number, result: SyncResult): void {
    this.finishing = condition
    this.addCondition(condition.type, condition.reason, condition.message, now)
    const cause: DeletionCause = condition.type === 'FailureTarget' ? 'JobFailing' : 'JobSucceeding'
    for (const pod of [...this.active]) {
      this.markDeleted(pod, cause, now)
      result.delete.push(pod)
    }
  }

  private finish(now: number): void {
    const condition = this.finishing
    if (!condition) return
    if (condition.type === 'FailureTarget') {
      this.addCondition('Failed', condition.reason, condition.message, now)
      this.recorder.record('Warning', condition.reason, condition.message, now)
    } else {
      const completions = this.job.spec.completions
      if (!this.indexes && completions !== undefined && completions !== null && this.succeeded > completions)
        this.recorder.record(
          'Warning',
          'TooManySucceededPods',
          'Too many succeeded pods running after completion count reached',
          now
        )
      this.addCondition('Complete', condition.reason, condition.message, now)
      this.job.status.completionTime = rfc3339(now)
      this.recorder.record('Normal', 'Completed', 'Job completed', now)
    }
    this.done = true
  }

  /** manageJob (§3.3): suspend, scale down, or create what is missing unless backoff holds it back. */
  private manageJob(now: number, result: SyncResult): void {
    const spec = this.job.spec
    if (spec.suspend) {
      for (const pod of [...this.active]) {
        this.markDeleted(pod, 'ScaleDown', now)
        result.delete.push(pod)
      }
      if (!this.hasCondition('Suspended')) {
        this.addCondition('Suspended', jobSuspended.reason, jobSuspended.message, now)
        this.recorder.record('Normal', 'Suspended', 'Job suspended', now)
      }
      return
    }
    const parallelism = spec.parallelism ?? 1
    const completions = spec.completions
    let wantActive: number
    if (completions === undefined || completions === null)
      wantActive = this.succeeded > 0 ? this.active.size : parallelism
    else wantActive = Math.max(0, Math.min(parallelism, completions - this.succeededTotal()))

    if (this.active.size > wantActive) {
      for (const pod of pickPodsToDelete([...this.active], this.active.size - wantActive)) {
        this.markDeleted(pod, 'ScaleDown', now)
        result.delete.push(pod)
      }
      return
    }
    const replaceOnlyFailed = spec.podReplacementPolicy === 'Failed'
    const diff = wantActive - this.active.size - (replaceOnlyFailed ? this.terminating.size : 0)
    if (diff <= 0) return

    if (this.indexes) {
      const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null
      if (!perIndex) {
        const wait = remainingBackoff(this.backoffRecord, now, this.backoff)
        if (wait > 0) return this.requeue(result, wait)
      }
      const picked = this.indexes.pendingIndexes(diff, now, perIndex ? this.backoff : undefined)
      if (picked.waitMs !== undefined) this.requeue(result, picked.waitMs)
      for (const index of picked.indexes) this.createPod(index, now, result)
      return
    }
    const wait = remainingBackoff(this.backoffRecord, now, this.backoff)
    if (wait > 0) return this.requeue(result, wait)
    for (let i = 0; i < diff; i++) this.createPod(null, now, result)
  }

  private createPod(index: number | null, now: number, result: SyncResult): void {
    const counts = index !== null && this.indexes ? this.indexes.failureCounts(index) : { counted: 0, ignored: 0 }
    const pod = newPodFromTemplate(this.job, {
      index,
      failureCount: counts.counted,
      ignoredFailureCount: counts.ignored,
      now,
      uid: this.options.newUid(),
      randomSuffix: this.options.randomSuffix,
      takenNames: this.podNames
    })
    this.podNames.add(pod.name)
    this.pods.push(pod)
    this.active.add(pod)
    if (index !== null) this.indexes?.start(index)
    this.recorder.record('Normal', 'SuccessfulCreate', `Created pod: ${pod.name}`, now)
    result.create.push(pod)
  }

  private markDeleted(pod: PodRecord, cause: DeletionCause, now: number): void {
    if (!this.active.delete(pod)) return
    pod.deletionTimestamp = now
    pod.deletionCause = cause
    this.terminating.add(pod)
    this.recorder.record('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.name}`, now)
  }

  private requeue(result: SyncResult, afterMs: number): void {
    result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, afterMs)
  }

  private hasCondition(type: string): boolean {
    return (this.job.status.conditions ?? []).some(c => c.type === type && c.status === 'True')
  }

  private addCondition(type: string, reason: string, message: string, now: number): void {
    const time = rfc3339(now)
    const condition: JobCondition = {
      type,
      status: 'True',
      lastProbeTime: time,
      lastTransitionTime: time,
      reason,
      message
    }
    this.job.status.conditions = [...(this.job.status.conditions ?? []), condition]
  }

  private writeCounters(): void {
    const status = this.job.status
    let ready = 0
    for (const pod of this.active) if (isPodReady(pod)) ready++
    setOrDelete(status, 'active', this.active.size)
    status.ready = ready
    status.terminating = this.terminating.size
    setOrDelete(status, 'succeeded', this.succeededTotal())
    setOrDelete(status, 'failed', this.failed)
    status.uncountedTerminatedPods = {}
  }
}

/** omitempty counters: absent when zero, as the API serialises them. */
function setOrDelete(status: Job['status'], key: 'active' | 'succeeded' | 'failed', value: number): void {
  if (value > 0) status[key] = value
  else delete status[key]
}

