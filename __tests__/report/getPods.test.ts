import { describe, expect, test } from '@jest/globals'
import { getPodsTable, podRow } from '../../src/report/getPods.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import { at, containerStatus, golden, pod } from './fixtures.js'

const now = at('2026-06-01T12:00:00Z')
const ago = (seconds: number): number => now - seconds * 1000
const running = (name: string, ready = true) =>
  containerStatus({
    name,
    state: 'running',
    reason: undefined,
    exitCode: undefined,
    ready,
    startedAt: ago(60)
  })
const waiting = (name: string, waitingReason: string, restartCount = 0, finishedAt?: number) =>
  containerStatus({ name, state: 'waiting', reason: undefined, waitingReason, restartCount, finishedAt })
const initialized = { type: 'Initialized', status: 'True' as const, lastTransitionTime: ago(100) }
const readyCondition = { type: 'Ready', status: 'True' as const, lastTransitionTime: ago(100) }

describe('getPodsTable', () => {
  test('the Indexed sample of §6.4: rows sorted by name as strings, so 10 before 2', () => {
    const pods = [
      pod({ name: 'demo-job-indexed-0-p4564', index: 0, creationTimestamp: ago(190) }),
      pod({ name: 'demo-job-indexed-1-wzbbk', index: 1, creationTimestamp: ago(185) }),
      pod({ name: 'demo-job-indexed-2-dmdvx', index: 2, creationTimestamp: ago(180) }),
      pod({ name: 'demo-job-indexed-10-8qn7r', index: 10, creationTimestamp: ago(137) }),
      pod({ name: 'demo-job-indexed-11-zxmp6', index: 11, creationTimestamp: ago(129) })
    ]
    expect(getPodsTable(pods, now)).toBe(golden('getpods/demo-job-indexed.txt'))
  })

  test('every status cell kind, restarts with their age, terminating and sidecar pods', () => {
    const pods: PodRecord[] = [
      // Created half a second into a second: the API keeps whole seconds, so 300s → 5m.
      pod({
        name: 'a-running',
        phase: 'Running',
        creationTimestamp: ago(299.5),
        containerStatuses: [running('main')]
      }),
      pod({
        name: 'b-crashloop',
        phase: 'Running',
        creationTimestamp: ago(270),
        containerStatuses: [waiting('main', 'CrashLoopBackOff', 3, ago(45))]
      }),
      pod({
        name: 'c-error',
        phase: 'Failed',
        creationTimestamp: ago(240),
        containerStatuses: [containerStatus({ name: 'main', exitCode: 1, reason: 'Error' })]
      }),
      pod({
        name: 'd-oom',
        phase: 'Failed',
        creationTimestamp: ago(230),
        containerStatuses: [containerStatus({ name: 'main', exitCode: 137, reason: 'OOMKilled' })]
      }),
      pod({
        name: 'e-deadline',
        phase: 'Failed',
        reason: 'DeadlineExceeded',
        creationTimestamp: ago(220),
        containerStatuses: [running('main', false)]
      }),
      pod({
        name: 'f-init',
        phase: 'Pending',
        creationTimestamp: ago(210),
        initContainerStatuses: [containerStatus({ name: 'fetch' }), running('migrate', false)],
        containerStatuses: [waiting('main', 'PodInitializing')]
      }),
      pod({
        name: 'g-init-error',
        phase: 'Failed',
        creationTimestamp: ago(200),
        initContainerStatuses: [containerStatus({ name: 'fetch', exitCode: 2, reason: 'Error' })],
        containerStatuses: [waiting('main', 'PodInitializing')]
      }),
      pod({
        name: 'h-init-crashloop',
        phase: 'Pending',
        creationTimestamp: ago(190),
        initContainerStatuses: [waiting('fetch', 'CrashLoopBackOff', 2, ago(20))],
        containerStatuses: [waiting('main', 'PodInitializing')]
      }),
      pod({
        name: 'i-terminating',
        phase: 'Running',
        deletionTimestamp: ago(5),
        creationTimestamp: ago(180),
        containerStatuses: [running('main')]
      }),
      pod({
        name: 'j-sidecar',
        phase: 'Running',
        creationTimestamp: ago(170),
        conditions: [initialized, readyCondition],
        initContainerStatuses: [
          { ...running('proxy'), sidecar: true, restartCount: 1, finishedAt: ago(120) }
        ],
        containerStatuses: [running('main')]
      }),
      pod({
        name: 'k-signal',
        phase: 'Failed',
        creationTimestamp: ago(160),
        containerStatuses: [containerStatus({ name: 'main', exitCode: 137, signal: 9, reason: undefined })]
      }),
      pod({ name: 'l-completed', creationTimestamp: ago(150) })
    ]
    expect(getPodsTable([...pods].reverse(), now)).toBe(golden('getpods/statuses.txt'))
  })

  test('no pods, no table', () => {
    expect(getPodsTable([], now)).toBe('')
  })
})

describe('podRow STATUS and RESTARTS cells', () => {
  test.each<[string, Partial<PodRecord>, string]>([
    [
      'a container finished, another still running and the pod Ready → Running',
      {
        phase: 'Running',
        conditions: [readyCondition],
        containerStatuses: [containerStatus({ name: 'a' }), running('b')]
      },
      'Running'
    ],
    [
      'a container finished, another running but the pod not Ready → NotReady',
      { phase: 'Running', containerStatuses: [containerStatus({ name: 'a' }), running('b')] },
      'NotReady'
    ],
    [
      'the first container decides: scanned from last to first',
      {
        phase: 'Failed',
        containerStatuses: [
          containerStatus({ name: 'a', exitCode: 1, reason: 'Error' }),
          containerStatus({ name: 'b', exitCode: 137, reason: 'OOMKilled' })
        ]
      },
      'Error'
    ],
    [
      "the first container Completed, a later one failed → the failure's reason (kubectl 1.37)",
      {
        phase: 'Failed',
        containerStatuses: [
          containerStatus({ name: 'a' }),
          containerStatus({ name: 'b', exitCode: 1, reason: 'Error' })
        ]
      },
      'Error'
    ],
    [
      'terminated without a reason or signal → ExitCode',
      {
        phase: 'Failed',
        containerStatuses: [containerStatus({ name: 'a', exitCode: 3, reason: undefined })]
      },
      'ExitCode:3'
    ],
    [
      'init container killed by a signal, no reason',
      {
        phase: 'Failed',
        initContainerStatuses: [containerStatus({ name: 'i', exitCode: 137, signal: 9, reason: undefined })],
        containerStatuses: [waiting('a', 'PodInitializing')]
      },
      'Init:Signal:9'
    ],
    [
      'init container exited non-zero, no reason',
      {
        phase: 'Failed',
        initContainerStatuses: [containerStatus({ name: 'i', exitCode: 2, reason: undefined })],
        containerStatuses: [waiting('a', 'PodInitializing')]
      },
      'Init:ExitCode:2'
    ],
    [
      'init container waiting with PodInitializing counts as a step',
      {
        phase: 'Pending',
        initContainerStatuses: [waiting('i', 'PodInitializing')],
        containerStatuses: [waiting('a', 'PodInitializing')]
      },
      'Init:0/1'
    ],
    [
      'job-sidecar.yaml: the sidecar killed when the pod ended, no conditions recorded → Completed (Initialized as the kubelet sets it)',
      {
        phase: 'Succeeded',
        initContainerStatuses: [
          { ...containerStatus({ name: 'logshipper', exitCode: 137, reason: 'Error' }), sidecar: true }
        ],
        containerStatuses: [containerStatus({ name: 'myjob' })]
      },
      'Completed'
    ],
    [
      'a sidecar killed after the main container failed → the main container’s Error',
      {
        phase: 'Failed',
        initContainerStatuses: [
          { ...containerStatus({ name: 'proxy', exitCode: 143, reason: 'Error' }), sidecar: true }
        ],
        containerStatuses: [containerStatus({ name: 'main', exitCode: 2, reason: 'Error' })]
      },
      'Error'
    ],
    [
      'a recorded Initialized=False condition is believed over the containers',
      {
        phase: 'Failed',
        conditions: [{ type: 'Initialized', status: 'False', lastTransitionTime: ago(5) }],
        initContainerStatuses: [
          { ...containerStatus({ name: 'proxy', exitCode: 143, reason: 'Error' }), sidecar: true }
        ],
        containerStatuses: [containerStatus({ name: 'main', exitCode: 2, reason: 'Error' })]
      },
      'Init:Error'
    ],
    [
      'waiting container reason, e.g. ContainerCreating',
      { phase: 'Pending', containerStatuses: [waiting('a', 'ContainerCreating')] },
      'ContainerCreating'
    ],
    [
      'scheduling gate',
      {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', lastTransitionTime: now }
        ],
        containerStatuses: []
      },
      'SchedulingGated'
    ],
    [
      'a terminal pod being deleted keeps its status',
      { phase: 'Succeeded', deletionTimestamp: ago(1) },
      'Completed'
    ]
  ])('%s', (_name, fields, status) => {
    expect(podRow(pod({ name: 'p', creationTimestamp: ago(10), ...fields }), now).status).toBe(status)
  })

  test.each<[string, Partial<PodRecord>, string]>([
    ['no restarts', {}, '0'],
    [
      'restarts with a known last termination',
      { containerStatuses: [{ ...running('a'), restartCount: 4, finishedAt: ago(200) }] },
      '4 (3m20s ago)'
    ],
    [
      'restarts summed over containers, the latest termination shown',
      {
        containerStatuses: [
          { ...running('a'), restartCount: 1, finishedAt: ago(600) },
          { ...running('b'), restartCount: 2, finishedAt: ago(30) }
        ]
      },
      '3 (30s ago)'
    ],
    [
      'restarts without any termination time',
      { containerStatuses: [{ ...running('a'), restartCount: 2, finishedAt: undefined }] },
      '2'
    ]
  ])('%s', (_name, fields, restarts) => {
    expect(podRow(pod({ name: 'p', creationTimestamp: ago(10), ...fields }), now).restarts).toBe(restarts)
  })
})
