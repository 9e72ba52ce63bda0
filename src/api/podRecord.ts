/**
 * What the controller knows of the pods it created, in Kubernetes' terms (v1.PodStatus, reduced
 * to what a Job needs). It lives in the API layer because three layers share it: the kubelet
 * (src/runtime/kubelet.ts) keeps these records current, the controller reads them, the reports
 * render them — and none of those may import another for it. Times are milliseconds since the epoch.
 */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed'

/** v1.ContainerStateTerminated: how one attempt ended. */
export interface TerminatedState {
  exitCode: number
  signal?: number
  reason?: string
  message?: string
  startedAt?: number
  finishedAt?: number
}

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
  /**
   * lastState.terminated: the attempt before the current one, kept once the container restarts
   * (or waits to); absent before any restart, and in status files written before it was kept.
   */
  lastState?: TerminatedState
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
  /** spec.nodeName: the machine that ran it, set when the kubelet takes the pod. */
  nodeName?: string
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
  /** The pod's own events (scheduler, kubelet), identical ones combined; absent while there are none. */
  events?: PodEvent[]
}

/**
 * One of the pod's events, stored small (podEvent.ts records and prints them): the message only
 * where the reason has no fixed one.
 */
export interface PodEvent {
  reason: string
  /** The container it is about (involvedObject.fieldPath spec.containers{name}); absent for the pod's own. */
  container?: string
  /** Only where the reason has no fixed message (Failed: the error, …). */
  message?: string
  /** First occurrence, milliseconds since the epoch. */
  at: number
  /** Last occurrence, when it happened more than once. */
  lastAt?: number
  /** How many times, when more than once. */
  count?: number
}
