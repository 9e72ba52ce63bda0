/**
 * Per-index state of an Indexed Job: which indexes succeeded, failed, run, or wait for a pod —
 * kept incrementally so that a sync costs the same for 10 or 100,000 completions.
 */
import { getFinishedTime, getRemainingTime, type BackoffSettings } from './backoffUtils.js'
import {
  formatIndexes,
  indexFailureCountKey,
  indexIgnoredFailureCountKey
} from './indexedJobUtils.js'
import type { PodRecord } from './types.js'

export interface IndexFailure {
  /** Counted toward the limits (not matched by an Ignore rule). */
  counted: boolean
  /** Matched a FailIndex rule. */
  failIndex: boolean
  perIndexLimit: number | null | undefined
  now: number
}

export interface PendingPick {
  indexes: number[]
  /** Per-index backoff still holds some indexes back for this long. */
  waitMs?: number
}

interface IndexRetry {
  lastFailureTime: number
  failures: number
}

export class IndexTracker {
  readonly succeededSet = new Set<number>()
  private readonly failedSet = new Set<number>()
  private readonly active = new Set<number>()
  private readonly retry = new Set<number>()
  private readonly counts = new Map<number, { counted: number; ignored: number }>()
  private readonly retryBackoff = new Map<number, IndexRetry>()
  private nextFresh = 0

  constructor(private readonly completions: number) {}

  get succeededCount(): number {
    return this.succeededSet.size
  }

  get failedCount(): number {
    return this.failedSet.size
  }

  start(index: number): void {
    this.active.add(index)
  }

  succeed(pod: PodRecord): void {
    const index = pod.index ?? -1
    this.active.delete(index)
    // A second success of an index, or one outside [0, completions), changes nothing.
    if (index >= 0 && index < this.completions) this.succeededSet.add(index)
  }

  /** The pod ended without its outcome counting (deleted on scale-down): the index is pending again. */
  release(pod: PodRecord, _now: number): void {
    const index = pod.index ?? -1
    this.active.delete(index)
    if (this.isOpen(index)) this.retry.add(index)
  }

  fail(pod: PodRecord, failure: IndexFailure): void {
    const index = pod.index ?? -1
    this.active.delete(index)
    if (!this.isOpen(index)) return
    const limit = failure.perIndexLimit
    if (limit !== undefined && limit !== null) {
      const counted = Number(pod.annotations[indexFailureCountKey] ?? 0)
      const ignored = Number(pod.annotations[indexIgnoredFailureCountKey] ?? 0)
      if (failure.counted && (failure.failIndex || counted >= limit)) {
        this.failedSet.add(index)
        return
      }
      this.counts.set(index, failure.counted ? { counted: counted + 1, ignored } : { counted, ignored: ignored + 1 })
      this.retryBackoff.set(index, { lastFailureTime: getFinishedTime(pod), failures: counted + ignored + 1 })
    }
    this.retry.add(index)
  }

  failureCounts(index: number): { counted: number; ignored: number } {
    return this.counts.get(index) ?? { counted: 0, ignored: 0 }
  }

  /**
   * The lowest pending indexes first (firstPendingIndexes); with backoffLimitPerIndex an index
   * waits out its own backoff, measured from its last failed pod.
   */
  pendingIndexes(count: number, now: number, perIndexBackoff: BackoffSettings | undefined): PendingPick {
    const picked: number[] = []
    let waitMs: number | undefined
    const retries = [...this.retry].sort((a, b) => a - b)
    let r = 0
    while (picked.length < count) {
      const retryIndex = r < retries.length ? retries[r] : Infinity
      const freshIndex = this.nextFresh < this.completions ? this.nextFresh : Infinity
      if (retryIndex === Infinity && freshIndex === Infinity) break
      if (retryIndex < freshIndex) {
        r++
        const info = perIndexBackoff ? this.retryBackoff.get(retryIndex) : undefined
        const wait = info ? getRemainingTime(info.failures, info.lastFailureTime, now, perIndexBackoff!) : 0
        if (wait > 0) {
          waitMs = Math.min(waitMs ?? Infinity, wait)
          continue
        }
        this.retry.delete(retryIndex)
        picked.push(retryIndex)
      } else {
        picked.push(freshIndex)
        this.nextFresh++
      }
    }
    return { indexes: picked, waitMs }
  }

  completedIndexes(): string {
    return formatIndexes(this.succeededSet)
  }

  failedIndexes(): string {
    return formatIndexes(this.failedSet)
  }

  private isOpen(index: number): boolean {
    return (
      index >= 0 &&
      index < this.completions &&
      !this.succeededSet.has(index) &&
      !this.failedSet.has(index) &&
      !this.active.has(index)
    )
  }
}
