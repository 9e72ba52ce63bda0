/**
 * Index bookkeeping of Indexed Jobs, after pkg/controller/job/indexed_job_utils.go.
 */

/**
 * The compressed interval form of status.completedIndexes / failedIndexes: ascending, runs of
 * three or more written `first-last`, a run of two written `a,b` (so `{1,3,4,5,7}` → `1,3-5,7`).
 */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = Int32Array.from(indexes).sort()
  const parts: string[] = []
  let i = 0
  while (i < sorted.length) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`)
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]))
    i = j + 1
  }
  return parts.join(',')
}

/**
 * parseIndexesFromString: tolerant, as the controller reads its own status back — fragments that
 * are not integers are skipped, parsing stops at the first index >= completions and an interval's
 * end is clipped to completions - 1.
 */
export function parseIndexes(text: string, completions: number): number[] {
  const result: number[] = []
  if (!text) return result
  for (const fragment of text.split(',')) {
    const [first, last = first] = fragment.split('-')
    const from = Number.parseInt(first, 10)
    let to = Number.parseInt(last, 10)
    if (!Number.isInteger(from) || !Number.isInteger(to)) continue
    if (from >= completions) break
    to = Math.min(to, completions - 1)
    for (let x = from; x <= to; x++) result.push(x)
  }
  return result
}

/** Completion-index env var, label and annotation key. */
export const completionIndexKey = 'batch.kubernetes.io/job-completion-index'
export const indexFailureCountKey = 'batch.kubernetes.io/job-index-failure-count'
export const indexIgnoredFailureCountKey = 'batch.kubernetes.io/job-index-ignored-failure-count'

/**
 * Pod generateName for an index: `<job>-<index>-`, with the job part shortened so the prefix stays
 * at most 58 characters (63 minus the 5 random ones) and still ends in `-<index>-`.
 */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendix = `-${index}-`
  const maxPrefix = 58
  if (jobName.length + appendix.length > maxPrefix) return jobName.slice(0, maxPrefix - appendix.length) + appendix
  return jobName + appendix
}
