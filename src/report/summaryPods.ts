/**
 * The pods table of the report: one row per pod, in creation order — how it ended and why (the
 * reason, and for a failed pod the message of what failed it), its exit code, restarts, when it
 * started, how long it ran, and its log file. When the table must be cut, failed pods are kept
 * before the others.
 */
import * as path from 'node:path'
import type { PodRecord } from '../api/podRecord.js'
import { oneLine, podStateMessage } from './containerState.js'
import { humanDuration } from './humanDuration.js'
import { podExitCode, podReason } from './podsJson.js'
import { ListPart } from './summaryBudget.js'
import { codeSpan, count, escapeMarkdown, plural } from './summaryMarkdown.js'

/** A table longer than this is more than anyone reads on a page; the rest is in pods-json. */
export const maxPodRows = 1000

const stoppedBecause: Record<NonNullable<PodRecord['deletionCause']>, string> = {
  JobFailing: 'stopped as the Job failed',
  JobSucceeding: 'stopped as the Job succeeded',
  ScaleDown: 'stopped: not needed',
  Cancelled: 'stopped: run cancelled'
}

/** The phase, and why: the reason of the pod or of its decisive container, and who stopped it. */
export function podStatusText(pod: PodRecord): string {
  const icon = { Succeeded: '✅', Failed: '❌', Running: '🔄', Pending: '⏳' }[pod.phase]
  const reason = podReason(pod)
  const why = [
    ...(reason && reason !== 'Completed' ? [reason] : []),
    ...(pod.deletionCause && pod.phase !== 'Succeeded' ? [stoppedBecause[pod.deletionCause]] : [])
  ]
  return why.length > 0 ? `${icon} ${pod.phase} (${why.join('; ')})` : `${icon} ${pod.phase}`
}

/**
 * The status cell: for a failed pod, the message of what failed it on a second line — the start
 * error, the engine's pull error, the deadline — cut to a line a table can hold.
 */
export function podStatusCell(pod: PodRecord): string {
  const status = podStatusText(pod)
  const message = pod.phase === 'Failed' ? podStateMessage(pod) : undefined
  return message ? `${status}<br>${escapeMarkdown(oneLine(message, 200))}` : status
}

/** Seconds with two decimals below ten seconds, where pods of a CI job mostly live; kubectl's form above. */
export function shortDuration(ms: number): string {
  return ms < 10_000 ? `${(Math.max(0, ms) / 1000).toFixed(2)}s` : humanDuration(ms)
}

/** `10:36:28` in UTC, as the runner's log timestamps are. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19)
}

export function podRestarts(pod: PodRecord): number {
  return [...pod.initContainerStatuses, ...pod.containerStatuses].reduce((n, s) => n + s.restartCount, 0)
}

/** The log a reader opens first: the failed container's last attempt, else the last main container's. */
export function podLogFile(pod: PodRecord): string | undefined {
  const all = [...pod.initContainerStatuses.filter(s => !s.sidecar), ...pod.containerStatuses]
  const decisive = all.find(s => s.state === 'terminated' && s.exitCode !== 0) ?? pod.containerStatuses.at(-1)
  return decisive?.logs.at(-1)
}

/** A path under the logs folder, shown relative to it; any other path whole. */
export function logPathText(file: string, logsDir: string): string {
  const relative = path.relative(logsDir, file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

export interface PodsTableOptions {
  indexed: boolean
  logsDir: string
  jobName: string
  mask: (text: string) => string
}

function row(pod: PodRecord, options: PodsTableOptions): string {
  const log = podLogFile(pod)
  const cells = [
    codeSpan(pod.name, true),
    ...(options.indexed ? [pod.index === null ? '' : String(pod.index)] : []),
    podStatusCell(pod),
    String(podExitCode(pod) ?? ''),
    String(podRestarts(pod)),
    pod.startTime !== undefined ? clockTime(pod.startTime) : '',
    pod.startTime !== undefined && pod.finishTime !== undefined
      ? shortDuration(pod.finishTime - pod.startTime)
      : '',
    log ? codeSpan(options.mask(logPathText(log, options.logsDir)), true) : ''
  ]
  return `| ${cells.join(' | ')} |\n`
}

/** Failed pods first, each group in creation order. */
export function failedFirst(pods: readonly PodRecord[]): number[] {
  const failed: number[] = []
  const others: number[] = []
  pods.forEach((pod, i) => (pod.phase === 'Failed' ? failed : others).push(i))
  return [...failed, ...others]
}

export function podsTablePart(pods: readonly PodRecord[], options: PodsTableOptions): ListPart {
  const header = options.indexed
    ? '| Pod | Index | Status | Exit code | Restarts | Started (UTC) | Duration | Log |\n| --- | ---: | --- | ---: | ---: | --- | ---: | --- |\n'
    : '| Pod | Status | Exit code | Restarts | Started (UTC) | Duration | Log |\n| --- | --- | ---: | ---: | --- | ---: | --- |\n'
  const rows = new Map<number, string>()
  return new ListPart(
    pods.length,
    maxPodRows,
    (shown, omitted) => {
      const body = shown.map(i => {
        let text = rows.get(i)
        if (text === undefined) rows.set(i, (text = row(pods[i], options)))
        return text
      })
      const table = shown.length > 0 ? header + body.join('') : ''
      return table + (omitted > 0 ? `\n${omittedPodsNote(pods, shown, options)}\n` : '')
    },
    failedFirst(pods)
  )
}

function omittedPodsNote(
  pods: readonly PodRecord[],
  shown: readonly number[],
  options: PodsTableOptions
): string {
  const kept = new Set(shown)
  const phases = new Map<string, number>()
  pods.forEach((pod, i) => {
    if (!kept.has(i)) phases.set(pod.phase, (phases.get(pod.phase) ?? 0) + 1)
  })
  const omitted = pods.length - shown.length
  const byPhase = [...phases].map(([phase, n]) => `${count(n)} ${phase.toLowerCase()}`).join(', ')
  return (
    `… ${plural(omitted, 'more pod')} (${byPhase}) not listed: every pod is in the \`pods-json\` output, ` +
    `its logs under ${codeSpan(options.mask(path.join(options.logsDir, options.jobName)))}.`
  )
}
