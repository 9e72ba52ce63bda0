/**
 * Why a container or a pod ended as it did, in the words of whoever decided it: the runtime's
 * start error (`exec: "x": executable file not found in $PATH`), the engine's image pull error,
 * OOMKilled, the pod's deadline. kubectl shows these as a container state's Reason and Message;
 * a CI user needs them next to the exit code, not only in the status file.
 */
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'

/** Reasons that say nothing beyond the exit code. */
const plainReasons = new Set(['Error', 'Completed'])

/**
 * `reason: message` of a container's current state, or the reason alone when it has no message
 * (OOMKilled); nothing for a plain non-zero exit, whose exit code says it all.
 */
export function containerStateText(status: ContainerStatusRecord): string | undefined {
  const [reason, message] =
    status.state === 'terminated'
      ? [status.reason, status.message]
      : status.state === 'waiting'
        ? [status.waitingReason, status.waitingMessage]
        : [undefined, undefined]
  const text = message?.trim()
  if (text) return reason && !plainReasons.has(reason) ? `${reason}: ${text}` : text
  return reason && !plainReasons.has(reason) ? reason : undefined
}

/**
 * Containers that never got going: stuck waiting with an error (CreateContainerConfigError,
 * CreateContainerError) when their pod failed. A terminated container is told by its exit.
 */
export function waitingFailures(pod: PodRecord): ContainerStatusRecord[] {
  return [...pod.initContainerStatuses, ...pod.containerStatuses].filter(
    s => s.state === 'waiting' && s.waitingMessage !== undefined && s.waitingMessage !== ''
  )
}

/** The message of the pod's decisive end: its failed container's state, else the pod's own. */
export function podStateMessage(pod: PodRecord): string | undefined {
  const all = [...pod.initContainerStatuses.filter(s => !s.sidecar), ...pod.containerStatuses]
  const failed = all.find(s => s.state === 'terminated' && (s.exitCode ?? 0) !== 0) ?? waitingFailures(pod)[0]
  const message = failed?.state === 'waiting' ? failed.waitingMessage : failed?.message
  return message?.trim() || pod.message?.trim() || undefined
}

/** One line of at most `max` characters: newlines and other control characters become spaces. */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const controls = /[\x00-\x1f\x7f]+/g
  const flat = text.replace(controls, ' ').replace(/ {2,}/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
