/**
 * How the controller reads a pod's end (job_controller.go): whether failed pods alone are replaced,
 * and whether a pod counts as failed.
 */
import type { DefaultedJob } from '../api/model.js'
import type { PodRecord } from '../api/podRecord.js'

/** onlyReplaceFailedPods: podReplacementPolicy Failed, which a podFailurePolicy implies. */
export function onlyReplaceFailedPods(job: DefaultedJob): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy != null
}

/**
 * isPodFailed: phase Failed; or, unless only failed pods are replaced, deleted before it succeeded
 * — a pod that may never reach a phase (an orphan, a pod on a lost node) still counts.
 */
export function isPodFailed(pod: PodRecord, job: DefaultedJob): boolean {
  if (pod.phase === 'Failed') return true
  if (onlyReplaceFailedPods(job)) return false
  return pod.deletionTimestamp !== undefined && pod.phase !== 'Succeeded'
}
