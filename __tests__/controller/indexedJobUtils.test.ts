/**
 * Ported from pkg/controller/job/indexed_job_utils_test.go: each case carries the name of the Go
 * case. Pods are built with the index annotation as written ("-" for none), as hollowPodsWithIndexPhase does.
 */
import { describe, expect, test } from '@jest/globals'
import {
  addIndex,
  calculateFailedIndexes,
  calculateSucceededIndexes,
  firstPendingIndexes,
  formatIndexes,
  formatIntervals,
  getIndexFailureCount,
  getNewIndexFailureCounts,
  getPodsWithDelayedDeletionPerIndex,
  intervalsHave,
  isIndexFailed,
  parseIndexesFromString,
  podGenerateNameWithIndex,
  type OrderedIntervals
} from '../../src/controller/indexedJobUtils.js'
import { IndexTracker } from '../../src/controller/indexTracker.js'
import { matchPodFailurePolicy } from '../../src/controller/podFailurePolicy.js'
import { appendDuplicatedIndexPodsForRemoval } from '../../src/controller/podDeletionOrder.js'
import type { PodPhase, PodRecord } from '../../src/api/podRecord.js'
import type { JobStatus } from '../../src/api/model.js'
import { buildPod, newJob } from './support/fixtures.js'

const noIndex = '-'
type IndexPhase = [index: string, phase: PodPhase]
const iv = (...pairs: Array<[number, number]>): OrderedIntervals =>
  pairs.map(([first, last]) => ({ first, last }))

function hollowPodsWithIndexPhase(descs: readonly IndexPhase[]): PodRecord[] {
  return descs.map(([index, phase]) => {
    const builder = buildPod().phase(phase)
    if (index !== noIndex) builder.index(index)
    return builder.Pod
  })
}

function toIndexPhases(pods: readonly PodRecord[]): IndexPhase[] {
  return pods.map(pod => [pod.annotations['batch.kubernetes.io/job-completion-index'] ?? noIndex, pod.phase])
}

describe('TestCalculateSucceededIndexes', () => {
  test.each<[string, string, IndexPhase[], number, OrderedIntervals, OrderedIntervals]>([
    ['one index', '', [['1', 'Succeeded']], 2, iv(), iv([1, 1])],
    [
      'two separate',
      '',
      [
        ['2', 'Failed'],
        ['5', 'Succeeded'],
        ['5', 'Succeeded'],
        ['10', 'Failed'],
        ['10', 'Succeeded']
      ],
      11,
      iv(),
      iv([5, 5], [10, 10])
    ],
    [
      'two intervals',
      '',
      [
        ['0', 'Running'],
        ['1', 'Pending'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['6', 'Succeeded'],
        ['7', 'Succeeded']
      ],
      8,
      iv(),
      iv([2, 3], [5, 7])
    ],
    [
      'one index and one interval',
      '',
      [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['2', 'Succeeded'],
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [noIndex, 'Succeeded'],
        ['-2', 'Succeeded']
      ],
      6,
      iv(),
      iv([0, 0], [2, 5])
    ],
    [
      'out of range',
      '',
      [
        ['0', 'Succeeded'],
        ['1', 'Succeeded'],
        ['2', 'Succeeded'],
        ['3', 'Failed'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        [noIndex, 'Succeeded'],
        ['-2', 'Succeeded']
      ],
      5,
      iv(),
      iv([0, 2], [4, 4])
    ],
    ['prev interval out of range', '0-5,8-10', [], 8, iv([0, 5]), iv([0, 5])],
    ['prev interval partially out of range', '0-5,8-10', [], 10, iv([0, 5], [8, 9]), iv([0, 5], [8, 9])],
    [
      'prev and new separate',
      '0,4,5,10-12',
      [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded']
      ],
      13,
      iv([0, 0], [4, 5], [10, 12]),
      iv([0, 0], [2, 2], [4, 5], [7, 8], [10, 12])
    ],
    [
      'prev between new',
      '3,4,6',
      [
        ['2', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded']
      ],
      9,
      iv([3, 4], [6, 6]),
      iv([2, 4], [6, 8])
    ],
    [
      'new between prev',
      '2,7,8',
      [
        ['3', 'Succeeded'],
        ['4', 'Succeeded'],
        ['6', 'Succeeded']
      ],
      9,
      iv([2, 2], [7, 8]),
      iv([2, 4], [6, 8])
    ],
    [
      'new within prev',
      '2-7',
      [
        ['0', 'Succeeded'],
        ['3', 'Succeeded'],
        ['5', 'Succeeded'],
        ['9', 'Succeeded']
      ],
      10,
      iv([2, 7]),
      iv([0, 0], [2, 7], [9, 9])
    ],
    ['corrupted interval', '0,1-foo,bar', [['3', 'Succeeded']], 4, iv([0, 0]), iv([0, 0], [3, 3])]
  ])('%s', (_name, prevSucceeded, pods, completions, wantStatusIntervals, wantIntervals) => {
    const job = newJob({
      completions,
      completionMode: 'Indexed',
      status: { completedIndexes: prevSucceeded }
    })
    const { prev, result } = calculateSucceededIndexes(job, hollowPodsWithIndexPhase(pods))
    expect(prev).toEqual(wantStatusIntervals)
    expect(result).toEqual(wantIntervals)
    // The incremental form: the status parsed once, then one index at a time.
    const incremental = parseIndexesFromString(prevSucceeded, completions)
    for (const pod of hollowPodsWithIndexPhase(pods))
      if (pod.phase === 'Succeeded' && pod.index !== null && pod.index < completions)
        addIndex(incremental, pod.index)
    expect(incremental).toEqual(wantIntervals)
  })
})

describe('TestIsIndexFailed', () => {
  test.each<[string, ReturnType<typeof newJob>, PodRecord, boolean]>([
    [
      'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=0',
      newJob({ completions: 2, completionMode: 'Indexed', backoffLimitPerIndex: 0 }),
      buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
      true
    ],
    [
      'failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=1',
      newJob({ completions: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1 }),
      buildPod().indexFailureCount('1').phase('Failed').index('1').Pod,
      true
    ],
    [
      'matching FailIndex pod failure policy',
      newJob({
        completions: 2,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] }
      }),
      buildPod().indexFailureCount('0').phase('Failed').terminated(3).index('0').Pod,
      true
    ]
  ])('%s', (_name, job, pod, want) => {
    expect(isIndexFailed(job, pod)).toBe(want)
  })
})

describe('TestCalculateFailedIndexes', () => {
  // The pods passed are those still carrying the tracking finalizer, as in the Go cases.
  test.each<[string, JobStatus, number, PodRecord[], OrderedIntervals]>([
    [
      'one new index failed',
      {},
      1,
      [
        buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
        buildPod().indexFailureCount('1').phase('Failed').index('1').Pod
      ],
      iv([1, 1])
    ],
    ['pod without finalizer is ignored', {}, 0, [], iv()],
    [
      'pod outside completions is ignored',
      {},
      0,
      [buildPod().indexFailureCount('0').phase('Failed').index('3').Pod],
      iv()
    ],
    [
      'extend the failed indexes',
      { failedIndexes: '0' },
      0,
      [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      iv([0, 1])
    ],
    [
      'prev failed indexes empty',
      { failedIndexes: '' },
      0,
      [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      iv([1, 1])
    ],
    [
      'prev failed indexes outside the completions',
      { failedIndexes: '9' },
      0,
      [buildPod().indexFailureCount('0').phase('Failed').index('1').Pod],
      iv([1, 1])
    ]
  ])('%s', (_name, status, backoffLimitPerIndex, pods, want) => {
    const job = newJob({ completions: 2, completionMode: 'Indexed', backoffLimitPerIndex, status })
    expect(calculateFailedIndexes(job, pods)).toEqual(want)
  })
})

describe('TestGetPodsWithDelayedDeletionPerIndex', () => {
  const now = Date.UTC(2026, 3, 16)
  interface Pod {
    uid: string
    pod: PodRecord
    finalizer: boolean
  }
  const pod = (
    uid: string,
    failureCount: string,
    phase: PodPhase,
    index: string,
    finalizer = true,
    deletedAt?: number
  ): Pod => {
    const builder = buildPod().uid(uid).indexFailureCount(failureCount).phase(phase).index(index)
    if (deletedAt !== undefined) builder.customDeletionTimestamp(deletedAt)
    return { uid, pod: builder.Pod, finalizer }
  }
  test.each<[string, number, number, Pod[], string[]]>([
    [
      'failed pods are kept corresponding to non-failed indexes are kept',
      3,
      1,
      [pod('a', '0', 'Failed', '0'), pod('b', '1', 'Failed', '1'), pod('c', '0', 'Failed', '2')],
      ['a', 'c']
    ],
    [
      "failed pod without finalizer; the pod's deletion is not delayed as it already started",
      2,
      0,
      [pod('a', '0', 'Failed', '0', false)],
      []
    ],
    [
      "failed pod with index outside of completions; the pod's deletion is not delayed",
      2,
      0,
      [pod('a', '0', 'Failed', '4')],
      []
    ],
    [
      "failed pod for active index; the pod's deletion is not delayed as it is already replaced",
      2,
      1,
      [pod('a1', '0', 'Failed', '0'), pod('a2', '1', 'Running', '0')],
      []
    ],
    [
      "failed pod for succeeded index; the pod's deletion is not delayed as it is already replaced",
      2,
      1,
      [pod('a1', '0', 'Failed', '0'), pod('a2', '1', 'Succeeded', '0')],
      []
    ],
    [
      'multiple failed pods for index with different failure count; only the pod with highest failure count is kept',
      2,
      4,
      [pod('a1', '0', 'Failed', '0'), pod('a3', '2', 'Failed', '0'), pod('a2', '1', 'Failed', '0')],
      ['a3']
    ],
    [
      'multiple failed pods for index with different finish times; only the last failed pod is kept',
      2,
      4,
      [
        pod('a1', '1', 'Failed', '0', true, now - 1000),
        pod('a3', '1', 'Failed', '0', true, now),
        pod('a2', '1', 'Failed', '0', true, now - 2000)
      ],
      ['a3']
    ]
  ])('%s', (_name, completions, backoffLimitPerIndex, pods, want) => {
    const job = newJob({ completions, completionMode: 'Indexed', backoffLimitPerIndex })
    const withFinalizer = pods.filter(p => p.finalizer).map(p => p.pod)
    const active = new Set(
      pods.filter(p => p.pod.phase === 'Running' || p.pod.phase === 'Pending').map(p => p.pod.index)
    )
    const succeeded = calculateSucceededIndexes(job, withFinalizer).result
    const failed = calculateFailedIndexes(job, withFinalizer)
    const failedPods = withFinalizer.filter(
      p => p.phase === 'Failed' && p.index !== null && p.index < completions
    )
    const held = getPodsWithDelayedDeletionPerIndex(
      failedPods,
      index => intervalsHave(succeeded, index) || intervalsHave(failed, index) || active.has(index)
    )
    expect([...held.values()].map(p => p.uid).sort()).toEqual(want)
  })
})

describe('TestGetNewIndexFailureCountValue', () => {
  const ignoreDisruption = newJob({
    podFailurePolicy: {
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]
    }
  })
  test.each<[string, ReturnType<typeof newJob>, PodRecord | undefined, number, number]>([
    ['first pod created', newJob(), undefined, 0, 0],
    [
      'failed pod being replaced with 0 index failure count',
      newJob(),
      buildPod().indexFailureCount('0').phase('Failed').index('0').Pod,
      1,
      0
    ],
    [
      'failed pod being replaced with >0 index failure count',
      newJob(),
      buildPod().indexFailureCount('3').phase('Failed').index('0').Pod,
      4,
      0
    ],
    [
      'failed pod being replaced, matching the ignore rule',
      ignoreDisruption,
      buildPod().indexFailureCount('3').phase('Failed').condition('DisruptionTarget').index('3').Pod,
      3,
      1
    ]
  ])('%s', (_name, job, pod, wantCounted, wantIgnored) => {
    const counts = getNewIndexFailureCounts(
      pod,
      p => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed
    )
    expect(counts).toEqual({ counted: wantCounted, ignored: wantIgnored })
  })
})

describe('TestIntervalsHaveIndex', () => {
  test.each<[string, OrderedIntervals, number, boolean]>([
    ['empty', iv(), 4, false],
    ['before all', iv([2, 4], [5, 7]), 1, false],
    ['after all', iv([2, 4], [6, 8]), 9, false],
    ['in between', iv([2, 4], [6, 8]), 5, false],
    ['in first', iv([2, 4], [6, 8]), 2, true],
    ['in second', iv([2, 4], [6, 8]), 8, true]
  ])('%s', (_name, intervals, index, want) => {
    expect(intervalsHave(intervals, index)).toBe(want)
  })
})

describe('TestFirstPendingIndexes', () => {
  test.each<[string, number, number, IndexPhase[], OrderedIntervals, OrderedIntervals | undefined, number[]]>(
    [
      ['cnt greater than completions', 5, 3, [], iv(), undefined, [0, 1, 2]],
      ['cnt less than completions', 2, 5, [], iv(), undefined, [0, 1]],
      [
        'first pods active',
        3,
        10,
        [
          ['0', 'Running'],
          ['1', 'Pending']
        ],
        iv(),
        undefined,
        [2, 3, 4]
      ],
      ['last pods active or succeeded', 6, 6, [['6', 'Pending']], iv([4, 5]), undefined, [0, 1, 2, 3]],
      [
        'mixed',
        5,
        20,
        [
          ['3', 'Pending'],
          ['5', 'Running'],
          ['8', 'Pending'],
          [noIndex, 'Running'],
          ['-3', 'Running']
        ],
        iv([2, 4], [9, 9]),
        undefined,
        [0, 1, 6, 7, 10]
      ],
      [
        'with failed indexes',
        5,
        20,
        [
          ['3', 'Pending'],
          ['9', 'Pending']
        ],
        iv([1, 1], [5, 5], [9, 9]),
        iv([2, 2], [6, 7]),
        [0, 4, 8, 10, 11]
      ]
    ]
  )('%s', (_name, cnt, completions, activePods, succeeded, failed, want) => {
    const pods = hollowPodsWithIndexPhase(activePods)
    const active = pods.map(p => p.index).filter((i): i is number => i !== null)
    expect(firstPendingIndexes({ active, succeeded, failed }, cnt, completions)).toEqual(want)

    // IndexTracker, the controller's incremental form, picks the same indexes.
    const tracker = new IndexTracker(
      completions,
      formatIntervals(succeeded),
      failed && formatIntervals(failed),
      failed !== undefined,
      false
    )
    for (const pod of pods) tracker.addActive(pod)
    expect(tracker.firstPendingIndexes(cnt)).toEqual(want)
  })

  test('IndexTracker: an index is pending again once its pod failed, before any index never tried', () => {
    const tracker = new IndexTracker(10, '', undefined, false, false)
    const pods = tracker.firstPendingIndexes(3).map(index => buildPod().index(String(index)).Pod)
    for (const pod of pods) tracker.addActive(pod)
    expect(tracker.firstPendingIndexes(2)).toEqual([3, 4])
    tracker.removeActive(pods[1])
    expect(tracker.firstPendingIndexes(2)).toEqual([1, 3])
    tracker.succeed(3)
    expect(tracker.firstPendingIndexes(3)).toEqual([1, 4, 5])
  })

  test('IndexTracker with podReplacementPolicy Failed: a terminating pod still holds its index', () => {
    const tracker = new IndexTracker(3, '', undefined, false, true)
    const pod = buildPod().index('0').Pod
    tracker.addActive(pod)
    tracker.removeActive(pod)
    tracker.addTerminating(pod)
    expect(tracker.firstPendingIndexes(3)).toEqual([1, 2])
    tracker.removeTerminating(pod)
    expect(tracker.firstPendingIndexes(3)).toEqual([0, 1, 2])
  })
})

describe('TestAppendDuplicatedIndexPodsForRemoval', () => {
  test.each<[string, IndexPhase[], IndexPhase[], IndexPhase[], number]>([
    [
      'all unique',
      [
        [noIndex, 'Pending'],
        ['2', 'Pending'],
        ['5', 'Running'],
        ['6', 'Running']
      ],
      [
        [noIndex, 'Pending'],
        ['6', 'Running']
      ],
      [
        ['2', 'Pending'],
        ['5', 'Running']
      ],
      6
    ],
    [
      'all with index',
      [
        ['5', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['0', 'Running'],
        ['3', 'Running'],
        ['0', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending']
      ],
      [
        ['0', 'Pending'],
        ['0', 'Running'],
        ['3', 'Pending'],
        ['6', 'Running'],
        ['6', 'Pending']
      ],
      [
        ['0', 'Running'],
        ['3', 'Running'],
        ['5', 'Pending']
      ],
      6
    ],
    [
      'mixed',
      [
        [noIndex, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['0', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Pending'],
        ['1', 'Running']
      ],
      [
        [noIndex, 'Pending'],
        ['invalid', 'Running'],
        ['-2', 'Running'],
        ['1', 'Pending'],
        ['1', 'Pending']
      ],
      [
        ['0', 'Pending'],
        ['1', 'Running']
      ],
      6
    ]
  ])('%s', (_name, pods, wantRm, wantLeft, completions) => {
    const { rm, left } = appendDuplicatedIndexPodsForRemoval(hollowPodsWithIndexPhase(pods), completions)
    expect(toIndexPhases(rm)).toEqual(wantRm)
    expect(toIndexPhases(left)).toEqual(wantLeft)
  })
})

describe('TestPodGenerateNameWithIndex', () => {
  test.each([
    ['short job name', 'indexed-job', 1, 'indexed-job-1-'],
    [
      'job name exceeds MaxGeneneratedNameLength',
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo',
      1,
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'
    ],
    [
      'job name with index suffix exceeds MaxGeneratedNameLength',
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo',
      1,
      'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'
    ]
  ])('%s', (_name, jobName, index, want) => {
    expect(podGenerateNameWithIndex(jobName, index)).toBe(want)
  })
})

describe('TestGetIndexFailureCount', () => {
  test.each([
    ['no annotation', undefined, 0],
    ['valid value', '2', 2],
    ['valid maxint32 value', String(2147483647), 2147483647],
    ['too large value', String(2147483648), 0],
    ['negative value', '-1', 0],
    ['invalid int value', 'xyz', 0]
  ])('%s', (_name, value, want) => {
    const builder = buildPod()
    if (value !== undefined) builder.indexFailureCount(value)
    expect(getIndexFailureCount(builder.Pod)).toBe(want)
  })
})

describe('the interval form of status.completedIndexes', () => {
  test.each([
    [[1, 3, 4, 5, 7], '1,3-5,7'],
    [[0, 1], '0,1'],
    [[0, 1, 2], '0-2'],
    [[5, 0, 2, 1, 9, 8], '0-2,5,8,9'],
    [[], '']
  ])('%j → %s', (indexes, want) => {
    expect(formatIndexes(indexes)).toBe(want)
    expect(formatIntervals(parseIndexesFromString(want, 100))).toBe(want)
  })

  test('addIndex joins the neighbours on both sides', () => {
    const intervals = parseIndexesFromString('0-2,4-6', 10)
    expect(addIndex(intervals, 3)).toBe(true)
    expect(intervals).toEqual(iv([0, 6]))
    expect(addIndex(intervals, 5)).toBe(false)
  })
})
