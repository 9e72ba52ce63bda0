/**
 * The last line of every run, in the CLI and in the action's log: how each Job ended, why, what
 * its pods did and how long it took — `Job "pi" Complete: 1/1 succeeded in 3s`. A reader who
 * scrolls to the bottom of a long log finds the outcome there, not only where the logs are.
 */
import type { JobRunResult } from './runResult.js'
import { humanDuration } from './humanDuration.js'

function counts(result: JobRunResult): string {
  const { status, spec } = result.job
  const succeeded = status.succeeded ?? 0
  const of = spec.completions === undefined || spec.completions === null ? '' : `/${spec.completions}`
  const parts = [`${succeeded}${of} succeeded`]
  if (status.failed) parts.push(`${status.failed} failed`)
  return parts.join(', ')
}

export function verdictLine(result: JobRunResult): string {
  const name = `Job "${result.job.metadata.name}"`
  const took = result.pods.length > 0 ? ` in ${humanDuration(result.endedAt - result.startedAt)}` : ''
  if (result.cancelled) return `${name} Cancelled: every pod was stopped; ${counts(result)}${took}`
  if (result.status === 'Suspended') {
    const pods = result.pods.length > 0 ? `${counts(result)}${took}` : 'no pod ran'
    return `${name} Suspended (${result.reason}): ${pods}`
  }
  const message = result.terminal?.message?.trim()
  const why = result.status === 'Failed' ? ` ${result.reason}${message ? ` (${message})` : ''};` : ''
  return `${name} ${result.status}:${why} ${counts(result)}${took}`
}

/** One line per Job, in the order they were given. */
export function verdictLines(results: readonly JobRunResult[]): string {
  return results.map(r => `${verdictLine(r)}\n`).join('')
}
