/**
 * The indexes of an Indexed Job at a glance: one square per completion index — completed,
 * failed, or not run — fifty to a line, each line led by its first index.
 */
import { parseIndexes } from '../controller/indexedJobUtils.js'
import type { PodRecord } from '../api/podRecord.js'
import type { DefaultedJob } from '../api/model.js'
import { ListPart } from './summaryBudget.js'
import { codeSpan, count } from './summaryMarkdown.js'

export type IndexState = 'completed' | 'failed' | 'notRun'

export const indexSymbols: Record<IndexState, string> = { completed: '🟩', failed: '🟥', notRun: '⬜' }

const perLine = 50
/** Forty lines of fifty: beyond that the interval lists say more than squares. */
const maxLines = 40

/**
 * Completed: in status.completedIndexes. Failed: in status.failedIndexes, or a pod of that index
 * failed and none completed it. Not run: no pod was created for it.
 */
export function indexStates(job: DefaultedJob, pods: readonly PodRecord[]): IndexState[] {
  const completions = job.spec.completions ?? 0
  const states: IndexState[] = new Array<IndexState>(completions).fill('notRun')
  for (const pod of pods)
    if (pod.index !== null && pod.index < completions && pod.phase === 'Failed') states[pod.index] = 'failed'
  for (const i of parseIndexes(job.status.failedIndexes ?? '', completions)) states[i] = 'failed'
  for (const i of parseIndexes(job.status.completedIndexes ?? '', completions)) states[i] = 'completed'
  return states
}

export function indexCounts(states: readonly IndexState[]): Record<IndexState, number> {
  const counts: Record<IndexState, number> = { completed: 0, failed: 0, notRun: 0 }
  for (const state of states) counts[state]++
  return counts
}

export function indexLegend(states: readonly IndexState[]): string {
  const counts = indexCounts(states)
  return (
    `${indexSymbols.completed} ${count(counts.completed)} completed · ` +
    `${indexSymbols.failed} ${count(counts.failed)} failed · ` +
    `${indexSymbols.notRun} ${count(counts.notRun)} not run`
  )
}

/** The strip as a cuttable part: its items are lines of fifty indexes. */
export function indexStripPart(states: readonly IndexState[], failedIndexes: string | undefined): ListPart {
  const lines = Math.ceil(states.length / perLine)
  const width = String(Math.max(0, states.length - 1)).length
  const line = (n: number): string => {
    const first = n * perLine
    const squares = states
      .slice(first, first + perLine)
      .map((state, i) => (i > 0 && i % 10 === 0 ? ' ' : '') + indexSymbols[state])
      .join('')
    return `${String(first).padStart(width)}  ${squares}\n`
  }
  return new ListPart(lines, maxLines, (shown, omitted) => {
    if (shown.length === 0 && omitted === 0) return ''
    const block = shown.length > 0 ? `\`\`\`text\n${shown.map(line).join('')}\`\`\`\n` : ''
    if (omitted === 0) return block
    const rest = states.slice(shown.length * perLine)
    const restCounts = indexCounts(rest)
    const failed = failedIndexes ? `; the failed ones are in the \`failed-indexes\` output` : ''
    return (
      block +
      `\n… ${count(rest.length)} more indexes from ${count(shown.length * perLine)}: ` +
      `${count(restCounts.completed)} completed, ${count(restCounts.failed)} failed, ` +
      `${count(restCounts.notRun)} not run${failed}.\n`
    )
  })
}

/** The failed indexes in interval form, short enough for a headline. */
export function failedIndexesText(failedIndexes: string | undefined, maxLength = 200): string {
  if (!failedIndexes) return ''
  if (failedIndexes.length <= maxLength) return codeSpan(failedIndexes)
  const cut = failedIndexes.slice(0, failedIndexes.lastIndexOf(',', maxLength))
  return `${codeSpan(cut)}…`
}
