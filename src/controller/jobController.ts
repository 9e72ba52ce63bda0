/**
 * The Job controller: one Job, its pods, and a sync that decides what to create and what to
 * delete, keeping status, conditions and events — syncJob of pkg/controller/job/job_controller.go
 * in the order of reference §3.2. No I/O and no timers: the driver calls sync() whenever a pod
 * changes or a requested requeue falls due, with time from the Clock.
 */
import type { Clock } from '../clock.js'
import type { Job } from '../api/model.js'
import {
  backoffSettings,
  newBackoffRecord,
  type BackoffRecord,
  type BackoffSettings
} from './backoffUtils.js'
import {
  backoffLimitExceeded,
  completionsReached,
  deadlineExceeded,
  ensureJobConditionStatus,
  failedIndexes,
  isJobFinished,
  jobResumed,
  jobSuspended,
  newCondition,
  successPolicyCondition,
  trueCondition,
  type FinishedCondition
} from './conditions.js'
import { EventRecorder } from './eventRecorder.js'
import {
  existingFinishedCondition,
  failedIndexesCondition,
  failJobCondition,
  pastActiveDeadline,
  pastBackoffLimitOnFailure
} from './failureConditions.js'
import {
  getNewIndexFailureCounts,
  getPodsWithDelayedDeletionPerIndex,
  isIndexFailed
} from './indexedJobUtils.js'
import { IndexTracker, type IndexShard } from './indexTracker.js'
import { manageJob } from './manageJob.js'
import { matchPodFailurePolicy, type PodFailurePolicyMatch } from './podFailurePolicy.js'
import type { RandomSuffix } from './podNames.js'
import { isPodFailed, onlyReplaceFailedPods } from './podStatus.js'
import { newPodFromTemplate } from './podTemplate.js'
import { SuccessPolicyTracker } from './successPolicy.js'
import { rfc3339 } from './time.js'
import { PodTracking, trackJobStatusAndRemoveFinalizers } from './trackingUtils.js'
import type { DeletionCause, PodRecord } from '../api/podRecord.js'

export interface JobControllerOptions {
  clock: Clock
  /** Base of the pod-failure backoff (Kubernetes: 10 s). */
  backoffBaseMs: number
  randomSuffix: RandomSuffix
  newUid: () => string
  /** The backoff store's record for this Job, when the controller starts with one. */
  backoffRecord?: BackoffRecord
  /**
   * This controller runs one shard of an Indexed Job: only the indexes the shard owns, and its
   * conditions are the shard's view — "every index" means every index of the shard.
   */
  shard?: IndexShard
}

export interface SyncResult {
  /** Pods to start, in creation order. */
  create: PodRecord[]
  /** Pods to stop gracefully (their deletionTimestamp is set). */
  delete: PodRecord[]
  /** Sync again after this long if nothing else triggers a sync first (backoff, deadline). */
  requeueAfterMs?: number
}

/** The value of spec.managedBy that means this controller. */
export const jobControllerName = 'kubernetes.io/job-controller'

export class JobController {
  readonly job: Job
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
  constructor(job: Job, options: JobControllerOptions) {
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
    return (
      this.job.spec.suspend === true &&
      this.tracking.active.size === 0 &&
      this.tracking.terminating.size === 0
    )
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
    this.tracking.finished(pod)
  }

  /** The kubelet layer reports a change that may matter (started, ready, restarted). */
  podUpdated(pod: PodRecord): void {
    this.tracking.updated(pod)
  }

  /**
   * A deletion from outside the controller (`kubectl delete pod`): the pod keeps its tracking
   * finalizer, so it counts as failed — at once with podReplacementPolicy TerminatingOrFailed, once
   * it has failed with Failed. Returns false when the pod is not active.
   */
  deletePod(pod: PodRecord, graceSeconds?: number): boolean {
    const grace = graceSeconds ?? this.job.spec.template.spec.terminationGracePeriodSeconds ?? 30
    return this.tracking.delete(pod, this.clock.now(), undefined, grace)
  }

  /** The Eviction API: a DisruptionTarget condition, then a deletion. */
  evictPod(pod: PodRecord): boolean {
    if (!this.tracking.active.has(pod)) return false
    pod.conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastTransitionTime: this.clock.now()
    })
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
      pod.conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message: 'The job-action run was cancelled',
        lastTransitionTime: now
      })
      this.tracking.delete(
        pod,
        now,
        'Cancelled',
        this.job.spec.template.spec.terminationGracePeriodSeconds ?? 30
      )
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
    const matches = new Map<PodRecord, PodFailurePolicyMatch>()
    const match = (pod: PodRecord): PodFailurePolicyMatch => {
      let found = matches.get(pod)
      if (!found) matches.set(pod, (found = matchPodFailurePolicy(spec.podFailurePolicy, pod)))
      return found
    }

    // getNewFinishedPods: finished pods still carrying the finalizer (Indexed: with a valid index).
    const heldBefore = new Set(this.indexes?.held.values())
    const newSucceeded: PodRecord[] = []
    const newFailed: PodRecord[] = []
    for (const pod of candidates) {
      if (this.indexes && !this.indexes.isValid(pod.index)) continue
      if (pod.phase === 'Succeeded') newSucceeded.push(pod)
      else if (this.isPodFailed(pod)) newFailed.push(pod)
    }
    let succeeded = this.succeeded + newSucceeded.length
    const failed = this.failed + newFailed.filter(pod => match(pod).countFailed).length

    if (this.startTimeMs === undefined && !spec.suspend) this.setStartTime(now)
    const backoffRecord = newBackoffRecord(
      this.backoffRecord,
      newSucceeded,
      newFailed.filter(pod => !heldBefore.has(pod))
    )

    let finished = existingFinishedCondition(this.job) ?? failJobCondition(newFailed, match)
    finished ??= this.failureCondition(failed, now, result)
    if (this.indexes) {
      for (const pod of newSucceeded)
        if (this.indexes.succeed(pod.index as number)) this.successPolicy?.indexSucceeded(pod.index as number)
      succeeded = this.indexes.succeededTotal
      if (this.perIndex) {
        for (const pod of newFailed) if (isIndexFailed(this.job, pod)) this.indexes.fail(pod.index as number)
        finished ??= failedIndexesCondition(this.job, this.indexes) ?? this.shardFailedIndexesCondition()
        this.holdFailedPods(newFailed)
      }
      if (!finished) {
        const message = this.successPolicy?.match()
        if (message !== undefined) finished = successPolicyCondition(message)
      }
    }

    let deletedNow: PodRecord[] = []
    if (finished) {
      // Remove the active pods; they keep their finalizer so that they are accounted below.
      deletedNow = [...this.tracking.active]
      const cause: DeletionCause = finished.type === 'FailureTarget' ? 'JobFailing' : 'JobSucceeding'
      for (const pod of deletedNow) this.deleteByController(pod, cause, now, result)
    } else {
      this.manageJob(now, succeeded, backoffRecord, result)
      const active = this.tracking.active.size
      const completions = this.indexes ? this.indexes.ownedTotal : spec.completions
      const complete =
        completions === undefined || completions === null
          ? succeeded > 0 && active === 0
          : succeeded >= completions && active === 0
      if (complete) finished = completionsReached
      else this.updateSuspendedCondition(now)
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
  snapshot(): Job {
    const status = this.job.status
    if (this.indexes && !this.managedByOtherController) {
      const completed = this.indexes.completedIndexes()
      if (completed) status.completedIndexes = completed
      else delete status.completedIndexes
      const failed = this.indexes.failedIndexes()
      if (failed !== undefined) status.failedIndexes = failed
      else delete status.failedIndexes
    }
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

  /** getPodsWithDelayedDeletionPerIndex over this sync's failed pods (the held ones included). */
  private holdFailedPods(newFailed: readonly PodRecord[]): void {
    const indexes = this.indexes as IndexTracker
    const held = getPodsWithDelayedDeletionPerIndex(
      newFailed,
      index => indexes.isSucceeded(index) || indexes.isFailed(index) || indexes.isActive(index)
    )
    indexes.held.clear()
    for (const [index, pod] of held) indexes.held.set(index, pod)
  }

  /** The pods whose end may be accounted now, in the order they were created. */
  private accountingCandidates(): PodRecord[] {
    const pods = new Set<PodRecord>(this.indexes?.held.values())
    for (const pod of this.tracking.takeQueue()) if (this.tracking.hasFinalizer(pod)) pods.add(pod)
    return [...pods].sort((a, b) => (this.podOrder.get(a) ?? 0) - (this.podOrder.get(b) ?? 0))
  }

  /** backoffLimit (both paths), then the Job's deadline — or a wake-up call at that deadline. */
  private failureCondition(failed: number, now: number, result: SyncResult): FinishedCondition | undefined {
    const spec = this.job.spec
    if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(this.job, this.tracking.restartCount))
      return backoffLimitExceeded
    if (pastActiveDeadline(this.job, this.startTimeMs, now)) return deadlineExceeded
    if (spec.activeDeadlineSeconds != null && !spec.suspend && this.startTimeMs !== undefined)
      requeue(result, spec.activeDeadlineSeconds * 1000 - (now - this.startTimeMs))
    return undefined
  }

  /** A shard's own indexes have all finished, some of them failed (the other shards' are theirs to judge). */
  private shardFailedIndexesCondition(): FinishedCondition | undefined {
    const indexes = this.indexes
    if (!indexes?.shard) return undefined
    const failedCount = indexes.failedTotal
    return failedCount > 0 && failedCount + indexes.succeededTotal >= indexes.ownedTotal
      ? failedIndexes
      : undefined
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
    const grace = this.job.spec.template.spec.terminationGracePeriodSeconds ?? 30
    if (!this.tracking.delete(pod, now, cause, grace)) return
    this.recorder.record('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.name}`, now)
    result.delete.push(pod)
  }

  /** The Suspended condition and its events, and the new startTime of a resumed Job. */
  private updateSuspendedCondition(now: number): void {
    const status = this.job.status
    const suspended = this.job.spec.suspend === true
    const wanted = suspended ? jobSuspended : jobResumed
    const { list, updated } = ensureJobConditionStatus(
      status.conditions ?? [],
      'Suspended',
      suspended ? 'True' : 'False',
      wanted.reason,
      wanted.message,
      now
    )
    if (list.length > 0) status.conditions = list
    if (!updated) return
    if (suspended) this.recorder.record('Normal', 'Suspended', 'Job suspended', now)
    else {
      this.recorder.record('Normal', 'Resumed', 'Job resumed', now)
      // activeDeadlineSeconds counts the time a Job is continuously active.
      this.setStartTime(now)
    }
  }

  private setStartTime(now: number): void {
    this.startTimeMs = now
    this.job.status.startTime = rfc3339(now)
  }

  /** After a cancellation: count each pod once it has ended. */
  private accountStopped(candidates: readonly PodRecord[]): void {
    for (const pod of candidates) {
      if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed') continue
      this.tracking.removeFinalizer(pod)
      if (this.indexes && !this.indexes.isValid(pod.index)) continue
      if (pod.phase === 'Succeeded') {
        if (this.indexes) this.indexes.succeed(pod.index as number)
        else this.succeeded++
      } else if (matchPodFailurePolicy(this.job.spec.podFailurePolicy, pod).countFailed) this.failed++
    }
    this.indexes?.held.clear()
  }

  /**
   * The interim condition (FailureTarget / SuccessCriteriaMet) when it is new, and the terminal one
   * (Failed / Complete, same reason and message) only once no pod is terminating, with its event.
   */
  private finish(finished: FinishedCondition, now: number): void {
    const status = this.job.status
    if (!trueCondition(status.conditions, finished.type))
      status.conditions = [
        ...(status.conditions ?? []),
        newCondition(finished.type, 'True', finished.reason, finished.message, now)
      ]
    if (this.tracking.terminating.size > 0) return
    const terminal = finished.type === 'FailureTarget' ? 'Failed' : 'Complete'
    status.conditions = ensureJobConditionStatus(
      status.conditions ?? [],
      terminal,
      'True',
      finished.reason,
      finished.message,
      now
    ).list
    this.done = true
    if (terminal === 'Failed') {
      this.recorder.record('Warning', finished.reason, finished.message, now)
      return
    }
    status.completionTime = trueCondition(status.conditions, 'Complete')?.lastTransitionTime
    const completions = this.job.spec.completions
    if (completions != null && this.succeededTotal > completions)
      this.recorder.record(
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
        now
      )
    this.recorder.record('Normal', 'Completed', 'Job completed', now)
  }

  private get succeededTotal(): number {
    return this.indexes ? this.indexes.succeededTotal : this.succeeded
  }

  private writeCounters(): void {
    const status = this.job.status
    setOrDelete(status, 'active', this.tracking.active.size)
    status.ready = this.tracking.readyCount
    status.terminating = this.tracking.terminating.size
    setOrDelete(status, 'succeeded', this.succeededTotal)
    setOrDelete(status, 'failed', this.failed)
    status.uncountedTerminatedPods = {}
  }

  private remember(pod: PodRecord): void {
    this.podOrder.set(pod, this.pods.length)
    this.pods.push(pod)
    this.podNames.add(pod.name)
  }
}

function requeue(result: SyncResult, afterMs: number): void {
  result.requeueAfterMs = Math.max(0, Math.min(result.requeueAfterMs ?? Infinity, afterMs))
}

/** omitempty counters: absent when zero, as the API serialises them. */
function setOrDelete(status: Job['status'], key: 'active' | 'succeeded' | 'failed', value: number): void {
  if (value > 0) status[key] = value
  else delete status[key]
}
