/**
 * A pod's events as the scheduler and the kubelet record them (core/v1 Events whose involvedObject
 * is the pod), kept on the pod itself. A Job of 100,000 pods keeps every pod's record, so an event
 * is stored small: its reason, the container it is about and its times. The message is stored only
 * where it cannot be rebuilt from the pod — every everyday message (`Started container main`) is
 * a fixed text around the container's name, written out when the event is printed. Two everyday
 * events are not stored at all, being exactly implied: Scheduled (the pod's startTime, to its
 * nodeName) and Created (with every Started, at the same times; a start that failed after the
 * container was created stores its own Created, which is added to the implied one). Identical events
 * are combined with a count, as the API server's event deduplication does; each pod keeps a bounded
 * number of distinct ones, the oldest dropped first, as events age out of a cluster.
 */
import type { EventType, JobEvent } from './jobEvent.js'
import type { PodEvent, PodRecord } from './podRecord.js'

export type { PodEvent } from './podRecord.js'

/** Distinct events a pod keeps: a crash-looping container repeats the same few, combined by count. */
export const maxPodEvents = 32

/** The kubelet's Warning reasons (pkg/kubelet/events/event.go) that a run can record. */
const warningReasons = new Set([
  'Failed',
  'BackOff',
  'ErrImageNeverPull',
  'FailedMount',
  'FailedCreatePodSandBox'
])

/** The fixed messages (pkg/kubelet/kuberuntime, pkg/scheduler), by reason. */
function fixedMessage(pod: PodRecord, event: PodEvent): string {
  const container = event.container ?? ''
  switch (event.reason) {
    case 'Scheduled':
      return `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.nodeName ?? ''}`
    case 'Created':
      return `Created container: ${container}`
    case 'Started':
      return `Started container ${container}`
    case 'Killing':
      return `Stopping container ${container}`
    case 'BackOff':
      return `Back-off restarting failed container ${container} in pod ${pod.name}_${pod.namespace}(${pod.uid})`
    default:
      return ''
  }
}

function sameEvent(a: PodEvent, reason: string, container?: string, message?: string): boolean {
  return a.reason === reason && a.container === container && a.message === message
}

/** Records an event on the pod, combined with an identical one already there. */
export function recordPodEvent(
  pod: PodRecord,
  reason: string,
  at: number,
  container?: string,
  message?: string
): void {
  const events = pod.events ?? []
  const same = events.find(e => sameEvent(e, reason, container, message))
  if (same) {
    same.count = (same.count ?? 1) + 1
    same.lastAt = at
    return
  }
  const event: PodEvent = { reason, at }
  if (container !== undefined) event.container = container
  if (message !== undefined) event.message = message
  // concat, not push: a pushed-to array reserves spare slots, for every pod a Job ever had.
  const kept = events.length < maxPodEvents ? events : dropOldest(events)
  pod.events = kept.concat(event)
}

function dropOldest(events: PodEvent[]): PodEvent[] {
  let oldest = 0
  events.forEach((e, i) => {
    if ((e.lastAt ?? e.at) < (events[oldest].lastAt ?? events[oldest].at)) oldest = i
  })
  return events.filter((_, i) => i !== oldest)
}

/** Created, combined from the Created stored (failed starts) and the one each Started implies. */
function withCreated(events: readonly PodEvent[]): PodEvent[] {
  const started = new Set(events.filter(e => e.reason === 'Started').map(e => e.container))
  const result: PodEvent[] = []
  for (const event of events) {
    if (event.reason === 'Created' && started.has(event.container)) continue
    if (event.reason !== 'Started') {
      result.push(event)
      continue
    }
    const created: PodEvent = { ...event, reason: 'Created' }
    for (const stored of events)
      if (stored.reason === 'Created' && stored.container === event.container) {
        created.count = (created.count ?? 1) + (stored.count ?? 1)
        created.at = Math.min(created.at, stored.at)
        created.lastAt = Math.max(created.lastAt ?? created.at, stored.lastAt ?? stored.at)
      }
    result.push(created, event)
  }
  return result
}

/** The pod's events as core/v1 Events print: type, source and message filled in. */
export function podEventsOf(pod: PodRecord): JobEvent[] {
  const scheduled: PodEvent[] =
    pod.nodeName && pod.startTime !== undefined ? [{ reason: 'Scheduled', at: pod.startTime }] : []
  return [...scheduled, ...withCreated(pod.events ?? [])].map(event => ({
    type: (warningReasons.has(event.reason) ? 'Warning' : 'Normal') as EventType,
    reason: event.reason,
    message: event.message ?? fixedMessage(pod, event),
    firstTimestamp: event.at,
    lastTimestamp: event.lastAt ?? event.at,
    count: event.count ?? 1,
    source: event.reason === 'Scheduled' ? 'default-scheduler' : 'kubelet'
  }))
}
