/**
 * Cancellation. The runner sends SIGINT to the node process only, SIGTERM 7.5 s later and SIGKILL
 * 2.5 s after that; a terminal's Ctrl-C is the same SIGINT. The first signal stops every pod with a
 * grace period that fits, the report is still written, and the process exits non-zero. A second
 * signal (SIGINT or SIGTERM) ends the grace period: every pod process is killed at once.
 *
 * While a run is in progress, an error nobody caught must not leave pods behind either: the pods'
 * processes are children in groups of their own, which outlive a crashed node process. So such an
 * error, and any exit of the process, kills every process of the run first (runProcesses.ts).
 */
import type { JobsRun } from './runner/runJobs.js'
import { killRunProcesses } from './runtime/leftovers.js'

/** Pods get at most this long to stop after a cancellation, so the whole exit fits in 7 s. */
export const cancelGraceMs = 4000

export function onCancel(run: JobsRun, onFirstSignal?: (signal: NodeJS.Signals) => void): () => void {
  let cancelled = false
  const killPods = (): void => {
    killRunProcesses(run.runId)
  }
  const handler = (signal: NodeJS.Signals): void => {
    if (!cancelled) {
      cancelled = true
      onFirstSignal?.(signal)
      run.cancel(cancelGraceMs)
      return
    }
    // The pods are already stopping: a shorter grace for them, and their processes killed now
    // (they report their exits as killed, 137, and the run ends as soon as they have).
    run.cancel(0)
    killPods()
  }
  const crash = (error: unknown): void => {
    killPods()
    process.stderr.write(
      `job-action failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(1)
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  process.on('uncaughtException', crash)
  process.on('exit', killPods)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
    process.off('uncaughtException', crash)
    process.off('exit', killPods)
  }
}
