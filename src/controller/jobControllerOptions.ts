/**
 * What a JobController is given besides the Job: the clock it runs on, how it names pods and
 * uids, the backoff it starts from, and the shard it owns — everything a test or a driver injects.
 */
import type { Clock } from '../clock.js'
import type { BackoffRecord } from './backoffUtils.js'
import type { IndexShard } from './indexTracker.js'
import type { RandomSuffix } from './podNames.js'

export interface JobControllerOptions {
  clock: Clock
  /** Base of the pod-failure backoff (Kubernetes: 10 s). */
  backoffBaseMs: number
  randomSuffix: RandomSuffix
  newUid: () => string
  /** The backoff store's record for this Job, when the controller starts with one. */
  backoffRecord?: BackoffRecord
  /**
   * This controller runs one shard of an Indexed Job: only the indexes the shard owns, and its
   * conditions are the shard's view — "every index" means every index of the shard.
   */
  shard?: IndexShard
}

/** The value of spec.managedBy that means this controller. */
export const jobControllerName = 'kubernetes.io/job-controller'
