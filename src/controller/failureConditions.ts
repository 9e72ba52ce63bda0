/**
 * When a Job has finished or must fail: one pure decision over what a sync knows, in the order
 * syncJob checks (pkg/controller/job/job_controller.go) — an interim condition the Job already has,
 * a FailJob match, backoffLimit (failed pods, or with OnFailure the restarts of unfinished pods),
 * the Job's deadline, the failed indexes of backoffLimitPerIndex, then the successPolicy. The
 * controller calls it on every sync; the shard merge calls it once over the shards' union, so a
 * merged Job is decided exactly as one controller would have decided it.
 */
import type { DefaultedJob, DefaultedJobSpec } from '../api/model.js'
import type { PodRecord } from '../api/podRecord.js'
import {
  backoffLimitExceeded,
  completionsReached,
  deadlineExceeded,
  failedIndexes,
  maxFailedIndexesExceeded,
  podFailurePolicyCondition,
  successPolicyCondition,
  trueCondition,
  type FinishedCondition
} from './conditions.js'
import type { PodFailurePolicyMatch } from './podFailurePolicy.js'

/** What one sync (or the merge) knows; every field is a fact, the decision is decideFinishedCondition's. */
export interface FinishFacts {
  /** SuccessCriteriaMet or FailureTarget written earlier: the Job keeps finishing the way it started. */
  existing?: FinishedCondition
  /** The first newly failed pod that matched a FailJob rule. */
  failJob?: FinishedCondition
  /** status.failed with this sync's failures counted. */
  failed: number
  /** restartPolicy OnFailure: the container restarts of the pods not yet finished. */
  restartCount: number
  pastActiveDeadline: boolean
  /** backoffLimitPerIndex: the indexes this controller owns (a shard's, or all). */
  indexes?: { failed: number; succeeded: number; owned: number }
  /** The message of the successPolicy rule that is met, if one is. */
  successPolicyMessage?: string
}

export function decideFinishedCondition(
  spec: DefaultedJobSpec,
  facts: FinishFacts
): FinishedCondition | undefined {
  if (facts.existing) return facts.existing
  if (facts.failJob) return facts.failJob
  if (facts.failed > spec.backoffLimit || pastBackoffLimitOnFailure(spec, facts.restartCount))
    return backoffLimitExceeded
  if (facts.pastActiveDeadline) return deadlineExceeded
  const indexes = facts.indexes
  if (indexes) {
    if (spec.maxFailedIndexes != null && indexes.failed > spec.maxFailedIndexes)
      return maxFailedIndexesExceeded
    if (indexes.failed > 0 && indexes.failed + indexes.succeeded >= indexes.owned) return failedIndexes
  }
  if (facts.successPolicyMessage !== undefined) return successPolicyCondition(facts.successPolicyMessage)
  return undefined
}

/**
 * CompletionsReached: every completion (an Indexed Job: every owned index) succeeded and nothing runs
 * any more; a Job without completions (a work queue) once any pod succeeded and none is active.
 */
export function completionsCondition(
  completions: number | null | undefined,
  succeeded: number,
  active: number
): FinishedCondition | undefined {
  if (active > 0) return undefined
  const complete = completions == null ? succeeded > 0 : succeeded >= completions
  return complete ? completionsReached : undefined
}

/** An existing SuccessCriteriaMet, else FailureTarget. */
export function existingFinishedCondition(job: DefaultedJob): FinishedCondition | undefined {
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
function pastBackoffLimitOnFailure(spec: DefaultedJobSpec, restartCount: number): boolean {
  if (spec.template.spec.restartPolicy !== 'OnFailure') return false
  const limit = spec.backoffLimit
  return limit === 0 ? restartCount > 0 : restartCount >= limit
}

/** pastActiveDeadline: measured from status.startTime; never while suspended. */
export function pastActiveDeadline(job: DefaultedJob, startTimeMs: number | undefined, now: number): boolean {
  const { activeDeadlineSeconds, suspend } = job.spec
  if (activeDeadlineSeconds == null || startTimeMs === undefined || suspend) return false
  return now - startTimeMs >= activeDeadlineSeconds * 1000
}
