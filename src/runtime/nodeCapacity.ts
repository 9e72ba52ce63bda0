/**
 * How many pods this machine runs at once: the node's capacity. A Job may ask for any parallelism
 * (100,000 is valid), but a runner holds only so many processes, open files and bytes; past that,
 * starting more pods only makes every one of them slower and can exhaust the machine. As on a full
 * node, pods beyond the capacity stay Pending and start, in the order they came, as running pods
 * finish. One capacity serves every Job of a run, since they share the machine.
 *
 * The limit is the smallest of what the soft limits of this process (/proc/self/limits: open files,
 * processes) and the memory available now allow, at an estimated cost per pod of the runtime; where
 * no limits file exists (not Linux), a fixed default stands in for the first two.
 * JOB_ACTION_MAX_RUNNING_PODS (a positive integer) sets the limit outright, for tests and for
 * runners whose limits mislead.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'

export const maxRunningPodsVariable = 'JOB_ACTION_MAX_RUNNING_PODS'

/** What one running pod is assumed to take of the machine. */
interface PodCost {
  openFiles: number
  /** Tasks: RLIMIT_NPROC counts threads too. */
  processes: number
  memoryBytes: number
}

const MiB = 1024 * 1024

/**
 * A process pod: its container and the shell or program it runs, the pipes of a child_process
 * start (the spawner's keep none here) and a log file. A docker pod: the `docker run` client (a Go
 * program of a dozen threads and tens of MiB) beside the container itself.
 */
const podCosts: Record<string, PodCost> = {
  process: { openFiles: 4, processes: 2, memoryBytes: 8 * MiB },
  docker: { openFiles: 6, processes: 16, memoryBytes: 64 * MiB }
}

/** Files node itself keeps open (modules, the spawner's pipes, log streams): never given to pods. */
const RESERVED_OPEN_FILES = 256
/** RLIMIT_NPROC counts every task of the user, including those running before us: half is ours. */
const OWN_SHARE_OF_PROCESSES = 0.5
/** The rest of the memory is left to the pods' own growth and to everything else on the machine. */
const OWN_SHARE_OF_MEMORY = 0.75
/** Without a limits file: what a small machine holds. */
const PLATFORM_DEFAULT_PODS = 1000

export type CapacityBound =
  'open files' | 'processes' | 'memory' | 'platform default' | typeof maxRunningPodsVariable

export interface CapacityLimit {
  pods: number
  /** What sets it, for the notice. */
  by: CapacityBound
}

export interface MachineFacts {
  env: NodeJS.ProcessEnv
  /** The text of /proc/self/limits; undefined where there is none. */
  limits: string | undefined
  availableMemory: number
}

export function readMachineFacts(env: NodeJS.ProcessEnv = process.env): MachineFacts {
  let limits: string | undefined
  try {
    limits = fs.readFileSync('/proc/self/limits', 'utf8')
  } catch {
    limits = undefined
  }
  return { env, limits, availableMemory: os.freemem() }
}

/** The soft limit of one row of /proc/self/limits; Infinity for unlimited, undefined when absent. */
export function softLimit(limits: string, row: string): number | undefined {
  const match = new RegExp(`^${row}\\s+(\\S+)`, 'm').exec(limits)
  if (!match) return undefined
  if (match[1] === 'unlimited') return Infinity
  const value = Number(match[1])
  return Number.isFinite(value) ? value : undefined
}

/** The most pods of this runtime the machine described runs at once. */
export function machineCapacity(runtime: string, facts: MachineFacts): CapacityLimit {
  const forced = facts.env[maxRunningPodsVariable]
  if (forced !== undefined && /^\s*[1-9]\d*\s*$/.test(forced))
    return { pods: Number(forced), by: maxRunningPodsVariable }
  const cost = podCosts[runtime] ?? podCosts.process
  const candidates: CapacityLimit[] = [
    { pods: Math.floor((facts.availableMemory * OWN_SHARE_OF_MEMORY) / cost.memoryBytes), by: 'memory' }
  ]
  if (facts.limits === undefined) candidates.push({ pods: PLATFORM_DEFAULT_PODS, by: 'platform default' })
  else {
    const files = softLimit(facts.limits, 'Max open files')
    if (files !== undefined)
      candidates.push({ pods: Math.floor((files - RESERVED_OPEN_FILES) / cost.openFiles), by: 'open files' })
    const processes = softLimit(facts.limits, 'Max processes')
    if (processes !== undefined)
      candidates.push({
        pods: Math.floor((processes * OWN_SHARE_OF_PROCESSES) / cost.processes),
        by: 'processes'
      })
  }
  const least = candidates.reduce((a, b) => (b.pods < a.pods ? b : a))
  // However tight the machine, one pod at a time still runs the Job.
  return { pods: Math.max(1, least.pods), by: least.by }
}

/** A pod waiting for a place; cancel() drops it (false when it has started already). */
export interface WaitingStart {
  cancel(): boolean
}

export class NodeCapacity {
  private running = 0
  /** In arrival order (a Set iterates in insertion order, and deletes in constant time). */
  private readonly waiting = new Set<() => void>()
  private draining = false
  private full = false

  /**
   * @param onFirstWait told once, of the Job whose pod was the first to wait
   */
  constructor(
    readonly limit: CapacityLimit,
    private readonly onFirstWait?: (jobName: string) => void
  ) {}

  /** Start now when there is room, else when a place frees; undefined when started at once. */
  admit(jobName: string, start: () => void): WaitingStart | undefined {
    if (this.running < this.limit.pods && this.waiting.size === 0) {
      this.running++
      start()
      return undefined
    }
    if (!this.full) {
      this.full = true
      this.onFirstWait?.(jobName)
    }
    this.waiting.add(start)
    return { cancel: () => this.waiting.delete(start) }
  }

  /** A running pod is gone: the first waiting ones take its place. */
  release(): void {
    this.running--
    // A start that ends its pod at once releases from inside the loop: the loop carries on.
    if (this.draining) return
    this.draining = true
    try {
      while (this.running < this.limit.pods && this.waiting.size > 0) {
        const next = this.waiting.values().next().value as () => void
        this.waiting.delete(next)
        this.running++
        next()
      }
    } finally {
      this.draining = false
    }
  }

  get waitingPods(): number {
    return this.waiting.size
  }
}
