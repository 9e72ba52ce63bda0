/**
 * The Job's events as the job controller's client-go recorder makes them
 * (tools/record/events_cache.go, EventCorrelator):
 * - aggregation: from the 10th distinct message with the same type and reason within 10 minutes,
 *   an event becomes one "(combined from similar events): <message>" event;
 * - counting: an event identical to an earlier one (type, reason, message, or the combined event's
 *   key) is merged into it — count + 1, lastTimestamp moved, message as the latest — shown by
 *   describe as `(x<count> over <age>)`.
 * Its third step is left out on purpose: the spam filter (25 events per object, then one every
 * 5 minutes) would drop a big Job's terminal event, which a report should always show.
 */
import type { EventType, JobEvent } from '../api/jobEvent.js'

const AGGREGATE_MAX_EVENTS = 10
const AGGREGATE_INTERVAL_MS = 600_000
export const AGGREGATE_PREFIX = '(combined from similar events): '

interface Similar {
  messages: Set<string>
  lastTimestamp: number
}

interface ByReason {
  similar: Similar
  /** By message, or by AGGREGATED for the combined event. */
  events: Map<string, JobEvent>
}

/** The combined event's key: no message is the empty string's NUL. */
const AGGREGATED = '\0'

export class EventRecorder {
  /** In the order they were first recorded. */
  readonly events: JobEvent[] = []
  /** By type, then reason: no key string is built per event (a Job may have 100,000). */
  private readonly index = new Map<EventType, Map<string, ByReason>>()

  record(type: EventType, reason: string, message: string, at: number): void {
    let byType = this.index.get(type)
    if (!byType) this.index.set(type, (byType = new Map()))
    let byReason = byType.get(reason)
    if (!byReason) {
      byReason = { similar: { messages: new Set(), lastTimestamp: at }, events: new Map() }
      byType.set(reason, byReason)
    }
    // EventAggregator: the distinct messages of the last 10 minutes.
    if (at - byReason.similar.lastTimestamp > AGGREGATE_INTERVAL_MS)
      byReason.similar = { messages: new Set(), lastTimestamp: at }
    const similar = byReason.similar
    similar.messages.add(message)
    similar.lastTimestamp = at
    const aggregated = similar.messages.size >= AGGREGATE_MAX_EVENTS
    // client-go pops an arbitrary one to stay under the limit; the oldest here.
    if (aggregated) similar.messages.delete(similar.messages.values().next().value as string)

    const key = aggregated ? AGGREGATED : message
    const shown = aggregated ? AGGREGATE_PREFIX + message : message
    const existing = byReason.events.get(key)
    if (existing) {
      existing.count++
      existing.lastTimestamp = at
      existing.message = shown
      return
    }
    const event: JobEvent = {
      type,
      reason,
      message: shown,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      source: 'job-controller'
    }
    byReason.events.set(key, event)
    this.events.push(event)
  }
}
