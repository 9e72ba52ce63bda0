/**
 * The shards of one Indexed Job put back together, and the verdict one controller would have
 * reached over all of them. The indexes are united and the counters summed; the conditions are
 * decided again in the order syncJob checks them (pkg/controller/job/job_controller.go):
 *
 * 1. a shard that failed the Job as a whole — PodFailurePolicy (FailJob), DeadlineExceeded,
 *    BackoffLimitExceeded, MaxFailedIndexesExceeded — fails it here too (the earliest one);
 * 2. backoffLimit over the failures of every shard;
 * 3. maxFailedIndexes over the union of failed indexes;
 * 4. the successPolicy over the union of completed indexes (a shard only sees its own);
 * 5. every index finished: FailedIndexes if any failed, else CompletionsReached;
 * 6. otherwise some indexes never finished: a shard sent no status file (MissingShards), a shard
 *    was cancelled (Cancelled), or every shard is suspended.
 *
 * A shard's own FailedIndexes ("all of my indexes finished, some failed") is its view only: the
 * merge decides from the union with the controller's own decision (decideFinishedCondition), in
 * syncJob's order, except that a successPolicy the union meets comes before FailedIndexes (it was
 * met earlier in time).
 */
import {
  backoffLimitExceeded,
  deadlineExceeded,
  finishedCondition,
  maxFailedIndexesExceeded,
  newCondition,
  podFailurePolicyCondition,
  type FinishedCondition
} from '../controller/conditions.js'
import {
  formatIndexes,
  formatIntervals,
  intervalsTotal,
  mergeIntervals,
  parseIndexesFromString,
  type OrderedIntervals
} from '../controller/indexedJobUtils.js'
import { AGGREGATE_PREFIX, EventRecorder } from '../controller/eventRecorder.js'
import { completionsCondition, decideFinishedCondition } from '../controller/failureConditions.js'
import { matchSuccessPolicy } from '../controller/successPolicy.js'
import { rfc3339 } from '../controller/time.js'
import type { PodRecord } from '../api/podRecord.js'
import type { JobEvent } from '../api/jobEvent.js'
import type { JobRunResult } from '../report/runResult.js'
import type { DefaultedJob, JobCondition } from '../api/model.js'
import { formatShard, shardIndexes, shardIndexesText, type Shard } from './shard.js'
import { checkShardRuns } from './sameJob.js'
import { resultOf, type ShardRun } from './statusFile.js'

export type { ShardRun } from './statusFile.js'

export interface ShardOutcome {
  shard: Shard
  /** Its run; absent when no status file came for it. */
  run?: ShardRun
  /** The indexes it owns, short (`1,5,…,37`). */
  indexes: string
}

export interface MergedRun {
  result: JobRunResult
  /** Every shard, 1 to n, reported or not. */
  shards: ShardOutcome[]
  /** The indexes of the shards that sent no status file, in interval form; '' when all did. */
  missingIndexes: string
  /** Why the Job did not finish, when some indexes never ran; for the step's failure message. */
  incomplete?: string
}

/** The reason of a merged Job some of whose shards sent no status file: not a Kubernetes reason. */
export const missingShardsReason = 'MissingShards'
/** Some indexes never finished, though every shard reported: not reachable from shards of one spec. */
const incompleteReason = 'Incomplete'

/** Reasons a shard fails the whole Job with: a shard's FailedIndexes is only about its own indexes. */
const jobWideFailures = new Set([
  podFailurePolicyCondition('').reason,
  deadlineExceeded.reason,
  backoffLimitExceeded.reason,
  maxFailedIndexesExceeded.reason
])

function conditionTime(condition: JobCondition | undefined): number | undefined {
  const at = condition?.lastTransitionTime ? Date.parse(condition.lastTransitionTime) : NaN
  return Number.isNaN(at) ? undefined : at
}

/** The events a shard recorded when it finished: the merge records its own verdict instead. */
function isFinishedEvent(event: JobEvent, terminal: JobCondition | undefined): boolean {
  if (!terminal) return false
  if (terminal.type === 'Failed')
    return event.type === 'Warning' && event.reason === terminal.reason && event.message === terminal.message
  return (
    (event.type === 'Normal' && event.reason === 'Completed' && event.message === 'Job completed') ||
    (event.type === 'Warning' && event.reason === 'TooManySucceededPods')
  )
}

/**
 * Every shard's events, in time order, recorded again by one recorder: the merged Job shows what a
 * single job controller would have left (similar events combined, at most 25 kept; see
 * EventRecorder). A shard's event seen `count` times is recorded that many times.
 */
function mergeEvents(runs: readonly ShardRun[]): EventRecorder {
  const recorder = new EventRecorder()
  const events = runs.flatMap(({ status }) => {
    const terminal = finishedCondition(status.job.status.conditions)
    return status.events.filter(event => !isFinishedEvent(event, terminal))
  })
  for (const event of byTime(events, e => e.firstTimestamp)) {
    const message = event.message.startsWith(AGGREGATE_PREFIX)
      ? event.message.slice(AGGREGATE_PREFIX.length)
      : event.message
    for (let n = 1; n <= event.count; n++)
      recorder.record(
        event.type,
        event.reason,
        message,
        n === event.count ? event.lastTimestamp : event.firstTimestamp
      )
  }
  return recorder
}

function byTime<T>(items: readonly T[], time: (item: T) => number): T[] {
  return items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => time(a.item) - time(b.item) || a.order - b.order)
    .map(({ item }) => item)
}

type Verdict =
  | { kind: 'finished'; condition: FinishedCondition; at: number; conditions?: JobCondition[] }
  | { kind: 'unfinished'; status: JobRunResult['status']; reason: string; cancelled: boolean }

interface Union {
  completions: number
  completed: OrderedIntervals
  failedIndexes: OrderedIntervals
  failed: number
}

/** Steps 1 to 5 of the decision; undefined when the Job has not finished (step 6). */
function decide(
  runs: readonly ShardRun[],
  job: DefaultedJob,
  union: Union,
  lastEnd: number
): Verdict | undefined {
  const spec = job.spec
  const carried = byTime(
    runs
      .map(run => ({ run, terminal: finishedCondition(run.status.job.status.conditions) }))
      .filter(({ terminal }) => terminal?.type === 'Failed' && jobWideFailures.has(terminal.reason ?? '')),
    ({ run, terminal }) =>
      conditionTime((run.status.job.status.conditions ?? []).find(c => c.type === 'FailureTarget')) ??
      conditionTime(terminal) ??
      run.status.endedAt
  )[0]
  if (carried) {
    const terminal = carried.terminal as JobCondition
    const conditions = (carried.run.status.job.status.conditions ?? []).filter(
      c => c.type === 'FailureTarget' || c.type === 'Failed'
    )
    return {
      kind: 'finished',
      condition: { type: 'FailureTarget', reason: terminal.reason ?? '', message: terminal.message ?? '' },
      at: carried.run.status.endedAt,
      conditions: structuredClone(conditions)
    }
  }
  // The shards' union decided as one controller decides a sync (a shard's deadline or FailJob is
  // carried above; the merge itself has no clock and no pods running). A successPolicy that the union
  // meets was met no later than the last index finished, so a controller would have seen it before
  // "every index finished, some failed" could hold: FailedIndexes is not a candidate then.
  const failedCount = intervalsTotal(union.failedIndexes)
  const succeededCount = intervalsTotal(union.completed)
  const policy = matchSuccessPolicy(spec.successPolicy, union.completions, union.completed)
  const owned = policy === undefined ? union.completions : Infinity
  const condition =
    decideFinishedCondition(spec, {
      failed: union.failed,
      restartCount: 0,
      pastActiveDeadline: false,
      indexes:
        spec.backoffLimitPerIndex != null
          ? { failed: failedCount, succeeded: succeededCount, owned }
          : undefined,
      successPolicyMessage: policy
    }) ?? completionsCondition(union.completions, succeededCount, 0)
  if (condition) return { kind: 'finished', condition, at: lastEnd }
  return undefined
}

/** The shards' indexes and failures together (each shard owns its indexes: no overlap). */
function unite(runs: readonly ShardRun[], completions: number): Union {
  const union: Union = { completions, completed: [], failedIndexes: [], failed: 0 }
  for (const { status } of runs) {
    const { completedIndexes, failedIndexes: failed, failed: failedPods } = status.job.status
    union.completed = mergeIntervals(
      union.completed,
      parseIndexesFromString(completedIndexes ?? '', completions)
    )
    union.failedIndexes = mergeIntervals(
      union.failedIndexes,
      parseIndexesFromString(failed ?? '', completions)
    )
    union.failed += failedPods ?? 0
  }
  return union
}

/** The status one controller would have written, from the shards' own. */
function mergedStatus(runs: readonly ShardRun[], union: Union, perIndex: boolean): DefaultedJob['status'] {
  const sum = (key: 'active' | 'ready' | 'terminating'): number =>
    runs.reduce((n, { status }) => n + (status.job.status[key] ?? 0), 0)
  const starts = runs
    .map(({ status }) => status.job.status.startTime)
    .filter((t): t is string => typeof t === 'string')
    .sort((a, b) => Date.parse(a) - Date.parse(b))
  const status: DefaultedJob['status'] = {}
  if (starts.length > 0) status.startTime = starts[0]
  if (sum('active') > 0) status.active = sum('active')
  status.ready = sum('ready')
  status.terminating = sum('terminating')
  const succeeded = intervalsTotal(union.completed)
  if (succeeded > 0) status.succeeded = succeeded
  if (union.failed > 0) status.failed = union.failed
  const completed = formatIntervals(union.completed)
  if (completed) status.completedIndexes = completed
  if (perIndex) status.failedIndexes = formatIntervals(union.failedIndexes)
  status.uncountedTerminatedPods = {}
  return status
}

/**
 * Merges the runs of the shards of one Job (checked with checkShardRuns first). A single run of
 * every index is the Job's own verdict, passed through.
 */
export function mergeShardRuns(runs: readonly ShardRun[]): MergedRun {
  checkShardRuns(runs)
  const count = runs[0].status.shard?.count ?? 1
  const byIndex = new Map(runs.map(run => [run.status.shard?.index ?? 1, run]))
  const reference = runs[0].status.job
  const completions = reference.spec.completions ?? 0
  const shards: ShardOutcome[] = []
  for (let index = 1; index <= count; index++) {
    const shard = { index, count }
    shards.push({ shard, run: byIndex.get(index), indexes: shardIndexesText(completions, shard) })
  }
  const present = shards.flatMap(s => (s.run ? [s.run] : []))
  if (count === 1) return { result: resultOf(structuredClone(present[0].status)), shards, missingIndexes: '' }

  const job = structuredClone(present[0].status.job)
  const union = unite(present, completions)
  const perIndex = job.spec.backoffLimitPerIndex != null
  job.status = mergedStatus(present, union, perIndex)

  const missing = shards.filter(s => !s.run)
  const missingIndexes = formatIndexes(missing.flatMap(s => shardIndexes(completions, s.shard)))
  // The union is known once the last shard has ended (ms, so that the verdict's event comes last).
  const lastEnd = Math.max(...present.map(({ status }) => status.endedAt))
  const recorder = mergeEvents(present)
  const verdict: Verdict = decide(present, job, union, lastEnd) ?? unfinished(present, missing.length > 0)
  let incomplete: string | undefined
  if (verdict.kind === 'finished') {
    const { condition, at } = verdict
    const terminal = condition.type === 'FailureTarget' ? 'Failed' : 'Complete'
    job.status.conditions = verdict.conditions ?? [
      newCondition(condition.type, 'True', condition.reason, condition.message, at),
      newCondition(terminal, 'True', condition.reason, condition.message, at)
    ]
    if (terminal === 'Complete') {
      job.status.completionTime = rfc3339(at)
      recorder.record('Normal', 'Completed', 'Job completed', at)
    } else recorder.record('Warning', condition.reason, condition.message, at)
  } else {
    if (verdict.status === 'Suspended')
      job.status.conditions = structuredClone(present[0].status.job.status.conditions)
    if (verdict.reason === incompleteReason)
      incomplete = `Job "${job.metadata.name}" did not finish: its shards left indexes ${unfinishedIndexes(union)} unfinished`
    if (verdict.reason === missingShardsReason)
      incomplete =
        `Job "${job.metadata.name}" did not finish: no status file came for ` +
        `${missing.length === 1 ? 'shard' : 'shards'} ${missing.map(s => formatShard(s.shard)).join(', ')}, ` +
        `so ${missingIndexes ? `indexes ${missingIndexes}` : 'no index'} never ran`
  }

  const result: JobRunResult = {
    job,
    pods: byTime(
      present.flatMap(({ status }) => status.pods),
      (pod: PodRecord) => pod.creationTimestamp
    ),
    events: byTime(recorder.events, e => e.firstTimestamp),
    status:
      verdict.kind === 'finished'
        ? verdict.condition.type === 'FailureTarget'
          ? 'Failed'
          : 'Complete'
        : verdict.status,
    reason: verdict.kind === 'finished' ? verdict.condition.reason : verdict.reason,
    terminal: finishedCondition(job.status.conditions),
    cancelled: verdict.kind === 'unfinished' && verdict.cancelled,
    startedAt: Math.min(...present.map(({ status }) => status.startedAt)),
    endedAt: Math.max(...present.map(({ status }) => status.endedAt))
  }
  return { result, shards, missingIndexes, incomplete }
}

function unfinishedIndexes(union: Union): string {
  const finished = mergeIntervals(union.completed, union.failedIndexes)
  const rest: number[] = []
  for (let index = 0, i = 0; index < union.completions; index++) {
    while (i < finished.length && finished[i].last < index) i++
    if (i >= finished.length || index < finished[i].first) rest.push(index)
  }
  return formatIndexes(rest)
}

/** Step 6: why some indexes never finished. */
function unfinished(present: readonly ShardRun[], missing: boolean): Verdict {
  if (missing) return { kind: 'unfinished', status: 'Failed', reason: missingShardsReason, cancelled: false }
  if (present.some(({ status }) => status.cancelled))
    return { kind: 'unfinished', status: 'Failed', reason: 'Cancelled', cancelled: true }
  const suspended = present.find(({ status }) => status.status === 'Suspended')
  if (suspended && present.every(({ status }) => status.status === 'Suspended'))
    return { kind: 'unfinished', status: 'Suspended', reason: suspended.status.reason, cancelled: false }
  // Not reachable from shards of one spec; said plainly rather than guessed.
  return { kind: 'unfinished', status: 'Failed', reason: incompleteReason, cancelled: false }
}
