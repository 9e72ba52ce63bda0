/**
 * Stopping one process container: SIGTERM to every process of the container (its group, and the
 * descendants that left the group), SIGKILL once the grace period ends, and the kill of whatever is
 * left when the main process exits — as the end of PID 1 takes down a container's PID namespace.
 */
import {
  readProcessTable,
  selectContainerProcesses,
  sendSignal,
  signalGroup,
  signalIfStillThere,
  type ProcessEntry
} from './processTree.js'

export interface ProcessStopper {
  /** SIGTERM to every process of the container now (the first time), SIGKILL after graceMs. */
  stop(graceMs: number): void
  /** The main process has exited: whatever is left of the container is killed. */
  mainExited(): void
}

/** groupKilledAtExit: whoever reaped the main process killed its group first (the spawner does). */
export function processStopper(pid: number, groupKilledAtExit = false): ProcessStopper {
  let mainExited = false
  let killTimer: ReturnType<typeof setTimeout> | undefined
  let killDeadline = Infinity
  /**
   * The container's processes as found when it was stopped, group members included: one may
   * leave the group (setsid) between the look and the kill.
   */
  let tracked: ProcessEntry[] = []

  const findContainerProcesses = (): ProcessEntry[] =>
    selectContainerProcesses(readProcessTable(), pid, [pid, ...tracked.map(entry => entry.pid)])

  const killAll = (): void => {
    if (killTimer) clearTimeout(killTimer)
    killTimer = undefined
    // Once the main process is reaped its id is free: the group may be a new container's.
    if (!(mainExited && groupKilledAtExit)) signalGroup(pid, 'SIGKILL')
    // Once stopped, look again: the tree may have grown or moved since stop() looked.
    if (tracked.length === 0 && mainExited) return
    tracked = mergeByPid(tracked, findContainerProcesses())
    for (const entry of tracked) if (entry.pid !== pid) signalIfStillThere(entry, 'SIGKILL')
  }

  const stop = (graceMs: number): void => {
    if (mainExited) return
    const deadline = Date.now() + Math.max(0, graceMs)
    if (killDeadline === Infinity) {
      tracked = findContainerProcesses()
      signalGroup(pid, 'SIGTERM')
      for (const entry of tracked) if (entry.pgid !== pid) sendSignal(entry.pid, 'SIGTERM')
    }
    if (deadline >= killDeadline) return
    killDeadline = deadline
    if (killTimer) clearTimeout(killTimer)
    if (graceMs <= 0) killAll()
    else killTimer = setTimeout(killAll, graceMs)
  }

  return {
    stop,
    mainExited: () => {
      mainExited = true
      killAll()
    }
  }
}

function mergeByPid(known: ProcessEntry[], found: ProcessEntry[]): ProcessEntry[] {
  const merged = new Map(known.map(entry => [entry.pid, entry]))
  for (const entry of found) merged.set(entry.pid, entry)
  return [...merged.values()]
}
