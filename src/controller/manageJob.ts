/**
 * manageJob (pkg/controller/job/job_controller.go): how many pods should be active, which go when there
 * are too many, and which are created when there are too few — unless the failure backoff holds
 * the creations back. A sync that deletes never also creates.
 */
import type { DefaultedJob } from '../api/model.js'
import {
  getRemainingTime,
  getRemainingTimePerIndex,
  type BackoffRecord,
  type BackoffSettings
} from './backoffUtils.js'
import type { IndexTracker } from './indexTracker.js'
import { activePodsForRemoval } from './podDeletionOrder.js'
import type { PodTracking } from './trackingUtils.js'
import type { PodRecord } from '../api/podRecord.js'

/** MaxPodCreateDeletePerSync. */
export const maxPodCreateDeletePerSync = 500

export interface ManageJobContext {
  job: DefaultedJob
  now: number
  tracking: PodTracking
  indexes: IndexTracker | undefined
  /** jobCtx.succeeded: succeeded pods (NonIndexed) or indexes (Indexed), this sync's included. */
  succeeded: number
  backoffRecord: BackoffRecord
  backoff: BackoffSettings
  replaceOnlyFailed: boolean
  perIndex: boolean
  createPod(index: number | null): void
  /** Delete without counting (the tracking finalizer is removed first). */
  scaleDown(pod: PodRecord): void
  requeue(afterMs: number): void
}

export function manageJob(ctx: ManageJobContext): void {
  const { job, tracking, indexes } = ctx
  const spec = job.spec
  const active = tracking.active.size
  const indexedCompletions = indexes?.completions

  if (spec.suspend) {
    for (const pod of activePodsForRemoval([...tracking.active], active, indexedCompletions))
      ctx.scaleDown(pod)
    return
  }

  const parallelism = spec.parallelism
  let wantActive: number
  if (spec.completions === undefined || spec.completions === null)
    // A work queue: once a pod has succeeded, let the running ones finish and start no more.
    wantActive = ctx.succeeded > 0 ? active : parallelism
  else wantActive = Math.max(0, Math.min(parallelism, spec.completions - ctx.succeeded))

  const rmAtLeast = Math.max(0, active - wantActive)
  if (rmAtLeast > 0 || indexes?.hasInvalidOrRepeated) {
    const podsToDelete = activePodsForRemoval([...tracking.active], rmAtLeast, indexedCompletions).slice(
      0,
      maxPodCreateDeletePerSync
    )
    if (podsToDelete.length > 0) {
      for (const pod of podsToDelete) ctx.scaleDown(pod)
      return
    }
  }

  const terminating = ctx.replaceOnlyFailed ? tracking.terminating.size : 0
  let diff = wantActive - terminating - active
  if (diff <= 0) return
  if (!ctx.perIndex) {
    const remaining = getRemainingTime(ctx.backoffRecord, ctx.now, ctx.backoff)
    if (remaining > 0) return backoffRequeue(ctx, remaining)
  }
  diff = Math.min(diff, maxPodCreateDeletePerSync)
  if (!indexes) {
    for (let i = 0; i < diff; i++) ctx.createPod(null)
    return
  }
  const candidates = indexes.firstPendingIndexes(diff)
  let indexesToAdd = candidates
  if (ctx.perIndex) {
    const info = getPodCreationInfoForIndependentIndexes(ctx.now, ctx.backoff, candidates, indexes.held)
    if (info.remainingTime > 0) return backoffRequeue(ctx, info.remainingTime)
    indexesToAdd = info.indexesToAdd
    if (indexesToAdd.length < candidates.length) {
      // Kubernetes waits for the next pod event to retry the indexes still backing off; a quiet
      // Job would stall on that, so wake up when the first of them may start.
      const waiting = candidates.filter(index => !indexesToAdd.includes(index))
      backoffRequeue(
        ctx,
        getPodCreationInfoForIndependentIndexes(ctx.now, ctx.backoff, waiting, indexes.held).remainingTime
      )
    }
  }
  for (const index of indexesToAdd) ctx.createPod(index)
}

/** enqueueSyncJobWithDelay: a backoff is never requeued sooner than the floor (Kubernetes: 1 s). */
function backoffRequeue(ctx: ManageJobContext, remainingMs: number): void {
  ctx.requeue(Math.max(remainingMs, ctx.backoff.minRequeueMs))
}

/**
 * getPodCreationInfoForIndependentIndexes: the indexes whose own backoff has expired; when none
 * has, the shortest time until one has.
 */
export function getPodCreationInfoForIndependentIndexes(
  now: number,
  backoff: BackoffSettings,
  indexesToAdd: readonly number[],
  podsWithDelayedDeletionPerIndex: ReadonlyMap<number, PodRecord>
): { indexesToAdd: number[]; remainingTime: number } {
  const ready: number[] = []
  let minRemaining: number | undefined
  for (const index of indexesToAdd) {
    const remaining = getRemainingTimePerIndex(now, backoff, podsWithDelayedDeletionPerIndex.get(index))
    if (remaining === 0) ready.push(index)
    else if (minRemaining === undefined || remaining < minRemaining) minRemaining = remaining
  }
  if (ready.length > 0) return { indexesToAdd: ready, remainingTime: 0 }
  return { indexesToAdd: ready, remainingTime: minRemaining ?? 0 }
}
