/**
 * Cancellation. The runner sends SIGINT to the node process only, SIGTERM 7.5 s later and SIGKILL
 * 2.5 s after that; a terminal's Ctrl-C is the same SIGINT. Pods get a grace period that fits, the
 * report is still written, and the process exits non-zero.
 */
import type { JobsRun } from './runner/runJobs.js'

/** Pods get at most this long to stop after a cancellation, so the whole exit fits in 7 s. */
export const cancelGraceMs = 4000

export function onCancel(run: JobsRun, onFirstSignal?: (signal: NodeJS.Signals) => void): () => void {
  let cancelled = false
  const handler = (signal: NodeJS.Signals): void => {
    if (!cancelled) onFirstSignal?.(signal)
    // A second signal shortens the grace to nothing.
    run.cancel(cancelled ? 0 : cancelGraceMs)
    cancelled = true
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
