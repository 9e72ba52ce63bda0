/**
 * Processes that left a container's process group (setsid) and outlived its main process, found by
 * the log file they still hold open and killed, as the end of a container's cgroup kills them on a
 * node. A container that writes its log file itself gives no sign of such holders (a pipe would not
 * end), so the files of every container that ended within BATCH_MS are looked for in one scan of
 * the run's processes: a Job of small pods ends hundreds a second, and a scan per pod would cost
 * more than the pods.
 */
import { findHoldersOf } from './markedProcesses.js'
import { sendSignal } from './processTree.js'

const BATCH_MS = 100

export class LeftoverHunt {
  private pending = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly runId: string) {}

  /** A container whose output went to this file has ended. */
  ended(logPath: string): void {
    this.pending.add(logPath)
    this.timer ??= setTimeout(() => this.scan(), BATCH_MS).unref()
  }

  private scan(): void {
    const paths = this.pending
    this.pending = new Set()
    this.timer = undefined
    for (const holder of findHoldersOf(paths, this.runId)) sendSignal(holder, 'SIGKILL')
  }
}
