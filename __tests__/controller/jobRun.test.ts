import { describe, expect, test } from '@jest/globals'
import { byIndex, conditions, eventReasons, exitWith, runVirtual } from '../support/virtualRun.js'

const job = (spec: string, podSpec = '', containerExtra = ''): string => `
apiVersion: batch/v1
kind: Job
metadata:
  name: demo
spec:
${spec
  .trim()
  .split('\n')
  .map(l => `  ${l}`)
  .join('\n')}
  template:
    spec:
      restartPolicy: Never
${podSpec
  .trim()
  .split('\n')
  .filter(Boolean)
  .map(l => `      ${l}`)
  .join('\n')}
      containers:
        - name: c
          image: busybox
          command: ["sh", "-c", "true"]
${containerExtra}
`

describe('JobRun in virtual time', () => {
  test('a single pod that succeeds: SuccessCriteriaMet then Complete, CompletionsReached', async () => {
    const result = await runVirtual(job('backoffLimit: 4'), exitWith(0))
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('CompletionsReached')
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet/CompletionsReached',
      'Complete/CompletionsReached'
    ])
    expect(result.job.status.succeeded).toBe(1)
    expect(result.job.status.failed).toBeUndefined()
    expect(result.job.status.completionTime).toBeDefined()
    expect(result.events.map(e => `${e.type} ${e.reason} ${e.message}`)).toEqual([
      'Normal SuccessfulCreate Created pod: demo-bbbbb',
      'Normal Completed Job completed'
    ])
    expect(result.pods[0].phase).toBe('Succeeded')
  })

  test('six failures with the default 10 s base wait 10+20+40+80+160+320 s, then BackoffLimitExceeded', async () => {
    const started = Date.now()
    const result = await runVirtual(job(''), exitWith(1, 1000))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('BackoffLimitExceeded')
    expect(result.job.status.failed).toBe(7)
    expect(result.pods).toHaveLength(7)
    // 7 pods of 1 s each plus 630 s of backoff between them.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(630_000 + 7_000)
    expect(result.elapsedMs).toBeLessThan(630_000 + 7_000 + 1000)
    const created = result.pods.map(p => p.creationTimestamp - result.pods[0].creationTimestamp)
    const gaps = created.slice(1).map((t, i) => t - created[i])
    expect(gaps).toEqual([11_000, 21_000, 41_000, 81_000, 161_000, 321_000])
    expect(conditions(result)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded'])
    expect(eventReasons(result).at(-1)).toBe('BackoffLimitExceeded')
  })

  test('the backoff is capped at 36 × base', async () => {
    const result = await runVirtual(job('backoffLimit: 9'), exitWith(1, 0))
    const created = result.pods.map(p => p.creationTimestamp)
    const gaps = created.slice(1).map((t, i) => t - created[i])
    expect(gaps).toEqual([10, 20, 40, 80, 160, 320, 360, 360, 360].map(s => s * 1000))
  })

  test('backoffLimit 2 with a 100 ms base: exactly 3 failed pods', async () => {
    const result = await runVirtual(job('backoffLimit: 2'), exitWith(1, 5), { backoffBaseMs: 100 })
    expect(result.status).toBe('Failed')
    expect(result.job.status.failed).toBe(3)
    expect(result.pods.every(p => p.phase === 'Failed')).toBe(true)
  })

  test('parallelism 2, completions 4: never more than 2 at once, exactly 4 succeed', async () => {
    const result = await runVirtual(job('parallelism: 2\ncompletions: 4'), exitWith(0))
    expect(result.engine.maxRunning).toBe(2)
    expect(result.job.status.succeeded).toBe(4)
    expect(result.pods).toHaveLength(4)
  })

  test('Indexed, 8 completions at parallelism 3: each index once, lowest first', async () => {
    const result = await runVirtual(
      job('completionMode: Indexed\ncompletions: 8\nparallelism: 3'),
      exitWith(0)
    )
    expect(result.engine.maxRunning).toBe(3)
    expect(result.job.status.completedIndexes).toBe('0-7')
    expect(result.pods.map(p => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(result.pods[2].name).toMatch(/^demo-2-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(result.pods[2].hostname).toBe('demo-2')
    expect(result.engine.launches[2].env).toContainEqual(['JOB_COMPLETION_INDEX', '2'])
  })

  test('activeDeadlineSeconds: running pods are deleted and counted, then DeadlineExceeded', async () => {
    const result = await runVirtual(job('parallelism: 2\ncompletions: 4\nactiveDeadlineSeconds: 5'), () => ({
      exitCode: 0,
      durationMs: Infinity
    }))
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('DeadlineExceeded')
    expect(result.job.status.failed).toBe(2)
    expect(result.elapsedMs).toBe(5000)
    expect(eventReasons(result)).toEqual([
      'SuccessfulCreate',
      'SuccessfulCreate',
      'SuccessfulDelete',
      'SuccessfulDelete',
      'DeadlineExceeded'
    ])
    expect(conditions(result)).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded'])
  })

  test('OnFailure: restarts in place count toward backoffLimit; the pod is deleted and counted once', async () => {
    const manifest = job('backoffLimit: 2').replace('restartPolicy: Never', 'restartPolicy: OnFailure')
    const result = await runVirtual(manifest, exitWith(1, 10), { backoffBaseMs: 1000 })
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('BackoffLimitExceeded')
    expect(result.pods).toHaveLength(1)
    expect(result.pods[0].containerStatuses[0].restartCount).toBe(2)
    expect(result.job.status.failed).toBe(1)
    expect(result.pods[0].containerStatuses[0].logs).toEqual([
      '/virtual/demo-bbbbb/c.log',
      '/virtual/demo-bbbbb/c.1.log',
      '/virtual/demo-bbbbb/c.2.log'
    ])
  })

  test('podFailurePolicy FailJob on an exit code fails the Job at once', async () => {
    const result = await runVirtual(
      job(`
parallelism: 2
completions: 4
podFailurePolicy:
  rules:
    - action: FailJob
      onExitCodes:
        operator: In
        values: [42]`),
      exitWith(42)
    )
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('PodFailurePolicy')
    const failedCondition = result.job.status.conditions?.find(c => c.type === 'Failed')
    expect(failedCondition?.message).toBe(
      'Container c for pod default/demo-bbbbb failed with exit code 42 matching FailJob rule at index 0'
    )
  })

  test('e2e: should execute all indexes despite some failing when using backoffLimitPerIndex', async () => {
    const result = await runVirtual(
      job('completionMode: Indexed\ncompletions: 4\nparallelism: 2\nbackoffLimitPerIndex: 1'),
      byIndex(index => (index % 2 === 1 ? 1 : 0))
    )
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('FailedIndexes')
    expect(result.job.status.failedIndexes).toBe('1,3')
    expect(result.job.status.completedIndexes).toBe('0,2')
    expect(result.job.status.failed).toBe(4)
    expect(result.job.status.succeeded).toBe(2)
  })

  test('e2e: should terminate job execution when the number of failed indexes exceeds maxFailedIndexes', async () => {
    const result = await runVirtual(
      job(
        'completionMode: Indexed\ncompletions: 4\nparallelism: 1\nbackoffLimitPerIndex: 0\nmaxFailedIndexes: 0'
      ),
      exitWith(1)
    )
    expect(result.reason).toBe('MaxFailedIndexesExceeded')
    expect(result.job.status.failedIndexes).toBe('0')
    expect(result.job.status.failed).toBe(1)
  })

  test('e2e: with successPolicy succeededIndexes rule should succeed even when some indexes remain pending', async () => {
    const result = await runVirtual(
      job(`
completionMode: Indexed
completions: 5
parallelism: 2
successPolicy:
  rules:
    - succeededIndexes: "0"`),
      byIndex(index => (index % 2 === 1 ? 1 : 0))
    )
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('SuccessPolicy')
    expect(conditions(result)).toEqual(['SuccessCriteriaMet/SuccessPolicy', 'Complete/SuccessPolicy'])
    expect(result.job.status.completedIndexes).toBe('0')
    expect(result.job.status.succeeded).toBe(1)
  })

  test('a Job created suspended runs nothing', async () => {
    const result = await runVirtual(job('suspend: true\nparallelism: 2\ncompletions: 4'), exitWith(0))
    expect(result.status).toBe('Suspended')
    expect(result.pods).toHaveLength(0)
    expect(result.job.status.startTime).toBeUndefined()
    expect(conditions(result)).toEqual(['Suspended/JobSuspended'])
    expect(eventReasons(result)).toEqual(['Suspended'])
  })

  test('completions 0 completes at once without pods', async () => {
    const result = await runVirtual(job('completions: 0'), exitWith(0))
    expect(result.status).toBe('Complete')
    expect(result.pods).toHaveLength(0)
  })
})
