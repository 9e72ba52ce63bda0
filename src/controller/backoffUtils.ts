/**
 * The pod-failure backoff that delays replacement pods, after pkg/controller/job/backoff_utils.go.
 * The record lives in controller memory only: failures since the last success and the time of the
 * last of them. The delay is base × 2^(n−1), capped at 36 × base (the Job documentation's six
 * minutes for the default 10 s base). A replacement never waits less than a tenth of the base: the
 * Kubernetes controller requeues a backoff no sooner than SyncJobBatchPeriod, 1 s for its 10 s base
 * (enqueueSyncJobWithDelay, pkg/controller/job/job_controller.go); the floor scales with the base
 * as the delays do (docs/conformance.md).
 */
import { getIndexAbsoluteFailureCount } from './indexAnnotations.js'
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { notReadySince } from './podReadiness.js'

export interface BackoffRecord {
  failuresAfterLastSuccess: number
  lastFailureTime?: number
}

export interface BackoffSettings {
  /** Delay after the first failure (Kubernetes: 10 s); it doubles with each further failure. */
  baseMs: number
  /** Upper bound of the delay. */
  maxMs: number
  /** The shortest requeue for a backoff (Kubernetes: SyncJobBatchPeriod, 1 s). */
  minRequeueMs: number
}

export function backoffSettings(baseMs: number): BackoffSettings {
  return { baseMs, maxMs: 36 * baseMs, minRequeueMs: baseMs / 10 }
}

/**
 * getFinishedTime, looking in this order at:
 * 1. the latest finishedAt of the containers (sidecars included), when every one has terminated;
 * 2. the Ready=False condition's transition time — when the pod last stopped being ready: a
 *    container waiting in CrashLoopBackOff when the pod's deadline struck has no terminated state,
 *    and the pod finished, for the backoff, at that container's last exit (notReadySince);
 * 3. the deletion timestamp minus its grace period;
 * 4. the creation timestamp.
 */
export function getFinishedTime(pod: PodRecord): number {
  return (
    getFinishTimeFromContainers(pod) ??
    getFinishTimeFromPodReadyFalseCondition(pod) ??
    pod.finishTime ??
    getFinishTimeFromDeletionTimestamp(pod) ??
    pod.creationTimestamp
  )
}

function getFinishTimeFromContainers(pod: PodRecord): number | undefined {
  const finishTime = latestFinishTime(undefined, pod.containerStatuses)
  // Sidecars (restartable init containers) always end after the regular containers. Kubernetes
  // starts this second pass from the first one's result even when that was "not finished".
  return latestFinishTime(
    finishTime,
    pod.initContainerStatuses.filter(s => s.sidecar)
  )
}

function latestFinishTime(
  previous: number | undefined,
  statuses: readonly ContainerStatusRecord[]
): number | undefined {
  let finishTime = previous
  for (const status of statuses) {
    if (status.state !== 'terminated' || !status.finishedAt) return undefined
    if (finishTime === undefined || finishTime < status.finishedAt) finishTime = status.finishedAt
  }
  return finishTime
}

function getFinishTimeFromPodReadyFalseCondition(pod: PodRecord): number | undefined {
  return notReadySince(pod) || undefined
}

function getFinishTimeFromDeletionTimestamp(pod: PodRecord): number | undefined {
  if (pod.deletionTimestamp === undefined) return undefined
  return pod.deletionTimestamp - (pod.deletionGracePeriodSeconds ?? 0) * 1000
}

/**
 * newBackoffRecord: with no new success the new failures add up; a new success resets the count,
 * and only failures that finished strictly after the latest new success count again. Failures
 * matched by an Ignore rule are passed in too: they lengthen the delay on purpose (PR #119434).
 */
export function newBackoffRecord(
  record: BackoffRecord,
  newSucceededPods: readonly PodRecord[],
  newFailedPods: readonly PodRecord[]
): BackoffRecord {
  const failedTimes = newFailedPods.map(getFinishedTime).sort((a, b) => a - b)
  if (newSucceededPods.length === 0) {
    if (failedTimes.length === 0) return record
    return {
      failuresAfterLastSuccess: record.failuresAfterLastSuccess + failedTimes.length,
      lastFailureTime: failedTimes[failedTimes.length - 1]
    }
  }
  const lastSuccessTime = Math.max(...newSucceededPods.map(getFinishedTime))
  const after = failedTimes.filter(time => time > lastSuccessTime)
  return {
    failuresAfterLastSuccess: after.length,
    lastFailureTime: after.length > 0 ? after[after.length - 1] : undefined
  }
}

/** getRemainingTimeForFailuresCount: base × 2^(n−1), capped, minus the time since the last failure. */
export function getRemainingTimeForFailuresCount(
  now: number,
  settings: BackoffSettings,
  failuresCount: number,
  lastFailureTime: number | undefined
): number {
  if (failuresCount === 0 || lastFailureTime === undefined) return 0
  let backoffDuration = settings.baseMs
  for (let i = 1; i < failuresCount; i++) {
    backoffDuration *= 2
    if (backoffDuration >= settings.maxMs) {
      backoffDuration = settings.maxMs
      break
    }
  }
  const elapsed = now - lastFailureTime
  return backoffDuration < elapsed ? 0 : backoffDuration - elapsed
}

/** getRemainingTime of a Job's backoff record. */
export function getRemainingTime(record: BackoffRecord, now: number, settings: BackoffSettings): number {
  return getRemainingTimeForFailuresCount(
    now,
    settings,
    record.failuresAfterLastSuccess,
    record.lastFailureTime
  )
}

/**
 * getRemainingTimePerIndex: with backoffLimitPerIndex each index waits on its own, counted from its
 * last failed pod, whose annotations carry the failures (counted and ignored) before it.
 */
export function getRemainingTimePerIndex(
  now: number,
  settings: BackoffSettings,
  lastFailedPod: PodRecord | undefined
): number {
  if (!lastFailedPod) return 0
  const failureCount = getIndexAbsoluteFailureCount(lastFailedPod) + 1
  return getRemainingTimeForFailuresCount(now, settings, failureCount, getFinishedTime(lastFailedPod))
}
