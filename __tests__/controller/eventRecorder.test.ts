import { describe, expect, test } from '@jest/globals'
import { EventRecorder } from '../../src/controller/eventRecorder.js'

describe('EventRecorder', () => {
  test('an identical event is aggregated (count, lastTimestamp); any difference makes a new one', () => {
    const recorder = new EventRecorder()
    recorder.record('Normal', 'SuccessfulDelete', 'Deleted pod: a', 1000)
    recorder.record('Normal', 'SuccessfulDelete', 'Deleted pod: b', 2000)
    recorder.record('Normal', 'SuccessfulDelete', 'Deleted pod: a', 3000)
    recorder.record('Warning', 'SuccessfulDelete', 'Deleted pod: a', 4000)
    expect(recorder.events.map(e => [e.type, e.message, e.count, e.firstTimestamp, e.lastTimestamp])).toEqual(
      [
        ['Normal', 'Deleted pod: a', 2, 1000, 3000],
        ['Normal', 'Deleted pod: b', 1, 2000, 2000],
        ['Warning', 'Deleted pod: a', 1, 4000, 4000]
      ]
    )
    expect(recorder.events.every(e => e.source === 'job-controller')).toBe(true)
  })
})
