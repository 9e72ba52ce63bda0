/**
 * `<logs-dir>/<job>.lock`: one run of a Job name per logs folder at a time. Two runs writing the
 * same `<job>.status.json` would leave whichever ended last, silently; the second run is refused
 * instead, before any pod starts. The lock is made O_EXCL and holds the holder's pid and the
 * kernel's start time of that process, so a lock left by a run that died (SIGKILL, a crashed
 * runner) is taken over, and a pid reused by an unrelated process is not mistaken for the holder.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import { LogsFolderError, errnoText, linkMessage } from './safeFiles.js'

export const lockFileSuffix = '.lock'

interface LockContent {
  pid: number
  /** /proc/<pid>/stat's starttime (clock ticks since boot); null where there is no /proc. */
  processStart: string | null
  host: string
  startedAt: string
}

/** The kernel's start time of a process, or null (no /proc, or no such process). */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1')
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether the lock's holder still runs; a lock that cannot be read as ours is held. */
function held(text: string): { held: boolean; by: string } {
  let lock: Partial<LockContent>
  try {
    lock = JSON.parse(text) as Partial<LockContent>
  } catch {
    return { held: true, by: 'an unreadable lock' }
  }
  const pid = lock.pid
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0)
    return { held: true, by: 'an unreadable lock' }
  const by = `pid ${pid}${lock.startedAt ? `, started ${lock.startedAt}` : ''}`
  // On another machine sharing the folder nothing can be checked: it is held.
  if (lock.host !== undefined && lock.host !== os.hostname())
    return { held: true, by: `${by} on ${lock.host}` }
  if (!alive(pid)) return { held: false, by }
  const start = processStart(pid)
  const reused = lock.processStart != null && start !== null && start !== lock.processStart
  return { held: !reused, by }
}

function readLock(file: string): string | undefined {
  try {
    const info = fs.lstatSync(file)
    if (info.isSymbolicLink()) throw new LogsFolderError(linkMessage(file))
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function tryCreate(file: string, content: string): boolean {
  let fd: number
  try {
    fd = fs.openSync(
      file,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
      0o644
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    fs.writeSync(fd, content)
  } finally {
    fs.closeSync(fd)
  }
  return true
}

/**
 * A stale lock is moved aside before it is removed, and removed only if what was moved is what
 * was judged stale: two runs taking over the same dead lock at once cannot delete each other's.
 */
function takeOver(file: string, stale: string): void {
  const aside = `${file}.stale.${process.pid}`
  try {
    fs.renameSync(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = fs.readFileSync(aside, 'utf8')
  if (moved !== stale) {
    // Another run's fresh lock: put it back (link fails only if a newer one is already there).
    try {
      fs.linkSync(aside, file)
    } catch {
      // That newer lock stands.
    }
  }
  fs.rmSync(aside, { force: true })
}

/**
 * Takes `<jobPath>.lock` (jobPath is `<logs-dir>/<job>`) and returns its release. Throws
 * LogsFolderError when another live run holds it or it cannot be made.
 */
export function lockJob(jobPath: string, jobName: string): () => void {
  const file = jobPath + lockFileSuffix
  const content = `${JSON.stringify({
    pid: process.pid,
    processStart: processStart(process.pid),
    host: os.hostname(),
    startedAt: new Date().toISOString()
  } satisfies LockContent)}\n`
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      if (tryCreate(file, content)) return () => release(file, content)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new LogsFolderError(linkMessage(file))
      throw new LogsFolderError(`cannot make ${file}: ${errnoText(error)}`)
    }
    const existing = readLock(file)
    if (existing === undefined) continue
    const holder = held(existing)
    if (holder.held)
      throw new LogsFolderError(
        `Job ${jobName} is already running with this logs folder (${holder.by}; lock ${file}): wait for it, or give this run its own logs folder (--logs-dir, input logs-dir)`
      )
    takeOver(file, existing)
  }
  throw new LogsFolderError(`cannot take ${file}: other runs keep taking it`)
}

function release(file: string, content: string): void {
  // Only our own lock: never one a later run took over after ours was judged stale.
  if (readLockQuietly(file) === content) fs.rmSync(file, { force: true })
}

function readLockQuietly(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}
