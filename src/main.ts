/**
 * The action: inputs → run → outputs, annotations, step summary, pull-request comment and
 * failure. All behaviour lives in the layers below; a user mistake (src/errors.ts) becomes one
 * failed-step message, never a stack trace.
 */
import * as core from './actionsCore.js'
import type { LoadedManifests } from './api/load.js'
import { annotateFailedPods, printRunEnd, setOutputs, writeReports } from './actionReport.js'
import { userMistake } from './errors.js'
import { execute, executeMerge, failureMessage, loadAndCheck, type ExecuteResult } from './execute.js'
import { readInputs, type ActionSettings } from './inputs.js'
import { unsupportedPlatform } from './platform.js'
import { maxErrorAnnotations } from './report/annotations.js'
import { onCancel } from './signals.js'
import { savePostState } from './state.js'

export async function run(): Promise<void> {
  const platformError = unsupportedPlatform()
  if (platformError) return core.setFailed(platformError)
  try {
    const settings = readInputs()
    if (settings.merge) await reportMerge(settings, settings.merge)
    else await runJobs(settings)
  } catch (error) {
    const mistake = userMistake(error)
    if (!mistake) throw error
    core.setFailed(mistake.message)
  }
}

async function runJobs(settings: ActionSettings): Promise<void> {
  const loaded = loadAndCheck(settings.sources, settings)
  for (const notice of loaded.notices) core.notice(notice)
  const result = await executeWithCancel(loaded, settings)

  setOutputs(result)
  const failure = failureMessage(result.results)
  const cancelled = result.results.some(r => r.cancelled)
  const stepFails = failure !== undefined && (settings.failOnFailure || cancelled)

  // The step's own failure is an error annotation too: it keeps one of the runner's ten.
  // A failure that does not fail the step is a warning annotation: it keeps one of those ten.
  const stepWarns = failure !== undefined && !stepFails
  annotateFailedPods(
    result,
    loaded,
    settings,
    maxErrorAnnotations - (stepFails ? 1 : 0),
    maxErrorAnnotations - (stepWarns ? 1 : 0)
  )
  await writeReports(result, settings)
  printRunEnd(result, settings.logsDir)

  if (failure) {
    if (stepFails) core.setFailed(result.masker.apply(failure))
    else core.warning(result.masker.apply(failure))
  }
}

/** The run, cancelled by the runner's signals; the post step learns what to clean up. */
async function executeWithCancel(loaded: LoadedManifests, settings: ActionSettings): Promise<ExecuteResult> {
  let stopListening = (): void => {}
  try {
    return await execute(loaded, settings, {
      out: process.stdout,
      color: true,
      progress: process.stdout,
      notice: message => core.notice(message),
      error: message => core.error(message),
      onSecret: lines => lines.forEach(line => core.setSecret(line)),
      onStarted: jobs => {
        savePostState({ runId: jobs.runId, runtime: settings.runtime })
        stopListening = onCancel(jobs, signal => core.warning(`Received ${signal}: stopping every pod`))
      }
    })
  } finally {
    stopListening()
  }
}

/** Input merge: the shards' status files reported as one run; the shards annotated their own pods. */
async function reportMerge(settings: ActionSettings, patterns: string[]): Promise<void> {
  const result = executeMerge(patterns, settings)
  setOutputs(result)
  await writeReports(result, settings)
  printRunEnd(result, settings.logsDir)
  if (!result.failure) return
  if (settings.failOnFailure || result.results.some(r => r.cancelled)) core.setFailed(result.failure)
  else core.warning(result.failure)
}
