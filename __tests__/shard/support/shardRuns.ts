/**
 * A Job run whole and as shards on the real controller, kubelet and driver, in virtual time with a
 * scripted engine; each run turned into a status file (through JSON, as a file would be) for the
 * merge.
 */
import { sequentialSuffix } from '../../../src/controller/podNames.js'
import { JobRun, type JobRunResult } from '../../../src/runner/jobRun.js'
import { configLookup } from '../../../src/runner/runJobs.js'
import type { ShardRun } from '../../../src/shard/merge.js'
import type { Shard } from '../../../src/shard/shard.js'
import { statusFileOf, type StatusFile } from '../../../src/shard/statusFile.js'
import { loadManifests } from '../../../src/api/load.js'
import { scriptedEngine, virtualLogs, type Script } from '../../support/scriptedEngine.js'
import { VirtualClock } from '../../support/virtualClock.js'

export interface VirtualShardOptions {
  shard?: Shard
  backoffBaseMs?: number
  /** Interrupt the run this long after it starts. */
  cancelAfterMs?: number
}

/** One run (whole, or one shard) of the first Job of the manifest. */
export async function runShard(
  manifest: string,
  script: Script,
  options: VirtualShardOptions = {}
): Promise<JobRunResult> {
  const clock = new VirtualClock()
  let uid = 0
  // Every run is a new Job object with uids of its own, as on separate runners.
  const prefix = String(options.shard?.index ?? 0).padStart(8, '0')
  const newUid = (): string => `${prefix}-0000-4000-8000-${String(++uid).padStart(12, '0')}`
  const loaded = loadManifests([{ text: manifest, file: 'job.yaml' }], {
    namespace: 'default',
    newUid,
    now: clock.now()
  })
  const run = new JobRun(loaded.jobs[0].job, {
    clock,
    engine: scriptedEngine(clock, script),
    logs: virtualLogs(),
    lookup: configLookup(loaded),
    runId: 'virtual',
    backoffBaseMs: options.backoffBaseMs ?? 10_000,
    randomSuffix: sequentialSuffix(),
    newUid,
    shard: options.shard
  })
  const pending = run.run()
  if (options.cancelAfterMs !== undefined) clock.setTimer(options.cancelAfterMs, () => run.cancel(1000))
  clock.runAll()
  return pending
}

/** The status file a run writes, read back. */
export function statusOf(result: JobRunResult, shard?: Shard): StatusFile {
  const status = statusFileOf(result, { logsDir: '/virtual', shard, mask: text => text })
  return JSON.parse(JSON.stringify(status)) as StatusFile
}

export function shardRun(result: JobRunResult, shard: Shard): ShardRun {
  return { shown: `shard-${shard.index}/job.status.json`, status: statusOf(result, shard) }
}

/** Every shard of `count`, each a separate run. */
export async function runShards(
  manifest: string,
  script: Script,
  count: number,
  options: Omit<VirtualShardOptions, 'shard'> & { cancel?: Record<number, number> } = {}
): Promise<ShardRun[]> {
  const runs: ShardRun[] = []
  for (let index = 1; index <= count; index++) {
    const shard = { index, count }
    const result = await runShard(manifest, script, {
      ...options,
      shard,
      cancelAfterMs: options.cancel?.[index]
    })
    runs.push(shardRun(result, shard))
  }
  return runs
}

/** What must be the same whether a Job ran whole or in shards. */
export function verdict(result: JobRunResult): Record<string, unknown> {
  const s = result.job.status
  return {
    status: result.status,
    reason: result.reason,
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    completedIndexes: s.completedIndexes ?? '',
    failedIndexes: s.failedIndexes,
    conditions: (s.conditions ?? []).map(c => `${c.type}/${c.reason}`)
  }
}

/** An Indexed Job of `completions` indexes, with extra spec lines (indented two spaces). */
export function indexedJob(name: string, completions: number, extraSpec = '', container = ''): string {
  return `
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completionMode: Indexed
  completions: ${completions}
  parallelism: 3
${extraSpec}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: ["work"]
${container}
`
}

/**
 * Exit codes by index and by the attempt of that index (0 first): the script of one run. Each
 * index runs 1 to 2.5 s, so that pods of a run overlap and finish in varying order.
 */
export function byIndexAttempt(decide: (index: number, attempt: number) => number): Script {
  const attempts = new Map<number, number>()
  return launch => {
    const index = launch.pod.index ?? 0
    const attempt = attempts.get(index) ?? 0
    attempts.set(index, attempt + 1)
    return { exitCode: decide(index, attempt), durationMs: 1000 + (index % 4) * 500 }
  }
}
