/**
 * What the action leaves of a run besides its logs: the step outputs, annotations on the failed
 * pods (errors when their Job failed, warnings when it completed anyway), the end of the step's
 * log (each Job described in a collapsed group, then one verdict line per Job), the step summary
 * and the pull-request comment. A report that cannot be written is a warning, never a failed
 * step: the run itself is what the step stands for.
 */
import * as core from './actionsCore.js'
import type { LoadedManifests } from './api/load.js'
import type { ExecuteResult } from './execute.js'
import type { ActionSettings } from './inputs.js'
import { setOutputInSlices } from './outputFile.js'
import { closeQuietGroup, openQuietGroup, stopCommandsToken } from './logs/workflowCommands.js'
import { failedPodAnnotations, failedPodCount, maxErrorAnnotations } from './report/annotations.js'
import { describeJob } from './report/describe.js'
import { allPods } from './report/outputs.js'
import { podsJsonSlices } from './report/podsJson.js'
import { verdictLine } from './report/verdict.js'

/** Masked like everything we write: the runner masks its console, not the outputs file. */
export function setOutputs(result: ExecuteResult): void {
  const mask = (text: string): string => result.masker.apply(text)
  for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, mask(value))
  setOutputInSlices('pods-json', maskedSlices(podsJsonSlices(allPods(result.results)), mask))
}

/** Slices end between pods, so no secret is split across two. */
function* maskedSlices(slices: Iterable<string>, mask: (text: string) => string): Generator<string> {
  for (const slice of slices) yield mask(slice)
}

/**
 * At most `limit` error and `warningLimit` warning annotations: the runner shows ten of each a
 * step, the rest are dropped unseen.
 */
export function annotateFailedPods(
  result: ExecuteResult,
  loaded: LoadedManifests,
  settings: ActionSettings,
  limit: number,
  warningLimit = maxErrorAnnotations
): void {
  const mask = (text: string): string => result.masker.apply(text)
  const annotations = failedPodAnnotations(result.results, loaded.jobs, {
    limit,
    warningLimit,
    mask,
    workspace: settings.workspace
  })
  for (const { message, level, ...properties } of annotations)
    if (level === 'error') core.error(message, properties)
    else core.warning(message, properties)
  const rest = failedPodCount(result.results) - annotations.length
  if (rest > 0) core.info(`${rest} more failed pods are not annotated: the step summary lists every pod.`)
}

export async function writeReports(result: ExecuteResult, settings: ActionSettings): Promise<void> {
  const mask = (text: string): string => result.masker.apply(text)
  if (settings.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.appendStepSummary(result.summary())
    } catch (error) {
      core.warning(
        `The step summary was not written: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }
  if (settings.comment) {
    // Loaded here, not at the top: Octokit and @actions/github would add tens of milliseconds to
    // the start of every run, and only comment: true needs them (the bundle keeps them in a chunk).
    const { commentOnPullRequest } = await import('./report/publishComment.js')
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

/**
 * The end of the step's log: each Job's describe text in a collapsed group (between stop-commands
 * lines: a pod's command line in it must not act as a workflow command), where the logs are, and
 * the verdicts last — what a reader scrolling to the bottom looks for.
 */
export function printRunEnd(result: ExecuteResult, logsDir: string, now = Date.now()): void {
  const mask = (text: string): string => result.masker.apply(text)
  for (const r of result.results) {
    const token = stopCommandsToken()
    const text = mask(describeJob({ job: r.job, events: r.events, now })).replace(/\n?$/, '\n')
    process.stdout.write(
      `${openQuietGroup(`Job ${mask(r.job.metadata.name)} (describe)`, token)}${text}${closeQuietGroup(token)}`
    )
  }
  core.info(`Logs: ${logsDir}`)
  for (const r of result.results) core.info(mask(verdictLine(r)))
}
