/**
 * The describe text in the report, whole — unless the budget says otherwise: a Job of a hundred
 * thousand pods has as many events. Then the Events table loses rows from its middle first (the
 * first and the last events tell the story), and only then does the rest lose lines from its end.
 */
import { ListPart } from './summaryBudget.js'
import { count, escapeHtml, fencedBlock } from './summaryMarkdown.js'

function eventRows(lines: readonly string[]): { first: number; end: number } {
  // describeEvents writes `Events:`, a header row and a dashes row, then one row per event.
  const header = lines.indexOf('Events:')
  if (header < 0 || !/^\s+-+\s/.test(lines[header + 2] ?? ''))
    return { first: lines.length, end: lines.length }
  return { first: header + 3, end: lines.length }
}

/** Keep-first order: every line but the event rows in reading order, then the events outside in. */
function priority(lines: readonly string[]): number[] {
  const { first, end } = eventRows(lines)
  const order: number[] = []
  for (let i = 0; i < first; i++) order.push(i)
  for (let i = end; i < lines.length; i++) order.push(i)
  for (let low = first, high = end - 1; low <= high; low++, high--) {
    order.push(low)
    if (high !== low) order.push(high)
  }
  return order
}

/** A thousand events is more than anyone reads; the first and last ones stay. */
export const maxEventRows = 1000

export function describePart(describe: string, jobName: string, open: boolean): ListPart {
  const lines = describe.replace(/\n$/, '').split('\n')
  const { first, end } = eventRows(lines)
  const cap = lines.length - (end - first) + maxEventRows
  return new ListPart(
    lines.length,
    cap,
    (shown, omitted) => {
      const out: string[] = []
      let previous = -1
      for (const i of shown) {
        if (i > previous + 1) out.push(gapLine(previous + 1, i, first, end))
        out.push(lines[i])
        previous = i
      }
      if (previous < lines.length - 1 && omitted > 0)
        out.push(gapLine(previous + 1, lines.length, first, end))
      return (
        `<details${open ? ' open' : ''}><summary>${escapeHtml(`kubectl describe job/${jobName}`)}</summary>\n\n` +
        `${fencedBlock(out.join('\n'))}\n\n</details>\n`
      )
    },
    priority(lines)
  )
}

function gapLine(from: number, to: number, firstEvent: number, endEvents: number): string {
  const n = to - from
  return from >= firstEvent && to <= endEvents ? `  … ${count(n)} more events` : `… ${count(n)} more lines`
}
