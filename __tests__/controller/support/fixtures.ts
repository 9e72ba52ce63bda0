/**
 * The fixtures of Kubernetes' job_controller_test.go in our terms: newJob, a pod builder like its
 * buildPod()/podBuilder, and syncJob — a JobController handed those pods at a fixed time, synced
 * once, with the status it would write.
 */
import type { V1PodFailurePolicy, V1SuccessPolicy } from '@kubernetes/client-node'
import type { BackoffRecord } from '../../../src/controller/backoffUtils.js'
import { getCompletionIndex } from '../../../src/controller/indexedJobUtils.js'
import { JobController, type SyncResult } from '../../../src/controller/jobController.js'
import { sequentialSuffix } from '../../../src/controller/podNames.js'
import type { ContainerStatusRecord, PodCondition, PodPhase, PodRecord } from '../../../src/api/podRecord.js'
import type { DefaultedJob, JobCondition, JobStatus } from '../../../src/api/model.js'
import { setJobDefaults } from '../../../src/api/defaults.js'
import { VirtualClock } from '../../support/virtualClock.js'
import {
  completionIndexKey,
  indexFailureCountKey,
  indexIgnoredFailureCountKey
} from '../../../src/api/model.js'

/** testFinishedAt: one second after the epoch, so that no backoff is left from these failures. */
export const testFinishedAt = 1000

export interface JobOptions {
  parallelism?: number
  /** Negative: unset (a work-queue Job). */
  completions?: number
  backoffLimit?: number
  completionMode?: 'NonIndexed' | 'Indexed'
  suspend?: boolean
  podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed'
  podFailurePolicy?: V1PodFailurePolicy
  successPolicy?: V1SuccessPolicy
  backoffLimitPerIndex?: number
  maxFailedIndexes?: number
  activeDeadlineSeconds?: number
  restartPolicy?: 'Never' | 'OnFailure'
  managedBy?: string
  status?: JobStatus
}

/** newJob: `foobar` in `default`, one container, the given spec fields. */
export function newJob(options: JobOptions = {}): DefaultedJob {
  const completions = options.completions ?? 1
  return setJobDefaults({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'foobar', namespace: 'default', uid: '8b0a2d2e-0986-495e-b047-4bd472d10eaf' },
    spec: {
      parallelism: options.parallelism ?? 1,
      completions: completions >= 0 ? completions : undefined,
      backoffLimit: options.backoffLimit ?? 6,
      completionMode: options.completionMode,
      suspend: options.suspend,
      podReplacementPolicy: options.podReplacementPolicy,
      podFailurePolicy: options.podFailurePolicy,
      successPolicy: options.successPolicy,
      backoffLimitPerIndex: options.backoffLimitPerIndex,
      maxFailedIndexes: options.maxFailedIndexes,
      activeDeadlineSeconds: options.activeDeadlineSeconds,
      managedBy: options.managedBy,
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: {
          restartPolicy: options.restartPolicy ?? 'Never',
          terminationGracePeriodSeconds: 30,
          containers: [{ name: 'main-container', image: 'foo/bar' }]
        }
      }
    },
    status: structuredClone(options.status ?? {})
  }).job
}

let uidCounter = 0

/** buildPod(): a pod of the Job; by default Pending, no containers started. */
export class PodBuilder {
  readonly pod: PodRecord

  constructor(name?: string) {
    const uid = `pod-${++uidCounter}`
    this.pod = {
      name: name ?? uid,
      namespace: 'default',
      uid,
      index: null,
      labels: { foo: 'bar' },
      annotations: {},
      hostname: name ?? uid,
      creationTimestamp: 0,
      phase: 'Pending',
      conditions: [],
      initContainerStatuses: [],
      containerStatuses: []
    }
  }

  name(name: string): this {
    this.pod.name = name
    return this
  }

  uid(uid: string): this {
    this.pod.uid = uid
    return this
  }

  phase(phase: PodPhase): this {
    this.pod.phase = phase
    return this
  }

  /** The completion-index annotation (and label), as written; the controller reads it back. */
  index(index: string): this {
    this.pod.annotations[completionIndexKey] = index
    this.pod.labels[completionIndexKey] = index
    this.pod.index = getCompletionIndex(this.pod.annotations)
    return this
  }

  indexFailureCount(count: string): this {
    this.pod.annotations[indexFailureCountKey] = count
    return this
  }

  indexIgnoredFailureCount(count: string): this {
    this.pod.annotations[indexIgnoredFailureCountKey] = count
    return this
  }

  deletionTimestamp(at = Date.UTC(2026, 3, 16)): this {
    this.pod.deletionTimestamp = at
    return this
  }

  customDeletionTimestamp(at: number, graceSeconds?: number): this {
    this.pod.deletionTimestamp = at
    this.pod.deletionGracePeriodSeconds = graceSeconds
    return this
  }

  creationTimestamp(at: number): this {
    this.pod.creationTimestamp = at
    return this
  }

  condition(type: string, status: PodCondition['status'] = 'True', at = 0): this {
    this.pod.conditions.push({ type, status, lastTransitionTime: at })
    return this
  }

  /** A container that has terminated with this exit code. */
  terminated(exitCode: number, finishedAt?: number, name = 'main-container'): this {
    this.pod.containerStatuses.push(containerStatus(name, { state: 'terminated', exitCode, finishedAt }))
    return this
  }

  initTerminated(exitCode: number, name = 'init-container', finishedAt?: number): this {
    this.pod.initContainerStatuses.push(containerStatus(name, { state: 'terminated', exitCode, finishedAt }))
    return this
  }

  running(name = 'main-container'): this {
    this.pod.containerStatuses.push(containerStatus(name, { state: 'running' }))
    return this
  }

  restarts(restartCount: number, name = 'main-container'): this {
    this.pod.containerStatuses.push(containerStatus(name, { state: 'running', restartCount }))
    return this
  }

  get Pod(): PodRecord {
    return this.pod
  }
}

export function buildPod(name?: string): PodBuilder {
  return new PodBuilder(name)
}

function containerStatus(name: string, fields: Partial<ContainerStatusRecord>): ContainerStatusRecord {
  return { name, state: 'waiting', restartCount: 0, ready: false, logs: [], ...fields }
}

/**
 * newPodList: `count` pods in a phase, each with a container that terminated at testFinishedAt
 * (as in the Go fixture, even for running pods).
 */
export function newPodList(count: number, phase: PodPhase): PodRecord[] {
  return Array.from({ length: count }, () => buildPod().phase(phase).terminated(0, testFinishedAt).Pod)
}

export interface SyncOptions {
  now?: number
  backoffRecord?: BackoffRecord
  /** Pods without the tracking finalizer: already counted in the Job's status. */
  accounted?: readonly PodRecord[]
}

export interface Synced {
  controller: JobController
  result: SyncResult
  status: JobStatus
  created: PodRecord[]
  deleted: PodRecord[]
  job: DefaultedJob
}

export const referenceTime = Date.UTC(2026, 3, 16, 10, 36, 28)

/** syncJob: the controller finds these pods, syncs once at `now`; the written status is returned. */
export function syncJob(job: DefaultedJob, pods: readonly PodRecord[], options: SyncOptions = {}): Synced {
  const clock = new VirtualClock(options.now ?? referenceTime)
  let uid = 0
  const controller = new JobController(job, {
    clock,
    backoffBaseMs: 10_000,
    randomSuffix: sequentialSuffix(),
    newUid: () => `created-${++uid}`,
    backoffRecord: options.backoffRecord
  })
  for (const pod of pods) controller.addPod(pod, options.accounted?.includes(pod))
  const result = controller.sync()
  const snapshot = controller.snapshot()
  return {
    controller,
    result,
    status: snapshot.status,
    created: result.create,
    deleted: result.delete,
    job: snapshot
  }
}

/** Conditions without their times, as the Go tests compare them. */
export function conditionsOf(
  status: JobStatus
): Array<Pick<JobCondition, 'type' | 'status' | 'reason' | 'message'>> | undefined {
  return status.conditions?.map(({ type, status, reason, message }) => ({ type, status, reason, message }))
}

export function condition(
  type: string,
  reason: string,
  message: string,
  status: 'True' | 'False' = 'True'
): Pick<JobCondition, 'type' | 'status' | 'reason' | 'message'> {
  return { type, status, reason, message }
}

export const backoffLimitExceededFailureTarget = condition(
  'FailureTarget',
  'BackoffLimitExceeded',
  'Job has reached the specified backoff limit'
)
/** The conditions of a Job failed by its backoff limit: FailureTarget, then Failed. */
export const backoffLimitExceeded = [
  backoffLimitExceededFailureTarget,
  condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')
]
/** The conditions of a Job complete by its completions: SuccessCriteriaMet, then Complete. */
export const completionsReached = [
  condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
  condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')
]
