/**
 * The per-index annotations of an Indexed Job's pods, read as the controller reads them
 * (indexed_job_utils.go): the completion index, and the counted and ignored failure counts of
 * backoffLimitPerIndex. Apart from indexedJobUtils.ts because the backoff reads them too.
 */
import { completionIndexKey, indexFailureCountKey, indexIgnoredFailureCountKey } from '../api/model.js'
import type { PodRecord } from '../api/podRecord.js'

const maxInt32 = 2147483647
const decimal = /^[+-]?\d+$/

/** strconv.Atoi: the whole string must be a (signed) decimal integer. */
export function atoi(text: string): number | undefined {
  if (!decimal.test(text)) return undefined
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : undefined
}

/** getCompletionIndex: the annotation as a non-negative integer, else null (unknown index). */
export function getCompletionIndex(annotations: Readonly<Record<string, string>> | undefined): number | null {
  const value = annotations?.[completionIndexKey]
  if (value === undefined) return null
  const index = atoi(value)
  return index === undefined || index < 0 ? null : index
}

/**
 * getIndexFailureCount (parseInt32 of the annotation): 0 when it is missing, not an integer,
 * negative or beyond int32.
 */
export function getIndexFailureCount(pod: Pick<PodRecord, 'annotations'>): number {
  return parseCount(pod.annotations[indexFailureCountKey])
}

export function getIndexIgnoredFailureCount(pod: Pick<PodRecord, 'annotations'>): number {
  return parseCount(pod.annotations[indexIgnoredFailureCountKey])
}

/** getIndexAbsoluteFailureCount: counted and ignored failures together (they drive the backoff). */
export function getIndexAbsoluteFailureCount(pod: Pick<PodRecord, 'annotations'>): number {
  return getIndexFailureCount(pod) + getIndexIgnoredFailureCount(pod)
}

function parseCount(value: string | undefined): number {
  if (value === undefined) return 0
  const parsed = atoi(value)
  return parsed === undefined || parsed < 0 || parsed > maxInt32 ? 0 : parsed
}

/**
 * getNewIndexFailureCounts: the annotations of the pod replacing `replaced` — its counted failures
 * plus one, or its ignored ones plus one when an Ignore rule matched it. A first pod gets 0, 0.
 */
export function getNewIndexFailureCounts(
  replaced: PodRecord | undefined,
  countFailed: (pod: PodRecord) => boolean
): { counted: number; ignored: number } {
  if (!replaced) return { counted: 0, ignored: 0 }
  const counted = getIndexFailureCount(replaced)
  const ignored = getIndexIgnoredFailureCount(replaced)
  return countFailed(replaced) ? { counted: counted + 1, ignored } : { counted, ignored: ignored + 1 }
}
