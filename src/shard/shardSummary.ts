/**
 * The reports of sharded runs. A shard's is the usual one, with a note after the headline that it
 * is one shard's view; the merged one has a table of the shards after its headline — which indexes
 * each ran and how it ended in its own view — and names the shards that sent nothing.
 */
import { fitReport, jobReportPieces, summaryBudget } from '../report/summary.js'
import { byteLength } from '../report/summaryBudget.js'
import { codeSpan, escapeMarkdown, plural } from '../report/summaryMarkdown.js'
import { shortDuration } from '../report/summaryPods.js'
import type { JobRunResult } from '../report/runResult.js'
import type { MergedRun, ShardOutcome } from './merge.js'
import { formatShard, shardIndexesText, type Shard } from './shard.js'

/** Index lists longer than this are cut in the table: the outputs hold them whole. */
const maxIndexesText = 80

function short(text: string): string {
  if (text.length <= maxIndexesText) return text
  const cut = text.lastIndexOf(',', maxIndexesText)
  return `${text.slice(0, cut > 0 ? cut : maxIndexesText)},…`
}

function outcomeText(outcome: ShardOutcome): string {
  const status = outcome.run?.status
  if (!status) return '⬜ no status file: never ran'
  if (status.cancelled) return '🛑 Cancelled'
  const icon = { Complete: '✅', Failed: '❌', Suspended: '⏸️' }[status.status]
  return `${icon} ${status.status}: ${escapeMarkdown(status.reason)}`
}

function row(outcome: ShardOutcome): string {
  const status = outcome.run?.status
  const cells = [
    formatShard(outcome.shard),
    codeSpan(short(outcome.indexes), true),
    outcomeText(outcome),
    status ? String(status.job.status.succeeded ?? 0) : '',
    status ? String(status.job.status.failed ?? 0) : '',
    status ? String(status.pods.length) : '',
    status && status.pods.length > 0 ? shortDuration(status.endedAt - status.startedAt) : '',
    status?.job.status.failedIndexes ? codeSpan(short(status.job.status.failedIndexes), true) : ''
  ]
  return `| ${cells.join(' | ')} |\n`
}

export function shardsSection(merged: MergedRun, mask: (text: string) => string): string {
  const count = merged.shards.length
  const parallelism = merged.result.job.spec.parallelism
  const lines = [
    '\n### Shards\n\n',
    `${plural(count, 'shard')}, each running its indexes k with k mod ${count} = shard − 1, ` +
      `${parallelism} at a time. A shard's status is its own view of its indexes; the verdict above is ` +
      'the one the Job controller would reach over all of them.\n\n',
    '| Shard | Indexes | Shard status | Succeeded | Failed | Pods | Ran | Failed indexes |\n',
    '| --- | --- | --- | --: | --: | --: | --: | --- |\n',
    ...merged.shards.map(row)
  ]
  const missing = merged.shards.filter(s => !s.run)
  if (missing.length > 0)
    lines.push(
      `\n> ⚠️ No status file came for ${missing.length === 1 ? 'shard' : 'shards'} ` +
        `${missing.map(s => formatShard(s.shard)).join(', ')}: ` +
        `${merged.missingIndexes ? `indexes ${codeSpan(short(merged.missingIndexes))}` : 'no index'} never ran.\n`
    )
  return mask(lines.join(''))
}

export interface MergedSummaryInput {
  merged: MergedRun
  /** The describe text of the merged Job, already masked. */
  describe: string
  logsDir: string
  mask: (text: string) => string
}

/** The step summary of a merge: the Job's report with the shards table after its headline. */
export function renderMergedSummary(input: MergedSummaryInput): string {
  const result: JobRunResult = input.merged.result
  const pieces = jobReportPieces(result, {
    describe: input.describe,
    logsDir: input.logsDir,
    mask: input.mask
  })
  if (input.merged.shards.length > 1) pieces.splice(1, 0, shardsSection(input.merged, input.mask))
  return fitReport(pieces, summaryBudget, byteLength, input.logsDir, input.mask).text
}

/** The note under a shard's headline: which indexes it ran, and that its status is only about them. */
export function shardNote(result: JobRunResult, shard: Shard): string {
  const completions = result.job.spec.completions ?? 0
  return (
    `\n> Shard ${formatShard(shard)}: this run ran the indexes ${codeSpan(shardIndexesText(completions, shard))} ` +
    `(k mod ${shard.count} = ${shard.index - 1}), and its status judges only them. ` +
    "Merge the shards' status files for the Job's verdict.\n"
  )
}

export interface ShardSummaryInput {
  results: readonly JobRunResult[]
  shard: Shard
  /** The describe text of a result, already masked. */
  describe: (result: JobRunResult) => string
  logsDir: string
  mask: (text: string) => string
}

/** The step summary of a shard's run: every Job's report, each saying it is this shard's view. */
export function renderShardSummary(input: ShardSummaryInput): string {
  const pieces = input.results.flatMap((result, i) => {
    const report = jobReportPieces(result, {
      describe: input.describe(result),
      logsDir: input.logsDir,
      mask: input.mask
    })
    report.splice(1, 0, shardNote(result, input.shard))
    return [...(i > 0 ? ['\n---\n\n'] : []), ...report]
  })
  return fitReport(pieces, summaryBudget, byteLength, input.logsDir, input.mask).text
}
