/**
 * The Job controller: one Job, its pods, and a sync that decides what to create and what to
 * delete, keeping status, conditions and events — syncJob of pkg/controller/job/job_controller.go
 * in syncJob's order. No I/O and no timers: the driver calls sync() whenever a pod
 * changes or a requested requeue falls due, with time from the Clock.
 */
import type { Clock } from '../clock.js'
import type { DefaultedJob } from '../api/model.js'
import {
  backoffSettings,
  newBackoffRecord,
  type BackoffRecord,
  type BackoffSettings
} from './backoffUtils.js'
import { isJobFinished, type FinishedCondition } from './conditions.js'
import { EventRecorder } from './eventRecorder.js'
import { finishJob, updateSuspendedCondition, writeCounters } from './jobStatusUpdates.js'
import {
  completionsCondition,
  decideFinishedCondition,
  existingFinishedCondition,
  failJobCondition,
  pastActiveDeadline
} from './failureConditions.js'
import { getNewIndexFailureCounts, isIndexFailed } from './indexedJobUtils.js'
import { IndexTracker } from './indexTracker.js'
import { jobControllerName, type JobControllerOptions } from './jobControllerOptions.js'
import { manageJob } from './manageJob.js'
import { matchPodFailurePolicy, memoizedPodFailurePolicyMatch } from './podFailurePolicy.js'
import { isPodFailed, onlyReplaceFailedPods } from './podStatus.js'
import { newPodFromTemplate } from './podTemplate.js'
import { SuccessPolicyTracker } from './successPolicy.js'
import { rfc3339 } from './time.js'
import { requeue, type SyncResult } from './syncResult.js'
import {
  accountStoppedPods,
  getNewFinishedPods,
  PodTracking,
  trackJobStatusAndRemoveFinalizers
} from './trackingUtils.js'
import { disruptionTarget } from './podConditions.js'
import type { DeletionCause, PodRecord } from '../api/podRecord.js'

export type { SyncResult } from './syncResult.js'
export { jobControllerName, type JobControllerOptions } from './jobControllerOptions.js'

export class JobController {
  readonly job: DefaultedJob
  /** Every pod created (or handed over), in creation order. */
  readonly pods: PodRecord[] = []
  readonly recorder = new EventRecorder()

  private readonly clock: Clock
  private readonly options: JobControllerOptions
  private readonly backoff: BackoffSettings
  private readonly tracking: PodTracking
  private readonly indexes: IndexTracker | undefined
  private readonly successPolicy: SuccessPolicyTracker | undefined
  private readonly podOrder = new Map<PodRecord, number>()
  private readonly podNames = new Set<string>()
  private backoffRecord: BackoffRecord = { failuresAfterLastSuccess: 0 }
  /** status.succeeded of a NonIndexed Job (Indexed: the tracker's succeeded indexes). */
  private succeeded: number
  private failed: number
  private startTimeMs: number | undefined
  private done: boolean
  /** The run was cancelled: pods are only accounted from now on. */
  private stopped = false

  /** The Job as read from the API: a status it already has (counters, conditions) is the starting point. */
  constructor(job: DefaultedJob, options: JobControllerOptions) {
    this.job = job
    this.options = options
    this.clock = options.clock
    this.backoff = backoffSettings(options.backoffBaseMs)
    if (options.backoffRecord) this.backoffRecord = options.backoffRecord
    const spec = job.spec
    const status = (job.status ??= {})
    if (spec.completionMode === 'Indexed') {
      const completions = spec.completions ?? 0
      this.indexes = new IndexTracker(
        completions,
        status.completedIndexes ?? '',
        status.failedIndexes,
        this.perIndex,
        this.replaceOnlyFailed,
        options.shard
      )
      if (spec.successPolicy) {
        this.successPolicy = new SuccessPolicyTracker(spec.successPolicy, completions)
        for (const { first, last } of this.indexes.succeeded)
          for (let index = first; index <= last; index++) this.successPolicy.indexSucceeded(index)
      }
    }
    this.tracking = new PodTracking(this.indexes)
    this.succeeded = this.indexes ? 0 : (status.succeeded ?? 0)
    this.failed = status.failed ?? 0
    this.startTimeMs = status.startTime ? Date.parse(status.startTime) : undefined
    this.done = isJobFinished(status.conditions)
  }

  /** A Complete or Failed condition has been written: nothing will change any more. */
  get finished(): boolean {
    return this.done
  }

  /** Suspended with nothing left running: the Job waits for `suspend: false`. */
  get idleSuspended(): boolean {
    return this.job.spec.suspend && this.tracking.active.size === 0 && this.tracking.terminating.size === 0
  }

  /** spec.managedBy names another controller: this one leaves the Job alone (its status stays `{}`). */
  get managedByOtherController(): boolean {
    const managedBy = this.job.spec.managedBy
    return managedBy !== undefined && managedBy !== jobControllerName
  }

  get activeCount(): number {
    return this.tracking.active.size
  }

  get terminatingCount(): number {
    return this.tracking.terminating.size
  }

  /**
   * A pod that exists already (informer list, adoption), tracked from its current state. An
   * `accounted` pod has lost its tracking finalizer: its end is in the status already.
   */
  addPod(pod: PodRecord, accounted = false): void {
    this.remember(pod)
    this.tracking.add(pod)
    if (accounted) this.tracking.removeFinalizer(pod)
  }

  /** The kubelet layer reports a pod reached Succeeded or Failed. */
  podFinished(pod: PodRecord): void {
    this.tracking.finished(pod, this.clock.now())
  }

  /** The kubelet layer reports a change that may matter (started, ready, restarted). */
  podUpdated(pod: PodRecord): void {
    this.tracking.updated(pod, this.clock.now())
  }

  /**
   * A deletion from outside the controller (`kubectl delete pod`): the pod keeps its tracking
   * finalizer, so it counts as failed — at once with podReplacementPolicy TerminatingOrFailed, once
   * it has failed with Failed. Returns false when the pod is not active.
   */
  deletePod(pod: PodRecord, graceSeconds?: number): boolean {
    const grace = graceSeconds ?? this.job.spec.template.spec.terminationGracePeriodSeconds
    return this.tracking.delete(pod, this.clock.now(), undefined, grace)
  }

  /** The Eviction API: a DisruptionTarget condition, then a deletion. */
  evictPod(pod: PodRecord): boolean {
    if (!this.tracking.active.has(pod)) return false
    pod.conditions.push(disruptionTarget('EvictionByEvictionAPI', 'Eviction API: evicting', this.clock.now()))
    return this.deletePod(pod)
  }

  /** `kubectl patch job --type=merge -p '{"spec":{"suspend":…}}'`. */
  setSuspend(suspend: boolean): void {
    this.job.spec.suspend = suspend
  }

  /**
   * The run is interrupted: every running pod is stopped as the kubelet stops a pod it must
   * terminate (DisruptionTarget, TerminationByKubelet) and counted when it has ended. No pod is
   * created and no condition is written after this.
   */
  cancel(): PodRecord[] {
    const now = this.clock.now()
    this.stopped = true
    const victims = [...this.tracking.active]
    for (const pod of victims) {
      pod.conditions.push(disruptionTarget('TerminationByKubelet', 'The job-action run was cancelled', now))
      this.tracking.delete(pod, now, 'Cancelled', this.job.spec.template.spec.terminationGracePeriodSeconds)
    }
    return victims
  }

  sync(): SyncResult {
    const result: SyncResult = { create: [], delete: [] }
    if (this.done || this.managedByOtherController) return result
    const now = this.clock.now()
    this.tracking.refresh()
    const candidates = this.accountingCandidates()
    if (this.stopped) {
      this.accountStopped(candidates)
      this.writeCounters()
      return result
    }
    const spec = this.job.spec
    const match = memoizedPodFailurePolicyMatch(spec.podFailurePolicy)
    const heldBefore = new Set(this.indexes?.held.values())
    const { newSucceeded, newFailed } = getNewFinishedPods(candidates, this.indexes, pod =>
      this.isPodFailed(pod)
    )
    let succeeded = this.succeeded + newSucceeded.length
    const failed = this.failed + newFailed.filter(pod => match(pod).countFailed).length

    if (this.startTimeMs === undefined && !spec.suspend) this.setStartTime(now)
    const backoffRecord = newBackoffRecord(
      this.backoffRecord,
      newSucceeded,
      newFailed.filter(pod => !heldBefore.has(pod))
    )

    if (this.indexes) succeeded = this.recordIndexes(newSucceeded, newFailed)
    const pastDeadline = pastActiveDeadline(this.job, this.startTimeMs, now)
    let finished = decideFinishedCondition(spec, {
      existing: existingFinishedCondition(this.job),
      failJob: failJobCondition(newFailed, match),
      failed,
      restartCount: this.tracking.restartCount,
      pastActiveDeadline: pastDeadline,
      indexes: this.perIndex ? this.indexes?.counts() : undefined,
      successPolicyMessage: this.successPolicy?.match()
    })
    if (!finished && !pastDeadline) this.requeueAtDeadline(now, result)

    let deletedNow: PodRecord[] = []
    if (finished) {
      // Remove the active pods; they keep their finalizer so that they are accounted below.
      deletedNow = [...this.tracking.active]
      const cause: DeletionCause = finished.type === 'FailureTarget' ? 'JobFailing' : 'JobSucceeding'
      for (const pod of deletedNow) this.deleteByController(pod, cause, now, result)
    } else {
      this.manageJob(now, succeeded, backoffRecord, result)
      const completions = this.indexes ? this.indexes.ownedTotal : spec.completions
      finished = completionsCondition(completions, succeeded, this.tracking.active.size)
      const change = finished ? undefined : updateSuspendedCondition(this.job, this.recorder, now)
      if (change) this.setStartTime(change === 'Resumed' ? now : undefined)
    }
    this.backoffRecord = backoffRecord

    const counted = trackJobStatusAndRemoveFinalizers({
      tracking: this.tracking,
      indexes: this.indexes,
      candidates,
      deletedNow,
      finished,
      isPodFailed: pod => this.isPodFailed(pod),
      match
    })
    this.succeeded += counted.succeeded
    this.failed += counted.failed
    if (finished) this.finish(finished, now)
    this.writeCounters()
    return result
  }

  /** The status with the index lists brought up to date (they are formatted here, not per sync). */
  snapshot(): DefaultedJob {
    if (this.indexes && !this.managedByOtherController) this.indexes.writeStatusLists(this.job.status)
    return this.job
  }

  private get perIndex(): boolean {
    return this.job.spec.completionMode === 'Indexed' && this.job.spec.backoffLimitPerIndex != null
  }

  private get replaceOnlyFailed(): boolean {
    return onlyReplaceFailedPods(this.job)
  }

  private isPodFailed(pod: PodRecord): boolean {
    return isPodFailed(pod, this.job)
  }

  /** The pods whose end may be accounted now, in the order they were created. */
  private accountingCandidates(): PodRecord[] {
    const pods = new Set<PodRecord>(this.indexes?.held.values())
    for (const pod of this.tracking.takeQueue()) if (this.tracking.hasFinalizer(pod)) pods.add(pod)
    return [...pods].sort((a, b) => (this.podOrder.get(a) ?? 0) - (this.podOrder.get(b) ?? 0))
  }

  /** A Job with a deadline that has not passed is woken when it does. */
  private requeueAtDeadline(now: number, result: SyncResult): void {
    const { activeDeadlineSeconds, suspend } = this.job.spec
    if (activeDeadlineSeconds != null && !suspend && this.startTimeMs !== undefined)
      requeue(result, activeDeadlineSeconds * 1000 - (now - this.startTimeMs))
  }

  /**
   * An Indexed Job's indexes take this sync's finished pods: succeeded indexes (and the successPolicy
   * with them), and with backoffLimitPerIndex the failed indexes and the failed pods held back.
   * Returns how many indexes have succeeded.
   */
  private recordIndexes(newSucceeded: readonly PodRecord[], newFailed: readonly PodRecord[]): number {
    const indexes = this.indexes as IndexTracker
    for (const pod of newSucceeded)
      if (indexes.succeed(pod.index as number)) this.successPolicy?.indexSucceeded(pod.index as number)
    if (this.perIndex) {
      for (const pod of newFailed) if (isIndexFailed(this.job, pod)) indexes.fail(pod.index as number)
      indexes.holdFailedPods(newFailed)
    }
    return indexes.succeededTotal
  }

  private manageJob(now: number, succeeded: number, backoffRecord: BackoffRecord, result: SyncResult): void {
    // A shard leaves the other shards' indexes to them: for how many pods it wants, they count as done.
    const othersIndexes = this.indexes ? this.indexes.completions - this.indexes.ownedTotal : 0
    manageJob({
      job: this.job,
      now,
      tracking: this.tracking,
      indexes: this.indexes,
      succeeded: succeeded + othersIndexes,
      backoffRecord,
      backoff: this.backoff,
      replaceOnlyFailed: this.replaceOnlyFailed,
      perIndex: this.perIndex,
      createPod: index => this.createPod(index, now, result),
      scaleDown: pod => this.deleteByController(pod, 'ScaleDown', now, result),
      requeue: afterMs => requeue(result, afterMs)
    })
  }

  private createPod(index: number | null, now: number, result: SyncResult): void {
    const spec = this.job.spec
    const counts =
      index !== null && this.perIndex
        ? getNewIndexFailureCounts(
            this.indexes?.held.get(index),
            replaced => matchPodFailurePolicy(spec.podFailurePolicy, replaced).countFailed
          )
        : undefined
    const pod = newPodFromTemplate(this.job, {
      index,
      failureCount: counts?.counted,
      ignoredFailureCount: counts?.ignored,
      now,
      uid: this.options.newUid(),
      randomSuffix: this.options.randomSuffix,
      takenNames: this.podNames
    })
    this.addPod(pod)
    this.recorder.record('Normal', 'SuccessfulCreate', `Created pod: ${pod.name}`, now)
    result.create.push(pod)
  }

  private deleteByController(pod: PodRecord, cause: DeletionCause, now: number, result: SyncResult): void {
    const grace = this.job.spec.template.spec.terminationGracePeriodSeconds
    if (!this.tracking.delete(pod, now, cause, grace)) return
    this.recorder.record('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.name}`, now)
    result.delete.push(pod)
  }

  /** status.startTime; a suspension clears it (undefined). */
  private setStartTime(now: number | undefined): void {
    this.startTimeMs = now
    if (now === undefined) delete this.job.status.startTime
    else this.job.status.startTime = rfc3339(now)
  }

  /** After a cancellation: count each pod once it has ended. */
  private accountStopped(candidates: readonly PodRecord[]): void {
    const counted = accountStoppedPods(candidates, this.tracking, this.indexes, pod =>
      matchPodFailurePolicy(this.job.spec.podFailurePolicy, pod)
    )
    this.succeeded += counted.succeeded
    this.failed += counted.failed
  }

  private finish(finished: FinishedCondition, now: number): void {
    const counts = { terminating: this.tracking.terminating.size, succeeded: this.succeededTotal }
    if (finishJob(this.job, finished, counts, this.recorder, now)) this.done = true
  }

  private get succeededTotal(): number {
    return this.indexes ? this.indexes.succeededTotal : this.succeeded
  }

  private writeCounters(): void {
    writeCounters(this.job.status, {
      active: this.tracking.active.size,
      ready: this.tracking.readyCount,
      terminating: this.tracking.terminating.size,
      succeeded: this.succeededTotal,
      failed: this.failed
    })
  }

  private remember(pod: PodRecord): void {
    this.podOrder.set(pod, this.pods.length)
    this.pods.push(pod)
    this.podNames.add(pod.name)
  }
}
