/**
 * The DisruptionTarget condition a pod gets when something other than its own containers ends it:
 * the Eviction API, or the kubelet terminating it (here: the run was cancelled). podFailurePolicy
 * rules match on it (onPodConditions), as in pkg/apis/core/types.go's DisruptionTarget.
 */
import type { PodCondition } from '../api/podRecord.js'

export function disruptionTarget(reason: string, message: string, now: number): PodCondition {
  return { type: 'DisruptionTarget', status: 'True', reason, message, lastTransitionTime: now }
}
