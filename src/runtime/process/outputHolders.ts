/**
 * The hunt for processes that left a container's process group (setsid), outlived its main process
 * and still hold its output open: they are killed, as the end of a container's cgroup kills them on
 * a node. One search and kill, fed by two triggers:
 * - a child_process pipe that does not end after the main process exited (the holders keep the
 *   log from ending, so the exit is not reported): searched for with growing pauses until it ends;
 * - a container that wrote its log file itself and ended: its holders give no sign (no pipe to
 *   keep open), so the file is searched for once, in the next scan.
 * Every output due is searched for in one scan of the run's processes: a Job of small pods ends
 * hundreds a second, and a scan per pod would cost more than the pods.
 */
import { findHoldersOf } from './markedProcesses.js'
import { sendSignal } from './processTree.js'

/** An ended container's log file waits at most this long for the scan that looks for its holders. */
const ENDED_SCAN_MS = 100
/** After the main process exits, how long its pipes may take to end before we look for holders. */
const FIRST_PIPE_CHECK_MS = 50
const MAX_PIPE_CHECK_INTERVAL_MS = 2000

interface Watch {
  /** What the holders hold: `pipe:[123]`, or a log file's path (see readDescriptorLink). */
  links: ReadonlySet<string>
  dueAt: number
  /** The pause before the next search; undefined for a single search. */
  pause?: number
}

export class OutputHolderHunt {
  private readonly watches = new Set<Watch>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerAt = Infinity

  constructor(private readonly runId: string) {}

  /** A container whose output went to this file has ended: its holders are killed in the next scan. */
  ended(logPath: string): void {
    this.add({ links: new Set([logPath]), dueAt: Date.now() + ENDED_SCAN_MS })
  }

  /** The main process has exited: holders of these pipes are killed until `released` resolves. */
  untilReleased(links: ReadonlySet<string>, released: Promise<void>): void {
    // A process that writes its log file itself leaves no pipe to hold open.
    if (links.size === 0) return
    const watch: Watch = { links, dueAt: Date.now() + FIRST_PIPE_CHECK_MS, pause: FIRST_PIPE_CHECK_MS }
    this.add(watch)
    void released.then(() => this.watches.delete(watch))
  }

  private add(watch: Watch): void {
    this.watches.add(watch)
    this.schedule()
  }

  private schedule(): void {
    let next = Infinity
    for (const watch of this.watches) next = Math.min(next, watch.dueAt)
    // A scan already due earlier takes the new watch along (see scan).
    if (next >= this.timerAt) return
    clearTimeout(this.timer)
    this.timerAt = next
    this.timer = setTimeout(() => this.scan(), Math.max(0, next - Date.now())).unref()
  }

  /** Searches for the holders of every output due, and of every ended log file whatever its due time. */
  private scan(): void {
    this.timer = undefined
    this.timerAt = Infinity
    const now = Date.now()
    const due = [...this.watches].filter(watch => watch.pause === undefined || watch.dueAt <= now)
    const links = new Set(due.flatMap(watch => [...watch.links]))
    for (const holder of findHoldersOf(links, this.runId)) sendSignal(holder, 'SIGKILL')
    for (const watch of due) {
      if (watch.pause === undefined) {
        this.watches.delete(watch)
        continue
      }
      watch.pause = Math.min(watch.pause * 2, MAX_PIPE_CHECK_INTERVAL_MS)
      watch.dueAt = now + watch.pause
    }
    this.schedule()
  }
}
