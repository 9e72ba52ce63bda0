/**
 * Pod readiness as podutil.IsPodReady sees it. Our kubelet does not write a Ready condition; a pod
 * is ready while it runs with every container running and ready (sidecars running). A pod that
 * carries a Ready condition (one handed to the controller as it is) is judged by that condition.
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
