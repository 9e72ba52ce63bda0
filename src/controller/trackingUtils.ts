/**
 * What the controller's informer and the `batch.kubernetes.io/job-tracking` finalizer give the
 * Kubernetes controller, kept incrementally: which pods are active (not finished, not deleted) and
 * which are terminating, how many active pods are ready, the restart counts of unfinished pods, and
 * which pods still carry the tracking finalizer, i.e. whose end has not been accounted yet.
 * Each change is applied once, so the work per pod event does not grow with the Job.
 */
import type { FinishedCondition } from './conditions.js'
import type { IndexTracker } from './indexTracker.js'
import type { PodFailurePolicyMatch } from './podFailurePolicy.js'
import { isPodReady, observeReadiness } from './podReadiness.js'
import type { DeletionCause, PodRecord } from '../api/podRecord.js'

export class PodTracking {
  readonly active = new Set<PodRecord>()
  readonly terminating = new Set<PodRecord>()
  private readonly ready = new Set<PodRecord>()
  /** Restart counts of the pods that have not finished (phase Pending or Running). */
  private readonly restarts = new Map<PodRecord, number>()
  private restartTotal = 0
  private readonly withFinalizer = new WeakSet<PodRecord>()
  private dirty = new Set<PodRecord>()
  /** Pods whose end (or deletion) the next sync must account. */
  private queue: PodRecord[] = []

  constructor(private readonly indexes: IndexTracker | undefined) {}

  /** A pod the controller created or found: tracked with the finalizer, placed by its state. */
  add(pod: PodRecord): void {
    this.withFinalizer.add(pod)
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
      this.queue.push(pod)
      return
    }
    if (pod.deletionTimestamp !== undefined) {
      this.terminating.add(pod)
      this.indexes?.addTerminating(pod)
      this.queue.push(pod)
    } else {
      this.active.add(pod)
      this.indexes?.addActive(pod)
    }
    this.dirty.add(pod)
  }

  /** Ready or restart counts may have changed. */
  updated(pod: PodRecord, now: number): void {
    observeReadiness(pod, now)
    if (this.active.has(pod) || this.terminating.has(pod)) this.dirty.add(pod)
  }

  /** The pod reached Succeeded or Failed and every container has exited. */
  finished(pod: PodRecord, now: number): void {
    observeReadiness(pod, now)
    if (this.active.delete(pod)) this.indexes?.removeActive(pod)
    else if (this.terminating.delete(pod)) this.indexes?.removeTerminating(pod)
    else return
    this.ready.delete(pod)
    this.dirty.delete(pod)
    this.restartTotal -= this.restarts.get(pod) ?? 0
    this.restarts.delete(pod)
    if (this.withFinalizer.has(pod)) this.queue.push(pod)
  }

  /**
   * A graceful deletion: as the API server does, the deletion timestamp is the time the grace period
   * ends. The controller's own scale-down (suspend, parallelism, repeated indexes) strips the
   * finalizer first: that pod is never counted, whatever its end.
   */
  delete(pod: PodRecord, now: number, cause: DeletionCause | undefined, graceSeconds: number): boolean {
    if (!this.active.delete(pod)) return false
    this.indexes?.removeActive(pod)
    this.ready.delete(pod)
    pod.deletionTimestamp = now + graceSeconds * 1000
    pod.deletionGracePeriodSeconds = graceSeconds
    pod.deletionCause = cause
    observeReadiness(pod, now)
    this.terminating.add(pod)
    this.indexes?.addTerminating(pod)
    if (cause === 'ScaleDown') this.withFinalizer.delete(pod)
    else this.queue.push(pod)
    return true
  }

  hasFinalizer(pod: PodRecord): boolean {
    return this.withFinalizer.has(pod)
  }

  /** The pod's end is accounted (or never will be). */
  removeFinalizer(pod: PodRecord): void {
    this.withFinalizer.delete(pod)
  }

  /** The pods queued since the last call. */
  takeQueue(): PodRecord[] {
    const queued = this.queue
    this.queue = []
    return queued
  }

  /** Bring ready and restart counts up to date with the pods that changed. */
  refresh(): void {
    for (const pod of this.dirty) {
      if (this.active.has(pod) && isPodReady(pod)) this.ready.add(pod)
      else this.ready.delete(pod)
      let restarts = 0
      for (const s of pod.initContainerStatuses) restarts += s.restartCount
      for (const s of pod.containerStatuses) restarts += s.restartCount
      this.restartTotal += restarts - (this.restarts.get(pod) ?? 0)
      this.restarts.set(pod, restarts)
    }
    this.dirty.clear()
  }

  isReady(pod: PodRecord): boolean {
    return this.ready.has(pod)
  }

  get readyCount(): number {
    return this.ready.size
  }

  /** Sum of init and regular container restarts over the pods that are Pending or Running. */
  get restartCount(): number {
    return this.restartTotal
  }
}

export interface TrackingContext {
  tracking: PodTracking
  indexes: IndexTracker | undefined
  /** This sync's pods whose end may be accounted (the held ones included). */
  candidates: readonly PodRecord[]
  /** Active pods this sync deleted because the Job is finishing. */
  deletedNow: readonly PodRecord[]
  finished: FinishedCondition | undefined
  isPodFailed(pod: PodRecord): boolean
  match(pod: PodRecord): PodFailurePolicyMatch
}

/**
 * trackJobStatusAndRemoveFinalizers: the pods whose end is now known lose their finalizer and are
 * counted — succeeded pods always; failed ones unless an Ignore rule matched them or their index
 * waits for a replacement; and, once the Job is failing, every pod still running (the ones just
 * deleted included), while a succeeding Job's leftover pods are not counted at all. Returns how
 * many succeeded (NonIndexed; Indexed Jobs count indexes) and failed pods to add to the status.
 */
export function trackJobStatusAndRemoveFinalizers(ctx: TrackingContext): {
  succeeded: number
  failed: number
} {
  const { tracking, indexes, finished } = ctx
  const failing = finished?.type === 'FailureTarget'
  const counts = { succeeded: 0, failed: 0 }
  const isHeld = (pod: PodRecord): boolean => pod.index !== null && indexes?.held.get(pod.index) === pod
  const settle = (pod: PodRecord, considerFailed: boolean): void => {
    if (!tracking.hasFinalizer(pod)) return
    if (!finished && pod.phase !== 'Succeeded' && !(considerFailed && !isHeld(pod))) return
    tracking.removeFinalizer(pod)
    if (indexes && !indexes.isValid(pod.index)) return
    if (pod.phase === 'Succeeded') {
      if (!indexes) counts.succeeded++
    } else if ((considerFailed || failing) && ctx.match(pod).countFailed) counts.failed++
  }
  for (const pod of ctx.candidates) settle(pod, ctx.isPodFailed(pod))
  if (!finished) return counts
  // The informer's copy of a pod deleted in this sync has no deletion timestamp yet.
  for (const pod of ctx.deletedNow) settle(pod, pod.phase === 'Failed')
  for (const pod of tracking.terminating) settle(pod, ctx.isPodFailed(pod))
  indexes?.held.clear()
  return counts
}

/**
 * After a cancellation nothing is decided any more: each pod that has ended is counted once (its
 * finalizer removed), succeeded or — when the pod failure policy counts it — failed.
 */
export function accountStoppedPods(
  candidates: readonly PodRecord[],
  tracking: PodTracking,
  indexes: IndexTracker | undefined,
  match: (pod: PodRecord) => PodFailurePolicyMatch
): { succeeded: number; failed: number } {
  const counted = { succeeded: 0, failed: 0 }
  for (const pod of candidates) {
    if (pod.phase !== 'Succeeded' && pod.phase !== 'Failed') continue
    tracking.removeFinalizer(pod)
    if (indexes && !indexes.isValid(pod.index)) continue
    if (pod.phase === 'Succeeded') {
      if (indexes) indexes.succeed(pod.index as number)
      else counted.succeeded++
    } else if (match(pod).countFailed) counted.failed++
  }
  indexes?.held.clear()
  return counted
}

/** getNewFinishedPods: finished pods still carrying the finalizer (Indexed: with a valid index). */
export function getNewFinishedPods(
  candidates: readonly PodRecord[],
  indexes: IndexTracker | undefined,
  isPodFailed: (pod: PodRecord) => boolean
): { newSucceeded: PodRecord[]; newFailed: PodRecord[] } {
  const newSucceeded: PodRecord[] = []
  const newFailed: PodRecord[] = []
  for (const pod of candidates) {
    if (indexes && !indexes.isValid(pod.index)) continue
    if (pod.phase === 'Succeeded') newSucceeded.push(pod)
    else if (isPodFailed(pod)) newFailed.push(pod)
  }
  return { newSucceeded, newFailed }
}
