/**
 * Ported from pkg/controller/job/backoff_utils_test.go: each case carries the name of the Go case.
 */
import { describe, expect, test } from '@jest/globals'
import {
  getFinishedTime,
  getRemainingTime,
  getRemainingTimePerIndex,
  newBackoffRecord,
  type BackoffRecord
} from '../../src/controller/backoffUtils.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import { buildPod } from './support/fixtures.js'

const defaultTestTime = Date.UTC(2009, 10, 10, 23, 0, 0)
const ms = 1
const second = 1000

function finishedPod(phase: 'Succeeded' | 'Failed', finishedAt: number): PodRecord {
  return buildPod()
    .phase(phase)
    .terminated(phase === 'Succeeded' ? 0 : 1, finishedAt).Pod
}

describe('TestNewBackoffRecord', () => {
  const empty: BackoffRecord = { failuresAfterLastSuccess: 0 }
  test.each<[string, BackoffRecord, number[], number[], BackoffRecord]>([
    [
      'Empty backoff store and one new failure',
      empty,
      [],
      [defaultTestTime],
      { failuresAfterLastSuccess: 1, lastFailureTime: defaultTestTime }
    ],
    [
      'Empty backoff store and two new failures',
      empty,
      [],
      [defaultTestTime, defaultTestTime - 1 * ms],
      { failuresAfterLastSuccess: 2, lastFailureTime: defaultTestTime }
    ],
    [
      'Empty backoff store, two failures followed by success',
      empty,
      [defaultTestTime],
      [defaultTestTime - 2 * ms, defaultTestTime - 1 * ms],
      { failuresAfterLastSuccess: 0, lastFailureTime: undefined }
    ],
    [
      'Empty backoff store, two failures, one success and two more failures',
      empty,
      [defaultTestTime - 2 * ms],
      [defaultTestTime, defaultTestTime - 4 * ms, defaultTestTime - 3 * ms, defaultTestTime - 1 * ms],
      { failuresAfterLastSuccess: 2, lastFailureTime: defaultTestTime }
    ],
    [
      'Backoff store having failure count 2 and one new failure',
      { failuresAfterLastSuccess: 2 },
      [],
      [defaultTestTime],
      { failuresAfterLastSuccess: 3, lastFailureTime: defaultTestTime }
    ],
    [
      'Empty backoff store with success and failure at same timestamp',
      empty,
      [defaultTestTime],
      [defaultTestTime],
      { failuresAfterLastSuccess: 0, lastFailureTime: undefined }
    ],
    ['Empty backoff store with no success/failure', empty, [], [], { failuresAfterLastSuccess: 0 }],
    [
      'Empty backoff store with one success',
      empty,
      [defaultTestTime],
      [],
      { failuresAfterLastSuccess: 0, lastFailureTime: undefined }
    ]
  ])('%s', (_name, record, succeeded, failed, want) => {
    const got = newBackoffRecord(
      record,
      succeeded.map(t => finishedPod('Succeeded', t)),
      failed.map(t => finishedPod('Failed', t))
    )
    expect(got).toEqual(want)
  })
})

describe('TestGetFinishedTime', () => {
  test.each<[string, PodRecord, number]>([
    [
      'Pod with multiple containers and all containers terminated',
      buildPod()
        .terminated(0, defaultTestTime - 1 * second)
        .terminated(0, defaultTestTime)
        .terminated(0, defaultTestTime - 2 * second).Pod,
      defaultTestTime
    ],
    [
      'Pod with multiple containers; two containers in terminated state and one in running state; fallback to deletionTimestamp',
      buildPod()
        .terminated(0, defaultTestTime - 1 * second)
        .running()
        .terminated(0, defaultTestTime - 2 * second)
        .customDeletionTimestamp(defaultTestTime).Pod,
      defaultTestTime
    ],
    [
      'fallback to deletionTimestamp',
      buildPod().running().customDeletionTimestamp(defaultTestTime).Pod,
      defaultTestTime
    ],
    [
      'fallback to deletionTimestamp, decremented by grace period',
      buildPod().running().customDeletionTimestamp(defaultTestTime, 30).Pod,
      defaultTestTime - 30 * second
    ],
    [
      'fallback to PodReady.LastTransitionTime when status of the condition is False',
      buildPod().terminated(0).condition('Ready', 'False', defaultTestTime).Pod,
      defaultTestTime
    ],
    [
      'skip fallback to PodReady.LastTransitionTime when status of the condition is True',
      buildPod()
        .terminated(0)
        .condition('Ready', 'True', defaultTestTime - 30 * second)
        .customDeletionTimestamp(defaultTestTime).Pod,
      defaultTestTime
    ],
    [
      'fallback to creationTimestamp',
      buildPod().terminated(0).creationTimestamp(defaultTestTime).Pod,
      defaultTestTime
    ],
    [
      'Pod with sidecar container and all containers terminated',
      (() => {
        const pod = buildPod()
          .terminated(0, defaultTestTime - 1 * second)
          .initTerminated(0, 'sidecar', defaultTestTime).Pod
        pod.initContainerStatuses[0].sidecar = true
        return pod
      })(),
      defaultTestTime
    ]
  ])('%s', (_name, pod, want) => {
    expect(getFinishedTime(pod)).toBe(want)
  })

  test('our kubelet: a pod that never started its containers ended when the kubelet finished it', () => {
    const pod = buildPod()
      .phase('Failed')
      .creationTimestamp(defaultTestTime - 60 * second).Pod
    pod.containerStatuses.push({ name: 'c', state: 'waiting', restartCount: 0, ready: false, logs: [] })
    pod.finishTime = defaultTestTime
    expect(getFinishedTime(pod)).toBe(defaultTestTime)
  })
})

describe('TestGetRemainingBackoffTime', () => {
  const settings = { baseMs: 5 * second, maxMs: 700 * second, minRequeueMs: second / 2 }
  test.each<[string, BackoffRecord, number, number]>([
    ['no failures', { failuresAfterLastSuccess: 0 }, defaultTestTime, 0],
    [
      'one failure; current time and failure time are same',
      { failuresAfterLastSuccess: 1, lastFailureTime: defaultTestTime },
      defaultTestTime,
      5 * second
    ],
    [
      'one failure; current time == 1 second + failure time',
      { failuresAfterLastSuccess: 1, lastFailureTime: defaultTestTime },
      defaultTestTime + second,
      4 * second
    ],
    [
      'one failure; current time == expected backoff time',
      { failuresAfterLastSuccess: 1, lastFailureTime: defaultTestTime },
      defaultTestTime + 5 * second,
      0
    ],
    [
      'one failure; current time == expected backoff time + 1 Second',
      { failuresAfterLastSuccess: 1, lastFailureTime: defaultTestTime },
      defaultTestTime + 6 * second,
      0
    ],
    [
      'three failures; current time and failure time are same',
      { failuresAfterLastSuccess: 3, lastFailureTime: defaultTestTime },
      defaultTestTime,
      20 * second
    ],
    [
      'eight failures; current time and failure time are same; backoff not exceeding maxBackoff',
      { failuresAfterLastSuccess: 8, lastFailureTime: defaultTestTime },
      defaultTestTime,
      640 * second
    ],
    [
      'nine failures; current time and failure time are same; backoff exceeding maxBackoff',
      { failuresAfterLastSuccess: 9, lastFailureTime: defaultTestTime },
      defaultTestTime,
      700 * second
    ]
  ])('%s', (_name, record, now, want) => {
    expect(getRemainingTime(record, now, settings)).toBe(want)
  })
})

describe('TestGetRemainingBackoffTimePerIndex', () => {
  const settings = { baseMs: 5 * second, maxMs: 700 * second, minRequeueMs: second / 2 }
  test.each<[string, PodRecord | undefined, number]>([
    ['no failures', undefined, 0],
    [
      'two prev failures; current time and failure time are same',
      buildPod().phase('Failed').indexFailureCount('2').customDeletionTimestamp(defaultTestTime).Pod,
      20 * second
    ],
    [
      'one prev failure counted and one ignored; current time and failure time are same',
      buildPod()
        .phase('Failed')
        .indexFailureCount('1')
        .indexIgnoredFailureCount('1')
        .customDeletionTimestamp(defaultTestTime).Pod,
      20 * second
    ]
  ])('%s', (_name, lastFailedPod, want) => {
    expect(getRemainingTimePerIndex(defaultTestTime, settings, lastFailedPod)).toBe(want)
  })
})

describe('the delay sequence of the Action (base × 2^(n−1), capped at 36 × base)', () => {
  test.each([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 80],
    [5, 160],
    [6, 320],
    [7, 360],
    [12, 360]
  ])('%i failures wait %i s with the 10 s base', (failures, seconds) => {
    const settings = { baseMs: 10 * second, maxMs: 360 * second, minRequeueMs: second }
    expect(getRemainingTime({ failuresAfterLastSuccess: failures, lastFailureTime: 0 }, 0, settings)).toBe(
      seconds * second
    )
  })
})
