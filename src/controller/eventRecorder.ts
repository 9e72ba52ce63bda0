/**
 * The Job's events as client-go's recorder keeps them: an event identical to an earlier one
 * (type, reason, message) is aggregated into it — count + 1, lastTimestamp moved — which is what
 * describe shows as `(x<count> over <age>)`.
 */
import type { EventType, JobEvent } from './types.js'

export class EventRecorder {
  readonly events: JobEvent[] = []
  private readonly byKey = new Map<string, JobEvent>()

  record(type: EventType, reason: string, message: string, at: number): void {
    const key = `${type}\u0000${reason}\u0000${message}`
    const existing = this.byKey.get(key)
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
    this.byKey.set(key, event)
    this.events.push(event)
  }
}
