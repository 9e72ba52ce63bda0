/**
 * The Job's events as client-go's recorder keeps them: an event identical to an earlier one
 * (type, reason, message) is aggregated into it — count + 1, lastTimestamp moved — which is what
 * describe shows as `(x<count> over <age>)`.
 */
import type { EventType, JobEvent } from './types.js'

export class EventRecorder {
  readonly events: JobEvent[] = []
  /** By type, reason, then message: no key string is built per event (a Job may have 100,000). */
  private readonly index = new Map<EventType, Map<string, Map<string, JobEvent>>>()

  record(type: EventType, reason: string, message: string, at: number): void {
    let byReason = this.index.get(type)
    if (!byReason) this.index.set(type, (byReason = new Map()))
    let byMessage = byReason.get(reason)
    if (!byMessage) byReason.set(reason, (byMessage = new Map()))
    const existing = byMessage.get(message)
    if (existing) {
      existing.count++
      existing.lastTimestamp = at
      return
    }
    const event: JobEvent = {
      type,
      reason,
      message,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      source: 'job-controller'
    }
    byMessage.set(message, event)
    this.events.push(event)
  }
}
