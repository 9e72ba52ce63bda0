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

export interface Job {
  apiVersion: 'batch/v1'
  kind: 'Job'
  metadata: ObjectMeta & { name: string; namespace: string; uid: string }
  spec: JobSpec & { template: PodTemplateSpec & { spec: PodSpec } }
  status: JobStatus
}

export type ConfigMap = Omit<V1ConfigMap, 'metadata'> & {
  metadata: ObjectMeta & { name: string; namespace: string }
}
export type Secret = Omit<V1Secret, 'metadata'> & {
  metadata: ObjectMeta & { name: string; namespace: string }
}
