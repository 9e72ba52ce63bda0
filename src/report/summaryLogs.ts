/**
 * The last lines of each failed pod's log, one collapsible block per failed container, masked
 * and stripped of terminal escapes — the first thing a reader of a failed run looks for.
 */
import * as path from 'node:path'
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { containerStateText, waitingFailures } from './containerState.js'
import { tailLines } from './logTail.js'
import { ListPart } from './summaryBudget.js'
import {
  codeSpan,
  escapeHtml,
  escapeMarkdown,
  fencedBlock,
  plural,
  printableLine
} from './summaryMarkdown.js'
import { logPathText } from './summaryPods.js'

export const tailLength = 30
/** Thirty lines of twenty pods is already a long page; the rest stay in the log files. */
export const maxTailedPods = 20

export interface LogTailsOptions {
  logsDir: string
  jobName: string
  mask: (text: string) => string
}

/** The containers whose end failed the pod: a non-zero exit of its last attempt. */
export function failedContainers(pod: PodRecord): ContainerStatusRecord[] {
  return [...pod.initContainerStatuses, ...pod.containerStatuses].filter(
    s => s.state === 'terminated' && s.exitCode !== undefined && s.exitCode !== 0
  )
}

export function exitText(status: ContainerStatusRecord): string {
  const signal = status.signal ? `, signal ${status.signal}` : ''
  const reason = status.reason && status.reason !== 'Error' ? ` (${status.reason})` : ''
  return `exited with code ${status.exitCode}${signal}${reason}`
}

/** The masked, printable last `lines` lines of a container's last attempt. */
export function containerTail(
  status: ContainerStatusRecord,
  lines: number,
  mask: (text: string) => string
): string[] {
  const file = status.logs.at(-1)
  const tail = file ? tailLines(file, lines) : []
  // An empty file reads as one empty line: it is no output, not "the last 1 line".
  if (tail.length === 1 && tail[0] === '') return []
  return tail.map(line => printableLine(mask(line)))
}

/** The container's state message as a quoted Markdown line, for a reader who sees no log. */
function stateLine(status: ContainerStatusRecord, mask: (text: string) => string): string {
  const state = containerStateText(status)
  return state ? `\n> ${escapeMarkdown(printableLine(mask(state)))}\n` : ''
}

function tailBlock(
  pod: PodRecord,
  status: ContainerStatusRecord,
  options: LogTailsOptions,
  open: boolean
): string {
  const tail = containerTail(status, tailLength, options.mask)
  const file = status.logs.at(-1)
  const attempt = status.restartCount > 0 ? `, attempt ${status.restartCount + 1}` : ''
  const what = tail.length > 0 ? `last ${plural(tail.length, 'line')}` : 'no output'
  const summary = `❌ <code>${escapeHtml(`${pod.name}/${status.name}`)}</code> ${escapeHtml(exitText(status))}${attempt}: ${what}`
  const from = file ? `\n${codeSpan(options.mask(logPathText(file, options.logsDir)))}\n` : ''
  const body = tail.length > 0 ? `\n${fencedBlock(tail.join('\n'))}\n` : ''
  const state = stateLine(status, options.mask)
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n${state}${from}${body}\n</details>\n`
}

/**
 * Why a failed pod with no failed container failed: a deadline, an eviction, a stop, or a
 * container that could not be created (its waiting reason and message).
 */
function podOnlyBlock(pod: PodRecord, mask: (text: string) => string): string {
  const why = mask([pod.reason, pod.message].filter(Boolean).join(': ') || 'stopped')
  const waiting = waitingFailures(pod)
  const body =
    waiting.length > 0
      ? waiting.map(s => `Container ${codeSpan(s.name)} never started:\n${stateLine(s, mask)}`).join('\n')
      : 'No container exited with an error.\n'
  return `<details><summary>❌ <code>${escapeHtml(pod.name)}</code> failed: ${escapeHtml(why)}</summary>\n\n${body}\n</details>\n`
}

export function logTailsPart(pods: readonly PodRecord[], options: LogTailsOptions): ListPart {
  const failed = pods.filter(pod => pod.phase === 'Failed')
  const blocks = new Map<number, string>()
  const block = (i: number): string => {
    let text = blocks.get(i)
    if (text === undefined) {
      const pod = failed[i]
      const containers = failedContainers(pod)
      // The first failure is unfolded: it is what a reader of a failed run looks for first.
      text =
        containers.length > 0
          ? containers.map((s, n) => tailBlock(pod, s, options, i === 0 && n === 0)).join('\n')
          : podOnlyBlock(pod, options.mask)
      blocks.set(i, text)
    }
    return text
  }
  return new ListPart(failed.length, maxTailedPods, (shown, omitted) => {
    const text = shown.map(block).join('\n')
    if (omitted === 0) return text
    const where = codeSpan(options.mask(path.join(options.logsDir, options.jobName)))
    return `${text}${text ? '\n' : ''}… ${plural(omitted, 'more failed pod')}: their logs are under ${where}.\n`
  })
}
