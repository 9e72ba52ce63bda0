/**
 * The action's outputs (action.yml, README "Outputs") from the finished runs. Several Jobs: the
 * status is Failed if any failed, the reason that of the first failed Job (else of the first), the
 * counters are sums, job-json a v1 List.
 */
import type { JobRunResult } from './runResult.js'
import type { PodRecord } from '../api/podRecord.js'

export interface ActionOutputs {
  status: string
  reason: string
  succeeded: string
  failed: string
  'completed-indexes': string
  'failed-indexes': string
  'job-json': string
  describe: string
  'logs-dir': string
}

export function overallStatus(results: readonly JobRunResult[]): JobRunResult['status'] {
  if (results.some(r => r.status === 'Failed')) return 'Failed'
  if (results.length > 0 && results.every(r => r.status === 'Suspended')) return 'Suspended'
  return 'Complete'
}

export function jobJson(results: readonly JobRunResult[]): unknown {
  if (results.length === 1) return results[0].job
  return { apiVersion: 'v1', items: results.map(r => r.job), kind: 'List', metadata: { resourceVersion: '' } }
}

/**
 * Every Job's pods, in order: the `pods-json` output, which is written apart from the others, in
 * slices (podsJsonSlices, outputFile.ts).
 */
export function* allPods(results: readonly JobRunResult[]): Generator<PodRecord> {
  for (const result of results) yield* result.pods
}

export function actionOutputs(
  results: readonly JobRunResult[],
  describe: string,
  logsDir: string
): ActionOutputs {
  const firstFailed = results.find(r => r.status === 'Failed')
  const indexed = results.find(r => r.job.spec.completionMode === 'Indexed')
  return {
    status: overallStatus(results),
    reason: (firstFailed ?? results[0])?.reason ?? '',
    succeeded: String(results.reduce((n, r) => n + (r.job.status.succeeded ?? 0), 0)),
    failed: String(results.reduce((n, r) => n + (r.job.status.failed ?? 0), 0)),
    'completed-indexes': indexed?.job.status.completedIndexes ?? '',
    'failed-indexes': indexed?.job.status.failedIndexes ?? '',
    'job-json': JSON.stringify(jobJson(results), null, 2),
    describe,
    'logs-dir': logsDir
  }
}
