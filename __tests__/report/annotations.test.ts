/**
 * Error annotations for failed pods: the first ones only (the runner keeps ten errors a step),
 * pointing at the failed container in the manifest file, with the end of its log, masked.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { failedPodAnnotations, failedPodCount } from '../../src/report/annotations.js'
import type { JobRunResult } from '../../src/runner/jobRun.js'
import { loadManifests } from '../../src/api/load.js'
import { container } from './fixtures.js'
import {
  buildCase,
  cleanupLogs,
  hostile,
  indexedFailed,
  many,
  mask,
  secret,
  tempLogsRoot
} from './summaryFixtures.js'

const root = tempLogsRoot()
afterAll(() => cleanupLogs(root))
const workspace = '/home/runner/work/app/app'

/** The manifest a fixture Job was read from, at `file` (relative to the workspace unless absolute). */
function loaded(result: JobRunResult, file: string, initContainer = false) {
  const spec = result.job.spec
  const main = spec.template.spec.containers[0]
  const text = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${result.job.metadata.name}`,
    'spec:',
    `  completions: ${spec.completions}`,
    ...(spec.completionMode === 'Indexed' ? ['  completionMode: Indexed'] : []),
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    ...(initContainer
      ? [
          '      initContainers:',
          '        - name: fetch',
          '          image: busybox:1.36',
          '          command: ["wget", "x"]'
        ]
      : []),
    '      containers:',
    '        - name: sidekick',
    '          image: busybox:1.36',
    '          command: ["sleep", "1"]',
    `        - name: ${main.name}`,
    `          image: ${main.image}`,
    `          command: ${JSON.stringify(main.command)}`,
    ''
  ].join('\n')
  return loadManifests([{ text, file }], { namespace: 'default' }).jobs
}

describe('failedPodAnnotations', () => {
  test('each failed pod points at its container in the manifest file and shows the end of its log', () => {
    const c = indexedFailed(root)
    const annotations = failedPodAnnotations([c.result], loaded(c.result, 'k8s/shards.yaml'), {
      mask,
      workspace
    })
    expect(annotations.map(a => a.title)).toEqual([
      'Job shards: pod shards-3-m9d3f (index 3) failed',
      'Job shards: pod shards-3-b6wqs (index 3) failed',
      'Job shards: pod shards-7-k3pxa (index 7) failed',
      'Job shards: pod shards-7-wzbb1 (index 7) failed'
    ])
    // The second container, `- name: tests`, is on line 15.
    expect(annotations[0]).toEqual({
      level: 'error',
      title: 'Job shards: pod shards-3-m9d3f (index 3) failed',
      file: 'k8s/shards.yaml',
      startLine: 15,
      startColumn: expect.any(Number),
      message: [
        'Container "tests" exited with code 1.',
        '',
        'Last 10 lines of its log:',
        '  ✓ shard 3 test 38 (114 ms)',
        '  ✓ shard 3 test 39 (117 ms)',
        '  ✓ shard 3 test 40 (120 ms)',
        '',
        '  40 passing',
        '  1 failing',
        '',
        '  1) shard 3 (attempt 1): checkout total',
        '     AssertionError: expected 41 to equal 42',
        '      at Context.<anonymous> (test/cart.test.js:17:12)'
      ].join('\n')
    })
  })

  test('an init container that failed is where the annotation points', () => {
    const c = buildCase(
      {
        name: 'init',
        container: container({ name: 'main', image: 'busybox:1.36', command: ['true'] }),
        pods: [{ start: 0, seconds: 1, exitCode: 0 }],
        status: 'Failed',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit'
      },
      root
    )
    const pod = c.result.pods[0]
    pod.phase = 'Failed'
    pod.initContainerStatuses = [
      { ...pod.containerStatuses[0], name: 'fetch', exitCode: 8, reason: 'Error', logs: [] }
    ]
    pod.containerStatuses = [
      { ...pod.containerStatuses[0], state: 'waiting', waitingReason: 'PodInitializing', exitCode: undefined }
    ]
    const [annotation] = failedPodAnnotations([c.result], loaded(c.result, 'job.yaml', true), {
      mask,
      workspace
    })
    expect(annotation.message).toBe('Container "fetch" exited with code 8.')
    expect(annotation.file).toBe('job.yaml')
    // `- name: fetch`, the first init container, is on line 11.
    expect(annotation.startLine).toBe(11)
  })

  test.each([
    ['an inline manifest (the job input)', '<job input>'],
    ['a file outside the workspace', '/etc/job.yaml'],
    ['a file above the workspace', '../other/job.yaml']
  ])('%s: no file, no line', (_name, file) => {
    const c = hostile(root)
    const [annotation] = failedPodAnnotations([c.result], loaded(c.result, file), { mask, workspace })
    expect(annotation.file).toBeUndefined()
    expect(annotation.startLine).toBeUndefined()
    expect(annotation.title).toBe('Job migrate: pod migrate-p4564 failed')
  })

  test('the Secret is masked and terminal escapes are gone', () => {
    const c = hostile(root)
    const [annotation] = failedPodAnnotations([c.result], loaded(c.result, 'job.yaml'), { mask, workspace })
    expect(annotation.message).toContain('password=***')
    expect(annotation.message).not.toContain(secret)
    expect(annotation.message).toContain('\nERROR:  relation "users" does not exist\n')
  })

  test.each([
    ['the runner keeps ten', undefined, 10],
    ['one left to the step failure', 9, 9]
  ])('27 failed pods, %s: the first ones, in creation order', (_name, limit, expected) => {
    // The Job completed: its failed pods are warnings, which the runner counts apart from errors.
    const c = many(root, 300, false)
    const annotations = failedPodAnnotations([c.result], loaded(c.result, 'job.yaml'), {
      mask,
      workspace,
      warningLimit: limit
    })
    expect(new Set(annotations.map(a => a.level))).toEqual(new Set(['warning']))
    expect(failedPodCount([c.result])).toBe(27)
    expect(annotations).toHaveLength(expected)
    const firstFailed = c.result.pods.filter(p => p.phase === 'Failed').slice(0, expected)
    expect(annotations.map(a => a.title)).toEqual(
      firstFailed.map(p => `Job many: pod ${p.name} (index ${p.index}) failed`)
    )
  })

  test('a stopped pod says why', () => {
    const c = buildCase(
      {
        name: 'nightly',
        spec: { activeDeadlineSeconds: 30 },
        container: container({ name: 'etl', image: 'busybox:1.36', command: ['sh', '-c', 'etl'] }),
        pods: [{ start: 0, seconds: 30, exitCode: 143, signal: 15, stopped: true }],
        status: 'Failed',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline'
      },
      root
    )
    const [annotation] = failedPodAnnotations([c.result], [], { mask, workspace })
    expect(annotation.message).toBe(
      'Container "etl" exited with code 143, signal 15.\nStopped as the Job failed (DeadlineExceeded).'
    )
  })
})
