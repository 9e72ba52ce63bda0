/**
 * The pods on a time axis: a Mermaid gantt chart, one bar per pod from its start to its end —
 * green when it succeeded, red when it failed, blue while it still ran — grouped by completion
 * index for Indexed Jobs. GitHub renders ```mermaid blocks in summaries and comments; Mermaid
 * refuses diagrams over 50,000 characters, and a chart of thousands of bars is unreadable, so it
 * draws at most 100 pods (failed ones first).
 */
import type { PodRecord } from '../api/podRecord.js'
import { failedFirst } from './summaryPods.js'
import { ListPart } from './summaryBudget.js'
import { count, plural } from './summaryMarkdown.js'

export const maxTimelineBars = 100

interface Bar {
  pod: PodRecord
  start: number
  end: number
  running: boolean
}

/** Labels cannot hold the characters Mermaid's gantt grammar splits on. */
function label(text: string): string {
  return text.replace(/[:;#\n\r]/g, ' ')
}

function barLabel(pod: PodRecord): string {
  const exit = pod.containerStatuses.find(s => s.state === 'terminated' && s.exitCode !== 0)
  const why = pod.reason ?? (exit ? `exit ${exit.exitCode}` : undefined)
  return label(pod.phase === 'Failed' && why ? `${pod.name} (${why})` : pod.name)
}

function tag(bar: Bar): string {
  if (bar.running) return 'active, '
  return bar.pod.phase === 'Failed' ? 'crit, ' : 'done, '
}

/** A tick label format that suits the span: d3-time-format, in the reader's time zone. */
export function axisFormat(spanMs: number): string {
  if (spanMs < 10_000) return '%S.%L'
  if (spanMs < 60 * 60_000) return '%M:%S'
  if (spanMs < 24 * 60 * 60_000) return '%H:%M'
  return '%d %H:%M'
}

/**
 * The chart as a cuttable part; `endedAt` closes the bars of pods still running when the run
 * ended. Pods that never started have no bar.
 */
export function timelinePart(pods: readonly PodRecord[], endedAt: number, indexed: boolean): ListPart {
  const started = pods.filter(pod => pod.startTime !== undefined)
  const bars: Bar[] = started.map(pod => {
    const start = pod.startTime as number
    const end = pod.finishTime ?? Math.max(endedAt, start)
    // A bar needs a width: Mermaid draws nothing for an empty task, and an empty axis fails.
    return { pod, start, end: Math.max(end, start + 1), running: pod.finishTime === undefined }
  })
  return new ListPart(
    bars.length,
    maxTimelineBars,
    (shown, omitted) => {
      if (shown.length === 0) return omitted > 0 ? `${plural(omitted, 'pod')} not drawn.\n` : ''
      const drawn = shown
        .map(i => bars[i])
        .sort((a, b) => a.start - b.start || a.pod.creationTimestamp - b.pod.creationTimestamp)
      const first = Math.min(...drawn.map(b => b.start))
      const last = Math.max(...drawn.map(b => b.end))
      const lines = [
        '```mermaid',
        'gantt',
        '  dateFormat x',
        `  axisFormat ${axisFormat(last - first)}`,
        '  todayMarker off'
      ]
      if (indexed) {
        const byIndex = new Map<number, Bar[]>()
        for (const bar of drawn) {
          const key = bar.pod.index ?? -1
          byIndex.set(key, [...(byIndex.get(key) ?? []), bar])
        }
        for (const [index, group] of [...byIndex].sort((a, b) => a[0] - b[0])) {
          lines.push(`  section index ${index}`)
          for (const bar of group) lines.push(`  ${barLabel(bar.pod)} :${tag(bar)}${bar.start}, ${bar.end}`)
        }
      } else {
        lines.push('  section pods')
        for (const bar of drawn) lines.push(`  ${barLabel(bar.pod)} :${tag(bar)}${bar.start}, ${bar.end}`)
      }
      lines.push('```')
      const note =
        omitted > 0
          ? `\n… ${plural(omitted, 'more pod')} not drawn (the chart shows ${count(shown.length)}, failed ones first).\n`
          : ''
      return `${lines.join('\n')}\n${note}`
    },
    failedFirst(started)
  )
}
