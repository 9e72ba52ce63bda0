/**
 * The step summary (GitHub-flavoured Markdown): a headline, the describe text, the pods, and the
 * tails of failed pods' logs. The runner drops a summary over 1 MiB whole, so the largest parts
 * are cut first and say where the rest is.
 */
import type { PodRecord } from '../controller/types.js'
import type { JobRunResult } from '../runner/jobRun.js'
import { humanDuration } from './humanDuration.js'
import { tailLines } from './logTail.js'
import { podExitCode, podReason } from './podsJson.js'

export interface SummaryInput {
  results: readonly JobRunResult[]
  describe: (result: JobRunResult) => string
  logsDir: string
  mask: (text: string) => string
  /** Bytes the summary may take (the runner's limit is 1 MiB). */
  budget?: number
}

const maxPodRows = 500
const maxFailedTails = 10
const tailLength = 30

export function renderSummary(input: SummaryInput): string {
  const budget = input.budget ?? 1024 * 1024 - 16 * 1024
  const sections = input.results.map(r => renderJob(r, input))
  let text = sections.join('\n\n---\n\n')
  if (Buffer.byteLength(text) > budget) {
    const note = `\n\n… the summary was cut to stay under GitHub's 1 MiB limit; every pod's log is in \`${input.logsDir}\`.\n`
    text =
      Buffer.from(text)
        .subarray(0, budget - Buffer.byteLength(note))
        .toString('utf8') + note
  }
  return input.mask(text)
}

function renderJob(result: JobRunResult, input: SummaryInput): string {
  const job = result.job
  const status = job.status
  const icon = result.status === 'Complete' ? '✅' : result.status === 'Suspended' ? '⏸️' : '❌'
  const duration = humanDuration(result.endedAt - result.startedAt)
  const lines: string[] = []
  lines.push(
    `## ${icon} Job \`${job.metadata.name}\` ${result.status}${result.reason ? ` (${result.reason})` : ''}`
  )
  lines.push('')
  const counts = [
    `**${status.succeeded ?? 0}** succeeded`,
    `**${status.failed ?? 0}** failed`,
    `${result.pods.length} pod${result.pods.length === 1 ? '' : 's'}`,
    `ran ${duration}`
  ]
  if (status.completedIndexes !== undefined)
    counts.push(`completed indexes \`${status.completedIndexes || '<none>'}\``)
  if (status.failedIndexes) counts.push(`failed indexes \`${status.failedIndexes}\``)
  lines.push(counts.join(' · '))
  const terminal = (status.conditions ?? []).find(c => c.type === 'Complete' || c.type === 'Failed')
  if (terminal && result.status === 'Failed') lines.push('', `> ${terminal.message}`)
  if (result.cancelled) lines.push('', '> The run was cancelled: every pod was stopped.')
  lines.push(
    '',
    '<details open><summary>kubectl describe job</summary>',
    '',
    '```text',
    input.describe(result),
    '```',
    '',
    '</details>'
  )
  lines.push('', ...podsTable(result.pods, input.logsDir))
  lines.push(...failedTails(result.pods, input))
  return lines.join('\n')
}

function podsTable(pods: readonly PodRecord[], logsDir: string): string[] {
  if (pods.length === 0) return ['No pods were created.']
  const rows = [
    '| Pod | Index | Status | Exit code | Restarts | Started | Duration | Log |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const pod of pods.slice(0, maxPodRows)) {
    const reason = podReason(pod)
    const status = reason && reason !== 'Completed' ? `${pod.phase} (${reason})` : pod.phase
    const restarts = pod.containerStatuses.reduce((n, s) => n + s.restartCount, 0)
    const started = pod.startTime !== undefined ? new Date(pod.startTime).toISOString().slice(11, 19) : ''
    const duration =
      pod.startTime !== undefined && pod.finishTime !== undefined
        ? formatMs(pod.finishTime - pod.startTime)
        : ''
    const log = pod.containerStatuses[0]?.logs.at(-1)
    rows.push(
      `| \`${pod.name}\` | ${pod.index ?? ''} | ${status} | ${podExitCode(pod) ?? ''} | ${restarts} | ${started} | ${duration} | ${log ? `\`${log}\`` : ''} |`
    )
  }
  if (pods.length > maxPodRows)
    rows.push('', `… ${pods.length - maxPodRows} more pods; their logs are in \`${logsDir}\`.`)
  return rows
}

function failedTails(pods: readonly PodRecord[], input: SummaryInput): string[] {
  const failed = pods.filter(p => p.phase === 'Failed')
  const out: string[] = []
  for (const pod of failed.slice(0, maxFailedTails)) {
    for (const status of [...pod.initContainerStatuses, ...pod.containerStatuses]) {
      const file = status.logs.at(-1)
      if (!file || status.state !== 'terminated' || status.exitCode === 0) continue
      const tail = tailLines(file, tailLength).map(line => input.mask(line).replace(/```/g, '`\u200b``'))
      out.push(
        '',
        `<details><summary>❌ <code>${pod.name}/${status.name}</code> exited ${status.exitCode}${status.reason ? ` (${status.reason})` : ''}: last ${tail.length} lines</summary>`,
        '',
        '```text',
        ...tail,
        '```',
        '',
        '</details>'
      )
    }
  }
  if (failed.length > maxFailedTails)
    out.push(
      '',
      `… ${failed.length - maxFailedTails} more failed pods; their logs are in \`${input.logsDir}\`.`
    )
  return out
}

function formatMs(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : humanDuration(ms)
}
