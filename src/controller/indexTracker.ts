/**
 * Per-index state of an Indexed Job, kept incrementally so that a sync costs the same for 10 or
 * 100,000 completions: succeeded and failed indexes as ordered intervals, how many active and
 * terminating pods hold each index, the failed pods held back for backoffLimitPerIndex, and a
 * low-water mark below which an index is pending again only if it was reopened. A runner that is one
 * shard of the Job owns only some indexes: it never picks another's, and "every index" means its own.
 */
import {
  addIndex,
  formatIntervals,
  getPodsWithDelayedDeletionPerIndex,
  intervalsHave,
  intervalsTotal,
  parseIndexesFromString,
  type OrderedIntervals
} from './indexedJobUtils.js'
import type { JobStatus } from '../api/model.js'
import type { PodRecord } from '../api/podRecord.js'

/**
 * Runner `index` of `count` (numbered from 1) sharing one Indexed Job: it owns the indexes k with
 * k mod count == index − 1, so that neighbouring indexes — often similar work — spread over runners.
 */
export interface IndexShard {
  index: number
  count: number
}

/** How many of `completions` indexes a shard owns. */
export function shardIndexCount(completions: number, shard: IndexShard): number {
  const first = shard.index - 1
  return first < completions ? Math.floor((completions - 1 - first) / shard.count) + 1 : 0
}

export class IndexTracker {
  readonly succeeded: OrderedIntervals
  /** Only with backoffLimitPerIndex (status.failedIndexes is then always written). */
  readonly failed: OrderedIntervals | undefined
  /**
   * podsWithDelayedDeletionPerIndex: an index's last failed pod, kept until a replacement runs; its
   * annotations give the replacement's failure counts and its finish time the index's backoff.
   */
  readonly held = new Map<number, PodRecord>()
  /** The indexes this runner is responsible for: completions, or its shard's share of them. */
  readonly ownedTotal: number
  private succeededCount: number
  private failedCount: number
  private readonly active = new Map<number, number>()
  private readonly terminating = new Map<number, number>()
  /** Active pods without a valid index, or with one beyond completions. */
  private invalidActive = 0
  /** Indexes held by more than one active pod. */
  private repeated = 0
  private lowWater = 0
  /** Indexes below lowWater that may be pending again (most turn out to have succeeded). */
  private readonly reopened = new Set<number>()

  constructor(
    readonly completions: number,
    completedIndexes: string,
    failedIndexes: string | undefined,
    perIndex: boolean,
    private readonly replaceOnlyFailed: boolean,
    readonly shard?: IndexShard
  ) {
    this.ownedTotal = shard ? shardIndexCount(completions, shard) : completions
    this.succeeded = parseIndexesFromString(completedIndexes, completions)
    this.succeededCount = intervalsTotal(this.succeeded)
    this.failed = perIndex ? parseIndexesFromString(failedIndexes ?? '', completions) : undefined
    this.failedCount = this.failed ? intervalsTotal(this.failed) : 0
  }

  get succeededTotal(): number {
    return this.succeededCount
  }

  get failedTotal(): number {
    return this.failedCount
  }

  isValid(index: number | null): index is number {
    return index !== null && index < this.completions
  }

  /** This runner runs the index: every index, unless the Job is split into shards. */
  owns(index: number): boolean {
    return !this.shard || index % this.shard.count === this.shard.index - 1
  }

  isSucceeded(index: number): boolean {
    return intervalsHave(this.succeeded, index)
  }

  isFailed(index: number): boolean {
    return this.failed !== undefined && intervalsHave(this.failed, index)
  }

  isActive(index: number): boolean {
    return this.active.has(index)
  }

  /** Some active pod has no valid index, or shares its index: activePodsForRemoval has work. */
  get hasInvalidOrRepeated(): boolean {
    return this.invalidActive > 0 || this.repeated > 0
  }

  /** A new succeeded index; false when it had succeeded before. */
  succeed(index: number): boolean {
    if (!addIndex(this.succeeded, index)) return false
    this.succeededCount++
    return true
  }

  fail(index: number): boolean {
    if (!this.failed || !addIndex(this.failed, index)) return false
    this.failedCount++
    return true
  }

  addActive(pod: PodRecord): void {
    if (!this.isValid(pod.index)) {
      this.invalidActive++
      return
    }
    const n = (this.active.get(pod.index) ?? 0) + 1
    this.active.set(pod.index, n)
    if (n === 2) this.repeated++
  }

  removeActive(pod: PodRecord): void {
    if (!this.isValid(pod.index)) {
      this.invalidActive--
      return
    }
    const n = (this.active.get(pod.index) ?? 1) - 1
    if (n === 1) this.repeated--
    if (n > 0) this.active.set(pod.index, n)
    else {
      this.active.delete(pod.index)
      this.reopen(pod.index)
    }
  }

  addTerminating(pod: PodRecord): void {
    if (this.isValid(pod.index)) this.terminating.set(pod.index, (this.terminating.get(pod.index) ?? 0) + 1)
  }

  removeTerminating(pod: PodRecord): void {
    if (!this.isValid(pod.index)) return
    const n = (this.terminating.get(pod.index) ?? 1) - 1
    if (n > 0) this.terminating.set(pod.index, n)
    else {
      this.terminating.delete(pod.index)
      this.reopen(pod.index)
    }
  }

  /**
   * firstPendingIndexes: the `count` lowest indexes that no active pod, succeeded or failed index —
   * nor, when only failed pods are replaced, a terminating pod — holds; a shard's own indexes only.
   */
  firstPendingIndexes(count: number): number[] {
    if (count <= 0) return []
    while (this.lowWater < this.completions && !this.isPending(this.lowWater)) this.lowWater++
    for (const index of this.reopened) if (!this.isPending(index)) this.reopened.delete(index)
    const result = [...this.reopened].sort((a, b) => a - b).slice(0, count)
    const step = this.shard?.count ?? 1
    for (
      let candidate = this.firstOwnedFrom(this.lowWater);
      candidate < this.completions && result.length < count;
      candidate += step
    )
      if (this.isPending(candidate)) result.push(candidate)
    return result
  }

  completedIndexes(): string {
    return formatIntervals(this.succeeded)
  }

  failedIndexes(): string | undefined {
    return this.failed && formatIntervals(this.failed)
  }

  /** The lowest index from `index` on that this runner owns. */
  private firstOwnedFrom(index: number): number {
    if (!this.shard) return index
    const { count } = this.shard
    return index + ((((this.shard.index - 1 - index) % count) + count) % count)
  }

  private isPending(index: number): boolean {
    return (
      this.owns(index) &&
      !this.active.has(index) &&
      !(this.replaceOnlyFailed && this.terminating.has(index)) &&
      !this.isSucceeded(index) &&
      !this.isFailed(index)
    )
  }

  /** An index that may be pending again: remembered if the scan has already passed it. */
  private reopen(index: number): void {
    if (index < this.lowWater) this.reopened.add(index)
  }

  /** getPodsWithDelayedDeletionPerIndex over a sync's failed pods (the held ones included). */
  holdFailedPods(newFailed: readonly PodRecord[]): void {
    const held = getPodsWithDelayedDeletionPerIndex(
      newFailed,
      index => this.isSucceeded(index) || this.isFailed(index) || this.isActive(index)
    )
    this.held.clear()
    for (const [index, pod] of held) this.held.set(index, pod)
  }

  /** The owned indexes' counts, for the failed-indexes decision. */
  counts(): { failed: number; succeeded: number; owned: number } {
    return { failed: this.failedTotal, succeeded: this.succeededTotal, owned: this.ownedTotal }
  }

  /** status.completedIndexes and status.failedIndexes (formatted here, not per sync). */
  writeStatusLists(status: JobStatus): void {
    const completed = this.completedIndexes()
    if (completed) status.completedIndexes = completed
    else delete status.completedIndexes
    const failed = this.failedIndexes()
    if (failed !== undefined) status.failedIndexes = failed
    else delete status.failedIndexes
  }
}
