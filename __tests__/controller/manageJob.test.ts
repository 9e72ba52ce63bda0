/**
 * Ported from job_controller_test.go (TestGetPodCreationInfoForIndependentIndexes), with the
 * upstream constants (DefaultJobPodFailureBackOff 10 s, MaxJobPodFailureBackOff 10 min).
 */
import { describe, expect, test } from '@jest/globals'
import { getPodCreationInfoForIndependentIndexes } from '../../src/controller/manageJob.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import { buildPod } from './support/fixtures.js'

const now = Date.UTC(2026, 3, 16, 10, 36, 28)
const defaultJobPodFailureBackOff = 10_000
const settings = { baseMs: defaultJobPodFailureBackOff, maxMs: 600_000, minRequeueMs: 1000 }

describe('TestGetPodCreationInfoForIndependentIndexes', () => {
  test.each<[string, number[], Array<[number, PodRecord]>, number[], number]>([
    ['simple index creation', [1, 3], [], [1, 3], 0],
    [
      'subset of indexes can be recreated now',
      [1, 3],
      [[1, buildPod().indexFailureCount('0').index('1').customDeletionTimestamp(now).Pod]],
      [3],
      0
    ],
    [
      'subset of indexes can be recreated now as the pods failed long time ago',
      [1, 3],
      [
        [1, buildPod().indexFailureCount('0').customDeletionTimestamp(now).Pod],
        [
          3,
          buildPod()
            .indexFailureCount('0')
            .customDeletionTimestamp(now - defaultJobPodFailureBackOff).Pod
        ]
      ],
      [3],
      0
    ],
    [
      'no indexes can be recreated now, need to wait default pod failure backoff',
      [1, 2, 3],
      [
        [1, buildPod().indexFailureCount('1').customDeletionTimestamp(now).Pod],
        [2, buildPod().indexFailureCount('0').customDeletionTimestamp(now).Pod],
        [3, buildPod().indexFailureCount('2').customDeletionTimestamp(now).Pod]
      ],
      [],
      defaultJobPodFailureBackOff
    ],
    [
      'no indexes can be recreated now, need to wait but 1s already passed',
      [1, 2, 3],
      [
        [
          1,
          buildPod()
            .indexFailureCount('1')
            .customDeletionTimestamp(now - 1000).Pod
        ],
        [
          2,
          buildPod()
            .indexFailureCount('0')
            .customDeletionTimestamp(now - 1000).Pod
        ],
        [
          3,
          buildPod()
            .indexFailureCount('2')
            .customDeletionTimestamp(now - 1000).Pod
        ]
      ],
      [],
      defaultJobPodFailureBackOff - 1000
    ]
  ])('%s', (_name, indexesToAdd, delayed, wantIndexesToAdd, wantRemainingTime) => {
    const got = getPodCreationInfoForIndependentIndexes(now, settings, indexesToAdd, new Map(delayed))
    expect(got).toEqual({ indexesToAdd: wantIndexesToAdd, remainingTime: wantRemainingTime })
  })
})
