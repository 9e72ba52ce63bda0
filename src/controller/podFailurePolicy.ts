/**
 * matchPodFailurePolicy, after pkg/controller/job/pod_failure_policy.go: the rules are tried in
 * order and the first that matches decides; a rule with an unknown action (or operator) is skipped;
 * no match means the failure is counted as usual.
 */
import type {
  V1PodFailurePolicy,
  V1PodFailurePolicyOnExitCodesRequirement,
  V1PodFailurePolicyOnPodConditionsPattern
} from '@kubernetes/client-node'
import type { ContainerStatusRecord, PodCondition, PodRecord } from '../api/podRecord.js'

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count'

export interface PodFailurePolicyMatch {
  /** Present when a FailJob rule matched: the message of the FailureTarget condition. */
  jobFailureMessage?: string
  /** False only for an Ignore match: the failure counts toward neither backoffLimit nor the index's. */
  countFailed: boolean
  /** The action of the matching rule; absent when no rule matched. */
  action?: PodFailurePolicyAction
  ruleIndex?: number
}

const noMatch: PodFailurePolicyMatch = { countFailed: true }

export function matchPodFailurePolicy(
  podFailurePolicy: V1PodFailurePolicy | undefined,
  failedPod: PodRecord
): PodFailurePolicyMatch {
  if (!podFailurePolicy) return noMatch
  for (let index = 0; index < podFailurePolicy.rules.length; index++) {
    const rule = podFailurePolicy.rules[index]
    if (rule.onExitCodes) {
      const container = matchOnExitCodes(failedPod, rule.onExitCodes)
      if (!container) continue
      const match = actionMatch(
        rule.action,
        index,
        () =>
          // The Go format prints the action with %v: it reads `FailJob`.
          `Container ${container.name} for pod ${failedPod.namespace}/${failedPod.name} failed with exit code ${container.exitCode} matching ${rule.action} rule at index ${index}`
      )
      if (match) return match
    } else if (rule.onPodConditions) {
      const condition = matchOnPodConditions(failedPod, rule.onPodConditions)
      if (!condition) continue
      const match = actionMatch(
        rule.action,
        index,
        () =>
          `Pod ${failedPod.namespace}/${failedPod.name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`
      )
      if (match) return match
    }
  }
  return noMatch
}

function actionMatch(
  action: string,
  ruleIndex: number,
  failJobMessage: () => string
): PodFailurePolicyMatch | undefined {
  switch (action) {
    case 'Ignore':
      return { countFailed: false, action, ruleIndex }
    case 'FailIndex':
    case 'Count':
      return { countFailed: true, action, ruleIndex }
    case 'FailJob':
      return { jobFailureMessage: failJobMessage(), countFailed: true, action, ruleIndex }
    default:
      return undefined
  }
}

/** Regular containers first, then init containers. */
function matchOnExitCodes(
  pod: PodRecord,
  requirement: V1PodFailurePolicyOnExitCodesRequirement
): ContainerStatusRecord | undefined {
  return (
    getMatchingContainerFromList(pod.containerStatuses, requirement) ??
    getMatchingContainerFromList(pod.initContainerStatuses, requirement)
  )
}

/** The first terminated container, with a non-zero code, of the named container if one is named. */
function getMatchingContainerFromList(
  statuses: readonly ContainerStatusRecord[],
  requirement: V1PodFailurePolicyOnExitCodesRequirement
): ContainerStatusRecord | undefined {
  for (const status of statuses) {
    // A container still terminating has no exit code to match.
    if (status.state !== 'terminated') continue
    if (requirement.containerName !== undefined && requirement.containerName !== status.name) continue
    const exitCode = status.exitCode ?? 0
    if (exitCode !== 0 && isOnExitCodesOperatorMatching(exitCode, requirement)) return status
  }
  return undefined
}

function isOnExitCodesOperatorMatching(
  exitCode: number,
  requirement: V1PodFailurePolicyOnExitCodesRequirement
): boolean {
  switch (requirement.operator) {
    case 'In':
      return requirement.values.includes(exitCode)
    case 'NotIn':
      return !requirement.values.includes(exitCode)
    default:
      return false
  }
}

/** The pod's conditions are walked in their own order, each against every pattern. */
function matchOnPodConditions(
  pod: PodRecord,
  patterns: readonly V1PodFailurePolicyOnPodConditionsPattern[]
): PodCondition | undefined {
  for (const condition of pod.conditions)
    for (const pattern of patterns)
      if (condition.type === pattern.type && condition.status === pattern.status) return condition
  return undefined
}

/** matchPodFailurePolicy, computed once per pod within one sync (several decisions ask about the same pod). */
export function memoizedPodFailurePolicyMatch(
  policy: V1PodFailurePolicy | undefined
): (pod: PodRecord) => PodFailurePolicyMatch {
  const matches = new Map<PodRecord, PodFailurePolicyMatch>()
  return pod => {
    let found = matches.get(pod)
    if (!found) matches.set(pod, (found = matchPodFailurePolicy(policy, pod)))
    return found
  }
}
