/**
 * The run's safety net. Every pod process carries `JOB_ACTION_RUN_ID=<runId>` in its
 * environment, and children inherit it, so whatever escaped its process group and outlived
 * its parent is still found by one scan of /proc/<pid>/environ: at shutdown, on cancellation
 * and in the action's post step. (A process that re-execs itself with a cleared environment
 * escapes this; the process group and tree kills still cover it while its pod runs.)
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { RUN_MARKER_NAME } from './containerEnv.js'
import { hasProcFs, sendSignal } from './processTree.js'

function environHasMarker(environ: Buffer, marker: Buffer): boolean {
  let at = environ.indexOf(marker)
  while (at >= 0) {
    const startsEntry = at === 0 || environ[at - 1] === 0
    const endsEntry = at + marker.length === environ.length || environ[at + marker.length] === 0
    if (startsEntry && endsEntry) return true
    at = environ.indexOf(marker, at + 1)
  }
  return false
}

function procPids(): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) pids.push(pid)
  }
  return pids
}

/** Pids of live processes whose initial environment carries this run's marker. */
export function findMarkedPids(runId: string): number[] {
  const marker = `${RUN_MARKER_NAME}=${runId}`
  if (!hasProcFs()) return findMarkedPidsWithPs(marker)
  const markerBytes = Buffer.from(marker)
  return procPids().filter(pid => {
    try {
      // A zombie's environ reads empty, so zombies are never matched.
      return environHasMarker(readFileSync(`/proc/${pid}/environ`), markerBytes)
    } catch {
      return false // gone, or not ours to read
    }
  })
}

/** macOS: `ps -E` appends the environment to the command line of our own processes. */
function findMarkedPidsWithPs(marker: string): number[] {
  let output: string
  try {
    output = execFileSync('ps', ['-A', '-E', '-ww', '-o', 'pid=,command='], { encoding: 'utf8' })
  } catch {
    return []
  }
  const pids: number[] = []
  for (const line of output.split('\n')) {
    const pid = Number.parseInt(line, 10)
    if (pid !== process.pid && ` ${line.trim()} `.includes(` ${marker} `)) pids.push(pid)
  }
  return pids
}

/** SIGKILL every process of this run that is still alive; returns how many were killed. */
export function killMarkedProcesses(runId: string): number {
  let killed = 0
  for (const pid of findMarkedPids(runId)) if (sendSignal(pid, 'SIGKILL')) killed++
  return killed
}

/** What a process's descriptor points at (`pipe:[123]`, `socket:[456]`), or undefined. */
export function readDescriptorLink(pid: number, fd: number): string | undefined {
  if (!hasProcFs()) return undefined
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`)
  } catch {
    return undefined
  }
}

/**
 * Marked processes that still hold one of `links` open: descendants that left their
 * container's group but keep its stdout or stderr, so its log would never end. Linux only.
 */
export function findHoldersOf(links: ReadonlySet<string>, runId: string): number[] {
  if (!hasProcFs() || links.size === 0) return []
  return findMarkedPids(runId).filter(pid => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some(fd => links.has(readDescriptorLink(pid, Number(fd)) ?? ''))
    } catch {
      return false
    }
  })
}
