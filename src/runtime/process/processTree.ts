/**
 * The processes that make up a process-runtime container: its process group, plus every
 * descendant that left the group (setsid, setpgid). Read from /proc on Linux and from `ps`
 * elsewhere (macOS has no /proc). Walking the process table costs milliseconds, so it happens
 * only when a container is stopped, never per spawn.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

export interface ProcessEntry {
  pid: number
  ppid: number
  pgid: number
  /** One letter: R, S, D, T, Z (zombie), X (dead)… */
  state: string
  /** Clock ticks since boot (Linux); tells a process from a later one that reused its pid. */
  startTime?: string
}

let procAvailable: boolean | undefined
export function hasProcFs(): boolean {
  procAvailable ??= existsSync('/proc/self/stat')
  return procAvailable
}

/** `/proc/<pid>/stat`: the command name is in parentheses and may itself hold spaces or ')'. */
export function parseProcStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')')
  if (close < 0) return undefined
  const pid = Number.parseInt(text, 10)
  // Fields after the name, numbered from 3 (state) as in proc(5).
  const fields = text.slice(close + 2).split(' ')
  if (!Number.isInteger(pid) || fields.length < 20) return undefined
  return {
    pid,
    state: fields[0],
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: fields[19]
  }
}

/** One line of `ps -A -o pid=,ppid=,pgid=,stat=`. */
export function parsePsLine(line: string): ProcessEntry | undefined {
  const [pid, ppid, pgid, stat] = line.trim().split(/\s+/)
  if (stat === undefined) return undefined
  return { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), state: stat.charAt(0) }
}

function readProcEntry(pid: string | number): ProcessEntry | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'))
  } catch {
    return undefined
  }
}

export function readProcessTable(): ProcessEntry[] {
  if (hasProcFs()) {
    const entries: ProcessEntry[] = []
    for (const name of readdirSync('/proc')) {
      if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue
      const entry = readProcEntry(name)
      if (entry) entries.push(entry)
    }
    return entries
  }
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' })
  return output
    .split('\n')
    .map(parsePsLine)
    .filter((entry): entry is ProcessEntry => entry !== undefined)
}

const isZombie = (entry: ProcessEntry): boolean => entry.state === 'Z' || entry.state === 'X'

/**
 * Living members of process group `pgid`, the `roots`, and their living descendants. Zombies are left out: they hold nothing and cannot be killed again.
 */
export function selectContainerProcesses(
  table: readonly ProcessEntry[],
  pgid: number,
  roots: readonly number[]
): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>()
  for (const entry of table) {
    const siblings = children.get(entry.ppid)
    if (siblings) siblings.push(entry)
    else children.set(entry.ppid, [entry])
  }
  const selected = new Map<number, ProcessEntry>()
  const queue: number[] = []
  const rootSet = new Set(roots)
  for (const entry of table) {
    if ((entry.pgid === pgid || rootSet.has(entry.pid)) && !selected.has(entry.pid)) {
      selected.set(entry.pid, entry)
      queue.push(entry.pid)
    }
  }
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() as number) ?? []) {
      if (selected.has(child.pid)) continue
      selected.set(child.pid, child)
      queue.push(child.pid)
    }
  }
  selected.delete(process.pid)
  return [...selected.values()].filter(entry => !isZombie(entry))
}

/** True when the process is gone: no such pid, a zombie, or a later process that reused the pid. */
export function isProcessGone(entry: ProcessEntry): boolean {
  if (hasProcFs()) {
    const now = readProcEntry(entry.pid)
    return (
      now === undefined ||
      isZombie(now) ||
      (entry.startTime !== undefined && now.startTime !== entry.startTime)
    )
  }
  try {
    process.kill(entry.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Send a signal; a process that is already gone (ESRCH) or not ours to signal (EPERM, e.g.
 * a setuid program) is not an error when tearing a container down. Returns whether it was sent.
 */
export function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ESRCH' || code === 'EPERM') return false
    throw error
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  return pgid > 1 && sendSignal(-pgid, signal)
}

/** Signal a process seen earlier, unless it has gone and its pid may belong to someone else now. */
export function signalIfStillThere(entry: ProcessEntry, signal: NodeJS.Signals): boolean {
  return !isProcessGone(entry) && sendSignal(entry.pid, signal)
}
