/**
 * `kubectl describe job` output compared whole against the samples of
 * the describe samples of a real cluster (kubectl 1.3x, __tests__/golden/describe), each Job rebuilt as the API server stores it.
 */
import { describe, test } from '@jest/globals'
import { at, container, defaultedJob, event, expectGolden } from './fixtures.js'

describe('describeJob against real kubectl output', () => {
  test('(A) succeeded NonIndexed job, +0200', () => {
    const job = defaultedJob({
      name: 'kuard-job',
      namespace: 'suu',
      uid: '8b0a2d2e-0986-495e-b047-4bd472d10eaf',
      containers: [
        container({
          name: 'query-client',
          image: 'busybox',
          command: ['sh', '-c', 'for i in 1 2 3 4 5; do wget -qO- http://kuard-srv; sleep 1; done']
        })
      ],
      status: {
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            lastProbeTime: '2026-04-16T10:36:38Z',
            lastTransitionTime: '2026-04-16T10:36:38Z',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods'
          },
          {
            type: 'Complete',
            status: 'True',
            lastProbeTime: '2026-04-16T10:36:38Z',
            lastTransitionTime: '2026-04-16T10:36:38Z',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods'
          }
        ],
        startTime: '2026-04-16T10:36:28Z',
        completionTime: '2026-04-16T10:36:38Z',
        succeeded: 1,
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {}
      }
    })
    // Event times carry milliseconds; kubectl sees them cut to the second.
    const events = [
      event('Normal', 'SuccessfulCreate', 'Created pod: kuard-job-hpqtg', at('2026-04-16T10:36:28.412Z')),
      event('Normal', 'Completed', 'Job completed', at('2026-04-16T10:36:38.700Z'))
    ]
    expectGolden('describe/kuard-job.txt', job, events, at('2026-04-16T10:37:58.950Z'), 120)
  })

  test('(B) hostPath volume, mounts and an arg ending in a newline, -0500', () => {
    const job = defaultedJob({
      name: 'demo-job-write',
      uid: '8438f59c-d4c9-4a28-a90e-36cd80553d8a',
      containers: [
        container({
          name: 'writer',
          image: 'busybox',
          command: ['/bin/sh', '-c'],
          args: ['echo "$(date) Demo Job writer";\necho "$(date) Demo Job writer" > /data/message.txt;\n'],
          volumeMounts: [{ name: 'local-storage', mountPath: '/data' }]
        })
      ],
      podSpec: {
        volumes: [{ name: 'local-storage', hostPath: { path: '/tmp/data', type: 'DirectoryOrCreate' } }]
      },
      status: {
        startTime: '2026-01-02T19:46:39Z',
        completionTime: '2026-01-02T19:46:45Z',
        succeeded: 1,
        ready: 0,
        terminating: 0
      }
    })
    const events = [
      event('Normal', 'SuccessfulCreate', 'Created pod: demo-job-write-2rt82', at('2026-01-02T19:46:39Z')),
      event('Normal', 'Completed', 'Job completed', at('2026-01-02T19:46:45Z'))
    ]
    expectGolden('describe/demo-job-write.txt', job, events, at('2026-01-02T19:47:00Z'), -300)
  })

  test('(E) job killed by its activeDeadlineSeconds: no Completed At, a Warning event', () => {
    const now = at('2026-03-10T09:20:00Z')
    const ago = (seconds: number): number => now - seconds * 1000
    const job = defaultedJob({
      name: 'demo-job-fail-deadline',
      uid: '3f6c2b1e-7d4a-4e8b-9c21-5a0d8e7f6b34',
      containers: [container({ name: 'sleeper', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 75'] })],
      spec: { completions: 2, activeDeadlineSeconds: 90 },
      status: {
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            lastProbeTime: '2026-03-10T09:16:53Z',
            lastTransitionTime: '2026-03-10T09:16:53Z',
            reason: 'DeadlineExceeded',
            message: 'Job was active longer than specified deadline'
          }
        ],
        startTime: '2026-03-10T09:14:49Z',
        succeeded: 1,
        failed: 1,
        ready: 0,
        terminating: 0
      }
    })
    const events = [
      event('Normal', 'SuccessfulCreate', 'Created pod: demo-job-fail-deadline-qdhxq', ago(311)),
      event('Normal', 'SuccessfulCreate', 'Created pod: demo-job-fail-deadline-zt2b7', ago(239)),
      event('Normal', 'SuccessfulDelete', 'Deleted pod: demo-job-fail-deadline-zt2b7', ago(221)),
      event('Warning', 'DeadlineExceeded', 'Job was active longer than specified deadline', ago(187))
    ]
    expectGolden('describe/demo-job-fail-deadline.txt', job, events, now, 0)
  })
})
