/**
 * The pull-request comment of one Job: the same report as the step summary, under GitHub's
 * 65,536-character limit for a comment body, with a link to the run, and a hidden marker that
 * lets the next run find and update it instead of adding another.
 */
import type { JobRunResult } from './runResult.js'
import { charLength, type Measure } from './summaryBudget.js'
import { fitReport, jobReportPieces } from './summary.js'

/** The API answers 422 "Body is too long (maximum is 65536 characters)" above this. */
export const commentLimit = 65_536

/** Where the comment comes from: the runner's GITHUB_* variables. */
export interface RunContext {
  /** GITHUB_SERVER_URL, e.g. https://github.com or a GitHub Enterprise Server. */
  serverUrl: string
  /** GITHUB_REPOSITORY, owner/name. */
  repository: string
  /** GITHUB_RUN_ID. */
  runId: string
  /** GITHUB_WORKFLOW and GITHUB_JOB: one comment per Job of each workflow job. */
  workflow?: string
  workflowJob?: string
}

export function runUrl(context: RunContext): string {
  return `${context.serverUrl.replace(/\/+$/, '')}/${context.repository}/actions/runs/${context.runId}`
}

/**
 * The hidden line that names the comment's Job (and the workflow job that reports it), so
 * that two workflows running Jobs of the same name keep a comment each. Only the characters of
 * names are kept as they are: nothing in it can close the HTML comment.
 */
export function commentMarker(
  namespace: string,
  jobName: string,
  context: Pick<RunContext, 'workflow' | 'workflowJob'>
): string {
  const parts = [`job=${encodeURIComponent(`${namespace}/${jobName}`)}`]
  if (context.workflow) parts.push(`workflow=${encodeURIComponent(context.workflow)}`)
  if (context.workflowJob) parts.push(`workflow-job=${encodeURIComponent(context.workflowJob)}`)
  return `<!-- job-action report ${parts.join(' ')} -->`
}

export interface CommentInput {
  result: JobRunResult
  /** The describe text, already masked. */
  describe: string
  logsDir: string
  mask: (text: string) => string
  context: RunContext
  /** Characters the body may take (default and maximum: 65,536). */
  limit?: number
}

export interface RenderedComment {
  marker: string
  body: string
  /** Some part of the report was left out to fit. */
  cut: boolean
}

export function renderComment(input: CommentInput, measure: Measure = charLength): RenderedComment {
  const { result, context } = input
  const marker = commentMarker(result.job.metadata.namespace, result.job.metadata.name, context)
  const url = runUrl(context)
  const footer = (cut: boolean): string =>
    cut
      ? `\n---\n<sub>Cut to fit a comment: the whole report is in the step summary of [run ${context.runId}](${url}).</sub>\n`
      : `\n---\n<sub>Reported by job-action in [run ${context.runId}](${url}).</sub>\n`
  const limit = Math.min(input.limit ?? commentLimit, commentLimit)
  const room = limit - measure(`${marker}\n`) - Math.max(measure(footer(true)), measure(footer(false)))
  const pieces = jobReportPieces(result, {
    describe: input.describe,
    logsDir: input.logsDir,
    mask: input.mask
  })
  const fitted = fitReport(pieces, room, measure, input.logsDir, input.mask)
  return { marker, body: `${marker}\n${fitted.text}${footer(fitted.cut)}`, cut: fitted.cut }
}
