/**
 * Job conditions: types, reasons and messages verbatim from the Kubernetes Job controller (batch/v1
 * types.go, job_controller.go), and the two ways the controller writes them — append an interim
 * condition, or ensureJobConditionStatus (update in place, never append a False one).
 */
import type { ConditionStatus, JobCondition } from '../api/model.js'
import { rfc3339 } from './time.js'

export type JobConditionType = 'Suspended' | 'FailureTarget' | 'Failed' | 'SuccessCriteriaMet' | 'Complete'

/** A condition the Job is finishing with: the interim type, and the reason/message the terminal one copies. */
export interface FinishedCondition {
  type: 'FailureTarget' | 'SuccessCriteriaMet'
  reason: string
  message: string
}

export const backoffLimitExceeded: FinishedCondition = {
  type: 'FailureTarget',
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit'
}

export const deadlineExceeded: FinishedCondition = {
  type: 'FailureTarget',
  reason: 'DeadlineExceeded',
  message: 'Job was active longer than specified deadline'
}

export const maxFailedIndexesExceeded: FinishedCondition = {
  type: 'FailureTarget',
  reason: 'MaxFailedIndexesExceeded',
  message: 'Job has exceeded the specified maximal number of failed indexes'
}

export const failedIndexes: FinishedCondition = {
  type: 'FailureTarget',
  reason: 'FailedIndexes',
  message: 'Job has failed indexes'
}

export const completionsReached: FinishedCondition = {
  type: 'SuccessCriteriaMet',
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods'
}

export function podFailurePolicyCondition(message: string): FinishedCondition {
  return { type: 'FailureTarget', reason: 'PodFailurePolicy', message }
}

export function successPolicyCondition(message: string): FinishedCondition {
  return { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message }
}

export const jobSuspended = { reason: 'JobSuspended', message: 'Job suspended' }
export const jobResumed = { reason: 'JobResumed', message: 'Job resumed' }

export function newCondition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number
): JobCondition {
  const time = rfc3339(now)
  return { type, status, lastProbeTime: time, lastTransitionTime: time, reason, message }
}

export function findConditionByType(
  list: readonly JobCondition[] | undefined,
  type: string
): JobCondition | undefined {
  return list?.find(c => c.type === type)
}

/** The condition of that type, when its status is True. */
export function trueCondition(
  list: readonly JobCondition[] | undefined,
  type: string
): JobCondition | undefined {
  const condition = findConditionByType(list, type)
  return condition?.status === 'True' ? condition : undefined
}

/** The Complete or Failed condition with status True, if the Job has one (IsJobFinished's answer). */
export function finishedCondition(list: readonly JobCondition[] | undefined): JobCondition | undefined {
  return (list ?? []).find(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
}

/** IsJobFinished: a Complete or Failed condition with status True. */
export function isJobFinished(list: readonly JobCondition[] | undefined): boolean {
  return finishedCondition(list) !== undefined
}

/**
 * ensureJobConditionStatus: updates the condition of that type in place when its status, reason or
 * message differ; appends one only when the new status is not False (going from nothing to False
 * says nothing). Returns the list and whether it changed.
 */
export function ensureJobConditionStatus(
  list: JobCondition[],
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number
): { list: JobCondition[]; updated: boolean } {
  const index = list.findIndex(c => c.type === type)
  if (index >= 0) {
    const condition = list[index]
    if (condition.status === status && condition.reason === reason && condition.message === message)
      return { list, updated: false }
    list[index] = newCondition(type, status, reason, message, now)
    return { list, updated: true }
  }
  if (status !== 'False')
    return { list: [...list, newCondition(type, status, reason, message, now)], updated: true }
  return { list, updated: false }
}
