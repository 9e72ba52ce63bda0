/**
 * What the action leaves of a run besides its logs: the step outputs, error annotations on the
 * failed pods, the step summary and the pull-request comment. A report that cannot be written is
 * a warning, never a failed step: the run itself is what the step stands for.
 */
import * as core from '@actions/core'
import type { LoadedManifests } from './api/load.js'
import type { ExecuteResult } from './execute.js'
import type { ActionSettings } from './inputs.js'
import { setOutputInSlices } from './outputFile.js'
import { failedPodAnnotations, failedPodCount } from './report/annotations.js'
import { describeJob } from './report/describe.js'
import { allPods } from './report/outputs.js'
import { podsJsonSlices } from './report/podsJson.js'
import { commentOnPullRequest } from './report/publishComment.js'

export function setOutputs(result: ExecuteResult): void {
  for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value)
  setOutputInSlices('pods-json', podsJsonSlices(allPods(result.results)))
}

/** At most `limit` error annotations: the runner shows ten a step, the rest are dropped unseen. */
export function annotateFailedPods(
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

export async function writeReports(result: ExecuteResult, settings: ActionSettings): Promise<void> {
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
