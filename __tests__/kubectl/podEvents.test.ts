/**
 * The pod events the kubelet layer records for what the virtual runs cannot show (an engine whose
 * attempt never starts, an image that cannot be pulled), and the bound on what a pod keeps: the
 * kubelet's reasons and messages, identical events combined, the oldest distinct one dropped.
 */
import { describe, expect, test } from '@jest/globals'
import { maxPodEvents, podEventsOf, recordPodEvent } from '../../src/api/podEvent.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import { startFailureEvents, waitingEvents } from '../../src/runtime/podEvents.js'
import { pod } from '../report/fixtures.js'

function shown(record: PodRecord): string[] {
  return podEventsOf(record).map(e => `${e.type} ${e.reason} x${e.count} ${e.source}: ${e.message}`)
}

describe('pod events', () => {
  test('a start error: Created, then Failed with the runtime’s error', () => {
    const p = pod({ name: 'p', creationTimestamp: 0 })
    const slot = { pod: p, container: { name: 'main' } }
    startFailureEvents(slot, {
      exitCode: 128,
      reason: 'StartError',
      message: 'exec: "work": executable file not found in $PATH',
      finishedAt: 1000
    })
    expect(shown(p)).toEqual([
      'Normal Created x1 kubelet: Created container: main',
      'Warning Failed x1 kubelet: Error: exec: "work": executable file not found in $PATH'
    ])
  })

  test('an image that is not there under pull policy Never', () => {
    const p = pod({ name: 'p', creationTimestamp: 0 })
    const message = 'Container image "app:dev" is not present with pull policy of Never'
    waitingEvents({ pod: p, container: { name: 'main' } }, 'ErrImageNeverPull', message, 1000)
    expect(shown(p)).toEqual([
      `Warning ErrImageNeverPull x1 kubelet: ${message}`,
      'Warning Failed x1 kubelet: Error: ErrImageNeverPull'
    ])
  })

  test('identical events combine; distinct ones are bounded, the oldest dropped', () => {
    const p = pod({ name: 'p', creationTimestamp: 0 })
    for (let i = 0; i < 5; i++) recordPodEvent(p, 'Started', 1000 * i, 'main')
    expect(p.events).toEqual([{ reason: 'Started', container: 'main', at: 0, lastAt: 4000, count: 5 }])
    for (let i = 0; i < maxPodEvents; i++) recordPodEvent(p, 'Failed', 10_000 + i, 'main', `Error: ${i}`)
    expect(p.events).toHaveLength(maxPodEvents)
    expect(p.events?.some(e => e.reason === 'Started')).toBe(false)
    expect(p.events?.at(-1)?.message).toBe(`Error: ${maxPodEvents - 1}`)
  })
})
