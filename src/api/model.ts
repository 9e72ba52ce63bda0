/**
 * The object model. The shapes of spec fields are the official Kubernetes model types
 * (imported as types only, so nothing of @kubernetes/client-node is bundled); metadata and
 * status carry times as RFC 3339 strings, the way `kubectl get -o json` prints them.
 */
import type {
  V1ConfigMap,
  V1Container,
  V1JobSpec,
  V1ObjectMeta,
  V1PodSpec,
  V1PodTemplateSpec,
  V1Secret
} from '@kubernetes/client-node'

export type JobSpec = V1JobSpec
export type PodTemplateSpec = V1PodTemplateSpec
export type PodSpec = V1PodSpec
export type Container = V1Container

export type ObjectMeta = Omit<V1ObjectMeta, 'creationTimestamp' | 'deletionTimestamp'> & {
  creationTimestamp?: string
  deletionTimestamp?: string
}

export type ConditionStatus = 'True' | 'False' | 'Unknown'

export interface JobCondition {
  type: string
  status: ConditionStatus
  lastProbeTime: string
  lastTransitionTime: string
  reason: string
  message: string
}

export interface JobStatus {
  conditions?: JobCondition[]
  startTime?: string
  completionTime?: string
  active?: number
  ready?: number
  terminating?: number
  succeeded?: number
  failed?: number
  completedIndexes?: string
  failedIndexes?: string
  uncountedTerminatedPods?: Record<string, never>
}

/** A Job as decoded from the manifest, before the API server's defaulting. */
export interface Job {
  apiVersion: 'batch/v1'
  kind: 'Job'
  metadata: ObjectMeta & { name: string; namespace: string; uid: string }
  spec: JobSpec & { template: PodTemplateSpec & { spec: PodSpec } }
  status: JobStatus
}

/**
 * The pod spec after SetDefaults_PodSpec (pkg/apis/core/v1/defaults.go): what the runner relies on
 * is set, so no layer below the API restates a default.
 */
export type DefaultedPodSpec = PodSpec & {
  restartPolicy: 'Always' | 'OnFailure' | 'Never'
  terminationGracePeriodSeconds: number
  dnsPolicy: string
  schedulerName: string
}

/**
 * The Job spec after SetDefaults_Job (pkg/apis/batch/v1/defaults.go). `completions` stays optional:
 * a NonIndexed Job with only `parallelism` has none (a work queue).
 */
export type DefaultedJobSpec = Omit<JobSpec, 'template'> & {
  parallelism: number
  /** 6, or maxInt32 when backoffLimitPerIndex is set. */
  backoffLimit: number
  completionMode: 'NonIndexed' | 'Indexed'
  suspend: boolean
  podReplacementPolicy: 'TerminatingOrFailed' | 'Failed'
  manualSelector: boolean
  template: PodTemplateSpec & { spec: DefaultedPodSpec }
}

/** A Job as the API server stores it: defaulted, named, with a uid. Every layer below the API takes this. */
export interface DefaultedJob extends Omit<Job, 'spec'> {
  spec: DefaultedJobSpec
}

export type ConfigMap = Omit<V1ConfigMap, 'metadata'> & {
  metadata: ObjectMeta & { name: string; namespace: string }
}
export type Secret = Omit<V1Secret, 'metadata'> & {
  metadata: ObjectMeta & { name: string; namespace: string }
}

// Well-known labels and annotations of batch/v1 (pkg/apis/batch/types.go).
export const jobNameLabel = 'batch.kubernetes.io/job-name'
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid'
/** The names the labels had before 1.27; still set on every pod. */
export const legacyJobNameLabel = 'job-name'
export const legacyControllerUidLabel = 'controller-uid'
/** Label and annotation of an Indexed Job's pods (JobCompletionIndexAnnotation). */
export const completionIndexKey = 'batch.kubernetes.io/job-completion-index'
/** Annotations of backoffLimitPerIndex (JobIndexFailureCountAnnotation, JobIndexIgnoredFailureCountAnnotation). */
export const indexFailureCountKey = 'batch.kubernetes.io/job-index-failure-count'
export const indexIgnoredFailureCountKey = 'batch.kubernetes.io/job-index-ignored-failure-count'
/** The finalizer the controller puts on every pod it tracks (JobTrackingFinalizer). */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking'
