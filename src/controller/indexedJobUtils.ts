/**
 * Index bookkeeping of Indexed Jobs, after pkg/controller/job/indexed_job_utils.go: the ordered
 * intervals behind status.completedIndexes / failedIndexes, the index keys Kubernetes puts on pods,
 * the choice of the next indexes to run, and the per-index failure counts of backoffLimitPerIndex.
 */
import type { DefaultedJob } from '../api/model.js'
import { getFinishedTime } from './backoffUtils.js'
import { atoi, getIndexAbsoluteFailureCount, getIndexFailureCount } from './indexAnnotations.js'
import { matchPodFailurePolicy } from './podFailurePolicy.js'
import { isPodFailed } from './podStatus.js'

export {
  getCompletionIndex,
  getIndexAbsoluteFailureCount,
  getIndexFailureCount,
  getIndexIgnoredFailureCount,
  getNewIndexFailureCounts
} from './indexAnnotations.js'
import type { PodRecord } from '../api/podRecord.js'

/** Completion-index annotation and label key; also the fieldRef behind JOB_COMPLETION_INDEX. */

/** An inclusive run of indexes. */
export interface Interval {
  first: number
  last: number
}

/** Ascending, disjoint, non-adjacent intervals (orderedIntervals). */
export type OrderedIntervals = Interval[]

/**
 * parseIndexesFromString: tolerant, as the controller reads its own status back — fragments that
 * are not integers are skipped, parsing stops at the first index >= completions, an interval's end
 * is clipped to completions - 1, and an interval starting right after the previous one is merged.
 */
export function parseIndexesFromString(text: string, completions: number): OrderedIntervals {
  const result: OrderedIntervals = []
  if (text === '') return result
  let lastInterval: Interval | undefined
  for (const fragment of text.split(',')) {
    const limits = fragment.split('-')
    const first = atoi(limits[0])
    if (first === undefined) continue
    if (first >= completions) break
    let last = first
    if (limits.length > 1) {
      const parsed = atoi(limits[1])
      if (parsed === undefined) continue
      last = Math.min(parsed, completions - 1)
    }
    if (lastInterval && lastInterval.last === first - 1) lastInterval.last = last
    else {
      lastInterval = { first, last }
      result.push(lastInterval)
    }
  }
  return result
}

/** merge: the union of two ordered interval lists, adjacent runs joined. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): OrderedIntervals {
  const result: OrderedIntervals = []
  let lastInterval: Interval | undefined
  const append = (interval: Interval): void => {
    if (!lastInterval || interval.first > lastInterval.last + 1) {
      lastInterval = { first: interval.first, last: interval.last }
      result.push(lastInterval)
    } else if (lastInterval.last < interval.last) lastInterval.last = interval.last
  }
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i].first < b[j].first) append(a[i++])
    else append(b[j++])
  }
  while (i < a.length) append(a[i++])
  while (j < b.length) append(b[j++])
  return result
}

/** withOrderedIndexes: the intervals plus the given indexes (ascending). */
export function withOrderedIndexes(
  intervals: OrderedIntervals,
  indexes: readonly number[]
): OrderedIntervals {
  return mergeIntervals(
    intervals,
    indexes.map(index => ({ first: index, last: index }))
  )
}

/** total: how many indexes the intervals hold. */
export function intervalsTotal(intervals: OrderedIntervals): number {
  let count = 0
  for (const interval of intervals) count += interval.last - interval.first + 1
  return count
}

/** has: binary search for the first interval ending at or after the index. */
export function intervalsHave(intervals: OrderedIntervals, index: number): boolean {
  const candidate = intervals[firstEndingAtOrAfter(intervals, index)]
  return candidate !== undefined && candidate.first <= index
}

function firstEndingAtOrAfter(intervals: OrderedIntervals, index: number): number {
  let lo = 0
  let hi = intervals.length
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1)
    if (intervals[mid].last >= index) hi = mid
    else lo = mid + 1
  }
  return hi
}

/**
 * Adds one index in place, joining neighbours; returns false when it was already there. Costs a
 * binary search and at most one splice, so a Job's status grows without re-parsing it.
 */
export function addIndex(intervals: OrderedIntervals, index: number): boolean {
  const at = firstEndingAtOrAfter(intervals, index)
  const next = intervals[at]
  if (next && next.first <= index) return false
  const previous = intervals[at - 1]
  const joinsPrevious = previous !== undefined && previous.last === index - 1
  const joinsNext = next !== undefined && next.first === index + 1
  if (joinsPrevious && joinsNext) {
    previous.last = next.last
    intervals.splice(at, 1)
  } else if (joinsPrevious) previous.last = index
  else if (joinsNext) next.first = index
  else intervals.splice(at, 0, { first: index, last: index })
  return true
}

/**
 * The String() form of status.completedIndexes / failedIndexes: a run of three or more is written
 * `first-last`, a run of two `a,b`, so `{1,3,4,5,7}` reads `1,3-5,7`.
 */
export function formatIntervals(intervals: OrderedIntervals): string {
  const parts: string[] = []
  for (const { first, last } of intervals) {
    if (last === first) parts.push(String(first))
    else parts.push(`${first}${last === first + 1 ? ',' : '-'}${last}`)
  }
  return parts.join(',')
}

/** The interval form of any set of indexes. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = Float64Array.from(new Set(indexes)).sort()
  return formatIntervals(withOrderedIndexes([], Array.from(sorted)))
}

/** Every index the text names below completions, ascending (for reports). */
export function parseIndexes(text: string, completions: number): number[] {
  const result: number[] = []
  for (const { first, last } of parseIndexesFromString(text, completions))
    for (let index = first; index <= last; index++) result.push(index)
  return result
}

/**
 * calculateSucceededIndexes: the succeeded indexes as the status has them, and with the indexes of
 * the given newly succeeded pods (those still carrying the tracking finalizer) added.
 */
export function calculateSucceededIndexes(
  job: DefaultedJob,
  podsWithFinalizer: readonly PodRecord[]
): { prev: OrderedIntervals; result: OrderedIntervals } {
  const completions = job.spec.completions ?? 0
  const prev = parseIndexesFromString(job.status.completedIndexes ?? '', completions)
  const newSucceeded = new Set<number>()
  for (const pod of podsWithFinalizer)
    if (pod.phase === 'Succeeded' && pod.index !== null && pod.index < completions)
      newSucceeded.add(pod.index)
  return {
    prev,
    result: withOrderedIndexes(
      prev,
      [...newSucceeded].sort((a, b) => a - b)
    )
  }
}

/** calculateFailedIndexes: status.failedIndexes with the indexes the given pods just failed added. */
export function calculateFailedIndexes(
  job: DefaultedJob,
  podsWithFinalizer: readonly PodRecord[]
): OrderedIntervals {
  const completions = job.spec.completions ?? 0
  const prev =
    job.status.failedIndexes !== undefined
      ? parseIndexesFromString(job.status.failedIndexes, completions)
      : []
  const newFailed = new Set<number>()
  for (const pod of podsWithFinalizer)
    if (pod.index !== null && pod.index < completions && isIndexFailed(job, pod)) newFailed.add(pod.index)
  return withOrderedIndexes(
    prev,
    [...newFailed].sort((a, b) => a - b)
  )
}

/**
 * isIndexFailed: the pod matched a FailIndex rule, or its failure counts and it carried a failure
 * count that already used up backoffLimitPerIndex.
 */
export function isIndexFailed(job: DefaultedJob, pod: PodRecord): boolean {
  let countFailed = false
  if (isPodFailed(pod, job)) {
    if (job.spec.podFailurePolicy) {
      const match = matchPodFailurePolicy(job.spec.podFailurePolicy, pod)
      if (match.action === 'FailIndex') return true
      countFailed = match.countFailed
    } else countFailed = true
  }
  return countFailed && getIndexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0)
}

/**
 * getPodsWithDelayedDeletionPerIndex: for each index that neither succeeded, failed nor runs, its
 * last failed pod (the most failures, then the latest end) is held — not yet counted — until a
 * replacement exists, so that the replacement's failure-count annotations can be taken from it.
 * `failedPods` are the failed pods still carrying the finalizer, with a valid index.
 */
export function getPodsWithDelayedDeletionPerIndex(
  failedPods: readonly PodRecord[],
  indexTaken: (index: number) => boolean
): Map<number, PodRecord> {
  const held = new Map<number, PodRecord>()
  for (const pod of failedPods) {
    const index = pod.index
    if (index === null || indexTaken(index)) continue
    const last = held.get(index)
    if (
      !last ||
      (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(pod) &&
        getFinishedTime(pod) >= getFinishedTime(last))
    )
      held.set(index, pod)
  }
  return held
}

/**
 * firstPendingIndexes: the `count` lowest indexes below completions that no active pod, succeeded
 * or failed index — nor, when only failed pods are replaced, a terminating pod — holds. The pure
 * form of what IndexTracker does incrementally.
 */
export function firstPendingIndexes(
  nonPending: {
    active: Iterable<number>
    succeeded: OrderedIntervals
    failed?: OrderedIntervals
    terminating?: Iterable<number>
  },
  count: number,
  completions: number
): number[] {
  if (count === 0) return []
  const taken = [...new Set([...nonPending.active, ...(nonPending.terminating ?? [])])]
    .filter(index => index >= 0)
    .sort((a, b) => a - b)
  let blocked = withOrderedIndexes(nonPending.succeeded, taken)
  if (nonPending.failed) blocked = mergeIntervals(blocked, nonPending.failed)
  const result: number[] = []
  let candidate = 0
  for (const interval of blocked) {
    for (; candidate < completions && result.length < count && candidate < interval.first; candidate++)
      result.push(candidate)
    if (candidate < interval.last + 1) candidate = interval.last + 1
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate)
  return result
}

/**
 * Pod generateName for an index: `<job>-<index>-`, the job part shortened so the prefix stays at
 * most 58 characters (63 minus the 5 random ones) and still ends in `-<index>-`.
 */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendix = `-${index}-`
  const maxGeneratedNameLength = 58
  const prefix = jobName + appendix
  if (prefix.length > maxGeneratedNameLength)
    return prefix.slice(0, maxGeneratedNameLength - appendix.length) + appendix
  return prefix
}
