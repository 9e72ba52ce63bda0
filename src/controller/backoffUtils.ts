/**
 * The pod-failure backoff that delays replacement pods, after pkg/controller/job/backoff_utils.go.
 * The record lives in controller memory only: failures since the last success and the time of
 * the last of them.
 */
import type { PodRecord } from './types.js'

export interface BackoffRecord {
  failuresAfterLastSuccess: number
  lastFailureTime?: number
}

export interface BackoffSettings {
  /** Delay after the first failure (Kubernetes: 10 s); it doubles with each further failure. */
  baseMs: number
  /** Upper bound of the delay: 36 × base (the Job documentation's 6 minutes for a 10 s base). */
  maxMs: number
}

export function backoffSettings(baseMs: number): BackoffSettings {
  return { baseMs, maxMs: 36 * baseMs }
}

/**
 * getFinishedTime: the latest finishedAt of the pod's containers (restartable init containers
 * included) when all have terminated, else the time the pod finished or was deleted, else its creation.
 */
export function getFinishedTime(pod: PodRecord): number {
  const statuses = [...pod.containerStatuses, ...pod.initContainerStatuses.filter(s => s.sidecar)]
  let latest: number | undefined
  let allTerminated = statuses.length > 0
  for (const s of statuses) {
    if (s.state !== 'terminated' || s.finishedAt === undefined) {
      allTerminated = false
      break
    }
    latest = latest === undefined ? s.finishedAt : Math.max(latest, s.finishedAt)
  }
  if (allTerminated && latest !== undefined) return latest
  return pod.finishTime ?? pod.deletionTimestamp ?? pod.creationTimestamp
}

/**
 * newBackoffRecord: with no new success the new failures add up; a new success resets the count,
 * and only failures that finished strictly after the latest new success count again.
 * Failures matched by an Ignore rule are passed in too (they lengthen the delay on purpose).
 */
export function updateBackoffRecord(
  record: BackoffRecord,
  newSucceeded: readonly PodRecord[],
  newFailed: readonly PodRecord[]
): BackoffRecord {
  if (newSucceeded.length === 0) {
    if (newFailed.length === 0) return record
    return {
      failuresAfterLastSuccess: record.failuresAfterLastSuccess + newFailed.length,
      lastFailureTime: Math.max(...newFailed.map(getFinishedTime))
    }
  }
  const lastSuccess = Math.max(...newSucceeded.map(getFinishedTime))
  const later = newFailed.map(getFinishedTime).filter(t => t > lastSuccess)
  return {
    failuresAfterLastSuccess: later.length,
    lastFailureTime: later.length > 0 ? Math.max(...later) : undefined
  }
}

/** The delay owed after n consecutive failures: base × 2^(n−1), capped. */
export function backoffDelay(failures: number, settings: BackoffSettings): number {
  if (failures <= 0) return 0
  let delay = settings.baseMs
  for (let i = 1; i < failures; i++) {
    delay *= 2
    if (delay >= settings.maxMs) return settings.maxMs
  }
  return Math.min(delay, settings.maxMs)
}

/** getRemainingTimeForFailuresCount: how long replacement pods must still wait. */
export function getRemainingTime(
  failures: number,
  lastFailureTime: number | undefined,
  now: number,
  settings: BackoffSettings
): number {
  if (failures <= 0 || lastFailureTime === undefined) return 0
  const delay = backoffDelay(failures, settings)
  const elapsed = now - lastFailureTime
  return elapsed >= delay ? 0 : delay - elapsed
}

export function remainingBackoff(record: BackoffRecord, now: number, settings: BackoffSettings): number {
  return getRemainingTime(record.failuresAfterLastSuccess, record.lastFailureTime, now, settings)
}
