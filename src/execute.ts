/**
 * The one path both adapters take: load and validate everything, run every Job, and build the
 * report. Nothing here knows whether it serves the action or the CLI.
 */
import { randomUUID } from 'node:crypto'
import * as path from 'node:path'
import type { Writable } from 'node:stream'
import { systemClock, type Clock } from './clock.js'
import { keepHeapNearLive } from './heapGrowth.js'
import { Masker } from './masker.js'
import { describeJob } from './report/describe.js'
import { actionOutputs, type ActionOutputs } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import type { JobRunResult } from './report/runResult.js'
import { checkRuntime, JobsRun, type RunIo } from './runner/runJobs.js'
import { createEngine } from './runtime/createEngine.js'
import type { RunSettings } from './settings.js'
import { findStatusFiles } from './shard/findStatusFiles.js'
import { mergeShardRuns, type MergedRun } from './shard/merge.js'
import { withoutMergeOutput, writeMergedStatusFile, type MergedStatusFile } from './shard/mergedStatusFile.js'
import { checkShardRuns } from './shard/sameJob.js'
import { checkShardable } from './shard/shard.js'
import { relocateLogs } from './shard/shardLogs.js'
import { renderMergedSummary, renderShardSummary } from './shard/shardSummary.js'
import { readStatusFile, writeStatusFile } from './shard/statusFile.js'
import { loadManifests, type LoadedManifests, type ManifestSource } from './api/load.js'
import { prepareLogsFolder } from './logs/logsFolder.js'
import { makeLogsFolder } from './logs/safeFiles.js'

export interface ExecuteHooks {
  out: Writable
  color: boolean
  notice(message: string): void
  /** A problem the run carries on despite, to show as an error (annotation); notice when absent. */
  error?(message: string): void
  /** New secret lines to register with the runner (::add-mask::). */
  onSecret?(lines: string[]): void
  /** The run has started: the adapter may now cancel it (signals). */
  onStarted?(run: JobsRun): void
  clock?: Clock
  /** Lines on failed pods and a periodic tally (src/runner/progress.ts); none when absent. */
  progress?: RunIo['progress']
  /** Group mode prints workflow commands (only the runner's log reads them); default true. */
  workflowCommands?: boolean
}

export interface ExecuteResult {
  results: JobRunResult[]
  outputs: ActionOutputs
  summary(): string
  masker: Masker
}

/** Parse, default and validate; throws ManifestError with the user-facing text. */
export function loadAndCheck(
  sources: ManifestSource[],
  settings: Pick<RunSettings, 'namespace' | 'runtime' | 'shard'>
): LoadedManifests {
  const loaded = loadManifests(sources, { namespace: settings.namespace })
  checkRuntime(loaded, settings.runtime)
  if (settings.shard) checkShardable(loaded, settings.shard)
  return loaded
}

export async function execute(
  loaded: LoadedManifests,
  settings: RunSettings,
  hooks: ExecuteHooks
): Promise<ExecuteResult> {
  const clock = hooks.clock ?? systemClock
  const masker = new Masker()
  // Every Secret of the manifest is masked from the start, used by a pod or not.
  for (const secret of loaded.secrets.values())
    for (const value of Object.values(secret.data ?? {})) {
      const added = masker.add(Buffer.from(value, 'base64').toString('utf8'))
      if (added.length > 0) hooks.onSecret?.(added)
    }
  // Before the engine or any pod: a folder that cannot be used is a usage error (exit 2).
  const logsFolder = prepareLogsFolder(
    path.resolve(settings.workspace, settings.logsDir),
    loaded.jobs.map(({ job }) => job.metadata.name)
  )
  let results: JobRunResult[]
  try {
    keepHeapNearLive()
    const runId = randomUUID()
    const engine = await createEngine(settings, { runId, loaded, notice: hooks.notice })
    const jobs = new JobsRun(
      loaded,
      settings,
      engine,
      {
        clock,
        out: hooks.out,
        color: hooks.color,
        masker,
        onSecret: hooks.onSecret,
        progress: hooks.progress,
        workflowCommands: hooks.workflowCommands,
        notice: hooks.notice,
        onLogWriteFailure: message => (hooks.error ?? hooks.notice)(masker.apply(message))
      },
      runId
    )
    hooks.onStarted?.(jobs)
    results = await jobs.run()
    writeStatusFiles(results, settings, masker, hooks.notice)
  } finally {
    logsFolder.release()
  }
  const now = clock.now()
  const describe = (r: JobRunResult): string =>
    masker.apply(describeJob({ job: r.job, events: r.events, now }))
  const describeText = results.map(describe).join('\n\n')
  return {
    results,
    outputs: actionOutputs(results, describeText, settings.logsDir),
    summary: () => {
      const input = { results, describe, logsDir: settings.logsDir, mask: (t: string) => masker.apply(t) }
      return settings.shard ? renderShardSummary({ ...input, shard: settings.shard }) : renderSummary(input)
    },
    masker
  }
}

/** `<logs-dir>/<job>.status.json` for every Job: what a merge of shards reads back. */
function writeStatusFiles(
  results: readonly JobRunResult[],
  settings: RunSettings,
  masker: Masker,
  notice: (message: string) => void
): void {
  for (const result of results)
    try {
      writeStatusFile(result, {
        logsDir: settings.logsDir,
        shard: settings.shard,
        mask: t => masker.apply(t)
      })
    } catch (error) {
      notice(
        `The status file of Job ${result.job.metadata.name} was not written: ${error instanceof Error ? error.message : String(error)}`
      )
    }
}

export interface MergeResult extends ExecuteResult {
  merged: MergedRun
  /** Why the step fails, when it does: the Job failed, or some of its indexes never ran. */
  failure: string | undefined
  /** `<logs-dir>/<job>.status.json` of the merged run, for get/describe/logs; or why it is not there. */
  statusFile: MergedStatusFile
}

/**
 * Merge mode: the status files of a Job's shards (folders, files or globs relative to the
 * workspace) reported as one run of the Job. Throws StatusFileError (a UsageError) for files that
 * cannot be merged.
 */
export function executeMerge(
  patterns: readonly string[],
  settings: Pick<RunSettings, 'logsDir' | 'workspace'>,
  clock: Clock = systemClock
): MergeResult {
  const files = findStatusFiles(patterns, settings.workspace)
  const logsDir = path.resolve(settings.workspace, settings.logsDir)
  const read = files.map(file => {
    const shown = path.relative(settings.workspace, file) || file
    return { file, shown: shown.startsWith('..') ? file : shown, status: readStatusFile(file, shown) }
  })
  const runs = withoutMergeOutput(read, logsDir)
  checkShardRuns(runs)
  makeLogsFolder(logsDir)
  for (const run of runs) relocateLogs(run.status, run.file, settings.logsDir)
  const merged = mergeShardRuns(runs)
  const statusFile = writeMergedStatusFile(merged.result, runs, logsDir)
  const results = [merged.result]
  // Everything in a status file was masked when the shard wrote it; nothing is known to mask here.
  const masker = new Masker()
  const describe = (r: JobRunResult): string =>
    describeJob({ job: r.job, events: r.events, now: clock.now() })
  const describeText = describe(merged.result)
  return {
    results,
    merged,
    outputs: actionOutputs(results, describeText, settings.logsDir),
    summary: () =>
      renderMergedSummary({ merged, describe: describeText, logsDir: settings.logsDir, mask: t => t }),
    masker,
    failure: merged.incomplete ?? failureMessage(results),
    statusFile
  }
}

/** One line per Job that did not complete, for the step's failure message and the CLI. */
export function failureMessage(results: readonly JobRunResult[]): string | undefined {
  const failed = results.filter(r => r.status === 'Failed')
  if (failed.length === 0) return undefined
  return failed
    .map(r => {
      const condition = r.terminal
      const why = condition
        ? `${condition.reason}: ${condition.message}`
        : 'Cancelled: the run was interrupted and every pod was stopped'
      return `Job "${r.job.metadata.name}" failed: ${why}`
    })
    .join('\n')
}
