/**
 * Which pods go first when there are more active pods than wanted: the least progressed
 * (controller.ActivePods ordering): not yet running before running, not ready before ready,
 * more container restarts first, newer first.
 */
import { isPodReady } from './podTemplate.js'
import type { PodRecord } from './types.js'

const phaseRank: Record<string, number> = { Pending: 0, Running: 1 }

function restarts(pod: PodRecord): number {
  let n = 0
  for (const s of pod.containerStatuses) n += s.restartCount
  return n
}

export function pickPodsToDelete(pods: PodRecord[], count: number): PodRecord[] {
  const sorted = [...pods].sort(
    (a, b) =>
      (phaseRank[a.phase] ?? 2) - (phaseRank[b.phase] ?? 2) ||
      Number(isPodReady(a)) - Number(isPodReady(b)) ||
      restarts(b) - restarts(a) ||
      b.creationTimestamp - a.creationTimestamp
  )
  return sorted.slice(0, count)
}
