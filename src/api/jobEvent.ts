/**
 * A Job event (core/v1 Event, as `kubectl describe` shows it), shared by the controller that
 * records it, the runner that stores it and the reports that print it.
 */
export type EventType = 'Normal' | 'Warning'

/** A Job event as the event recorder keeps it: identical events are aggregated (count, lastTimestamp). */
export interface JobEvent {
  type: EventType
  reason: string
  message: string
  firstTimestamp: number
  lastTimestamp: number
  count: number
  source: 'job-controller'
}
