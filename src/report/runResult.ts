/**
 * One Job's run as the reports read it: data only. The runner produces it, the status file stores
 * it and the merge rebuilds it; the reports never import the runner for it (docs/architecture.md).
 */
import type { JobEvent } from '../api/jobEvent.js'
import type { DefaultedJob, JobCondition } from '../api/model.js'
import type { PodRecord } from '../api/podRecord.js'

export type RunStatus = 'Complete' | 'Failed' | 'Suspended'

export interface JobRunResult {
  job: DefaultedJob
  pods: PodRecord[]
  events: JobEvent[]
  status: RunStatus
  reason: string
  /** The Complete or Failed condition (status True) the Job ended with; absent when it did not finish. */
  terminal?: JobCondition
  /** The run was interrupted before the Job reached a terminal condition. */
  cancelled: boolean
  startedAt: number
  endedAt: number
}
