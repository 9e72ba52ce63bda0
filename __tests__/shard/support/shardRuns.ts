/**
 * A Job run whole and as shards on the real controller, kubelet and driver, in virtual time with a
 * scripted engine; each run turned into a status file (through JSON, as a file would be) for the
 * merge.
 */
import type { JobRunResult } from '../../../src/runner/jobRun.js'
import type { ShardRun } from '../../../src/shard/merge.js'
import type { Shard } from '../../../src/shard/shard.js'
import { statusFileOf, type StatusFile } from '../../../src/shard/statusFile.js'
import type { Script } from '../../support/scriptedEngine.js'
import { byIndex, runVirtual } from '../../support/virtualRun.js'

export interface VirtualShardOptions {
  shard?: Shard
  backoffBaseMs?: number
  /** Interrupt the run this long after it starts. */
  cancelAfterMs?: number
}

/** One run (whole, or one shard) of the first Job of the manifest. */
export function runShard(
  manifest: string,
  script: Script,
  options: VirtualShardOptions = {}
): Promise<JobRunResult> {
  const { cancelAfterMs } = options
  return runVirtual(manifest, script, {
    shard: options.shard,
    backoffBaseMs: options.backoffBaseMs,
    during:
      cancelAfterMs === undefined ? undefined : hand => hand.at(cancelAfterMs, () => hand.run.cancel(1000))
  })
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
  return byIndex(decide, index => 1000 + (index % 4) * 500)
}
