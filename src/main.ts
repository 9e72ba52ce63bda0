/**
 * The action: inputs → run → outputs, annotations, step summary, pull-request comment and
 * failure. All behaviour lives in the layers below; user mistakes become one clear error, never a
 * stack trace, and a report that cannot be written is a warning, never a failed step.
 */
import * as core from '@actions/core'
import { UsageError } from './duration.js'
import { execute, executeMerge, failureMessage, loadAndCheck, type ExecuteResult } from './execute.js'
import { readInputs, type ActionSettings } from './inputs.js'
import { failedPodAnnotations, failedPodCount, maxErrorAnnotations } from './report/annotations.js'
import { describeJob } from './report/describe.js'
import { commentOnPullRequest } from './report/publishComment.js'
import { setOutputInSlices } from './outputFile.js'
import { allPods } from './report/outputs.js'
import { podsJsonSlices } from './report/podsJson.js'
import { onCancel } from './signals.js'
import { ManifestError, type LoadedManifests } from './api/load.js'
import { unsupportedPlatform } from './platform.js'

export async function run(): Promise<void> {
  const platformError = unsupportedPlatform()
  if (platformError) return core.setFailed(platformError)
  let settings, loaded
  try {
    settings = readInputs()
    if (settings.merge) return await reportMerge(settings, settings.merge)
    loaded = loadAndCheck(settings.sources, settings)
  } catch (error) {
    if (error instanceof ManifestError || error instanceof UsageError) return core.setFailed(error.message)
    throw error
  }
  for (const notice of loaded.notices) core.notice(notice)

  let stopListening = (): void => {}
  let result: ExecuteResult
  try {
    result = await execute(loaded, settings, {
      out: process.stdout,
      color: true,
      notice: message => core.notice(message),
      onSecret: lines => lines.forEach(line => core.setSecret(line)),
      onStarted: jobs => {
        core.saveState('run-id', jobs.runId)
        core.saveState('runtime', settings.runtime)
        stopListening = onCancel(jobs, signal => core.warning(`Received ${signal}: stopping every pod`))
      }
    })
  } catch (error) {
    // Before any pod starts: no docker engine for runtime: docker.
    if (error instanceof UsageError) return core.setFailed(error.message)
    throw error
  } finally {
    stopListening()
  }

  setOutputs(result)
  const failure = failureMessage(result.results)
  const cancelled = result.results.some(r => r.cancelled)
  const stepFails = failure !== undefined && (settings.failOnFailure || cancelled)

  // The step's own failure is an error annotation too: it keeps one of the runner's ten.
  annotateFailedPods(result, loaded, settings, maxErrorAnnotations - (stepFails ? 1 : 0))
  await writeReports(result, settings)
  core.info(`Logs: ${settings.logsDir}`)

  if (failure) {
    if (stepFails) core.setFailed(result.masker.apply(failure))
    else core.warning(result.masker.apply(failure))
  }
}

/** Input merge: the shards' status files reported as one run; the shards annotated their own pods. */
async function reportMerge(settings: ActionSettings, patterns: string[]): Promise<void> {
  const result = executeMerge(patterns, settings)
  setOutputs(result)
  await writeReports(result, settings)
  core.info(`Logs: ${settings.logsDir}`)
  if (!result.failure) return
  if (settings.failOnFailure || result.results.some(r => r.cancelled)) core.setFailed(result.failure)
  else core.warning(result.failure)
}

function setOutputs(result: ExecuteResult): void {
  for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value)
  setOutputInSlices('pods-json', podsJsonSlices(allPods(result.results)))
}

function annotateFailedPods(
  result: ExecuteResult,
  loaded: LoadedManifests,
  settings: ActionSettings,
  limit: number
): void {
  const mask = (text: string): string => result.masker.apply(text)
  const annotations = failedPodAnnotations(result.results, loaded.jobs, {
    limit,
    mask,
    workspace: settings.workspace
  })
  for (const { message, ...properties } of annotations) core.error(message, properties)
  const rest = failedPodCount(result.results) - annotations.length
  if (rest > 0) core.info(`${rest} more failed pods are not annotated: the step summary lists every pod.`)
}

async function writeReports(result: ExecuteResult, settings: ActionSettings): Promise<void> {
  const mask = (text: string): string => result.masker.apply(text)
  if (settings.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(result.summary(), true).write()
    } catch (error) {
      core.warning(
        `The step summary was not written: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }
  if (settings.comment) {
    const now = Date.now()
    await commentOnPullRequest({
      results: result.results,
      describe: r => mask(describeJob({ job: r.job, events: r.events, now })),
      logsDir: settings.logsDir,
      mask,
      token: settings.githubToken,
      env: process.env,
      log: { info: core.info, warning: core.warning, notice: core.notice }
    })
  }
}
