/**
 * Our side of the printer oracle (conformance/printers): `kubectl describe job` of the Job a
 * scenario ended with, by src/report/describe.ts, beside the case the Go describer gets (the same
 * Job and events, event times as ages). compareDescribe normalises only what the two cannot share:
 * the order of events of the same second (kubectl's sort is not stable).
 */
import type { JobEvent } from '../src/api/jobEvent.js'
import type { PodRecord } from '../src/api/podRecord.js'
import { getPodsTable } from '../src/report/getPods.js'
import { podObject } from '../src/report/kubeObjects.js'
import type { DefaultedJob } from '../src/api/model.js'
import { describeJob } from '../src/report/describe.js'
import { truncateToSecond } from '../src/report/humanDuration.js'

export interface DescribeInput {
  job: DefaultedJob
  events: JobEvent[]
  pods: PodRecord[]
  endedAt: number
}

export interface PrinterCase {
  name: string
  job: DefaultedJob
  events: Array<{
    type: string
    reason: string
    message: string
    count: number
    firstAgoMs: number
    lastAgoMs: number
  }>
  /** For `kubectl get pods`: the pods as the API shows them, and the moment of the report. */
  pods: unknown[]
  nowMs: number
}

/** The report's moment: 10.5 s after the run's last second, so that no age sits on a boundary. */
function reportTime(input: DescribeInput): number {
  return truncateToSecond(input.endedAt) + 10_500
}

export function printerCase(name: string, input: DescribeInput): PrinterCase {
  const now = reportTime(input)
  return {
    name,
    job: input.job,
    events: input.events.map(e => ({
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count,
      firstAgoMs: now - truncateToSecond(e.firstTimestamp),
      lastAgoMs: now - truncateToSecond(e.lastTimestamp)
    })),
    pods: input.pods.map(pod => podObject({ pod, job: input.job })),
    nowMs: now
  }
}

/** `kubectl get pods` by src/report/getPods.ts at the same moment. */
export function ourGetPods(input: DescribeInput): string {
  return getPodsTable(input.pods, reportTime(input))
}

export function ourDescribe(input: DescribeInput): string {
  return describeJob({ job: input.job, events: input.events, now: reportTime(input), utcOffsetMinutes: 0 })
}

/** The first line that differs (events of one second compared as a set), or undefined. */
export function compareDescribe(real: string, ours: string): string | undefined {
  const split = (text: string): { head: string[]; events: string[] } => {
    const lines = text.split('\n')
    const at = lines.findIndex(l => l.startsWith('Events:'))
    return at < 0 ? { head: lines, events: [] } : { head: lines.slice(0, at), events: lines.slice(at).sort() }
  }
  const a = split(real)
  const b = split(ours)
  for (const [x, y] of [
    [a.head, b.head],
    [a.events, b.events]
  ]) {
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if (x[i] !== y[i])
        return `kubernetes: ${JSON.stringify(x[i] ?? '(end)')}\n job-action: ${JSON.stringify(y[i] ?? '(end)')}`
  }
  return undefined
}

/** `kubectl get pods` tables: undefined when the same, else the first differing line. */
export function comparePodTables(real: string, ours: string): { listed?: string; difference?: string } {
  if (real === ours) return {}
  const x = real.split('\n')
  const y = ours.split('\n')
  const at = x.findIndex((line, i) => line !== y[i])
  return { difference: `kubernetes: ${JSON.stringify(x[at])}\n job-action: ${JSON.stringify(y[at])}` }
}
