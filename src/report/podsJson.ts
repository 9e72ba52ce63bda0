/**
 * The `pods-json` output: one entry per pod the controller created, in creation order, with what a
 * CI user asks first — how it ended, why, its exit code, restarts, and where its logs are.
 */
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { rfc3339 } from '../controller/time.js'

export interface PodJsonContainer {
  name: string
  exitCode: number | null
  signal: number | null
  reason: string | null
  restarts: number
  logs: string[]
}

export interface PodJson {
  name: string
  index: number | null
  phase: string
  reason: string | null
  exitCode: number | null
  restarts: number
  startTime: string | null
  finishTime: string | null
  containers: PodJsonContainer[]
}

/** Pods a slice of podsJsonSlices holds: the text of a 100,000-pod Job is 33 MB, never made whole. */
const PODS_PER_SLICE = 1000

/** The `pods-json` text, JSON.stringify of every pod's podJson, as consecutive slices. */
export function* podsJsonSlices(pods: Iterable<PodRecord>): Generator<string> {
  yield '['
  let slice: string[] = []
  let separator = ''
  for (const pod of pods) {
    slice.push(JSON.stringify(podJson(pod)))
    if (slice.length === PODS_PER_SLICE) {
      yield separator + slice.join(',')
      separator = ','
      slice = []
    }
  }
  if (slice.length > 0) yield separator + slice.join(',')
  yield ']'
}

/** The whole `pods-json` text (for outputs small enough, and where no output file takes slices). */
export function podsJsonText(pods: Iterable<PodRecord>): string {
  return [...podsJsonSlices(pods)].join('')
}

export function podJson(pod: PodRecord): PodJson {
  const containers = [...pod.initContainerStatuses, ...pod.containerStatuses].map(containerJson)
  return {
    name: pod.name,
    index: pod.index,
    phase: pod.phase,
    reason: podReason(pod),
    exitCode: podExitCode(pod),
    restarts: containers.reduce((n, c) => n + c.restarts, 0),
    startTime: pod.startTime !== undefined ? rfc3339(pod.startTime) : null,
    finishTime: pod.finishTime !== undefined ? rfc3339(pod.finishTime) : null,
    containers
  }
}

function containerJson(status: ContainerStatusRecord): PodJsonContainer {
  const terminated = status.state === 'terminated'
  return {
    name: status.name,
    exitCode: terminated ? (status.exitCode ?? null) : null,
    signal: terminated ? (status.signal ?? null) : null,
    reason: terminated ? (status.reason ?? null) : (status.waitingReason ?? null),
    restarts: status.restartCount,
    logs: status.logs
  }
}

/** The pod's own reason (DeadlineExceeded) or, failing that, that of the container that decided it. */
export function podReason(pod: PodRecord): string | null {
  if (pod.reason) return pod.reason
  const decisive = decisiveContainer(pod)
  if (!decisive) return null
  return decisive.state === 'terminated' ? (decisive.reason ?? null) : (decisive.waitingReason ?? null)
}

export function podExitCode(pod: PodRecord): number | null {
  const decisive = decisiveContainer(pod)
  return decisive && decisive.state === 'terminated' ? (decisive.exitCode ?? null) : null
}

/** The first failed container (init containers first), else the last main container. */
function decisiveContainer(pod: PodRecord): ContainerStatusRecord | undefined {
  const all = [...pod.initContainerStatuses.filter(s => !s.sidecar), ...pod.containerStatuses]
  return all.find(s => s.state === 'terminated' && s.exitCode !== 0) ?? pod.containerStatuses.at(-1)
}
