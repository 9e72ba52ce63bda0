/**
 * Pod readiness as podutil.IsPodReady sees it. Our kubelet does not write a Ready condition; a pod
 * is ready while it runs with every container running and ready (sidecars running). A pod that
 * carries a Ready condition (one handed to the controller as it is) is judged by that condition.
 * For getFinishedTime the controller notes when each pod last stopped being ready, the Ready
 * condition's lastTransitionTime it does not have (observeReadiness, notReadySince).
 */
import type { PodRecord } from '../api/podRecord.js'

export function isPodReady(pod: PodRecord): boolean {
  const condition = pod.conditions.find(c => c.type === 'Ready')
  if (condition) return condition.status === 'True'
  return (
    pod.phase === 'Running' &&
    pod.containerStatuses.length > 0 &&
    pod.containerStatuses.every(s => s.state === 'running' && s.ready) &&
    pod.initContainerStatuses.every(s => !s.sidecar || s.state === 'running')
  )
}

/** When the pod last became ready: the Ready condition's transition, else its last container start. */
export function podReadyTime(pod: PodRecord): number | undefined {
  const condition = pod.conditions.find(c => c.type === 'Ready')
  if (condition) return condition.status === 'True' ? condition.lastTransitionTime : undefined
  let latest: number | undefined
  for (const s of [...pod.containerStatuses, ...pod.initContainerStatuses.filter(i => i.sidecar)])
    if (s.startedAt !== undefined && (latest === undefined || s.startedAt > latest)) latest = s.startedAt
  return latest
}

/** What the controller has seen of a pod's readiness: ready or not, and since when. */
const readiness = new WeakMap<PodRecord, { ready: boolean; since?: number }>()

/**
 * The kubelet reported a change of the pod, or its deletion was requested: note when it stopped
 * being ready, as the kubelet moves the Ready condition's lastTransitionTime — False from the pod's
 * start, True while every container runs and is ready, False again when one exits or the pod is
 * being deleted.
 */
export function observeReadiness(pod: PodRecord, now: number): void {
  const ready = isPodReady(pod) && pod.deletionTimestamp === undefined
  const seen = readiness.get(pod)
  if (!seen) readiness.set(pod, { ready, since: ready ? now : undefined })
  else if (seen.ready !== ready) readiness.set(pod, { ready, since: now })
}

/** The Ready=False condition's lastTransitionTime: when the pod last stopped being ready (or its start). */
export function notReadySince(pod: PodRecord): number | undefined {
  const condition = pod.conditions.find(c => c.type === 'Ready')
  if (condition) return condition.status === 'False' ? condition.lastTransitionTime : undefined
  const seen = readiness.get(pod)
  if (!seen || seen.ready) return undefined
  return seen.since ?? pod.startTime
}
