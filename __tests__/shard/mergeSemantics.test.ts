/**
 * A Job run whole and as shards (separate runs of the real controller in virtual time), the shards
 * merged: where the result must equal the whole run, it does; where shards cannot stop each
 * other, the verdict is still the one the whole run reaches.
 */
import { describe, expect, test } from '@jest/globals'
import { mergeShardRuns, missingShardsReason } from '../../src/shard/merge.js'
import type { Script } from '../support/scriptedEngine.js'
import { byIndexAttempt, indexedJob, runShard, runShards, verdict } from './support/shardRuns.js'

interface ExactCase {
  name: string
  manifest: string
  script: () => Script
  shards: number
}

const alwaysFails =
  (...failing: number[]): (() => Script) =>
  () =>
    byIndexAttempt(index => (failing.includes(index) ? 1 : 0))

const exactCases: ExactCase[] = [
  { name: 'a Job that completes', manifest: indexedJob('ok', 40), script: alwaysFails(), shards: 4 },
  {
    name: 'a failing index under backoffLimitPerIndex',
    manifest: indexedJob('per-index', 40, '  backoffLimitPerIndex: 1'),
    script: alwaysFails(7),
    shards: 4
  },
  {
    name: 'failing indexes in two shards, backoffLimitPerIndex 2',
    manifest: indexedJob('two-failed', 40, '  backoffLimitPerIndex: 2'),
    script: alwaysFails(7, 10),
    shards: 4
  },
  {
    name: 'an index that fails once, then succeeds, under backoffLimitPerIndex',
    manifest: indexedJob('retried', 40, '  backoffLimitPerIndex: 1'),
    script: () => byIndexAttempt((index, attempt) => (index === 13 && attempt === 0 ? 1 : 0)),
    shards: 4
  },
  {
    name: 'more shards than indexes',
    manifest: indexedJob('small', 3),
    script: alwaysFails(),
    shards: 5
  },
  {
    name: 'a single shard',
    manifest: indexedJob('one', 10, '  backoffLimitPerIndex: 0'),
    script: alwaysFails(4),
    shards: 1
  }
]

describe('merged shards equal the Job run whole', () => {
  test.each(exactCases)('$name', async ({ manifest, script, shards }) => {
    const whole = await runShard(manifest, script())
    const runs = await runShards(manifest, script(), shards)
    const merged = mergeShardRuns(runs)
    expect(verdict(merged.result)).toEqual(verdict(whole))
    expect(merged.result.pods).toHaveLength(whole.pods.length)
    expect(merged.missingIndexes).toBe('')
  })
})

interface VerdictCase {
  name: string
  manifest: string
  script: () => Script
  /** Each shard's own status and reason. */
  shardViews: string[]
  status: string
  reason: string
  message?: RegExp
}

const verdictCases: VerdictCase[] = [
  {
    name: 'maxFailedIndexes exceeded only across shards',
    manifest: indexedJob('max-failed', 40, '  backoffLimitPerIndex: 0\n  maxFailedIndexes: 1'),
    script: alwaysFails(7, 10),
    // Shards 3 and 4 each have one failed index, within the limit: FailedIndexes in their view.
    shardViews: [
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Failed/FailedIndexes',
      'Failed/FailedIndexes'
    ],
    status: 'Failed',
    reason: 'MaxFailedIndexesExceeded',
    message: /^Job has exceeded the specified maximal number of failed indexes$/
  },
  {
    name: 'backoffLimit exceeded only by the failures of all shards together',
    manifest: indexedJob('backoff', 40, '  backoffLimit: 2'),
    script: () => byIndexAttempt((index, attempt) => ([5, 6, 7].includes(index) && attempt === 0 ? 1 : 0)),
    shardViews: [
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached'
    ],
    status: 'Failed',
    reason: 'BackoffLimitExceeded',
    message: /^Job has reached the specified backoff limit$/
  },
  {
    name: 'successPolicy on indexes of every shard: met only by the union',
    manifest: indexedJob(
      'policy-indexes',
      40,
      '  successPolicy:\n    rules:\n      - succeededIndexes: "0-3"'
    ),
    script: alwaysFails(),
    shardViews: [
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached'
    ],
    status: 'Complete',
    reason: 'SuccessPolicy',
    message: /^Matched rules at index 0$/
  },
  {
    name: 'successPolicy succeededCount: each shard meets it alone',
    manifest: indexedJob('policy-count', 40, '  successPolicy:\n    rules:\n      - succeededCount: 4'),
    script: alwaysFails(),
    shardViews: [
      'Complete/SuccessPolicy',
      'Complete/SuccessPolicy',
      'Complete/SuccessPolicy',
      'Complete/SuccessPolicy'
    ],
    status: 'Complete',
    reason: 'SuccessPolicy'
  },
  {
    name: 'successPolicy met by the union wins over a shard with a failed index',
    manifest: indexedJob(
      'policy-over-failed',
      40,
      '  backoffLimitPerIndex: 0\n  successPolicy:\n    rules:\n      - succeededCount: 20'
    ),
    script: alwaysFails(7),
    shardViews: [
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached',
      'Failed/FailedIndexes'
    ],
    status: 'Complete',
    reason: 'SuccessPolicy'
  },
  {
    name: 'a FailJob rule in one shard fails the Job',
    manifest: indexedJob(
      'fail-job',
      40,
      '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes:\n          operator: In\n          values: [42]'
    ),
    script: () => byIndexAttempt(index => (index === 9 ? 42 : 0)),
    shardViews: [
      'Complete/CompletionsReached',
      'Failed/PodFailurePolicy',
      'Complete/CompletionsReached',
      'Complete/CompletionsReached'
    ],
    status: 'Failed',
    reason: 'PodFailurePolicy',
    message:
      /^Container c for pod default\/fail-job-9-\w+ failed with exit code 42 matching FailJob rule at index 0$/
  },
  {
    name: 'activeDeadlineSeconds: each shard measures its own run',
    manifest: indexedJob('deadline', 40, '  activeDeadlineSeconds: 4'),
    script: alwaysFails(),
    shardViews: [
      'Failed/DeadlineExceeded',
      'Failed/DeadlineExceeded',
      'Failed/DeadlineExceeded',
      'Failed/DeadlineExceeded'
    ],
    status: 'Failed',
    reason: 'DeadlineExceeded',
    message: /^Job was active longer than specified deadline$/
  }
]

describe('the merge decides as one controller would', () => {
  test.each(verdictCases)('$name', async ({ manifest, script, shardViews, status, reason, message }) => {
    const whole = await runShard(manifest, script())
    const runs = await runShards(manifest, script(), 4)
    expect(runs.map(r => `${r.status.status}/${r.status.reason}`)).toEqual(shardViews)
    const merged = mergeShardRuns(runs)
    expect([merged.result.status, merged.result.reason]).toEqual([whole.status, whole.reason])
    expect([merged.result.status, merged.result.reason]).toEqual([status, reason])
    const conditions = merged.result.job.status.conditions ?? []
    const terminal = status === 'Complete' ? ['SuccessCriteriaMet', 'Complete'] : ['FailureTarget', 'Failed']
    expect(conditions.map(c => c.type)).toEqual(terminal)
    if (message) for (const c of conditions) expect(c.message).toMatch(message)
    // One terminal event, the merge's own; the shards' are gone.
    const finishedEvents = merged.result.events.filter(
      e => e.reason === 'Completed' || (e.type === 'Warning' && e.reason === reason)
    )
    expect(finishedEvents).toHaveLength(1)
    if (status === 'Complete') expect(merged.result.job.status.completionTime).toBeDefined()
    else expect(merged.result.job.status.completionTime).toBeUndefined()
  })
})

describe('the merged status', () => {
  test('counters, indexes, times and pods come from every shard', async () => {
    const manifest = indexedJob('sums', 40, '  backoffLimitPerIndex: 1')
    const runs = await runShards(manifest, alwaysFails(7, 10)(), 4)
    const merged = mergeShardRuns(runs)
    const status = merged.result.job.status
    expect(status.failed).toBe(runs.reduce((n, r) => n + (r.status.job.status.failed ?? 0), 0))
    expect(status.failed).toBe(4)
    expect(status.completedIndexes).toBe('0-6,8,9,11-39')
    expect(status.failedIndexes).toBe('7,10')
    expect(status).toMatchObject({ ready: 0, terminating: 0, uncountedTerminatedPods: {} })
    expect(status.startTime).toBe(runs[0].status.job.status.startTime)
    expect(merged.result.pods.map(p => p.creationTimestamp)).toEqual(
      [...merged.result.pods.map(p => p.creationTimestamp)].sort((a, b) => a - b)
    )
    expect(merged.result.startedAt).toBe(Math.min(...runs.map(r => r.status.startedAt)))
    expect(merged.result.endedAt).toBe(Math.max(...runs.map(r => r.status.endedAt)))
    expect(merged.shards.map(s => s.indexes)).toEqual(['0,4,…,36', '1,5,…,37', '2,6,…,38', '3,7,…,39'])
    // Events stay in time order, as one job controller's recorder keeps them: nine creations one
    // by one, then one combined event for the rest (all 40 pods counted), at most 25 in all.
    const creations = merged.result.events.filter(e => e.reason === 'SuccessfulCreate')
    expect(creations.slice(0, 9).every(e => e.count === 1 && e.message.startsWith('Created pod: '))).toBe(
      true
    )
    expect(creations[9].message).toMatch(/^\(combined from similar events\): Created pod: /)
    expect(creations.reduce((sum, e) => sum + e.count, 0)).toBe(merged.result.pods.length)
    expect(merged.result.events.length).toBeLessThanOrEqual(25)
    expect(merged.result.events.map(e => e.firstTimestamp)).toEqual(
      [...merged.result.events.map(e => e.firstTimestamp)].sort((a, b) => a - b)
    )
    expect(merged.result.events.at(-1)).toMatchObject({
      type: 'Warning',
      reason: 'FailedIndexes',
      firstTimestamp: merged.result.endedAt
    })
  })

  test('a missing shard: the report says which indexes never ran', async () => {
    const manifest = indexedJob('missing', 40)
    const runs = await runShards(manifest, alwaysFails()(), 4)
    const merged = mergeShardRuns([runs[0], runs[1], runs[3]])
    expect([merged.result.status, merged.result.reason]).toEqual(['Failed', missingShardsReason])
    expect(merged.missingIndexes).toBe('2,6,10,14,18,22,26,30,34,38')
    expect(merged.incomplete).toBe(
      'Job "missing" did not finish: no status file came for shard 3/4, so indexes 2,6,10,14,18,22,26,30,34,38 never ran'
    )
    expect(merged.shards[2].run).toBeUndefined()
    expect(merged.result.job.status.succeeded).toBe(30)
    expect(merged.result.job.status.conditions).toBeUndefined()
  })

  test('a missing shard does not stop a verdict that the others already decide', async () => {
    const manifest = indexedJob(
      'missing-but-policy',
      40,
      '  successPolicy:\n    rules:\n      - succeededCount: 4'
    )
    const runs = await runShards(manifest, alwaysFails()(), 4)
    const merged = mergeShardRuns([runs[0], runs[2]])
    expect([merged.result.status, merged.result.reason]).toEqual(['Complete', 'SuccessPolicy'])
    expect(merged.missingIndexes).not.toBe('')
  })

  test('a cancelled shard: the merged run is cancelled, its unfinished indexes not run', async () => {
    const manifest = indexedJob('cancelled', 40)
    const runs = await runShards(manifest, alwaysFails()(), 4, { cancel: { 2: 2500 } })
    expect(runs[1].status.cancelled).toBe(true)
    const merged = mergeShardRuns(runs)
    expect([merged.result.status, merged.result.reason, merged.result.cancelled]).toEqual([
      'Failed',
      'Cancelled',
      true
    ])
    expect(merged.incomplete).toBeUndefined()
  })

  test('a suspended Job stays suspended', async () => {
    const manifest = indexedJob('suspended', 40, '  suspend: true')
    const runs = await runShards(manifest, alwaysFails()(), 4)
    const merged = mergeShardRuns(runs)
    expect([merged.result.status, merged.result.reason]).toEqual(['Suspended', 'JobSuspended'])
    expect(merged.result.job.status.conditions?.map(c => `${c.type}/${c.reason}`)).toEqual([
      'Suspended/JobSuspended'
    ])
  })

  test('parallelism applies per shard', async () => {
    const manifest = indexedJob('parallel', 40)
    for (const index of [1, 4]) {
      const shard = { index, count: 4 }
      const result = await runShard(manifest, alwaysFails()(), { shard })
      expect(result.pods.map(p => p.index)).toEqual([...Array(10).keys()].map(k => k * 4 + index - 1))
      // Three at a time: the fourth pod starts when the first of its shard has ended.
      const starts = result.pods.map(p => p.startTime as number)
      const firstEnd = Math.min(...result.pods.map(p => p.finishTime as number))
      expect(starts.filter(t => t < firstEnd)).toHaveLength(3)
    }
  })
})
