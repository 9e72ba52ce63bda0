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

  // client-go tools/record/events_cache.go: defaultAggregateMaxEvents = 10,
  // defaultAggregateIntervalInSeconds = 600, EventAggregatorByReasonMessageFunc.
  test('from the 10th distinct message of one reason, events combine into one, its message the latest', () => {
    const recorder = new EventRecorder()
    for (let i = 0; i < 30; i++)
      recorder.record('Normal', 'SuccessfulCreate', `Created pod: p-${i}`, 1000 + i)
    recorder.record('Normal', 'Completed', 'Job completed', 5000)
    const shown = recorder.events.map(e => [e.reason, e.message, e.count, e.firstTimestamp, e.lastTimestamp])
    expect(shown).toEqual([
      ...Array.from({ length: 9 }, (_, i) => [
        'SuccessfulCreate',
        `Created pod: p-${i}`,
        1,
        1000 + i,
        1000 + i
      ]),
      ['SuccessfulCreate', '(combined from similar events): Created pod: p-29', 21, 1009, 1029],
      ['Completed', 'Job completed', 1, 5000, 5000]
    ])
  })

  test('after 10 quiet minutes the messages count afresh; a repeated message is never combined', () => {
    const recorder = new EventRecorder()
    for (let i = 0; i < 10; i++) recorder.record('Normal', 'SuccessfulDelete', 'Deleted pod: same', i)
    for (let i = 0; i < 9; i++) recorder.record('Normal', 'SuccessfulCreate', `Created pod: a-${i}`, i)
    const later = 9 + 600_001
    recorder.record('Normal', 'SuccessfulCreate', 'Created pod: b-0', later)
    expect(recorder.events.map(e => [e.message, e.count])).toEqual([
      ['Deleted pod: same', 10],
      ...Array.from({ length: 9 }, (_, i) => [`Created pod: a-${i}`, 1]),
      ['Created pod: b-0', 1]
    ])
  })
})
