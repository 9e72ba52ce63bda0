/**
 * Ported from job_controller_test.go: TestSyncJobWithJobPodFailurePolicy,
 * TestSyncJobWithJobSuccessPolicy, TestSyncJobWithJobBackoffLimitPerIndex,
 * TestJobBackoffForOnFailure and TestJobBackoffOnRestartPolicyNever — one sync of the real
 * controller, pods named `mypod-<i>`. Each case carries the name of the Go case; where the Go table
 * has a variant per feature gate, the gates-on variant (Kubernetes ≥ 1.31) is ported.
 */
import { describe, expect, test } from '@jest/globals'
import type { V1PodFailurePolicy, V1PodFailurePolicyRule } from '@kubernetes/client-node'
import type { PodRecord } from '../../src/api/podRecord.js'
import type { JobStatus } from '../../src/api/model.js'
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
  testFinishedAt,
  type JobOptions,
  type PodBuilder
} from './support/fixtures.js'

type Cond = ReturnType<typeof condition>
const maxInt32 = 2147483647

function named(builders: PodBuilder[]): PodRecord[] {
  return builders.map((builder, i) => builder.name(`mypod-${i}`).Pod)
}

const onExitCodeRules: V1PodFailurePolicyRule[] = [
  { action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 2, 3] } },
  { action: 'FailJob', onExitCodes: { operator: 'In', values: [5, 6, 7] } }
]
const onExitCodes: V1PodFailurePolicy = { rules: onExitCodeRules }
const disruption = (action: string): V1PodFailurePolicy => ({
  rules: [{ action, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]
})
const pfp = (message: string, terminal = true): Cond[] =>
  terminal
    ? [
        condition('FailureTarget', 'PodFailurePolicy', message),
        condition('Failed', 'PodFailurePolicy', message)
      ]
    : [condition('FailureTarget', 'PodFailurePolicy', message)]

interface PolicyCase {
  job: JobOptions
  pods: PodBuilder[]
  wantConditions?: Cond[]
  wantStatusActive?: number
  wantStatusFailed?: number
  wantStatusSucceeded?: number
  wantStatusTerminating?: number
}

const podFailurePolicyCases: Array<[string, PolicyCase]> = [
  [
    'default handling for pod failure if the container matching the exit codes does not match the containerName restriction',
    {
      job: {
        podFailurePolicy: {
          rules: [
            {
              action: 'Ignore',
              onExitCodes: { containerName: 'main-container', operator: 'In', values: [1, 2, 3] }
            },
            {
              action: 'FailJob',
              onExitCodes: { containerName: 'main-container', operator: 'In', values: [5, 6, 7] }
            }
          ]
        }
      },
      pods: [
        buildPod()
          .phase('Failed')
          .terminated(5, undefined, 'monitoring-container')
          .terminated(42, testFinishedAt, 'main-container')
      ],
      wantStatusActive: 1,
      wantStatusFailed: 1
    }
  ],
  [
    'running pod should not result in job fail based on OnExitCodes',
    {
      job: { podFailurePolicy: onExitCodes },
      pods: [buildPod().phase('Running').terminated(5, undefined, 'main-container')],
      wantStatusActive: 1
    }
  ],
  [
    'fail job based on OnExitCodes',
    {
      job: { podFailurePolicy: onExitCodes },
      pods: [buildPod().phase('Failed').terminated(5, undefined, 'main-container')],
      wantConditions: pfp(
        'Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'job marked already as failure target with failed pod',
    {
      job: {
        podFailurePolicy: onExitCodes,
        status: {
          conditions: [
            statusCondition(
              'FailureTarget',
              'PodFailurePolicy',
              'Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1'
            )
          ]
        }
      },
      pods: [buildPod().phase('Failed').terminated(5, undefined, 'main-container')],
      wantConditions: pfp(
        'Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'job marked already as failure target with failed pod, message based on already deleted pod',
    {
      job: {
        podFailurePolicy: onExitCodes,
        status: {
          conditions: [
            statusCondition(
              'FailureTarget',
              'PodFailurePolicy',
              'Container main-container for pod default/already-deleted-pod failed with exit code 5 matching FailJob rule at index 1'
            )
          ]
        }
      },
      pods: [buildPod().phase('Failed').terminated(5, undefined, 'main-container')],
      wantConditions: pfp(
        'Container main-container for pod default/already-deleted-pod failed with exit code 5 matching FailJob rule at index 1'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'fail job with multiple pods; JobManagedBy enabled delays setting terminal condition',
    {
      job: { parallelism: 2, completions: 2, podFailurePolicy: onExitCodes },
      pods: [
        buildPod().phase('Running'),
        buildPod().phase('Failed').terminated(5, undefined, 'main-container')
      ],
      wantConditions: pfp(
        'Container main-container for pod default/mypod-1 failed with exit code 5 matching FailJob rule at index 1',
        false
      ),
      wantStatusFailed: 2,
      wantStatusTerminating: 1
    }
  ],
  [
    'fail indexed job based on OnExitCodes',
    {
      job: { completionMode: 'Indexed', podFailurePolicy: onExitCodes },
      pods: [buildPod().index('0').phase('Failed').terminated(5, undefined, 'main-container')],
      wantConditions: pfp(
        'Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'fail job based on OnExitCodes with NotIn operator',
    {
      job: {
        podFailurePolicy: {
          rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5, 6, 7] } }]
        }
      },
      pods: [buildPod().phase('Failed').terminated(42, undefined, 'main-container')],
      wantConditions: pfp(
        'Container main-container for pod default/mypod-0 failed with exit code 42 matching FailJob rule at index 0'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'default handling job based on OnExitCodes with NotIn operator',
    {
      job: {
        podFailurePolicy: {
          rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [5, 6, 7] } }]
        }
      },
      pods: [buildPod().phase('Failed').terminated(5, testFinishedAt, 'main-container')],
      wantStatusActive: 1,
      wantStatusFailed: 1
    }
  ],
  [
    'fail job based on OnExitCodes for InitContainer',
    {
      job: { podFailurePolicy: onExitCodes },
      pods: [
        buildPod()
          .phase('Failed')
          .initTerminated(5, 'init-container')
          .terminated(143, undefined, 'main-container')
      ],
      wantConditions: pfp(
        'Container init-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'ignore pod failure; both rules are matching, the first is executed only',
    {
      job: { backoffLimit: 0, podFailurePolicy: onExitCodes },
      pods: [
        buildPod()
          .phase('Failed')
          .terminated(2, undefined, 'container1')
          .terminated(6, undefined, 'container2')
      ],
      wantStatusActive: 1
    }
  ],
  [
    'ignore pod failure based on OnExitCodes',
    {
      job: { backoffLimit: 0, podFailurePolicy: onExitCodes },
      pods: [buildPod().phase('Failed').terminated(1)],
      wantStatusActive: 1
    }
  ],
  [
    'default job based on OnExitCodes; JobManagedBy enabled triggers adding interim condition',
    {
      job: { backoffLimit: 0, podFailurePolicy: onExitCodes },
      pods: [buildPod().phase('Failed').terminated(10)],
      wantConditions: backoffLimitExceeded,
      wantStatusFailed: 1
    }
  ],
  [
    'count pod failure based on OnExitCodes; both rules are matching, the first is executed only',
    {
      job: {
        podFailurePolicy: {
          rules: [
            { action: 'Count', onExitCodes: { operator: 'In', values: [1, 2] } },
            { action: 'Ignore', onExitCodes: { operator: 'In', values: [2, 3] } }
          ]
        }
      },
      pods: [buildPod().phase('Failed').terminated(2, testFinishedAt)],
      wantStatusActive: 1,
      wantStatusFailed: 1
    }
  ],
  [
    'count pod failure based on OnPodConditions; both rules are matching, the first is executed only',
    {
      job: {
        podFailurePolicy: {
          rules: [
            { action: 'Count', onPodConditions: [{ type: 'ResourceLimitExceeded', status: 'True' }] },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }
          ]
        }
      },
      pods: [
        buildPod()
          .phase('Failed')
          .condition('ResourceLimitExceeded')
          .condition('DisruptionTarget')
          .terminated(0, testFinishedAt)
      ],
      wantStatusActive: 1,
      wantStatusFailed: 1
    }
  ],
  [
    'ignore pod failure based on OnPodConditions',
    {
      job: { backoffLimit: 0, podFailurePolicy: disruption('Ignore') },
      pods: [buildPod().phase('Failed').condition('DisruptionTarget')],
      wantStatusActive: 1
    }
  ],
  [
    'ignore pod failure based on OnPodConditions, ignored failures delays pod recreation',
    {
      job: { backoffLimit: 0, podFailurePolicy: disruption('Ignore') },
      pods: [buildPod().phase('Failed').condition('DisruptionTarget').customDeletionTimestamp(referenceTime)],
      wantStatusActive: 0
    }
  ],
  [
    'fail job based on OnPodConditions',
    {
      job: { podFailurePolicy: disruption('FailJob') },
      pods: [buildPod().phase('Failed').condition('DisruptionTarget')],
      wantConditions: pfp(
        'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'
      ),
      wantStatusFailed: 1
    }
  ],
  [
    'terminating Pod not considered failed when JobPodFailurePolicy is enabled and used',
    {
      job: {
        completions: -1,
        backoffLimit: 0,
        podFailurePolicy: {
          rules: [{ action: 'Count', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]
        }
      },
      pods: [buildPod().customDeletionTimestamp(referenceTime)],
      wantStatusTerminating: 1
    }
  ]
]

function statusCondition(type: string, reason: string, message: string) {
  return {
    type,
    status: 'True' as const,
    reason,
    message,
    lastProbeTime: '2026-04-16T10:00:00Z',
    lastTransitionTime: '2026-04-16T10:00:00Z'
  }
}

describe('TestSyncJobWithJobPodFailurePolicy', () => {
  test.each(podFailurePolicyCases)('%s', (_name, tc) => {
    // The Go test sets podReplacementPolicy Failed, the default that a podFailurePolicy implies.
    const { status } = syncJob(newJob({ podReplacementPolicy: 'Failed', ...tc.job }), named(tc.pods))
    expect(conditionsOf(status)).toEqual(tc.wantConditions)
    expect(status.active ?? 0).toBe(tc.wantStatusActive ?? 0)
    expect(status.succeeded ?? 0).toBe(tc.wantStatusSucceeded ?? 0)
    expect(status.failed ?? 0).toBe(tc.wantStatusFailed ?? 0)
    expect(status.terminating).toBe(tc.wantStatusTerminating ?? 0)
  })
})

interface StatusCase {
  job: JobOptions
  pods: PodBuilder[]
  /** Pods already counted (no tracking finalizer), by position. */
  accounted?: number[]
  wantStatus: JobStatus
  wantConditions?: Cond[]
}

const successPolicyMatched = [condition('SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0')]
const successPolicyDone = [
  ...successPolicyMatched,
  condition('Complete', 'SuccessPolicy', 'Matched rules at index 0')
]
const rule01count1 = { rules: [{ succeededIndexes: '0,1', succeededCount: 1 }] }
const indexed = (parallelism: number, extra: JobOptions = {}): JobOptions => ({
  completionMode: 'Indexed',
  parallelism,
  completions: parallelism,
  backoffLimit: maxInt32,
  ...extra
})
const metCondition = statusCondition('SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0')

const successPolicyCases: Array<[string, StatusCase]> = [
  [
    'job with successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail',
    {
      job: indexed(3, { successPolicy: rule01count1 }),
      pods: [
        buildPod().index('0').phase('Failed'),
        buildPod().index('0').phase('Running'),
        buildPod().index('1').phase('Succeeded'),
        buildPod().index('2').phase('Running')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 2, completedIndexes: '1' },
      wantConditions: successPolicyMatched
    }
  ],
  [
    "job with podFailurePolicy and successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and doesn't meet to podFailurePolicy",
    {
      job: indexed(2, { successPolicy: rule01count1, podFailurePolicy: disruption('FailJob') }),
      pods: [
        buildPod().index('0').phase('Failed'),
        buildPod().index('0').phase('Running'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 1, completedIndexes: '1' },
      wantConditions: successPolicyMatched
    }
  ],
  [
    "job with backoffLimitPerIndex and successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and doesn't meet backoffLimitPerIndex",
    {
      job: indexed(2, { successPolicy: rule01count1, backoffLimitPerIndex: 2 }),
      pods: [
        buildPod().index('0').phase('Failed'),
        buildPod().index('0').phase('Running'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 1, completedIndexes: '1', failedIndexes: '' },
      wantConditions: successPolicyMatched
    }
  ],
  [
    'job with successPolicy; jobPodReplacementPolicy feature enabled; job has both Complete and SuccessCriteriaMet condition when job meets to successPolicy and all pods have been already removed',
    {
      job: indexed(2, {
        successPolicy: rule01count1,
        backoffLimitPerIndex: 2,
        status: { conditions: [metCondition] }
      }),
      pods: [buildPod().index('0').phase('Failed'), buildPod().index('1').phase('Succeeded')],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '' },
      wantConditions: successPolicyDone
    }
  ],
  [
    'job with successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition when job meets to successPolicy and some pods still are running',
    {
      job: indexed(3, {
        successPolicy: rule01count1,
        backoffLimitPerIndex: 3,
        status: { conditions: [metCondition] }
      }),
      pods: [
        buildPod().index('0').phase('Failed'),
        buildPod().index('1').phase('Running'),
        buildPod().index('1').phase('Succeeded'),
        buildPod().index('2').phase('Running')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 2, completedIndexes: '1', failedIndexes: '' },
      wantConditions: successPolicyMatched
    }
  ],
  [
    'job with successPolicy and podFailurePolicy; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and podFailurePolicy',
    {
      job: indexed(2, { successPolicy: rule01count1, podFailurePolicy: disruption('FailJob') }),
      pods: [
        buildPod().index('0').phase('Failed').condition('DisruptionTarget'),
        buildPod().index('0').phase('Running'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 2, succeeded: 1, terminating: 1, completedIndexes: '1' },
      wantConditions: pfp(
        'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0',
        false
      )
    }
  ],
  [
    'job with successPolicy and backoffLimitPerIndex; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and backoffLimitPerIndex',
    {
      job: indexed(2, { successPolicy: rule01count1, backoffLimitPerIndex: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('1'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '0' },
      wantConditions: [
        condition('FailureTarget', 'FailedIndexes', 'Job has failed indexes'),
        condition('Failed', 'FailedIndexes', 'Job has failed indexes')
      ]
    }
  ],
  [
    'job with successPolicy and backoffLimit; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and backoffLimit',
    {
      job: indexed(2, { successPolicy: rule01count1, backoffLimit: 1 }),
      pods: [
        buildPod().index('0').phase('Failed'),
        buildPod().index('0').phase('Failed'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 2, succeeded: 1, terminating: 0, completedIndexes: '1' },
      wantConditions: backoffLimitExceeded
    }
  ],
  [
    'job with successPolicy and podFailurePolicy; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets podFailurePolicy',
    {
      job: indexed(2, {
        successPolicy: { rules: [{ succeededCount: 1 }] },
        podFailurePolicy: disruption('FailJob'),
        status: { succeeded: 1, completedIndexes: '1', conditions: [metCondition] }
      }),
      pods: [
        buildPod().index('0').phase('Failed').condition('DisruptionTarget'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
      wantConditions: successPolicyDone
    }
  ],
  [
    'job with successPolicy and backoffLimitPerIndex; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meet backoffLimitPerIndex',
    {
      job: indexed(2, {
        successPolicy: { rules: [{ succeededIndexes: '1' }] },
        backoffLimitPerIndex: 1,
        status: { succeeded: 1, completedIndexes: '1', conditions: [metCondition] }
      }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('1'),
        buildPod().index('1').phase('Succeeded')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1', failedIndexes: '0' },
      wantConditions: successPolicyDone
    }
  ],
  [
    'job with successPolicy and backoffLimit; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets backoffLimit',
    {
      job: indexed(2, {
        successPolicy: rule01count1,
        backoffLimit: 1,
        status: { succeeded: 1, completedIndexes: '1', conditions: [metCondition] }
      }),
      pods: [buildPod().index('0').phase('Failed'), buildPod().index('1').phase('Succeeded')],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
      wantConditions: successPolicyDone
    }
  ],
  [
    'job with successPolicy and podFailureTarget; jobPodReplacementPolicy feature enabled; job with FailureTarget has never been transitioned to SuccessCriteriaMet even if job meets successPolicy',
    {
      job: indexed(2, {
        successPolicy: rule01count1,
        podFailurePolicy: disruption('FailJob'),
        status: {
          failed: 1,
          completedIndexes: '1',
          conditions: [
            statusCondition(
              'FailureTarget',
              'PodFailurePolicy',
              'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'
            )
          ]
        }
      }),
      pods: [
        buildPod().index('0').phase('Failed').condition('DisruptionTarget'),
        buildPod().index('1').phase('Succeeded')
      ],
      accounted: [0],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, completedIndexes: '1' },
      wantConditions: pfp(
        'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0'
      )
    }
  ],
  [
    'job without successPolicy; jobSuccessPolicy is enabled; job got SuccessCriteriaMet and Completion with CompletionsReached reason conditions',
    {
      job: indexed(1),
      pods: [buildPod().index('0').phase('Succeeded')],
      wantStatus: { succeeded: 1, completedIndexes: '0', terminating: 0 },
      wantConditions: completionsReached
    }
  ]
]

const backoffLimitPerIndexCases: Array<[string, StatusCase]> = [
  [
    'successful job after a single failure within index',
    {
      job: indexed(2, { backoffLimitPerIndex: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('0'),
        buildPod().index('0').phase('Succeeded').indexFailureCount('1'),
        buildPod().index('1').phase('Succeeded').indexFailureCount('0')
      ],
      wantStatus: { failed: 1, succeeded: 2, terminating: 0, completedIndexes: '0,1', failedIndexes: '' },
      wantConditions: completionsReached
    }
  ],
  [
    'single failed pod, not counted as the replacement pod creation is delayed',
    {
      job: indexed(2, { backoffLimitPerIndex: 1 }),
      pods: [buildPod().index('0').phase('Failed').indexFailureCount('0')],
      wantStatus: { active: 2, terminating: 0, failedIndexes: '' }
    }
  ],
  [
    'single failed pod replaced already',
    {
      job: indexed(2, { backoffLimitPerIndex: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('0'),
        buildPod().index('0').phase('Pending').indexFailureCount('1')
      ],
      wantStatus: { active: 2, failed: 1, terminating: 0, failedIndexes: '' }
    }
  ],
  [
    'single failed index due to exceeding the backoff limit per index, the job continues',
    {
      job: indexed(2, { backoffLimitPerIndex: 1 }),
      pods: [buildPod().index('0').phase('Failed').indexFailureCount('1')],
      wantStatus: { active: 1, failed: 1, failedIndexes: '0', terminating: 0 }
    }
  ],
  [
    'single failed index due to FailIndex action, the job continues',
    {
      job: indexed(2, {
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] }
      }),
      pods: [buildPod().index('0').phase('Failed').terminated(3).indexFailureCount('0')],
      wantStatus: { active: 1, failed: 1, failedIndexes: '0', terminating: 0 }
    }
  ],
  [
    'job failed index due to FailJob action',
    {
      job: indexed(2, {
        backoffLimit: 6,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }] }
      }),
      pods: [buildPod().index('0').phase('Failed').terminated(3, undefined, 'x').indexFailureCount('0')],
      wantStatus: { failed: 1, failedIndexes: '', terminating: 0 },
      wantConditions: pfp(
        'Container x for pod default/mypod-0 failed with exit code 3 matching FailJob rule at index 0'
      )
    }
  ],
  [
    'job pod failure ignored due to matching Ignore action',
    {
      job: indexed(2, {
        backoffLimit: 6,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] }
      }),
      pods: [buildPod().index('0').phase('Failed').terminated(3, undefined, 'x').indexFailureCount('0')],
      wantStatus: { active: 2, failedIndexes: '', terminating: 0 }
    }
  ],
  [
    'job failed due to exceeding backoffLimit before backoffLimitPerIndex',
    {
      job: indexed(2, { backoffLimit: 1, backoffLimitPerIndex: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('0'),
        buildPod().index('1').phase('Failed').indexFailureCount('0')
      ],
      wantStatus: { failed: 2, failedIndexes: '', terminating: 0 },
      wantConditions: backoffLimitExceeded
    }
  ],
  [
    'job failed due to failed indexes',
    {
      job: indexed(2, { backoffLimitPerIndex: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('1'),
        buildPod().index('1').phase('Succeeded').indexFailureCount('0')
      ],
      wantStatus: { failed: 1, succeeded: 1, terminating: 0, failedIndexes: '0', completedIndexes: '1' },
      wantConditions: [
        condition('FailureTarget', 'FailedIndexes', 'Job has failed indexes'),
        condition('Failed', 'FailedIndexes', 'Job has failed indexes')
      ]
    }
  ],
  [
    'job failed due to exceeding max failed indexes',
    {
      job: indexed(4, { backoffLimitPerIndex: 1, maxFailedIndexes: 1 }),
      pods: [
        buildPod().index('0').phase('Failed').indexFailureCount('1'),
        buildPod().index('1').phase('Succeeded').indexFailureCount('0'),
        buildPod().index('2').phase('Failed').indexFailureCount('1'),
        buildPod().index('3').phase('Running').indexFailureCount('0')
      ],
      wantStatus: { failed: 3, succeeded: 1, terminating: 1, failedIndexes: '0,2', completedIndexes: '1' },
      wantConditions: [
        condition(
          'FailureTarget',
          'MaxFailedIndexesExceeded',
          'Job has exceeded the specified maximal number of failed indexes'
        )
      ]
    }
  ]
]

function runStatusCase(tc: StatusCase): JobStatus {
  const pods = named(tc.pods)
  const { status } = syncJob(newJob(tc.job), pods, {
    now: referenceTime,
    accounted: (tc.accounted ?? []).map(i => pods[i])
  })
  return status
}

function expectStatus(status: JobStatus, tc: StatusCase): void {
  const { active, succeeded, failed, terminating, completedIndexes, failedIndexes } = status
  expect({ active, succeeded, failed, terminating, completedIndexes, failedIndexes }).toEqual({
    terminating: 0,
    ...tc.wantStatus
  })
  expect(status.uncountedTerminatedPods).toEqual({})
  expect(conditionsOf(status)).toEqual(tc.wantConditions)
}

describe('TestSyncJobWithJobSuccessPolicy', () => {
  test.each(successPolicyCases)('%s', (_name, tc) => expectStatus(runStatusCase(tc), tc))
})

describe('TestSyncJobWithJobBackoffLimitPerIndex', () => {
  test.each(backoffLimitPerIndexCases)('%s', (_name, tc) => expectStatus(runStatusCase(tc), tc))

  test('the replacement of a failed pod carries the next failure count', () => {
    const pods = named([
      buildPod().index('0').phase('Failed').indexFailureCount('0').terminated(1, testFinishedAt)
    ])
    const { created } = syncJob(newJob(indexed(1, { backoffLimitPerIndex: 2 })), pods)
    expect(created.map(pod => pod.annotations)).toEqual([
      {
        'batch.kubernetes.io/job-completion-index': '0',
        'batch.kubernetes.io/job-index-failure-count': '1'
      }
    ])
  })
})

describe('TestJobBackoffForOnFailure', () => {
  test.each<
    [
      string,
      {
        parallelism: number
        completions: number
        backoffLimit: number
        suspend: boolean
        restartCounts: number[]
        podPhase: 'Running' | 'Pending' | 'Succeeded'
        expectedActive: number
        expectedSucceeded: number
        expectedFailed: number
        expectedConditions?: Cond[]
      }
    ]
  >([
    [
      'backoffLimit 0 should have 1 pod active',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 0,
        suspend: false,
        restartCounts: [0],
        podPhase: 'Running',
        expectedActive: 1,
        expectedSucceeded: 0,
        expectedFailed: 0
      }
    ],
    [
      'backoffLimit 1 with restartCount 0 should have 1 pod active',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 1,
        suspend: false,
        restartCounts: [0],
        podPhase: 'Running',
        expectedActive: 1,
        expectedSucceeded: 0,
        expectedFailed: 0
      }
    ],
    [
      'backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 1,
        suspend: false,
        restartCounts: [1],
        podPhase: 'Running',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 1,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'backoffLimit 1 with restartCount 1 and podPending should have 0 pod active',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 1,
        suspend: false,
        restartCounts: [1],
        podPhase: 'Pending',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 1,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'too many job failures with podRunning - single pod',
      {
        parallelism: 1,
        completions: 5,
        backoffLimit: 2,
        suspend: false,
        restartCounts: [2],
        podPhase: 'Running',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 1,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'too many job failures with podPending - single pod',
      {
        parallelism: 1,
        completions: 5,
        backoffLimit: 2,
        suspend: false,
        restartCounts: [2],
        podPhase: 'Pending',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 1,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'too many job failures with podRunning - multiple pods; JobPodReplacementPolicy enabled',
      {
        parallelism: 2,
        completions: 5,
        backoffLimit: 2,
        suspend: false,
        restartCounts: [1, 1],
        podPhase: 'Running',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 2,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'too many job failures with podPending - multiple pods',
      {
        parallelism: 2,
        completions: 5,
        backoffLimit: 2,
        suspend: false,
        restartCounts: [1, 1],
        podPhase: 'Pending',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 2,
        expectedConditions: [backoffLimitExceededFailureTarget]
      }
    ],
    [
      'not enough failures',
      {
        parallelism: 2,
        completions: 5,
        backoffLimit: 3,
        suspend: false,
        restartCounts: [1, 1],
        podPhase: 'Running',
        expectedActive: 2,
        expectedSucceeded: 0,
        expectedFailed: 0
      }
    ],
    [
      'suspending a job',
      {
        parallelism: 2,
        completions: 4,
        backoffLimit: 6,
        suspend: true,
        restartCounts: [1, 1],
        podPhase: 'Running',
        expectedActive: 0,
        expectedSucceeded: 0,
        expectedFailed: 0,
        expectedConditions: [condition('Suspended', 'JobSuspended', 'Job suspended')]
      }
    ],
    [
      'finished job; JobPodReplacementPolicy enabled',
      {
        parallelism: 2,
        completions: 4,
        backoffLimit: 6,
        suspend: true,
        restartCounts: [1, 1, 2, 0],
        podPhase: 'Succeeded',
        expectedActive: 0,
        expectedSucceeded: 4,
        expectedFailed: 0,
        expectedConditions: completionsReached
      }
    ]
  ])('%s', (_name, tc) => {
    const job = newJob({
      parallelism: tc.parallelism,
      completions: tc.completions,
      backoffLimit: tc.backoffLimit,
      suspend: tc.suspend,
      restartPolicy: 'OnFailure'
    })
    const pods = newPodList(tc.restartCounts.length, tc.podPhase)
    pods.forEach(
      (pod, i) =>
        (pod.containerStatuses = [
          { name: 'c', state: 'terminated', restartCount: tc.restartCounts[i], ready: false, logs: [] }
        ])
    )
    const { status } = syncJob(job, pods)
    expect(status.active ?? 0).toBe(tc.expectedActive)
    expect(status.succeeded ?? 0).toBe(tc.expectedSucceeded)
    expect(status.failed ?? 0).toBe(tc.expectedFailed)
    expect(conditionsOf(status)).toEqual(tc.expectedConditions)
  })
})

describe('TestJobBackoffOnRestartPolicyNever', () => {
  test.each<
    [
      string,
      {
        parallelism: number
        completions: number
        backoffLimit: number
        activePods: number
        failedPods: number
        expectedActive: number
        expectedFailed: number
        expectedConditions?: Cond[]
      }
    ]
  >([
    [
      'not enough failures with backoffLimit 0 - single pod',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 0,
        activePods: 1,
        failedPods: 0,
        expectedActive: 1,
        expectedFailed: 0
      }
    ],
    [
      'not enough failures with backoffLimit 1 - single pod',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 1,
        activePods: 0,
        failedPods: 1,
        expectedActive: 1,
        expectedFailed: 1
      }
    ],
    [
      'too many failures with backoffLimit 1 - single pod',
      {
        parallelism: 1,
        completions: 1,
        backoffLimit: 1,
        activePods: 0,
        failedPods: 2,
        expectedActive: 0,
        expectedFailed: 2,
        expectedConditions: backoffLimitExceeded
      }
    ],
    [
      'not enough failures with backoffLimit 6 - multiple pods',
      {
        parallelism: 2,
        completions: 2,
        backoffLimit: 6,
        activePods: 1,
        failedPods: 6,
        expectedActive: 2,
        expectedFailed: 6
      }
    ],
    [
      'too many failures with backoffLimit 6 - multiple pods',
      {
        parallelism: 2,
        completions: 2,
        backoffLimit: 6,
        activePods: 0,
        failedPods: 7,
        expectedActive: 0,
        expectedFailed: 7,
        expectedConditions: backoffLimitExceeded
      }
    ]
  ])('%s', (_name, tc) => {
    const job = newJob({
      parallelism: tc.parallelism,
      completions: tc.completions,
      backoffLimit: tc.backoffLimit
    })
    const { status } = syncJob(job, [
      ...newPodList(tc.failedPods, 'Failed'),
      ...newPodList(tc.activePods, 'Running')
    ])
    expect(status.active ?? 0).toBe(tc.expectedActive)
    expect(status.succeeded).toBeUndefined()
    expect(status.failed ?? 0).toBe(tc.expectedFailed)
    expect(conditionsOf(status)).toEqual(tc.expectedConditions)
  })
})
