/**
 * The one path both adapters take: load and validate everything, run every Job, and build the
 * report. Nothing here knows whether it serves the action or the CLI.
 */
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Writable } from 'node:stream'
import { systemClock, type Clock } from './clock.js'
import { Masker } from './masker.js'
import { describeJob } from './report/describe.js'
import { actionOutputs, type ActionOutputs } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import type { JobRunResult } from './runner/jobRun.js'
import { checkRuntime, JobsRun } from './runner/runJobs.js'
import { createEngine } from './runtime/createEngine.js'
import type { RunSettings } from './settings.js'
import { loadManifests, type LoadedManifests, type ManifestSource } from './spec/load.js'

export interface ExecuteHooks {
  out: Writable
  color: boolean
  notice(message: string): void
  /** New secret lines to register with the runner (::add-mask::). */
  onSecret?(lines: string[]): void
  /** The run has started: the adapter may now cancel it (signals). */
  onStarted?(run: JobsRun): void
  clock?: Clock
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
  settings: Pick<RunSettings, 'namespace' | 'runtime'>
): LoadedManifests {
  const loaded = loadManifests(sources, { namespace: settings.namespace })
  checkRuntime(loaded, settings.runtime)
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
  fs.mkdirSync(settings.logsDir, { recursive: true })
  const runId = randomUUID()
  const engine = await createEngine(settings, { runId, loaded, notice: hooks.notice })
  const jobs = new JobsRun(
    loaded,
    settings,
    engine,
    { clock, out: hooks.out, color: hooks.color, masker, onSecret: hooks.onSecret },
    runId
  )
  hooks.onStarted?.(jobs)
  const results = await jobs.run()
  const now = clock.now()
  const describe = (r: JobRunResult): string =>
    masker.apply(describeJob({ job: r.job, events: r.events, now }))
  const describeText = results.map(describe).join('\n\n')
  return {
    results,
    outputs: actionOutputs(results, describeText, settings.logsDir),
    summary: () =>
      renderSummary({ results, describe, logsDir: settings.logsDir, mask: t => masker.apply(t) }),
    masker
  }
}

/** Default logs folder: $RUNNER_TEMP/job-action on a runner, else job-action in the system temp folder. */
export function defaultLogsDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'job-action')
}

/** One line per Job that did not complete, for the step's failure message and the CLI. */
export function failureMessage(results: readonly JobRunResult[]): string | undefined {
  const failed = results.filter(r => r.status === 'Failed')
  if (failed.length === 0) return undefined
  return failed
    .map(r => {
      const condition = (r.job.status.conditions ?? []).find(c => c.type === 'Failed')
      const why = condition
        ? `${condition.reason}: ${condition.message}`
        : 'Cancelled: the run was interrupted and every pod was stopped'
      return `Job "${r.job.metadata.name}" failed: ${why}`
    })
    .join('\n')
}
