/**
 * What a run says while it runs, besides the pods' own output: one line when a pod fails (why,
 * in the runtime's or the engine's words, and when the next pod comes), and — when the pods'
 * output is not streamed — a tally of the Job's pods every half minute, so that a long run with
 * `logs: none` or `group` never looks hung.
 *
 * These lines never carry the `[pod/container] ` prefix, which belongs to the pods' output: a pod
 * cannot print one of them as its own. A pod's failure line waits until the pod's output has been
 * printed (stream mode: its last lines; group mode: its group), so it reads as the pod's last word.
 */
import type { Writable } from 'node:stream'
import type { DefaultedJob } from '../api/model.js'
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import { breakLegacyCommands } from '../logs/workflowCommands.js'
import { containerStateText, oneLine, waitingFailures } from '../report/containerState.js'
import { humanDuration } from '../report/humanDuration.js'

/** How often the tally is printed when the pods' output is not streamed. */
export const tallyIntervalMs = 30_000

export interface ProgressSettings {
  /** Where the lines go: the stream the pods' output goes to, so the two stay in order. */
  out: Writable
  /** Red failure lines, as a terminal or the runner's log viewer shows them. */
  color: boolean
  mask: (text: string) => string
}

/** What the controller did after pods failed: what comes next. */
export interface AfterFailure {
  job: DefaultedJob
  /** Pods the same sync created. */
  created: readonly PodRecord[]
  /** The sync asked to be woken after this long (the backoff of the next pod). */
  requeueAfterMs?: number
  /** The Job has a terminal condition: the verdict follows, no next pod. */
  finished: boolean
}

/** The container whose end failed the pod, init containers first, else one that never started. */
function decisive(pod: PodRecord): ContainerStatusRecord | undefined {
  const all = [...pod.initContainerStatuses.filter(s => !s.sidecar), ...pod.containerStatuses]
  return all.find(s => s.state === 'terminated' && (s.exitCode ?? 0) !== 0) ?? waitingFailures(pod)[0]
}

/** `exit 128, StartError: exec: "x": …` — what failed the pod, on one line. */
export function failureText(pod: PodRecord): string {
  const status = decisive(pod)
  const parts: string[] = []
  if (status?.state === 'terminated') parts.push(`exit ${status.exitCode}`)
  const state = status ? containerStateText(status) : undefined
  if (state) parts.push(state)
  if (pod.reason) parts.push(pod.message ? `${pod.reason}: ${pod.message}` : pod.reason)
  else if (!state && pod.message) parts.push(pod.message)
  const several = pod.initContainerStatuses.length + pod.containerStatuses.length > 1
  const which = status && several ? `container "${status.name}" ` : ''
  return parts.length > 0 ? `${which}${parts.join(', ')}` : 'no container exited with an error'
}

/** `; next pod in 20s (2 of 4 retries)`, or nothing when no replacement is on its way. */
export function nextPodText(after: AfterFailure): string {
  if (after.finished) return ''
  const { spec, status } = after.job
  const retries =
    spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null
      ? ` (${status.failed ?? 0} of ${spec.backoffLimit} retries)`
      : ''
  if (after.created.length > 0) return `; next pod ${after.created[0].name} started${retries}`
  if (after.requeueAfterMs !== undefined && after.requeueAfterMs > 0)
    return `; next pod in ${humanDuration(after.requeueAfterMs)}${retries}`
  return ''
}

/** `3 active, 5 succeeded, 1 failed`. */
export function tallyText(job: DefaultedJob): string {
  const { active, succeeded, failed } = job.status
  return `${active ?? 0} active, ${succeeded ?? 0} succeeded, ${failed ?? 0} failed`
}

export class JobProgress {
  /** Lines in the order they were asked for: a failure line waits for its pod's output. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly jobName: string,
    private readonly settings: ProgressSettings
  ) {}

  /** Pods that failed on their own (not stopped by the controller), with their printed output. */
  podsFailed(pods: readonly { pod: PodRecord; printed: Promise<void> }[], after: AfterFailure): void {
    const next = nextPodText(after)
    pods.forEach(({ pod, printed }, i) => {
      // The next pod is said once, after the last failure of the batch.
      const line = `pod ${pod.name} failed (${failureText(pod)})${i === pods.length - 1 ? next : ''}`
      this.queue = this.queue.then(() => printed.catch(() => undefined)).then(() => this.write(line, true))
    })
  }

  tally(job: DefaultedJob, elapsedMs: number): void {
    const line = `Job "${this.jobName}": ${tallyText(job)} (${humanDuration(elapsedMs)})`
    this.queue = this.queue.then(() => this.write(line, false))
  }

  /** Resolves once every line asked for is written. */
  close(): Promise<void> {
    return this.queue
  }

  private write(text: string, failure: boolean): void {
    const out = this.settings.out
    if (out.destroyed || out.writableEnded) return
    // One line whatever the message held, and nothing in it read as a workflow command.
    const line = breakLegacyCommands(oneLine(this.settings.mask(text), 1000))
    out.write(failure && this.settings.color ? `\x1b[31m${line}\x1b[0m\n` : `${line}\n`)
  }
}
