/**
 * Jobs as the API server stores them after defaulting (what `kubectl get job -o json`
 * returns), and pod records, for the report's golden tests.
 */
import { expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Container, DefaultedJob, Job, JobSpec, JobStatus, PodSpec } from '../../src/api/model.js'
import type { ContainerStatusRecord, PodRecord } from '../../src/api/podRecord.js'
import type { JobEvent } from '../../src/api/jobEvent.js'
import { describeJob, type DescribeJobInput } from '../../src/report/describe.js'

const here = dirname(fileURLToPath(import.meta.url))

export function golden(path: string): string {
  return readFileSync(join(here, '..', 'golden', path), 'utf8')
}

/** describeJob's text for the Job and its events at `now`, compared whole with the golden file. */
export function expectGolden(
  path: string,
  job: DescribeJobInput['job'],
  events: JobEvent[],
  now: number,
  utcOffsetMinutes: number
): void {
  expect(describeJob({ job, events, now, utcOffsetMinutes })).toBe(golden(path))
}

export const at = (iso: string): number => Date.parse(iso)

/** A container as defaulted by the API server (pull policy, termination message, resources). */
export function container(fields: Partial<Container> & { name: string; image: string }): Container {
  return {
    imagePullPolicy:
      fields.image.includes(':') && !fields.image.endsWith(':latest') ? 'IfNotPresent' : 'Always',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...fields
  }
}

export interface JobFixture {
  name: string
  namespace?: string
  uid: string
  containers: Container[]
  spec?: Partial<JobSpec>
  podSpec?: Partial<PodSpec>
  templateLabels?: Record<string, string>
  templateAnnotations?: Record<string, string>
  labels?: Record<string, string>
  annotations?: Record<string, string>
  status: JobStatus
}

/** The four generated labels of a Job without a manual selector. */
export function generatedLabels(name: string, uid: string): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name
  }
}

/** A Job as the API server stores it: the defaults are written out here (re-defaulting would turn a volume of an unknown source into an emptyDir). */
export function defaultedJob(f: JobFixture): DefaultedJob {
  const templateLabels = { ...(f.templateLabels ?? {}), ...generatedLabels(f.name, f.uid) }
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: f.name,
      namespace: f.namespace ?? 'default',
      uid: f.uid,
      resourceVersion: '4242',
      generation: 1,
      creationTimestamp: f.status.startTime,
      labels: f.labels ?? templateLabels,
      ...(f.annotations ? { annotations: f.annotations } : {})
    },
    spec: {
      parallelism: 1,
      completions: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      backoffLimit: 6,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': f.uid } },
      ...f.spec,
      template: {
        metadata: {
          labels: templateLabels,
          ...(f.templateAnnotations ? { annotations: f.templateAnnotations } : {})
        },
        spec: {
          containers: f.containers,
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
          ...f.podSpec
        }
      }
    },
    status: f.status
  }
  return job as DefaultedJob
}

export function event(
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  first: number,
  repeat?: { count: number; last: number }
): JobEvent {
  return {
    type,
    reason,
    message,
    firstTimestamp: first,
    lastTimestamp: repeat?.last ?? first,
    count: repeat?.count ?? 1,
    source: 'job-controller'
  }
}

export function containerStatus(
  fields: Partial<ContainerStatusRecord> & { name: string }
): ContainerStatusRecord {
  return {
    state: 'terminated',
    exitCode: 0,
    reason: 'Completed',
    restartCount: 0,
    ready: false,
    logs: [],
    ...fields
  }
}

export function pod(fields: Partial<PodRecord> & { name: string; creationTimestamp: number }): PodRecord {
  return {
    namespace: 'default',
    uid: `uid-${fields.name}`,
    index: null,
    labels: {},
    annotations: {},
    hostname: fields.name,
    phase: 'Succeeded',
    conditions: [],
    initContainerStatuses: [],
    containerStatuses: [containerStatus({ name: 'main' })],
    ...fields
  }
}
