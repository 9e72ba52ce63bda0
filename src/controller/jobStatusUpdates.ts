/**
 * What a sync writes into the Job's status besides the pods' accounting: the Suspended condition,
 * the interim and terminal conditions with their events (enactJobFinishedCondition and the
 * Completed/failure events of syncJob, pkg/controller/job/job_controller.go), and the counters as the
 * API serialises them. Pure functions over the status and the event recorder.
 */
import type { DefaultedJob, JobStatus } from '../api/model.js'
import {
  ensureJobConditionStatus,
  jobResumed,
  jobSuspended,
  newCondition,
  trueCondition,
  type FinishedCondition
} from './conditions.js'
import type { EventRecorder } from './eventRecorder.js'

/**
 * The Suspended condition and its events. Returns which change was just made, if any: on
 * 'Suspended' the controller clears status.startTime (MutableSchedulingDirectivesForSuspendedJobs,
 * on by default since Kubernetes 1.36), on 'Resumed' it starts again — activeDeadlineSeconds counts
 * the time a Job is continuously active (syncJob, pkg/controller/job/job_controller.go).
 */
export function updateSuspendedCondition(
  job: DefaultedJob,
  recorder: EventRecorder,
  now: number
): 'Suspended' | 'Resumed' | undefined {
  const status = job.status
  const suspended = job.spec.suspend
  const wanted = suspended ? jobSuspended : jobResumed
  const { list, updated } = ensureJobConditionStatus(
    status.conditions ?? [],
    'Suspended',
    suspended ? 'True' : 'False',
    wanted.reason,
    wanted.message,
    now
  )
  if (list.length > 0) status.conditions = list
  if (!updated) return undefined
  if (suspended) recorder.record('Normal', 'Suspended', 'Job suspended', now)
  else recorder.record('Normal', 'Resumed', 'Job resumed', now)
  return suspended ? 'Suspended' : 'Resumed'
}

/**
 * The interim condition (FailureTarget / SuccessCriteriaMet) when it is new, and the terminal one
 * (Failed / Complete, same reason and message) only once no pod is terminating, with its event.
 * Returns whether the terminal condition was written.
 */
export function finishJob(
  job: DefaultedJob,
  finished: FinishedCondition,
  counts: { terminating: number; succeeded: number },
  recorder: EventRecorder,
  now: number
): boolean {
  const status = job.status
  if (!trueCondition(status.conditions, finished.type))
    status.conditions = [
      ...(status.conditions ?? []),
      newCondition(finished.type, 'True', finished.reason, finished.message, now)
    ]
  if (counts.terminating > 0) return false
  const terminal = finished.type === 'FailureTarget' ? 'Failed' : 'Complete'
  status.conditions = ensureJobConditionStatus(
    status.conditions ?? [],
    terminal,
    'True',
    finished.reason,
    finished.message,
    now
  ).list
  if (terminal === 'Failed') {
    recorder.record('Warning', finished.reason, finished.message, now)
    return true
  }
  status.completionTime = trueCondition(status.conditions, 'Complete')?.lastTransitionTime
  const completions = job.spec.completions
  if (completions != null && counts.succeeded > completions)
    recorder.record(
      'Warning',
      'TooManySucceededPods',
      'Too many succeeded pods running after completion count reached',
      now
    )
  recorder.record('Normal', 'Completed', 'Job completed', now)
  return true
}

export interface StatusCounters {
  active: number
  ready: number
  terminating: number
  succeeded: number
  failed: number
}

/** The counters; active, succeeded and failed are omitempty (absent when zero), as the API serialises them. */
export function writeCounters(status: JobStatus, counters: StatusCounters): void {
  setOrDelete(status, 'active', counters.active)
  status.ready = counters.ready
  status.terminating = counters.terminating
  setOrDelete(status, 'succeeded', counters.succeeded)
  setOrDelete(status, 'failed', counters.failed)
  status.uncountedTerminatedPods = {}
}

function setOrDelete(status: JobStatus, key: 'active' | 'succeeded' | 'failed', value: number): void {
  if (value > 0) status[key] = value
  else delete status[key]
}
