/**
 * The report in GitHub-flavoured Markdown, for the step summary and the pull-request comment: a
 * headline with the status, counts and duration; for Indexed Jobs a strip of the indexes; a
 * timeline of the pods; the pods table; the last lines of each failed pod's log; the describe
 * text (events included). The runner drops a summary over 1 MiB whole, so the largest parts are
 * cut first and say what they left out and where the rest is.
 */
import * as path from 'node:path'
import { failedLogWriteReason } from '../logs/types.js'
import type { JobRunResult } from './runResult.js'
import { describePart } from './summaryDescribe.js'
import { indexLegend, indexStates, indexStripPart, failedIndexesText } from './indexStrip.js'
import {
  byteLength,
  fitToBudget,
  type CuttablePart,
  type FitResult,
  type Measure,
  type Piece
} from './summaryBudget.js'
import { logTailsPart } from './summaryLogs.js'
import { codeSpan, escapeMarkdown, plural } from './summaryMarkdown.js'
import { podsTablePart, shortDuration } from './summaryPods.js'
import { timelinePart } from './timeline.js'

export interface SummaryInput {
  results: readonly JobRunResult[]
  /** The describe text of a result, already masked. */
  describe: (result: JobRunResult) => string
  logsDir: string
  mask: (text: string) => string
  /** Bytes the summary may take. */
  budget?: number
}

/**
 * The runner's limit is 1 MiB (1,048,576 bytes); the rest of the mebibyte is room for what the
 * runner's own masking may add.
 */
export const summaryBudget = 1_000_000

export function renderSummary(input: SummaryInput): string {
  const pieces = input.results.flatMap((result, i) => [
    ...(i > 0 ? ['\n---\n\n'] : []),
    ...jobReportPieces(result, {
      describe: input.describe(result),
      logsDir: input.logsDir,
      mask: input.mask
    })
  ])
  return fitReport(pieces, input.budget ?? summaryBudget, byteLength, input.logsDir, input.mask).text
}

export interface JobReportOptions {
  /** The describe text, already masked. */
  describe: string
  logsDir: string
  mask: (text: string) => string
  /** Show the describe text unfolded. */
  describeOpen?: boolean
}

export function fitReport(
  pieces: readonly Piece[],
  budget: number,
  measure: Measure,
  logsDir: string,
  mask: (text: string) => string
): FitResult {
  const note = `\n… the report was cut here to stay within GitHub's size limit; every log is under ${codeSpan(mask(logsDir))}.\n`
  return fitToBudget(pieces, budget, measure, note)
}

function statusIcon(result: JobRunResult): string {
  if (result.status === 'Complete') return '✅'
  if (result.status === 'Suspended') return '⏸️'
  return result.cancelled ? '🛑' : '❌'
}

export function headline(result: JobRunResult, mask: (text: string) => string): string {
  const { job } = result
  const status = job.status
  const reason =
    !result.cancelled && (result.status === 'Failed' || result.reason === 'SuccessPolicy')
      ? `: ${result.reason}`
      : ''
  const title = `## ${statusIcon(result)} Job ${codeSpan(mask(job.metadata.name))} ${result.cancelled ? 'Cancelled' : result.status}${reason}\n\n`
  const counts = [`**${status.succeeded ?? 0}** succeeded`, `**${status.failed ?? 0}** failed`]
  if (status.active) counts.push(`**${status.active}** active`)
  counts.push(plural(result.pods.length, 'pod'))
  const { completions, parallelism, completionMode } = job.spec
  if (completions !== undefined && completions !== null) {
    const what =
      completionMode === 'Indexed'
        ? plural(completions, 'index', 'indexes')
        : plural(completions, 'completion')
    counts.push(`${what}, ${parallelism} at a time`)
  }
  if (result.pods.length > 0) counts.push(`ran ${shortDuration(result.endedAt - result.startedAt)}`)
  const failedIndexes = failedIndexesText(status.failedIndexes ?? undefined)
  if (failedIndexes) counts.push(`failed indexes ${failedIndexes}`)
  const terminal = result.terminal
  const lines = [title, `${counts.join(' · ')}\n`]
  if (result.cancelled) lines.push('\n> The run was cancelled: every pod was stopped.\n')
  else if (terminal?.message) lines.push(`\n> ${escapeMarkdown(mask(terminal.message))}\n`)
  else if (result.status === 'Suspended')
    lines.push('\n> The Job is suspended (`spec.suspend: true`): no pod was created.\n')
  return lines.join('')
}

/** Logs that could not be written whole (a full disk): said at the top, the events say which. */
function cutLogsNotice(result: JobRunResult, mask: (text: string) => string): string[] {
  const failures = result.events.filter(e => e.reason === failedLogWriteReason)
  if (failures.length === 0) return []
  const count = failures.reduce((sum, e) => sum + e.count, 0)
  const first = escapeMarkdown(mask(failures[0].message))
  return [
    `\n> ⚠️ ${plural(count, 'container log')} could not be written whole (${failedLogWriteReason} events below): ${first}\n`
  ]
}

function masked(part: CuttablePart, mask: (text: string) => string): CuttablePart {
  return { max: part.max, render: limit => mask(part.render(limit)) }
}

/** One Job's report as pieces for fitToBudget. */
export function jobReportPieces(result: JobRunResult, options: JobReportOptions): Piece[] {
  const { job, pods } = result
  const mask = options.mask
  const indexed = job.spec.completionMode === 'Indexed'
  const jobName = job.metadata.name
  const pieces: Piece[] = [headline(result, mask), ...cutLogsNotice(result, mask)]

  if (indexed && (job.spec.completions ?? 0) > 0) {
    const states = indexStates(job, pods)
    pieces.push(
      `\n### Indexes\n\n${indexLegend(states)}\n\n`,
      indexStripPart(states, job.status.failedIndexes ?? undefined)
    )
  }
  if (pods.some(pod => pod.startTime !== undefined))
    pieces.push('\n### Timeline\n\n', masked(timelinePart(pods, result.endedAt, indexed), mask))
  pieces.push('\n### Pods\n\n')
  if (pods.length === 0) pieces.push('No pods were created.\n')
  else pieces.push(masked(podsTablePart(pods, { indexed, logsDir: options.logsDir, jobName, mask }), mask))
  if (pods.some(pod => pod.phase === 'Failed'))
    pieces.push(
      "\n### Failed pods' logs\n\n",
      logTailsPart(pods, { logsDir: options.logsDir, jobName, mask })
    )
  pieces.push('\n', describePart(options.describe, mask(jobName), options.describeOpen ?? false))
  pieces.push(`\nLogs: ${codeSpan(mask(path.join(options.logsDir, jobName)))}\n`)
  return pieces
}
