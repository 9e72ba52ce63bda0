/**
 * `kubectl get pods`: NAME READY STATUS RESTARTS AGE, with the cells of the server-side
 * printer (pkg/printers/internalversion printPod) and the table layout of cli-runtime.
 */
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { compareStrings } from './describeFields.js'
import { timestampSince } from './humanDuration.js'
import { escapeTerminal, formatTabbed, tableTabSettings } from './tabWriter.js'

export interface PodRow {
  name: string
  ready: string
  status: string
  restarts: string
  age: string
}

/**
 * When the container's previous attempt ended (lastState.terminated.finishedAt), as kept when
 * it restarted. A status file written before that was kept has the times of the current or last
 * attempt only: for a container waiting or running again, its finishedAt is that previous end;
 * for one that terminated again, the previous attempt ended just before the current one started,
 * which is the closest time known.
 */
function lastTerminationTime(container: ContainerStatusRecord): number | undefined {
  if (container.lastState) return container.lastState.finishedAt
  if (container.restartCount === 0) return undefined
  if (container.state === 'terminated') return container.startedAt ?? container.finishedAt
  return container.finishedAt
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Math.max(a, b)
}

function terminatedReason(container: ContainerStatusRecord, prefix: string): string {
  if (container.reason) return prefix + container.reason
  if (container.signal) return `${prefix}Signal:${container.signal}`
  return `${prefix}ExitCode:${container.exitCode ?? 0}`
}

function hasCondition(pod: PodRecord, type: string): boolean {
  return pod.conditions.some(condition => condition.type === type && condition.status === 'True')
}

/**
 * The pod's Initialized condition. Our pod records carry only the conditions the controller acts
 * on, so where it is absent it is judged as the kubelet sets it (GeneratePodInitializedCondition):
 * true once the pod Succeeded, or once any regular container has started — a sidecar stopped when
 * the pod ends (tail -F killed: Init:Error by its state alone) does not make it uninitialised.
 */
function isInitialized(pod: PodRecord): boolean {
  const condition = pod.conditions.find(c => c.type === 'Initialized')
  if (condition) return condition.status === 'True'
  if (pod.phase === 'Succeeded') return true
  return pod.containerStatuses.some(c => c.state === 'running' || c.state === 'terminated')
}

/** printPod's cells for one pod. */
export function podRow(pod: PodRecord, now: number): PodRow {
  let restarts = 0
  let sidecarRestarts = 0
  let lastRestart: number | undefined
  let lastSidecarRestart: number | undefined
  let readyContainers = 0
  const totalContainers =
    pod.containerStatuses.length + pod.initContainerStatuses.filter(c => c.sidecar).length
  let reason: string = pod.reason || pod.phase
  if (pod.conditions.some(c => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated'

  // Init containers run in order; the first one not yet successfully done names the status.
  let initializing = false
  for (const [i, container] of pod.initContainerStatuses.entries()) {
    restarts += container.restartCount
    lastRestart = latest(lastRestart, lastTerminationTime(container))
    if (container.sidecar) {
      sidecarRestarts += container.restartCount
      lastSidecarRestart = latest(lastSidecarRestart, lastTerminationTime(container))
    }
    if (container.state === 'terminated' && container.exitCode === 0) continue
    if (container.sidecar && container.state === 'running') {
      if (container.ready) readyContainers++
      continue
    }
    initializing = true
    if (container.state === 'terminated') reason = terminatedReason(container, 'Init:')
    else if (
      container.state === 'waiting' &&
      container.waitingReason &&
      container.waitingReason !== 'PodInitializing'
    ) {
      reason = `Init:${container.waitingReason}`
    } else reason = `Init:${i}/${pod.initContainerStatuses.length}`
    break
  }

  if (!initializing || isInitialized(pod)) {
    restarts = sidecarRestarts
    lastRestart = lastSidecarRestart
    let hasRunning = false
    /** The last failed container's reason: it outranks another's Completed (kubectl 1.37). */
    let errorReason = ''
    // Scanned from the last container to the first, so the first one's state wins.
    for (const container of [...pod.containerStatuses].reverse()) {
      restarts += container.restartCount
      lastRestart = latest(lastRestart, lastTerminationTime(container))
      if (container.state === 'waiting' && container.waitingReason) reason = container.waitingReason
      else if (container.state === 'terminated') {
        reason = terminatedReason(container, '')
        if ((container.exitCode ?? 0) !== 0) errorReason = reason
      } else if (container.ready && container.state === 'running') {
        hasRunning = true
        readyContainers++
      }
    }
    if (reason === 'Completed') {
      if (hasRunning && hasCondition(pod, 'Ready')) reason = 'Running'
      else if (errorReason) reason = errorReason
      else if (hasRunning) reason = 'NotReady'
    }
  }

  if (pod.deletionTimestamp !== undefined && pod.phase !== 'Succeeded' && pod.phase !== 'Failed') {
    reason = 'Terminating'
  }

  return {
    name: pod.name,
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts:
      restarts !== 0 && lastRestart !== undefined
        ? `${restarts} (${timestampSince(lastRestart, now)} ago)`
        : String(restarts),
    age: timestampSince(pod.creationTimestamp, now)
  }
}

/**
 * The table, one row per pod sorted by name as strings (the API lists pods that way, so
 * `job-10-…` comes before `job-2-…`). No pods, no table: kubectl then prints
 * "No resources found" to standard error only.
 */
export function getPodsTable(pods: PodRecord[], now: number): string {
  if (pods.length === 0) return ''
  const rows = [...pods].sort((a, b) => compareStrings(a.name, b.name)).map(pod => podRow(pod, now))
  const lines = [
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    ...rows.map(row => [row.name, row.ready, row.status, row.restarts, row.age])
  ]
  return formatTabbed(lines.map(cells => escapeTerminal(cells.join('\t')) + '\n').join(''), tableTabSettings)
}
