/**
 * What the controller adds to the template for each pod it creates (reference §4): the name from
 * generateName, the index label/annotation and hostname of Indexed Jobs, the per-index failure
 * counts of backoffLimitPerIndex.
 */
import type { Job } from '../spec/types.js'
import type { ContainerStatusRecord, PodRecord } from './types.js'
import {
  completionIndexKey,
  indexFailureCountKey,
  indexIgnoredFailureCountKey,
  podGenerateNameWithIndex
} from './indexedJobUtils.js'
import { generateName, type RandomSuffix } from './podNames.js'

export interface NewPodOptions {
  index: number | null
  failureCount: number
  ignoredFailureCount: number
  now: number
  uid: string
  randomSuffix: RandomSuffix
  takenNames: ReadonlySet<string>
}

export function newPodFromTemplate(job: Job, options: NewPodOptions): PodRecord {
  const jobName = job.metadata.name
  const template = job.spec.template
  const { index } = options
  const prefix = index === null ? `${jobName}-` : podGenerateNameWithIndex(jobName, index)
  let name = generateName(prefix, options.randomSuffix)
  // The API server retries on a name conflict; so do we.
  while (options.takenNames.has(name)) name = generateName(prefix, options.randomSuffix)

  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) }
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) }
  if (index !== null) {
    labels[completionIndexKey] = String(index)
    annotations[completionIndexKey] = String(index)
    if (job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null) {
      annotations[indexFailureCountKey] = String(options.failureCount)
      if (options.ignoredFailureCount > 0)
        annotations[indexIgnoredFailureCountKey] = String(options.ignoredFailureCount)
    }
  }
  const spec = template.spec
  const hasInit = (spec.initContainers ?? []).length > 0
  return {
    name,
    namespace: job.metadata.namespace,
    uid: options.uid,
    index,
    labels,
    annotations,
    hostname: spec.hostname ?? (index !== null ? `${jobName}-${index}` : name),
    creationTimestamp: options.now,
    phase: 'Pending',
    conditions: [],
    initContainerStatuses: (spec.initContainers ?? []).map(c =>
      waitingStatus(c.name, 'PodInitializing', c.restartPolicy === 'Always')
    ),
    containerStatuses: spec.containers.map(c =>
      waitingStatus(c.name, hasInit ? 'PodInitializing' : 'ContainerCreating', false)
    )
  }
}

function waitingStatus(name: string, reason: string, sidecar: boolean): ContainerStatusRecord {
  return { name, state: 'waiting', waitingReason: reason, restartCount: 0, ready: false, logs: [], sidecar }
}

export function isPodReady(pod: PodRecord): boolean {
  return (
    pod.phase === 'Running' &&
    pod.containerStatuses.every(s => s.state === 'running' && s.ready) &&
    pod.initContainerStatuses.every(s => !s.sidecar || s.state === 'running')
  )
}
