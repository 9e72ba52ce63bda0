/**
 * The one interface both runtimes implement. The kubelet layer (src/runtime/kubelet.ts) owns
 * the pod lifecycle — init containers, sidecars, restarts, deadlines, phases — and asks an
 * engine to run single container attempts. The process engine runs a child process per
 * attempt, the docker engine a `docker run`.
 */
import type { Container, PodSpec } from '../api/model.js'
import type { ContainerLog } from '../logs/types.js'

export interface PodIdentity {
  runId: string
  jobName: string
  namespace: string
  podName: string
  podUid: string
  hostname: string
  index: number | null
  labels: Record<string, string>
  annotations: Record<string, string>
}

export interface ContainerLaunch {
  pod: PodIdentity
  /** The container as written in the template (for the engine's own fields: image, resources, ports…). */
  container: Container
  podSpec: PodSpec
  /** command and args after $(VAR) expansion; undefined where the template leaves them unset. */
  command?: string[]
  args?: string[]
  /** The container's resolved environment (envFrom, env, HOSTNAME, JOB_COMPLETION_INDEX), in order. */
  env: Array<[string, string]>
  /** Zero for the first attempt, n for restart n. */
  attempt: number
  /** Where this attempt's output goes. */
  log: ContainerLog
}

export type TerminationReason =
  'Completed' | 'Error' | 'OOMKilled' | 'StartError' | 'ContainerCannotRun' | string

export interface ContainerExit {
  exitCode: number
  /** The signal that ended it, when it was one (exitCode is then 128 + signal). */
  signal?: number
  reason: TerminationReason
  message?: string
  startedAt?: number
  finishedAt: number
}

export interface ContainerCallbacks {
  /** The process or container is running. */
  onStart(at: number): void
  /** Waiting on something the engine does before start (ErrImagePull, ErrImageNeverPull…). */
  onWaiting?(reason: string, message: string): void
  /** The attempt is over and its output is flushed to its log. Called exactly once. */
  onExit(exit: ContainerExit): void
}

export interface RunningContainer {
  /** SIGTERM (or docker stop) now, SIGKILL after graceMs; onExit still follows. */
  stop(graceMs: number): void
}

/** The runtimes a run can choose: pods as child processes, or as docker containers. */
export type RuntimeName = 'process' | 'docker'

export interface ContainerEngine {
  readonly name: RuntimeName
  /** Prepare what a pod's containers share (docker: network namespace, volumes). */
  startPod?(pod: PodIdentity, spec: PodSpec): Promise<void>
  /** Release what startPod prepared, after every container of the pod has exited. */
  endPod?(pod: PodIdentity): Promise<void>
  startContainer(launch: ContainerLaunch, callbacks: ContainerCallbacks): RunningContainer
  /** Kill everything still running (cancellation, crash): the run's safety net. */
  shutdown(): Promise<void>
}
