/**
 * Ported from job_controller_test.go: TestControllerSyncJob, TestSyncJobPastDeadline,
 * TestSingleJobFailedCondition, TestSyncJobComplete, TestSyncJobWhenManagedBy. Each case carries the
 * name of the Go case and runs one sync of the real controller on pods in the given states at a
 * fixed (virtual) time. We model Kubernetes ≥ 1.31 with every Job feature gate on, so where the Go
 * table has a variant per gate, the gates-on variant is ported (terminating always counted; interim
 * FailureTarget / SuccessCriteriaMet before Failed / Complete, which wait for terminating pods).
 * Cases about API errors, informer expectations and Job deletion have no counterpart here.
 */
import { describe, expect, test } from '@jest/globals'
import type { V1PodFailurePolicy } from '@kubernetes/client-node'
import type { BackoffRecord } from '../../src/controller/backoffUtils.js'
import type { PodPhase, PodRecord } from '../../src/api/podRecord.js'
import type { JobCondition } from '../../src/api/model.js'
import {
  backoffLimitExceeded,
  backoffLimitExceededFailureTarget,
  buildPod,
  completionsReached,
  condition,
  conditionsOf,
  newJob,
  newPodList,
  referenceTime,
  syncJob,
  testFinishedAt
} from './support/fixtures.js'
import { completionIndexKey } from '../../src/api/model.js'

type IndexPhase = [index: string, phase: PodPhase]
type Cond = ReturnType<typeof condition>

interface ControllerCase {
  parallelism: number
  completions: number
  backoffLimit?: number
  completionMode?: 'Indexed'
  wasSuspended?: boolean
  suspend?: boolean
  podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed'
  podFailurePolicy?: V1PodFailurePolicy
  initialStatus?: {
    active?: number
    succeed?: number
    failed?: number
    startTime?: number
    conditions?: JobCondition[]
  }
  backoffRecord?: BackoffRecord
  pendingPods?: number
  activePods?: number
  readyPods?: number
  succeededPods?: number
  failedPods?: number
  terminatingPods?: number
  podsWithIndexes?: IndexPhase[]
  expectedCreations?: number
  expectedDeletions?: number
  expectedActive?: number
  expectedReady?: number
  expectedSucceeded?: number
  expectedCompletedIdxs?: string
  expectedFailed?: number
  expectedTerminating?: number
  expectedConditions?: Cond[]
  expectedCreatedIndexes?: number[]
}

const suspendedCondition = condition('Suspended', 'JobSuspended', 'Job suspended')

/** setPodsStatuses and setPodsStatusesWithIndexes of the Go test. */
function podsFor(tc: ControllerCase): PodRecord[] {
  const running = newPodList(tc.activePods ?? 0, 'Running')
  running
    .slice(0, tc.readyPods ?? 0)
    .forEach(pod => pod.conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: 0 }))
  const terminating = newPodList(tc.terminatingPods ?? 0, 'Running')
  for (const pod of terminating) pod.deletionTimestamp = referenceTime
  const withIndexes = (tc.podsWithIndexes ?? []).map(([index, phase]) => {
    const builder = buildPod().phase(phase)
    if (phase === 'Failed' || phase === 'Succeeded')
      builder.terminated(phase === 'Failed' ? 1 : 0, testFinishedAt)
    if (index !== '-') builder.index(index)
    return builder.Pod
  })
  return [
    ...newPodList(tc.pendingPods ?? 0, 'Pending'),
    ...running,
    ...newPodList(tc.succeededPods ?? 0, 'Succeeded'),
    ...newPodList(tc.failedPods ?? 0, 'Failed'),
    ...terminating,
    ...withIndexes
  ]
}

const cases: Array<[string, ControllerCase]> = [
  ['job start', { parallelism: 2, completions: 5, expectedCreations: 2, expectedActive: 2 }],
  ['WQ job start', { parallelism: 2, completions: -1, expectedCreations: 2, expectedActive: 2 }],
  ['pending pods', { parallelism: 2, completions: 5, pendingPods: 2, expectedActive: 2 }],
  [
    'correct # of pods',
    { parallelism: 3, completions: 5, activePods: 3, readyPods: 2, expectedActive: 3, expectedReady: 2 }
  ],
  ['WQ job: correct # of pods', { parallelism: 2, completions: -1, activePods: 2, expectedActive: 2 }],
  [
    'too few active pods',
    {
      parallelism: 2,
      completions: 5,
      activePods: 1,
      succeededPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedSucceeded: 1
    }
  ],
  [
    'WQ job: recreate pods when failed',
    {
      parallelism: 1,
      completions: -1,
      activePods: 1,
      failedPods: 1,
      podReplacementPolicy: 'Failed',
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedFailed: 1,
      expectedActive: 1
    }
  ],
  [
    'WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy',
    {
      parallelism: 1,
      completions: 1,
      activePods: 1,
      failedPods: 1,
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedActive: 1,
      expectedFailed: 2
    }
  ],
  [
    'WQ job: recreate pods when terminating or failed',
    {
      parallelism: 1,
      completions: -1,
      activePods: 1,
      failedPods: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      terminatingPods: 1,
      expectedTerminating: 1,
      expectedActive: 1,
      expectedFailed: 2
    }
  ],
  [
    'more terminating pods than parallelism',
    {
      parallelism: 1,
      completions: 1,
      activePods: 2,
      terminatingPods: 4,
      podReplacementPolicy: 'Failed',
      expectedTerminating: 5,
      expectedActive: 1,
      expectedDeletions: 1
    }
  ],
  [
    'more terminating pods than parallelism; PodFailurePolicy used',
    {
      parallelism: 1,
      completions: 1,
      activePods: 2,
      terminatingPods: 4,
      podFailurePolicy: { rules: [] },
      expectedTerminating: 5,
      expectedActive: 1,
      expectedDeletions: 1
    }
  ],
  [
    'too few active pods and active back-off',
    {
      parallelism: 1,
      completions: 1,
      backoffRecord: { failuresAfterLastSuccess: 1, lastFailureTime: referenceTime },
      initialStatus: { startTime: referenceTime },
      expectedCreations: 0,
      expectedActive: 0
    }
  ],
  [
    'too few active pods and no back-offs',
    {
      parallelism: 1,
      completions: 1,
      backoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: referenceTime },
      expectedCreations: 1,
      expectedActive: 1
    }
  ],
  [
    'too few active pods with a dynamic job',
    { parallelism: 2, completions: -1, activePods: 1, expectedCreations: 1, expectedActive: 2 }
  ],
  [
    'too many active pods; PodReplacementPolicy enabled',
    {
      parallelism: 2,
      completions: 5,
      activePods: 3,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedTerminating: 1
    }
  ],
  [
    'count ready pods when too many active pods',
    {
      parallelism: 2,
      completions: 5,
      activePods: 3,
      readyPods: 3,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedReady: 2,
      expectedTerminating: 1
    }
  ],
  [
    'failed + succeed pods: reset backoff delay',
    {
      parallelism: 2,
      completions: 5,
      activePods: 1,
      succeededPods: 1,
      failedPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedFailed: 1
    }
  ],
  [
    'new failed pod',
    {
      parallelism: 2,
      completions: 5,
      activePods: 1,
      failedPods: 1,
      expectedCreations: 1,
      expectedActive: 2,
      expectedFailed: 1
    }
  ],
  [
    'no new pod; possible finalizer update of failed pod',
    {
      parallelism: 1,
      completions: 1,
      initialStatus: { active: 1, succeed: 0, failed: 1 },
      activePods: 1,
      expectedActive: 1,
      expectedFailed: 1
    }
  ],
  [
    'job finish',
    {
      parallelism: 2,
      completions: 5,
      succeededPods: 5,
      expectedSucceeded: 5,
      expectedConditions: completionsReached
    }
  ],
  [
    'WQ job finishing',
    {
      parallelism: 2,
      completions: -1,
      activePods: 1,
      succeededPods: 1,
      expectedActive: 1,
      expectedSucceeded: 1
    }
  ],
  [
    'WQ job all finished',
    {
      parallelism: 2,
      completions: -1,
      succeededPods: 2,
      expectedSucceeded: 2,
      expectedConditions: completionsReached
    }
  ],
  [
    'WQ job all finished despite one failure',
    {
      parallelism: 2,
      completions: -1,
      succeededPods: 1,
      failedPods: 1,
      expectedSucceeded: 1,
      expectedFailed: 1,
      expectedConditions: completionsReached
    }
  ],
  [
    'more active pods than parallelism',
    {
      parallelism: 2,
      completions: 5,
      activePods: 10,
      expectedDeletions: 8,
      expectedActive: 2,
      expectedTerminating: 8
    }
  ],
  [
    'more active pods than remaining completions',
    {
      parallelism: 3,
      completions: 4,
      activePods: 3,
      succeededPods: 2,
      expectedDeletions: 1,
      expectedActive: 2,
      expectedSucceeded: 2,
      expectedTerminating: 1
    }
  ],
  [
    'status change',
    {
      parallelism: 2,
      completions: 5,
      activePods: 2,
      succeededPods: 2,
      expectedActive: 2,
      expectedSucceeded: 2
    }
  ],
  [
    'indexed job start',
    {
      parallelism: 2,
      completions: 5,
      completionMode: 'Indexed',
      expectedCreations: 2,
      expectedActive: 2,
      expectedCreatedIndexes: [0, 1]
    }
  ],
  [
    'indexed job with some pods deleted, podReplacementPolicy Failed',
    {
      parallelism: 2,
      completions: 5,
      completionMode: 'Indexed',
      podReplacementPolicy: 'Failed',
      terminatingPods: 1,
      expectedCreations: 1,
      expectedActive: 1,
      expectedCreatedIndexes: [0],
      expectedTerminating: 1
    }
  ],
  [
    'indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed',
    {
      parallelism: 2,
      completions: 5,
      completionMode: 'Indexed',
      podReplacementPolicy: 'TerminatingOrFailed',
      terminatingPods: 1,
      expectedCreations: 2,
      expectedActive: 2,
      expectedCreatedIndexes: [0, 1],
      expectedTerminating: 1
    }
  ],
  [
    'indexed job completed',
    {
      parallelism: 2,
      completions: 3,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['1', 'Succeeded'],
        ['2', 'Succeeded']
      ],
      expectedSucceeded: 3,
      expectedFailed: 1,
      expectedCompletedIdxs: '0-2',
      expectedConditions: completionsReached
    }
  ],
  [
    'count terminating pods when indexed job fails and PodReplacementPolicy enabled',
    {
      parallelism: 2,
      completions: 3,
      backoffLimit: 0,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Failed'],
        ['2', 'Running']
      ],
      expectedSucceeded: 1,
      expectedFailed: 2,
      expectedCompletedIdxs: '0',
      expectedConditions: [backoffLimitExceededFailureTarget],
      expectedDeletions: 1,
      expectedTerminating: 1
    }
  ],
  [
    'count ready pods when job fails',
    {
      parallelism: 2,
      completions: 3,
      backoffLimit: 0,
      activePods: 2,
      readyPods: 2,
      failedPods: 1,
      expectedFailed: 3,
      expectedConditions: [backoffLimitExceededFailureTarget],
      expectedReady: 0,
      expectedDeletions: 2,
      expectedTerminating: 2
    }
  ],
  [
    'indexed job repeated completed index',
    {
      parallelism: 2,
      completions: 3,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['1', 'Succeeded'],
        ['1', 'Succeeded']
      ],
      expectedCreations: 1,
      expectedActive: 1,
      expectedSucceeded: 2,
      expectedCompletedIdxs: '0,1',
      expectedCreatedIndexes: [2]
    }
  ],
  [
    'indexed job some running and completed pods',
    {
      parallelism: 8,
      completions: 20,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Running'],
        ['2', 'Succeeded'],
        ['3', 'Pending'],
        ['4', 'Succeeded'],
        ['5', 'Succeeded'],
        ['7', 'Succeeded'],
        ['8', 'Succeeded'],
        ['9', 'Succeeded']
      ],
      expectedCreations: 6,
      expectedActive: 8,
      expectedSucceeded: 6,
      expectedCompletedIdxs: '2,4,5,7-9',
      expectedCreatedIndexes: [1, 6, 10, 11, 12, 13]
    }
  ],
  [
    'indexed job some failed pods',
    {
      parallelism: 3,
      completions: 4,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Failed'],
        ['1', 'Pending'],
        ['2', 'Failed']
      ],
      expectedCreations: 2,
      expectedActive: 3,
      expectedFailed: 2,
      expectedCreatedIndexes: [0, 2]
    }
  ],
  [
    'indexed job some pods without index',
    {
      parallelism: 2,
      completions: 5,
      completionMode: 'Indexed',
      activePods: 1,
      succeededPods: 1,
      failedPods: 1,
      podsWithIndexes: [
        ['invalid', 'Running'],
        ['invalid', 'Succeeded'],
        ['invalid', 'Failed'],
        ['invalid', 'Pending'],
        ['0', 'Succeeded'],
        ['1', 'Running'],
        ['2', 'Running']
      ],
      expectedDeletions: 3,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedFailed: 0,
      expectedCompletedIdxs: '0',
      expectedTerminating: 3
    }
  ],
  [
    'indexed job repeated indexes',
    {
      parallelism: 5,
      completions: 5,
      completionMode: 'Indexed',
      succeededPods: 1,
      failedPods: 1,
      podsWithIndexes: [
        ['invalid', 'Running'],
        ['0', 'Succeeded'],
        ['1', 'Running'],
        ['2', 'Running'],
        ['2', 'Pending']
      ],
      expectedCreations: 0,
      expectedDeletions: 2,
      expectedActive: 2,
      expectedSucceeded: 1,
      expectedCompletedIdxs: '0',
      expectedTerminating: 2
    }
  ],
  [
    'indexed job with indexes outside of range',
    {
      parallelism: 2,
      completions: 5,
      completionMode: 'Indexed',
      podsWithIndexes: [
        ['0', 'Succeeded'],
        ['5', 'Running'],
        ['6', 'Succeeded'],
        ['7', 'Pending'],
        ['8', 'Failed']
      ],
      expectedCreations: 0,
      expectedSucceeded: 1,
      expectedDeletions: 2,
      expectedCompletedIdxs: '0',
      expectedActive: 0,
      expectedFailed: 0,
      expectedTerminating: 2
    }
  ],
  [
    'suspending a job with satisfied expectations; PodReplacementPolicy enabled',
    {
      suspend: true,
      parallelism: 2,
      activePods: 2,
      completions: 4,
      expectedCreations: 0,
      expectedDeletions: 2,
      expectedActive: 0,
      expectedConditions: [suspendedCondition],
      expectedTerminating: 2
    }
  ],
  [
    'count ready pods when suspending a job with satisfied expectations',
    {
      suspend: true,
      parallelism: 2,
      activePods: 2,
      readyPods: 2,
      completions: 4,
      expectedDeletions: 2,
      expectedActive: 0,
      expectedConditions: [suspendedCondition],
      expectedReady: 0,
      expectedTerminating: 2
    }
  ],
  [
    'resuming a suspended job',
    {
      wasSuspended: true,
      suspend: false,
      parallelism: 2,
      completions: 4,
      expectedCreations: 2,
      expectedActive: 2,
      expectedConditions: [condition('Suspended', 'JobResumed', 'Job resumed', 'False')]
    }
  ],
  // The same Go case for both interim conditions: one set to False by hand changes nothing.
  ...(['FailureTarget', 'SuccessCriteriaMet'] as const).map((type): [string, ControllerCase] => [
    `${type}=False condition added manually is ignored`,
    {
      parallelism: 1,
      completions: 1,
      activePods: 1,
      readyPods: 1,
      initialStatus: {
        active: 1,
        startTime: referenceTime,
        conditions: [testCondition(type, 'False', 'ConditionAddedManually', 'Testing')]
      },
      expectedActive: 1,
      expectedReady: 1,
      expectedConditions: [condition(type, 'ConditionAddedManually', 'Testing', 'False')]
    }
  ])
]

function testCondition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string
): JobCondition {
  return {
    type,
    status,
    reason,
    message,
    lastProbeTime: '2026-04-16T10:00:00Z',
    lastTransitionTime: '2026-04-16T10:00:00Z'
  }
}

describe('TestControllerSyncJob', () => {
  test.each(cases)('%s', (_name, tc) => {
    const job = newJob({
      parallelism: tc.parallelism,
      completions: tc.completions,
      backoffLimit: tc.backoffLimit ?? 6,
      completionMode: tc.completionMode,
      suspend: tc.suspend ?? false,
      podReplacementPolicy: tc.podReplacementPolicy,
      podFailurePolicy: tc.podFailurePolicy
    })
    if (tc.initialStatus) {
      const { active, succeed, failed, startTime, conditions } = tc.initialStatus
      job.status = {
        startTime: new Date(startTime ?? referenceTime).toISOString().replace('.000', ''),
        active: active || undefined,
        succeeded: succeed || undefined,
        failed: failed || undefined,
        conditions: conditions && structuredClone(conditions)
      }
    }
    if (tc.wasSuspended)
      job.status.conditions = [
        ...(job.status.conditions ?? []),
        testCondition('Suspended', 'True', 'JobSuspended', 'Job suspended')
      ]

    const { status, created, deleted } = syncJob(job, podsFor(tc), { backoffRecord: tc.backoffRecord })

    expect(created).toHaveLength(tc.expectedCreations ?? 0)
    if (tc.completionMode === 'Indexed') {
      for (const pod of created) {
        expect(pod.annotations[completionIndexKey]).toBe(String(pod.index))
        expect(pod.labels[completionIndexKey]).toBe(String(pod.index))
        expect(pod.hostname).toBe(`foobar-${pod.index}`)
        expect(pod.name).toMatch(new RegExp(`^foobar-${pod.index}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
      }
      expect(created.map(pod => pod.index).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        tc.expectedCreatedIndexes ?? []
      )
    } else for (const pod of created) expect(pod.name).toMatch(/^foobar-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(deleted).toHaveLength(tc.expectedDeletions ?? 0)
    expect(status.active ?? 0).toBe(tc.expectedActive ?? 0)
    expect(status.ready).toBe(tc.expectedReady ?? 0)
    expect(status.succeeded ?? 0).toBe(tc.expectedSucceeded ?? 0)
    expect(status.completedIndexes).toBe(tc.expectedCompletedIdxs || undefined)
    expect(status.failed ?? 0).toBe(tc.expectedFailed ?? 0)
    expect(status.terminating).toBe(tc.expectedTerminating ?? 0)
    if (tc.suspend) expect(status.startTime).toBeUndefined()
    else expect(status.startTime).toBeDefined()
    expect(conditionsOf(status)).toEqual(tc.expectedConditions)
  })
})

describe('TestSyncJobPastDeadline', () => {
  const deadlineExceededTarget = condition(
    'FailureTarget',
    'DeadlineExceeded',
    'Job was active longer than specified deadline'
  )
  const deadlineExceededFailed = condition(
    'Failed',
    'DeadlineExceeded',
    'Job was active longer than specified deadline'
  )
  test.each<
    [
      string,
      {
        parallelism: number
        completions: number
        activeDeadlineSeconds: number
        startTime: number
        backoffLimit: number
        suspend?: boolean
        activePods?: number
        succeededPods?: number
        failedPods?: number
        expectedDeletions?: number
        expectedSucceeded?: number
        expectedFailed?: number
        expectedConditions: Cond[]
      }
    ]
  >([
    [
      'activeDeadlineSeconds less than single pod execution',
      {
        parallelism: 1,
        completions: 1,
        activeDeadlineSeconds: 10,
        startTime: 15,
        backoffLimit: 6,
        activePods: 1,
        expectedDeletions: 1,
        expectedFailed: 1,
        expectedConditions: [deadlineExceededTarget]
      }
    ],
    [
      'activeDeadlineSeconds exceeded; JobPodReplacementPolicy enabled',
      {
        parallelism: 1,
        completions: 2,
        activeDeadlineSeconds: 10,
        startTime: 15,
        backoffLimit: 6,
        activePods: 1,
        succeededPods: 1,
        expectedDeletions: 1,
        expectedSucceeded: 1,
        expectedFailed: 1,
        expectedConditions: [deadlineExceededTarget]
      }
    ],
    [
      'activeDeadlineSeconds times-out before any pod starts',
      {
        parallelism: 1,
        completions: 1,
        activeDeadlineSeconds: 10,
        startTime: 10,
        backoffLimit: 6,
        expectedConditions: [deadlineExceededTarget, deadlineExceededFailed]
      }
    ],
    [
      'activeDeadlineSeconds exceeded and backofflimit reached; JobManagedBy enabled',
      {
        parallelism: 1,
        completions: 1,
        activeDeadlineSeconds: 1,
        startTime: 10,
        backoffLimit: 0,
        failedPods: 1,
        expectedFailed: 1,
        expectedConditions: backoffLimitExceeded
      }
    ],
    [
      'activeDeadlineSeconds is not triggered when Job is suspended',
      {
        suspend: true,
        parallelism: 1,
        completions: 2,
        activeDeadlineSeconds: 10,
        startTime: 15,
        backoffLimit: 6,
        expectedConditions: [suspendedCondition]
      }
    ]
  ])('%s', (_name, tc) => {
    const job = newJob({
      parallelism: tc.parallelism,
      completions: tc.completions,
      backoffLimit: tc.backoffLimit,
      activeDeadlineSeconds: tc.activeDeadlineSeconds,
      suspend: tc.suspend ?? false,
      status: { startTime: new Date(referenceTime - tc.startTime * 1000).toISOString().replace('.000', '') }
    })
    const pods = [
      ...newPodList(tc.activePods ?? 0, 'Running'),
      ...newPodList(tc.succeededPods ?? 0, 'Succeeded'),
      ...newPodList(tc.failedPods ?? 0, 'Failed')
    ]
    const { status, created, deleted } = syncJob(job, pods)
    expect(created).toHaveLength(0)
    expect(deleted).toHaveLength(tc.expectedDeletions ?? 0)
    expect(status.active).toBeUndefined()
    expect(status.succeeded ?? 0).toBe(tc.expectedSucceeded ?? 0)
    expect(status.failed ?? 0).toBe(tc.expectedFailed ?? 0)
    // Suspending clears startTime (MutableSchedulingDirectivesForSuspendedJobs, on by default since
    // 1.36; the Go case emulates 1.34 and does not look at startTime).
    if (tc.suspend) expect(status.startTime).toBeUndefined()
    else expect(status.startTime).toBeDefined()
    expect(conditionsOf(status)).toEqual(tc.expectedConditions)
  })

  test('the controller asks to be woken at the deadline', () => {
    const job = newJob({
      activeDeadlineSeconds: 10,
      status: { startTime: new Date(referenceTime - 4000).toISOString().replace('.000', '') }
    })
    const { result } = syncJob(job, newPodList(1, 'Running'))
    expect(result.requeueAfterMs).toBe(6000)
  })
})

describe('TestSingleJobFailedCondition', () => {
  test('a Failed=False condition is updated in place when the deadline has passed', () => {
    const job = newJob({
      activeDeadlineSeconds: 10,
      status: {
        startTime: new Date(referenceTime - 15_000).toISOString().replace('.000', ''),
        conditions: [
          testCondition(
            'Failed',
            'False',
            'DeadlineExceeded',
            'Job was active longer than specified deadline'
          )
        ]
      }
    })
    const { status, deleted } = syncJob(job, [])
    expect(deleted).toHaveLength(0)
    const failed = status.conditions?.filter(c => c.type === 'Failed') ?? []
    expect(failed).toHaveLength(1)
    expect(failed[0].status).toBe('True')
    expect(conditionsOf(status)?.map(c => c.type)).toEqual(['Failed', 'FailureTarget'])
  })
})

describe('TestSyncJobComplete', () => {
  test('a complete Job is left as it is', () => {
    const job = newJob({ status: { conditions: [testCondition('Complete', 'True', '', '')] } })
    const { status, created, controller } = syncJob(job, [])
    expect(status.conditions).toHaveLength(1)
    expect(created).toHaveLength(0)
    expect(controller.finished).toBe(true)
  })
})

describe('TestSyncJobWhenManagedBy', () => {
  const baseStatus = () => ({ active: 1, ready: 1, startTime: '2026-04-16T10:36:28Z' })
  test.each<[string, string | undefined, boolean]>([
    [
      'job with custom value of managedBy; feature enabled; the status is unchanged',
      'custom-managed-by',
      false
    ],
    [
      'job with well known value of the managedBy; feature enabled; the status is updated',
      'kubernetes.io/job-controller',
      true
    ],
    ['job without the managedBy; feature enabled; the status is updated', undefined, true]
  ])('%s', (_name, managedBy, updated) => {
    const job = newJob({ parallelism: 2, completions: 2, managedBy, status: baseStatus() })
    const { status } = syncJob(job, [])
    if (!updated) expect(status).toEqual(baseStatus())
    else
      expect(status).toEqual({
        active: 2,
        ready: 0,
        startTime: '2026-04-16T10:36:28Z',
        terminating: 0,
        uncountedTerminatedPods: {}
      })
  })
})

describe('events of one sync', () => {
  test('SuccessfulCreate per pod, SuccessfulDelete per deleted pod, in order', () => {
    const { controller } = syncJob(newJob({ parallelism: 2, completions: 5, backoffLimit: 0 }), [
      ...newPodList(1, 'Running'),
      ...newPodList(1, 'Failed')
    ])
    expect(controller.recorder.events.map(e => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      expect.stringMatching(/^Normal SuccessfulDelete Deleted pod: pod-\d+$/)
    ])
  })
})
