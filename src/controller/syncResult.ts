/**
 * What one sync asks of its driver: pods to start, pods to stop, and when to look again — the
 * controller's only output besides the Job's status (no I/O, no timers: the driver owns those).
 */
import type { PodRecord } from '../api/podRecord.js'

export interface SyncResult {
  /** Pods to start, in creation order. */
  create: PodRecord[]
  /** Pods to stop gracefully (their deletionTimestamp is set). */
  delete: PodRecord[]
  /** Sync again after this long if nothing else triggers a sync first (backoff, deadline). */
  requeueAfterMs?: number
}

/** Sync again after afterMs at the latest: the earliest of every requeue a sync asks for. */
export function requeue(result: SyncResult, afterMs: number): void {
  result.requeueAfterMs = Math.max(0, Math.min(result.requeueAfterMs ?? Infinity, afterMs))
}
