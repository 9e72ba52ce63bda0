/**
 * When a Job has finished or must fail, in the order syncJob checks (reference §3.2 step 8): an
 * interim condition it already has, a FailJob match, backoffLimit — failed pods, or with OnFailure
 * the restarts of unfinished pods —, the Job's deadline, and the failed indexes of
 * backoffLimitPerIndex.
 */
import type { Job } from '../api/model.js'
import {
  failedIndexes,
  maxFailedIndexesExceeded,
  podFailurePolicyCondition,
  trueCondition,
  type FinishedCondition
} from './conditions.js'
import type { IndexTracker } from './indexTracker.js'
import type { PodFailurePolicyMatch } from './podFailurePolicy.js'
import type { PodRecord } from '../api/podRecord.js'

/** An existing SuccessCriteriaMet, else FailureTarget: the Job keeps finishing the way it started. */
export function existingFinishedCondition(job: Job): FinishedCondition | undefined {
  const success = trueCondition(job.status.conditions, 'SuccessCriteriaMet')
  if (success) return { type: 'SuccessCriteriaMet', reason: success.reason, message: success.message }
  const failure = trueCondition(job.status.conditions, 'FailureTarget')
  if (failure) return { type: 'FailureTarget', reason: failure.reason, message: failure.message }
  return undefined
}

/** getFailJobMessage: a FailJob rule matched by a newly failed pod; the first in listing order wins. */
export function failJobCondition(
  failedPods: readonly PodRecord[],
  match: (pod: PodRecord) => PodFailurePolicyMatch
): FinishedCondition | undefined {
  for (const pod of failedPods) {
    const message = match(pod).jobFailureMessage
    if (message !== undefined) return podFailurePolicyCondition(message)
  }
  return undefined
}

/**
 * pastBackoffLimitOnFailure: with OnFailure the kubelet restarts containers in place, so the limit
 * applies to the restarts of the pods not yet finished — `>= backoffLimit`, and `> 0` when it is 0.
 */
export function pastBackoffLimitOnFailure(job: Job, restartCount: number): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false
  const limit = job.spec.backoffLimit ?? 6
  return limit === 0 ? restartCount > 0 : restartCount >= limit
}

/** pastActiveDeadline: measured from status.startTime; never while suspended. */
export function pastActiveDeadline(job: Job, startTimeMs: number | undefined, now: number): boolean {
  const { activeDeadlineSeconds, suspend } = job.spec
  if (activeDeadlineSeconds == null || startTimeMs === undefined || suspend) return false
  return now - startTimeMs >= activeDeadlineSeconds * 1000
}

/** More failed indexes than maxFailedIndexes; or every index finished, some of them failed. */
export function failedIndexesCondition(job: Job, indexes: IndexTracker): FinishedCondition | undefined {
  const maxFailedIndexes = job.spec.maxFailedIndexes
  const failedCount = indexes.failedTotal
  if (maxFailedIndexes != null && failedCount > maxFailedIndexes) return maxFailedIndexesExceeded
  if (failedCount > 0 && failedCount + indexes.succeededTotal >= indexes.completions) return failedIndexes
  return undefined
}
