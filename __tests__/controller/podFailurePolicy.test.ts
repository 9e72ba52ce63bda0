/**
 * Ported from pkg/controller/job/pod_failure_policy_test.go (TestMatchPodFailurePolicy): each case
 * carries the name of the Go case; the failed pod is `default/mypod`.
 */
import { describe, expect, test } from '@jest/globals'
import type { V1PodFailurePolicy, V1PodFailurePolicyRule } from '@kubernetes/client-node'
import { matchPodFailurePolicy, type PodFailurePolicyAction } from '../../src/controller/podFailurePolicy.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import { buildPod } from './support/fixtures.js'

const failed = (): ReturnType<typeof buildPod> => buildPod('mypod').phase('Failed')

const exitCodes = (
  action: string,
  operator: string,
  values: number[],
  containerName?: string
): V1PodFailurePolicyRule => ({
  action,
  onExitCodes: { operator, values, containerName }
})
const podConditions = (action: string, type: string, status = 'True'): V1PodFailurePolicyRule => ({
  action,
  onPodConditions: [{ type, status }]
})
const policy = (...rules: V1PodFailurePolicyRule[]): V1PodFailurePolicy => ({ rules })

interface Case {
  podFailurePolicy?: V1PodFailurePolicy
  failedPod: PodRecord
  wantJobFailureMessage?: string
  wantCountFailed: boolean
  wantAction?: PodFailurePolicyAction
}

const cases: Array<[string, Case]> = [
  [
    'unknown action for rule matching by exit codes - skip rule with unknown action',
    {
      podFailurePolicy: policy(exitCodes('UnknownAction', 'In', [1, 2]), exitCodes('FailJob', 'In', [2, 3])),
      failedPod: failed().terminated(2, undefined, 'main-container').Pod,
      wantJobFailureMessage:
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  [
    'unknown action for rule matching by pod conditions - skip rule with unknown action',
    {
      podFailurePolicy: policy(
        podConditions('UnkonwnAction', 'DisruptionTarget'),
        podConditions('Ignore', 'DisruptionTarget')
      ),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'unknown operator - rule with unknown action is skipped for onExitCodes',
    {
      podFailurePolicy: policy(
        exitCodes('Ignore', 'UnknownOperator', [1, 2]),
        exitCodes('FailJob', 'In', [2, 3])
      ),
      failedPod: failed().terminated(2, undefined, 'main-container').Pod,
      wantJobFailureMessage:
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  ['no policy rules', { failedPod: failed().terminated(2).Pod, wantCountFailed: true }],
  [
    'ignore rule matched for exit codes',
    {
      podFailurePolicy: policy(exitCodes('Ignore', 'In', [1, 2, 3])),
      failedPod: failed().terminated(2).Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'ignore rule matched on negative exit codes - needed for Windows support',
    {
      podFailurePolicy: policy(exitCodes('Ignore', 'In', [-1073741676, -1073741510])),
      failedPod: failed().terminated(-1073741510).Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'FailJob rule matched for exit codes',
    {
      podFailurePolicy: policy(exitCodes('FailJob', 'In', [1, 2, 3])),
      failedPod: failed().terminated(2, undefined, 'main-container').Pod,
      wantJobFailureMessage:
        'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  [
    'successful containers are skipped by the rules',
    {
      podFailurePolicy: policy(exitCodes('FailJob', 'NotIn', [111])),
      failedPod: failed()
        .initTerminated(0, 'init-container')
        .terminated(111, undefined, 'main-container')
        .terminated(0, undefined, 'suppport-container').Pod,
      wantCountFailed: true
    }
  ],
  [
    'FailIndex rule matched for exit codes',
    {
      podFailurePolicy: policy(exitCodes('FailIndex', 'In', [1, 2, 3])),
      failedPod: failed().terminated(2).Pod,
      wantCountFailed: true,
      wantAction: 'FailIndex'
    }
  ],
  [
    'pod failure policy with NotIn operator and value 0',
    {
      podFailurePolicy: policy(exitCodes('FailJob', 'NotIn', [0])),
      failedPod: failed()
        .terminated(1, undefined, 'main-container')
        .terminated(0, undefined, 'suppport-container').Pod,
      wantJobFailureMessage:
        'Container main-container for pod default/mypod failed with exit code 1 matching FailJob rule at index 0',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  [
    'second jobfail rule matched for exit codes',
    {
      podFailurePolicy: policy(exitCodes('Count', 'In', [1, 2, 3]), exitCodes('FailJob', 'In', [4, 5, 6])),
      failedPod: failed().terminated(6, undefined, 'main-container').Pod,
      wantJobFailureMessage:
        'Container main-container for pod default/mypod failed with exit code 6 matching FailJob rule at index 1',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  [
    'count rule matched for exit codes',
    {
      podFailurePolicy: policy(exitCodes('Count', 'In', [1, 2, 3])),
      failedPod: (() => {
        const pod = failed().terminated(2, undefined, 'bar').Pod
        pod.containerStatuses.unshift({
          name: 'foo',
          state: 'waiting',
          restartCount: 0,
          ready: false,
          logs: []
        })
        return pod
      })(),
      wantCountFailed: true,
      wantAction: 'Count'
    }
  ],
  [
    'FailIndex rule matched for pod conditions',
    {
      podFailurePolicy: policy(podConditions('FailIndex', 'DisruptionTarget')),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantCountFailed: true,
      wantAction: 'FailIndex'
    }
  ],
  [
    'ignore rule matched for pod conditions',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget')),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'ignore rule matches by the status=False',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget', 'False')),
      failedPod: failed().condition('DisruptionTarget', 'False').Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'ignore rule matches by the status=Unknown',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget', 'Unknown')),
      failedPod: failed().condition('DisruptionTarget', 'Unknown').Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ],
  [
    'ignore rule does not match when status for pattern is False, but actual True',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget', 'False')),
      failedPod: failed().condition('DisruptionTarget', 'True').Pod,
      wantCountFailed: true
    }
  ],
  [
    'ignore rule does not match when status for pattern is True, but actual False',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget', 'True')),
      failedPod: failed().condition('DisruptionTarget', 'False').Pod,
      wantCountFailed: true
    }
  ],
  [
    'default - do not match condition with status=False',
    {
      podFailurePolicy: policy(podConditions('Ignore', 'DisruptionTarget')),
      failedPod: failed().condition('DisruptionTarget', 'False').Pod,
      wantCountFailed: true
    }
  ],
  [
    'job fail rule matched for pod conditions',
    {
      podFailurePolicy: policy(podConditions('FailJob', 'DisruptionTarget')),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantJobFailureMessage:
        'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0',
      wantCountFailed: true,
      wantAction: 'FailJob'
    }
  ],
  [
    'count rule matched for pod conditions',
    {
      podFailurePolicy: policy(podConditions('Count', 'DisruptionTarget')),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantCountFailed: true,
      wantAction: 'Count'
    }
  ],
  [
    'no rule matched',
    {
      podFailurePolicy: policy(
        exitCodes('Count', 'NotIn', [8]),
        exitCodes('Ignore', 'In', [1, 2, 3]),
        exitCodes('FailJob', 'NotIn', [5, 6, 7]),
        podConditions('Count', 'ResourceLimitExceeded'),
        podConditions('Ignore', 'DisruptionTarget')
      ),
      failedPod: failed().terminated(32).Pod,
      wantCountFailed: true,
      wantAction: 'Count'
    }
  ],
  [
    'expected matching rule returned',
    {
      podFailurePolicy: policy(
        podConditions('FailJob', 'MaxFailedIndexesExceeded'),
        podConditions('Ignore', 'DisruptionTarget')
      ),
      failedPod: failed().condition('DisruptionTarget').Pod,
      wantCountFailed: false,
      wantAction: 'Ignore'
    }
  ]
]

describe('TestMatchPodFailurePolicy', () => {
  test.each(cases)('%s', (_name, tc) => {
    const got = matchPodFailurePolicy(tc.podFailurePolicy, tc.failedPod)
    expect(got.jobFailureMessage).toBe(tc.wantJobFailureMessage)
    expect(got.countFailed).toBe(tc.wantCountFailed)
    expect(got.action).toBe(tc.wantAction)
  })

  test('the pod conditions are walked in their order: the message names the first one matching a pattern', () => {
    const got = matchPodFailurePolicy(
      {
        rules: [
          {
            action: 'FailJob',
            onPodConditions: [
              { type: 'B', status: 'True' },
              { type: 'A', status: 'True' }
            ]
          }
        ]
      },
      failed().condition('A').condition('B').Pod
    )
    expect(got.jobFailureMessage).toBe('Pod default/mypod has condition A matching FailJob rule at index 0')
  })

  test('containerName restricts onExitCodes to that container, regular containers before init containers', () => {
    const pod = failed().initTerminated(5, 'setup').terminated(5, undefined, 'worker').Pod
    const got = matchPodFailurePolicy(policy(exitCodes('FailJob', 'In', [5], 'setup')), pod)
    expect(got.jobFailureMessage).toBe(
      'Container setup for pod default/mypod failed with exit code 5 matching FailJob rule at index 0'
    )
    expect(matchPodFailurePolicy(policy(exitCodes('FailJob', 'In', [5])), pod).jobFailureMessage).toContain(
      'Container worker'
    )
  })
})
