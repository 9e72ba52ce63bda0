/**
 * The objects `kubectl get -o json|yaml|jsonpath` prints, rebuilt from a run's records: the Job as
 * stored, and each pod as the API server would return it (a core/v1 Pod: metadata, the spec the
 * Job's template gave it, status with phase, conditions, container states and start time). Fields
 * the run has no value for (IPs, image IDs) are left out, as the API server leaves out unset
 * fields.
 */
import type { ContainerStatusRecord, PodRecord, TerminatedState } from '../api/podRecord.js'
import type { DefaultedJob } from '../api/model.js'
import { rfc3339 } from '../controller/time.js'
import { qosClass } from './qosClass.js'

export type KubeObject = Record<string, unknown> & {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace: string; labels?: Record<string, string> }
}

/** A pod with the Job that created it: what every pod view needs. */
export interface PodOfJob {
  pod: PodRecord
  job: DefaultedJob
}

export function jobObject(job: DefaultedJob): KubeObject {
  return { ...job, apiVersion: 'batch/v1', kind: 'Job' } as KubeObject
}

/** When the previous attempt of a restarted container ended: the closest time the record keeps. */
export function lastTerminationTime(container: ContainerStatusRecord): number | undefined {
  if (container.lastState) return container.lastState.finishedAt
  if (container.restartCount === 0) return undefined
  if (container.state === 'terminated') return container.startedAt ?? container.finishedAt
  return container.finishedAt
}

function state(status: ContainerStatusRecord): Record<string, unknown> {
  switch (status.state) {
    case 'waiting':
      return {
        waiting: {
          ...(status.waitingReason && { reason: status.waitingReason }),
          ...(status.waitingMessage && { message: status.waitingMessage })
        }
      }
    case 'running':
      return { running: { ...(status.startedAt !== undefined && { startedAt: rfc3339(status.startedAt) }) } }
    case 'terminated':
      return { terminated: terminated({ ...status, exitCode: status.exitCode ?? 0 }) }
  }
}

/** v1.ContainerStateTerminated, its fields in the API's order. */
function terminated(state: TerminatedState): Record<string, unknown> {
  return {
    exitCode: state.exitCode,
    ...(state.signal && { signal: state.signal }),
    ...(state.reason && { reason: state.reason }),
    ...(state.message && { message: state.message }),
    ...(state.startedAt !== undefined && { startedAt: rfc3339(state.startedAt) }),
    ...(state.finishedAt !== undefined && { finishedAt: rfc3339(state.finishedAt) })
  }
}

/**
 * lastState: the attempt before, as kept when the container restarted. Of a status file written
 * before that was kept, only when it ended is known; its exit code and reason are not invented.
 */
function lastState(status: ContainerStatusRecord): Record<string, unknown> {
  if (status.lastState) return { terminated: terminated(status.lastState) }
  const finished = lastTerminationTime(status)
  if (status.restartCount === 0) return {}
  return { terminated: finished !== undefined ? { finishedAt: rfc3339(finished) } : {} }
}

function containerStatus(status: ContainerStatusRecord, image: string | undefined): Record<string, unknown> {
  return {
    name: status.name,
    image: image ?? '',
    imageID: '',
    ready: status.ready,
    restartCount: status.restartCount,
    started: status.state === 'running',
    state: state(status),
    lastState: lastState(status)
  }
}

export function podObject({ pod, job }: PodOfJob): KubeObject {
  const spec = job.spec.template.spec
  const image = (name: string, init: boolean): string | undefined =>
    (init ? spec.initContainers : spec.containers)?.find(c => c.name === name)?.image
  const metadata: Record<string, unknown> = {
    name: pod.name,
    generateName: `${job.metadata.name}-${pod.index !== null ? `${pod.index}-` : ''}`,
    namespace: pod.namespace,
    uid: pod.uid,
    creationTimestamp: rfc3339(pod.creationTimestamp),
    labels: pod.labels,
    ...(Object.keys(pod.annotations).length > 0 && { annotations: pod.annotations }),
    ...(pod.deletionTimestamp !== undefined && { deletionTimestamp: rfc3339(pod.deletionTimestamp) }),
    ...(pod.deletionGracePeriodSeconds !== undefined && {
      deletionGracePeriodSeconds: pod.deletionGracePeriodSeconds
    }),
    ownerReferences: [
      {
        apiVersion: 'batch/v1',
        blockOwnerDeletion: true,
        controller: true,
        kind: 'Job',
        name: job.metadata.name,
        uid: job.metadata.uid
      }
    ]
  }
  const status: Record<string, unknown> = {
    phase: pod.phase,
    ...(pod.reason && { reason: pod.reason }),
    ...(pod.message && { message: pod.message }),
    conditions: pod.conditions.map(c => ({
      type: c.type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: rfc3339(c.lastTransitionTime),
      ...(c.reason && { reason: c.reason }),
      ...(c.message && { message: c.message })
    })),
    ...(pod.initContainerStatuses.length > 0 && {
      initContainerStatuses: pod.initContainerStatuses.map(s => containerStatus(s, image(s.name, true)))
    }),
    containerStatuses: pod.containerStatuses.map(s => containerStatus(s, image(s.name, false))),
    qosClass: qosClass(spec),
    ...(pod.startTime !== undefined && { startTime: rfc3339(pod.startTime) })
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata as KubeObject['metadata'],
    spec: {
      ...spec,
      ...(pod.hostname && pod.hostname !== pod.name && { hostname: pod.hostname }),
      ...(pod.nodeName && { nodeName: pod.nodeName }),
      priority: spec.priority ?? 0,
      serviceAccountName: spec.serviceAccountName ?? 'default',
      enableServiceLinks: spec.enableServiceLinks ?? true,
      preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority'
    },
    status
  }
}

/** The v1 List kubectl prints for several objects (or none). */
export function listObject(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }
}
