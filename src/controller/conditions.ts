/**
 * Job condition types, reasons and messages, verbatim from the Kubernetes Job controller
 * (batch/v1 types.go and job_controller.go).
 */
export const JobConditionType = {
  Suspended: 'Suspended',
  FailureTarget: 'FailureTarget',
  Failed: 'Failed',
  SuccessCriteriaMet: 'SuccessCriteriaMet',
  Complete: 'Complete'
} as const

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
