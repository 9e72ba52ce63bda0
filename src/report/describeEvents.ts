/**
 * describe.go's DescribeEvents for the Job's events, as the event recorder aggregated them.
 */
import type { JobEvent } from '../api/jobEvent.js'
import { timestampSince, truncateToSecond } from './humanDuration.js'
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './tabWriter.js'

export function describeEvents(w: PrefixWriter, events: JobEvent[], now: number): void {
  if (events.length === 0) {
    // No flush before this line, so it aligns with the block above it.
    w.write(LEVEL_0, 'Events:\t<none>\n')
    return
  }
  // SortableEvents orders by lastTimestamp, which the API keeps at whole seconds; events of
  // the same second keep the order they were recorded in.
  const sorted = events
    .map((event, order) => ({ event, order }))
    .sort(
      (a, b) =>
        truncateToSecond(a.event.lastTimestamp) - truncateToSecond(b.event.lastTimestamp) || a.order - b.order
    )
    .map(({ event }) => event)
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n')
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n')
  for (const event of sorted) {
    const first = timestampSince(event.firstTimestamp, now)
    const age =
      event.count > 1 ? `${timestampSince(event.lastTimestamp, now)} (x${event.count} over ${first})` : first
    w.write(LEVEL_1, `${event.type}\t${event.reason}\t${age}\t${event.source}\t${event.message.trim()}\n`)
  }
}
