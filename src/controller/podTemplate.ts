/**
 * What the controller adds to the template for each pod it creates (pkg/controller/job/job_controller.go and indexed_job_utils.go): the name from
 * generateName, the index label and annotation and the `<job>-<index>` hostname of Indexed Jobs,
 * the per-index failure counts of backoffLimitPerIndex. JOB_COMPLETION_INDEX is injected by the
 * runtime from the pod's index, as the fieldRef on the index label would resolve.
 */
import type { DefaultedJob } from '../api/model.js'
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { podGenerateNameWithIndex } from './indexedJobUtils.js'
import { flatString } from './flatString.js'
import { generateName, type RandomSuffix } from './podNames.js'
import { completionIndexKey, indexFailureCountKey, indexIgnoredFailureCountKey } from '../api/model.js'

export interface NewPodOptions {
  index: number | null
  /** backoffLimitPerIndex: the failure-count annotations (counted, and ignored when > 0). */
  failureCount?: number
  ignoredFailureCount?: number
  now: number
  uid: string
  randomSuffix: RandomSuffix
  takenNames: ReadonlySet<string>
}

export function newPodFromTemplate(job: DefaultedJob, options: NewPodOptions): PodRecord {
  const jobName = job.metadata.name
  const template = job.spec.template
  const { index } = options
  const prefix = index === null ? `${jobName}-` : podGenerateNameWithIndex(jobName, index)
  let name = generateName(prefix, options.randomSuffix)
  // The API server answers a name conflict with AlreadyExists and the controller tries again.
  while (options.takenNames.has(name)) name = generateName(prefix, options.randomSuffix)
  name = flatString(name)
  const indexText = index === null ? '' : String(index)

  // Not `{ ...labels }`: V8 11 (Node 20) gives every object spread in optimized code its own hidden
  // class, ~0.7 KB a pod once a key is added (measured at 100,000 pods); Object.assign shares one.
  const labels: Record<string, string> = Object.assign({}, template.metadata?.labels)
  const annotations: Record<string, string> = Object.assign({}, template.metadata?.annotations)
  if (index !== null) {
    annotations[completionIndexKey] = indexText
    labels[completionIndexKey] = indexText
    if (job.spec.backoffLimitPerIndex != null) {
      annotations[indexFailureCountKey] = String(options.failureCount ?? 0)
      const ignored = options.ignoredFailureCount ?? 0
      if (ignored > 0) annotations[indexIgnoredFailureCountKey] = String(ignored)
    }
  }
  const spec = template.spec
  const hasInit = (spec.initContainers ?? []).length > 0
  return {
    name,
    namespace: job.metadata.namespace,
    uid: flatString(options.uid),
    index,
    labels,
    annotations,
    // Indexed: always `<job>-<index>`, whatever the template says; otherwise the pod's name.
    hostname: index !== null ? flatString(`${jobName}-${indexText}`) : (spec.hostname ?? name),
    creationTimestamp: options.now,
    // Set later by the kubelet; declared here so that every pod keeps one object shape, its fields
    // in the object itself (a field added afterwards costs a separate property array per pod).
    startTime: undefined,
    finishTime: undefined,
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
  return {
    name,
    state: 'waiting',
    waitingReason: reason,
    // Set later by the kubelet (see the pod's own fields above).
    waitingMessage: undefined,
    exitCode: undefined,
    signal: undefined,
    reason: undefined,
    message: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    restartCount: 0,
    ready: false,
    logs: [],
    sidecar
  }
}
