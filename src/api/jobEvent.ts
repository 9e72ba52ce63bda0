/**
 * A Job event (core/v1 Event, as `kubectl describe` shows it), shared by the controller that
 * records it, the runner that stores it and the reports that print it. A pod's events are kept
 * more compactly on the pod (podEvent.ts) and take this shape only to be printed.
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
  /** The component that recorded it (kubectl's From column). */
  source: 'job-controller' | 'kubelet' | 'default-scheduler'
}
