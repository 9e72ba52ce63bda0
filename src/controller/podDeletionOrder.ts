/**
 * Which pods go first when there are more active pods than wanted (activePodsForRemoval): for
 * Indexed Jobs, pods without a valid index and all but one pod of a repeated index; then the least
 * progressed, in the order of controller.ActivePods — pending before running, not ready before
 * ready, ready for less time before ready for longer, more restarts before fewer, newer before older.
 */
import { isPodReady, podReadyTime } from './podReadiness.js'
import type { PodRecord } from '../api/podRecord.js'

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }

function maxContainerRestarts(pod: PodRecord): number {
  let max = 0
  for (const status of pod.containerStatuses) max = Math.max(max, status.restartCount)
  return max
}

/** controller.ActivePods' Less, as a comparator: negative when a goes before b. */
export function compareActivePods(a: PodRecord, b: PodRecord): number {
  const phase = (phaseOrdinal[a.phase] ?? 3) - (phaseOrdinal[b.phase] ?? 3)
  if (phase !== 0) return phase
  const aReady = isPodReady(a)
  const bReady = isPodReady(b)
  if (aReady !== bReady) return aReady ? 1 : -1
  if (aReady && bReady) {
    const readyOrder = afterOrZero(podReadyTime(a), podReadyTime(b))
    if (readyOrder !== 0) return readyOrder
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a)
  if (restarts !== 0) return restarts
  return afterOrZero(a.creationTimestamp, b.creationTimestamp)
}

/** afterOrZero: an unknown time, then the later time, goes first. */
function afterOrZero(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0
  if (!a) return -1
  if (!b) return 1
  return a > b ? -1 : 1
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods sorted by index; those without a valid index, those at
 * or beyond completions, and all but the most progressed pod of each repeated index are removed.
 */
export function appendDuplicatedIndexPodsForRemoval(
  pods: readonly PodRecord[],
  completions: number
): { rm: PodRecord[]; left: PodRecord[] } {
  const rm: PodRecord[] = []
  const left: PodRecord[] = []
  const sorted = [...pods].sort((a, b) => (a.index ?? -1) - (b.index ?? -1))
  let group: PodRecord[] = []
  const flush = (): void => {
    if (group.length === 0) return
    if (group[0].index === null) rm.push(...group)
    else {
      const ordered = group.length > 1 ? group.sort(compareActivePods) : group
      rm.push(...ordered.slice(0, -1))
      left.push(ordered[ordered.length - 1])
    }
    group = []
  }
  for (let i = 0; i < sorted.length; i++) {
    const pod = sorted[i]
    if (pod.index !== null && pod.index >= completions) {
      flush()
      rm.push(...sorted.slice(i))
      return { rm, left }
    }
    if (group.length > 0 && group[0].index !== pod.index) flush()
    group.push(pod)
  }
  flush()
  return { rm, left }
}

/** activePodsForRemoval: at least rmAtLeast pods, the Indexed Job's invalid and repeated ones first. */
export function activePodsForRemoval(
  pods: readonly PodRecord[],
  rmAtLeast: number,
  indexedCompletions: number | undefined
): PodRecord[] {
  let rm: PodRecord[] = []
  let left: readonly PodRecord[] = pods
  if (indexedCompletions !== undefined)
    ({ rm, left } = appendDuplicatedIndexPodsForRemoval(pods, indexedCompletions))
  if (rm.length < rmAtLeast) rm = rm.concat([...left].sort(compareActivePods).slice(0, rmAtLeast - rm.length))
  return rm
}
