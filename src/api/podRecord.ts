/**
 * What the controller knows of the pods it created, in Kubernetes' terms (v1.PodStatus, reduced
 * to what a Job needs). It lives in the API layer because three layers share it: the kubelet
 * (src/runtime/kubelet.ts) keeps these records current, the controller reads them, the reports
 * render them — and none of those may import another for it. Times are milliseconds since the epoch.
 */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed'

export interface ContainerStatusRecord {
  name: string
  /** Current state, as in v1.ContainerStatus. */
  state: 'waiting' | 'running' | 'terminated'
  /** waiting.reason: ContainerCreating, PodInitializing, CrashLoopBackOff, ErrImagePull, ErrImageNeverPull, … */
  waitingReason?: string
  waitingMessage?: string
  /** terminated.* of the current (or last) attempt. */
  exitCode?: number
  signal?: number
  reason?: string
  message?: string
  startedAt?: number
  finishedAt?: number
  restartCount: number
  ready: boolean
  /** Init container with restartPolicy: Always. */
  sidecar?: boolean
  /** One log file path per attempt, first attempt first. */
  logs: string[]
}

export interface PodCondition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastTransitionTime: number
}

/** Why the controller deleted a pod; decides whether its end counts as a failure. */
export type DeletionCause =
  | 'JobFailing' // deadline, backoff limit, FailJob, failed indexes: counted as failed
  | 'JobSucceeding' // successPolicy met: not counted
  | 'ScaleDown' // parallelism/suspend/duplicate index: not counted
  | 'Cancelled' // the run itself was interrupted: counted as failed, DisruptionTarget

export interface PodRecord {
  name: string
  namespace: string
  uid: string
  /** Completion index for Indexed Jobs, else null. */
  index: number | null
  labels: Record<string, string>
  annotations: Record<string, string>
  hostname: string
  creationTimestamp: number
  /** When the kubelet started the pod (status.startTime). */
  startTime?: number
  phase: PodPhase
  /** status.reason / status.message, e.g. DeadlineExceeded. */
  reason?: string
  message?: string
  /**
   * Set when the pod was asked to stop (by the controller, an eviction, or a cancellation): as the
   * API server sets it, the time its grace period ends.
   */
  deletionTimestamp?: number
  /** The grace period of that deletion, when known (metadata.deletionGracePeriodSeconds). */
  deletionGracePeriodSeconds?: number
  /** Why; absent for a deletion from outside the controller (kubectl delete pod, eviction). */
  deletionCause?: DeletionCause
  conditions: PodCondition[]
  initContainerStatuses: ContainerStatusRecord[]
  containerStatuses: ContainerStatusRecord[]
  /** When the pod reached Succeeded or Failed. */
  finishTime?: number
}
