/**
 * matchPodFailurePolicy, after pkg/controller/job/pod_failure_policy.go: rules in order, the
 * first that matches decides; no match means the failure is counted as usual.
 */
import type { V1PodFailurePolicy, V1PodFailurePolicyRule } from '@kubernetes/client-node'
import type { ContainerStatusRecord, PodRecord } from './types.js'

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count'

export interface PodFailurePolicyMatch {
  action: PodFailurePolicyAction
  ruleIndex: number
  /** For FailJob: the message of the FailureTarget condition. */
  message: string
}

export function matchPodFailurePolicy(
  policy: V1PodFailurePolicy | undefined,
  pod: PodRecord,
  backoffLimitPerIndexSet: boolean
): PodFailurePolicyMatch | undefined {
  if (!policy) return undefined
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i]
    const action = rule.action as PodFailurePolicyAction
    // FailIndex only means something with backoffLimitPerIndex; unknown actions are skipped.
    if (action === 'FailIndex' && !backoffLimitPerIndexSet) continue
    if (!['FailJob', 'FailIndex', 'Ignore', 'Count'].includes(action)) continue
    const message = ruleMatches(rule, pod, i)
    if (message !== undefined) return { action, ruleIndex: i, message }
  }
  return undefined
}

function ruleMatches(rule: V1PodFailurePolicyRule, pod: PodRecord, index: number): string | undefined {
  if (rule.onExitCodes) {
    const container = matchOnExitCodes(rule, pod)
    if (!container) return undefined
    return `Container ${container.name} for pod ${pod.namespace}/${pod.name} failed with exit code ${container.exitCode} matching ${rule.action} rule at index ${index}`
  }
  if (rule.onPodConditions) {
    for (const pattern of rule.onPodConditions) {
      const status = pattern.status ?? 'True'
      const condition = pod.conditions.find(c => c.type === pattern.type && c.status === status)
      if (condition)
        return `Pod ${pod.namespace}/${pod.name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`
    }
  }
  return undefined
}

/** Regular containers first, then init containers; only terminated ones with a non-zero code. */
function matchOnExitCodes(rule: V1PodFailurePolicyRule, pod: PodRecord): ContainerStatusRecord | undefined {
  const requirement = rule.onExitCodes
  if (!requirement) return undefined
  for (const status of [...pod.containerStatuses, ...pod.initContainerStatuses]) {
    if (status.state !== 'terminated' || !status.exitCode) continue
    if (requirement.containerName && requirement.containerName !== status.name) continue
    const listed = requirement.values.includes(status.exitCode)
    if (requirement.operator === 'In' ? listed : !listed) return status
  }
  return undefined
}
