/**
 * JobRun (src/runner/jobRun.ts) in virtual time: the controller, the kubelet and JobRun over the
 * scripted engine, whole runs from start to end and runs with pods deleted, evicted, suspended or
 * cancelled while the Job runs — the histories Kubernetes' controller would write, checked in
 * status, conditions, events and pods.
 */
import { describe, expect, test } from '@jest/globals'
import { describeJob } from '../../src/report/describe.js'
import type { ContainerLaunch } from '../../src/runtime/types.js'
import type { ScriptedAttempt } from '../support/scriptedEngine.js'
import {
  attemptCounter,
  byIndex,
  exitWith,
  jobManifest,
  runVirtual,
  type VirtualRunResult
} from '../support/virtualRun.js'

const SECOND = 1000
const forever: ScriptedAttempt = { exitCode: 0, durationMs: Infinity }

const conditions = (r: VirtualRunResult): string[] =>
  (r.job.status.conditions ?? []).map(c => `${c.type}=${c.status} ${c.reason}`)
const events = (r: VirtualRunResult): string[] => r.events.map(e => `${e.type} ${e.reason} ${e.message}`)
/** Event reasons, an aggregated one with its count. */
const eventReasons = (r: VirtualRunResult): string[] =>
  r.events.map(e => (e.count > 1 ? `${e.reason} x${e.count}` : e.reason))
const conditionTime = (r: VirtualRunResult, type: string): number =>
  Date.parse(r.job.status.conditions?.find(c => c.type === type)?.lastTransitionTime ?? '') - r.startedAt

describe('a run from start to end', () => {
  test('a single pod that succeeds: SuccessCriteriaMet then Complete, CompletionsReached', async () => {
    const result = await runVirtual(jobManifest('backoffLimit: 4'), exitWith(0))
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('CompletionsReached')
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet=True CompletionsReached',
      'Complete=True CompletionsReached'
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
    const result = await runVirtual(jobManifest(''), exitWith(1, 1000))
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
    expect(conditions(result)).toEqual([
      'FailureTarget=True BackoffLimitExceeded',
      'Failed=True BackoffLimitExceeded'
    ])
    expect(eventReasons(result).at(-1)).toBe('BackoffLimitExceeded')
  })

  test('the backoff is capped at 36 × base', async () => {
    const result = await runVirtual(jobManifest('backoffLimit: 9'), exitWith(1, 0))
    const created = result.pods.map(p => p.creationTimestamp)
    const gaps = created.slice(1).map((t, i) => t - created[i])
    expect(gaps).toEqual([10, 20, 40, 80, 160, 320, 360, 360, 360].map(s => s * 1000))
  })

  test('backoffLimit 2 with a 100 ms base: exactly 3 failed pods', async () => {
    const result = await runVirtual(jobManifest('backoffLimit: 2'), exitWith(1, 5), { backoffBaseMs: 100 })
    expect(result.status).toBe('Failed')
    expect(result.job.status.failed).toBe(3)
    expect(result.pods.every(p => p.phase === 'Failed')).toBe(true)
  })

  test('parallelism 2, completions 4: never more than 2 at once, exactly 4 succeed', async () => {
    const result = await runVirtual(jobManifest('parallelism: 2\ncompletions: 4'), exitWith(0))
    expect(result.engine.maxRunning).toBe(2)
    expect(result.job.status.succeeded).toBe(4)
    expect(result.pods).toHaveLength(4)
  })

  test('Indexed, 8 completions at parallelism 3: each index once, lowest first', async () => {
    const result = await runVirtual(
      jobManifest('completionMode: Indexed\ncompletions: 8\nparallelism: 3'),
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
    const result = await runVirtual(
      jobManifest('parallelism: 2\ncompletions: 4\nactiveDeadlineSeconds: 5'),
      () => ({
        exitCode: 0,
        durationMs: Infinity
      })
    )
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
    expect(conditions(result)).toEqual([
      'FailureTarget=True DeadlineExceeded',
      'Failed=True DeadlineExceeded'
    ])
  })

  test('OnFailure: restarts in place count toward backoffLimit; the pod is deleted and counted once', async () => {
    const manifest = jobManifest('backoffLimit: 2', 'OnFailure')
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
      jobManifest(`
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
      jobManifest('completionMode: Indexed\ncompletions: 4\nparallelism: 2\nbackoffLimitPerIndex: 1'),
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
      jobManifest(
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
      jobManifest(`
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
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet=True SuccessPolicy',
      'Complete=True SuccessPolicy'
    ])
    expect(result.job.status.completedIndexes).toBe('0')
    expect(result.job.status.succeeded).toBe(1)
  })

  test('a Job created suspended runs nothing', async () => {
    const result = await runVirtual(jobManifest('suspend: true\nparallelism: 2\ncompletions: 4'), exitWith(0))
    expect(result.status).toBe('Suspended')
    expect(result.pods).toHaveLength(0)
    expect(result.job.status.startTime).toBeUndefined()
    expect(conditions(result)).toEqual(['Suspended=True JobSuspended'])
    expect(eventReasons(result)).toEqual(['Suspended'])
  })

  test('completions 0 completes at once without pods', async () => {
    const result = await runVirtual(jobManifest('completions: 0'), exitWith(0))
    expect(result.status).toBe('Complete')
    expect(result.pods).toHaveLength(0)
  })
})

describe('failing: FailureTarget first, Failed once every pod has terminated', () => {
  test('a FailJob match deletes the running sibling, counts it as failed, and waits for its grace period', async () => {
    let launched = 0
    const result = await runVirtual(
      jobManifest(
        `
parallelism: 2
completions: 2
podFailurePolicy:
  rules:
    - action: FailJob
      onExitCodes: { operator: In, values: [42] }`,
        'Never',
        'terminationGracePeriodSeconds: 30'
      ),
      () => (launched++ === 0 ? { exitCode: 42, durationMs: SECOND } : { ...forever, ignoresSigterm: true })
    )
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('PodFailurePolicy')
    const message =
      'Container c for pod default/demo-bbbbb failed with exit code 42 matching FailJob rule at index 0'
    expect(conditions(result)).toEqual([
      'FailureTarget=True PodFailurePolicy',
      'Failed=True PodFailurePolicy'
    ])
    expect(result.job.status.conditions?.[1].message).toBe(message)
    expect(conditionTime(result, 'FailureTarget')).toBe(1 * SECOND)
    expect(conditionTime(result, 'Failed')).toBe(31 * SECOND)
    expect(result.job.status).toMatchObject({ failed: 2, ready: 0, terminating: 0 })
    expect(result.job.status.active).toBeUndefined()
    expect(events(result)).toEqual([
      'Normal SuccessfulCreate Created pod: demo-bbbbb',
      'Normal SuccessfulCreate Created pod: demo-bbbbc',
      'Normal SuccessfulDelete Deleted pod: demo-bbbbc',
      `Warning PodFailurePolicy ${message}`
    ])
    // Both pods stay in the report, the killed one with its SIGKILL and its log.
    expect(result.pods.map(p => [p.name, p.phase, p.containerStatuses[0].exitCode])).toEqual([
      ['demo-bbbbb', 'Failed', 42],
      ['demo-bbbbc', 'Failed', 137]
    ])
    expect(result.pods[1].containerStatuses[0].logs).toEqual(['/virtual/demo-bbbbc/c.log'])
  })

  test('activeDeadlineSeconds fires during the backoff wait: no pod is running, Failed at once', async () => {
    const result = await runVirtual(jobManifest('activeDeadlineSeconds: 30'), () => ({
      exitCode: 1,
      durationMs: SECOND
    }))
    expect(result.reason).toBe('DeadlineExceeded')
    expect(result.elapsedMs).toBe(30 * SECOND)
    // 1 s run, 10 s backoff, 1 s run, 20 s backoff: the third pod would start at 32 s.
    expect(result.pods).toHaveLength(2)
    expect(result.job.status.failed).toBe(2)
    expect(conditions(result)).toEqual([
      'FailureTarget=True DeadlineExceeded',
      'Failed=True DeadlineExceeded'
    ])
  })

  test("the pod's own activeDeadlineSeconds: Failed with reason DeadlineExceeded, counted, replaced", async () => {
    const result = await runVirtual(
      jobManifest('backoffLimit: 1', 'Never', 'activeDeadlineSeconds: 2'),
      () => forever,
      { backoffBaseMs: 100 }
    )
    expect(result.reason).toBe('BackoffLimitExceeded')
    expect(result.pods.map(p => [p.phase, p.reason, p.message])).toEqual([
      ['Failed', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline']
    ])
    expect(result.job.status.failed).toBe(2)
  })

  test('OnFailure with backoffLimit 0: the first in-place restart fails the Job; every attempt keeps its log', async () => {
    const result = await runVirtual(jobManifest('backoffLimit: 0', 'OnFailure'), () => ({
      exitCode: 1,
      durationMs: SECOND
    }))
    expect(result.reason).toBe('BackoffLimitExceeded')
    expect(result.pods).toHaveLength(1)
    expect(result.pods[0].containerStatuses[0]).toMatchObject({
      restartCount: 1,
      logs: ['/virtual/demo-bbbbb/c.log', '/virtual/demo-bbbbb/c.1.log']
    })
    expect(result.job.status.failed).toBe(1)
  })
})

describe('succeeding', () => {
  test('successPolicy: SuccessCriteriaMet, the other indexes are deleted and not counted, then Complete', async () => {
    const result = await runVirtual(
      jobManifest(`
completionMode: Indexed
completions: 3
parallelism: 3
successPolicy:
  rules:
    - succeededIndexes: "0"`),
      launch => (launch.pod.index === 0 ? { exitCode: 0, durationMs: SECOND } : forever)
    )
    expect(result.status).toBe('Complete')
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet=True SuccessPolicy',
      'Complete=True SuccessPolicy'
    ])
    expect(result.job.status).toMatchObject({ succeeded: 1, completedIndexes: '0', terminating: 0 })
    expect(result.job.status.failed).toBeUndefined()
    expect(result.job.status.completionTime).toBe(result.job.status.conditions?.[1].lastTransitionTime)
    expect(events(result).slice(3)).toEqual([
      'Normal SuccessfulDelete Deleted pod: demo-1-bbbbc',
      'Normal SuccessfulDelete Deleted pod: demo-2-bbbbd',
      'Normal Completed Job completed'
    ])
  })

  test('a work queue (completions unset): after the first success no pod starts; it completes when all have ended', async () => {
    const result = await runVirtual(jobManifest('parallelism: 3'), launch =>
      launch.pod.podName.endsWith('bbbbb')
        ? { exitCode: 0, durationMs: SECOND }
        : { exitCode: 1, durationMs: 5 * SECOND }
    )
    expect(result.status).toBe('Complete')
    expect(result.pods).toHaveLength(3)
    expect(result.job.status).toMatchObject({ succeeded: 1, failed: 2 })
    expect(result.elapsedMs).toBe(5 * SECOND)
  })
})

describe('podReplacementPolicy decides when a deleted pod is replaced', () => {
  const manifest = (policy: string): string =>
    jobManifest(
      `backoffLimit: 1\npodReplacementPolicy: ${policy}`,
      'Never',
      'terminationGracePeriodSeconds: 5'
    )
  const script = (): ((launch: ContainerLaunch) => ScriptedAttempt) => {
    const attempt = attemptCounter()
    return launch =>
      attempt(launch) === 0 ? { ...forever, ignoresSigterm: true } : { exitCode: 0, durationMs: SECOND }
  }

  test('Failed: terminating 1, failed 0 until the deleted pod has exited; then failed 1 and the replacement', async () => {
    const seen: string[] = []
    const result = await runVirtual(manifest('Failed'), script(), {
      backoffBaseMs: 100,
      during: hand => {
        hand.at(SECOND, () => hand.run.deletePod(hand.pods()[0]))
        const status = (): string => {
          const s = hand.run.controller.job.status
          return `active ${s.active ?? 0}, failed ${s.failed ?? 0}, terminating ${s.terminating}`
        }
        hand.at(3 * SECOND, () => seen.push(status()))
        hand.at(6200, () => seen.push(status()))
      }
    })
    expect(seen).toEqual(['active 0, failed 0, terminating 1', 'active 1, failed 1, terminating 0'])
    expect(result.pods[1].creationTimestamp).toBeGreaterThanOrEqual(result.pods[0].finishTime ?? Infinity)
    expect(result.status).toBe('Complete')
  })

  test('TerminatingOrFailed: counted at once, replaced while the old pod terminates; Complete waits for it', async () => {
    const result = await runVirtual(manifest('TerminatingOrFailed'), script(), {
      backoffBaseMs: 100,
      during: hand => hand.at(SECOND, () => hand.run.deletePod(hand.pods()[0]))
    })
    const [old, replacement] = result.pods
    expect(replacement.creationTimestamp - result.startedAt).toBe(1100)
    expect(old.finishTime).toBe(result.startedAt + 6 * SECOND)
    expect(result.job.status).toMatchObject({ failed: 1, succeeded: 1, terminating: 0 })
    expect(conditionTime(result, 'SuccessCriteriaMet')).toBe(2 * SECOND)
    expect(conditionTime(result, 'Complete')).toBe(6 * SECOND)
  })
})

describe('eviction and DisruptionTarget', () => {
  test('evicted pods match an Ignore rule on DisruptionTarget: not counted, but they lengthen the backoff', async () => {
    const attempt = attemptCounter()
    const result = await runVirtual(
      jobManifest(`
completionMode: Indexed
completions: 3
parallelism: 3
backoffLimit: 2
podFailurePolicy:
  rules:
    - action: Ignore
      onPodConditions: [{ type: DisruptionTarget }]`),
      launch => (attempt(launch) === 0 ? forever : { exitCode: 0, durationMs: SECOND }),
      {
        during: hand => hand.at(SECOND, () => [...hand.pods()].forEach(pod => hand.run.evictPod(pod)))
      }
    )
    expect(result.status).toBe('Complete')
    expect(result.job.status.failed).toBeUndefined()
    expect(result.job.status.succeeded).toBe(3)
    expect(
      result.pods.slice(0, 3).map(p => p.conditions.map(c => `${c.type} ${c.reason} ${c.message}`))
    ).toEqual(Array(3).fill(['DisruptionTarget EvictionByEvictionAPI Eviction API: evicting']))
    // Three ignored failures at 1 s: 10 s × 2² of backoff before the replacements.
    expect(result.pods.slice(3).map(p => p.creationTimestamp - result.startedAt)).toEqual(
      [41, 41, 41].map(s => s * SECOND)
    )
  })
})

describe('suspend', () => {
  test('suspending deletes the pods without counting them; resuming restarts startTime and the pods', async () => {
    const result = await runVirtual(
      jobManifest('parallelism: 2\ncompletions: 4'),
      () => ({ exitCode: 0, durationMs: 10 * SECOND }),
      {
        waitWhileSuspended: true,
        during: hand => {
          hand.at(5 * SECOND, () => hand.run.setSuspend(true))
          hand.at(20 * SECOND, () => hand.run.setSuspend(false))
        }
      }
    )
    expect(result.status).toBe('Complete')
    expect(result.job.status).toMatchObject({ succeeded: 4, terminating: 0 })
    expect(result.job.status.failed).toBeUndefined()
    expect(Date.parse(result.job.status.startTime ?? '') - result.startedAt).toBe(20 * SECOND)
    expect(conditions(result)).toEqual([
      'Suspended=False JobResumed',
      'SuccessCriteriaMet=True CompletionsReached',
      'Complete=True CompletionsReached'
    ])
    expect(events(result).map(e => e.split(' ')[1])).toEqual([
      'SuccessfulCreate',
      'SuccessfulCreate',
      'SuccessfulDelete',
      'SuccessfulDelete',
      'Suspended',
      'SuccessfulCreate',
      'SuccessfulCreate',
      'Resumed',
      'SuccessfulCreate',
      'SuccessfulCreate',
      'Completed'
    ])
    expect(result.elapsedMs).toBe(40 * SECOND)
  })

  test('a Job created suspended ends the run at once with status Suspended, no startTime', async () => {
    const result = await runVirtual(jobManifest('suspend: true'), () => forever)
    expect(result.status).toBe('Suspended')
    expect(result.reason).toBe('JobSuspended')
    expect(result.job.status.startTime).toBeUndefined()
    expect(events(result)).toEqual(['Normal Suspended Job suspended'])
  })
})

describe('cancellation and managedBy', () => {
  test('a cancelled run stops every pod (DisruptionTarget), counts them, creates nothing more', async () => {
    const result = await runVirtual(jobManifest('parallelism: 2\ncompletions: 4'), () => forever, {
      during: hand => hand.at(5 * SECOND, () => hand.run.cancel(1000))
    })
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('Cancelled')
    expect(result.cancelled).toBe(true)
    expect(result.pods).toHaveLength(2)
    expect(
      result.pods.every(p => p.phase === 'Failed' && p.conditions[0]?.reason === 'TerminationByKubelet')
    ).toBe(true)
    expect(result.job.status).toMatchObject({ failed: 2, terminating: 0 })
    expect(result.job.status.conditions).toBeUndefined()
  })

  test('a second cancel with a shorter grace kills the pods still stopping at once (docker has no other way)', async () => {
    const result = await runVirtual(
      jobManifest('parallelism: 2\ncompletions: 2'),
      () => ({ ...forever, ignoresSigterm: true }),
      {
        during: hand => {
          hand.at(5 * SECOND, () => hand.run.cancel(30 * SECOND))
          hand.at(6 * SECOND, () => hand.run.cancel(0))
          // A longer grace afterwards changes nothing.
          hand.at(6 * SECOND, () => hand.run.cancel(10 * SECOND))
        }
      }
    )
    expect(result.cancelled).toBe(true)
    // Without the second cancel, SIGKILL would come at 35 s.
    expect(result.endedAt - result.startedAt).toBe(6 * SECOND)
    expect(result.pods.map(p => p.containerStatuses[0].exitCode)).toEqual([137, 137])
    expect(result.pods.map(p => p.containerStatuses[0].finishedAt! - result.startedAt)).toEqual([
      6 * SECOND,
      6 * SECOND
    ])
    expect(result.job.status).toMatchObject({ failed: 2, terminating: 0 })
  })

  test('a single cancel keeps its grace period', async () => {
    const result = await runVirtual(
      jobManifest('parallelism: 1\ncompletions: 1'),
      () => ({ ...forever, ignoresSigterm: true }),
      { during: hand => hand.at(5 * SECOND, () => hand.run.cancel(30 * SECOND)) }
    )
    expect(result.endedAt - result.startedAt).toBe(35 * SECOND)
  })

  test('a Job managed by another controller is left alone: nothing runs and its status stays {}', async () => {
    const result = await runVirtual(
      jobManifest('managedBy: example.com/custom-job-controller'),
      () => forever
    )
    expect(result.pods).toHaveLength(0)
    expect(result.job.status).toEqual({})
    expect(result.reason).toBe('ManagedByExternalController')
  })
})

describe('backoffLimitPerIndex', () => {
  test('each index waits for its own backoff; the failure count travels on the pods; FailedIndexes', async () => {
    const result = await runVirtual(
      jobManifest('completionMode: Indexed\ncompletions: 2\nparallelism: 2\nbackoffLimitPerIndex: 2'),
      launch => ({ exitCode: launch.pod.index === 0 ? 1 : 0, durationMs: SECOND })
    )
    expect(result.reason).toBe('FailedIndexes')
    const index0 = result.pods.filter(p => p.index === 0)
    expect(index0.map(p => p.annotations['batch.kubernetes.io/job-index-failure-count'])).toEqual([
      '0',
      '1',
      '2'
    ])
    // Fails at 1 s; 10 s later a retry that fails at 12 s; 20 s later the last one.
    expect(index0.map(p => (p.creationTimestamp - result.startedAt) / SECOND)).toEqual([0, 11, 32])
    expect(result.job.status).toMatchObject({
      failed: 3,
      succeeded: 1,
      failedIndexes: '0',
      completedIndexes: '1'
    })
  })
})

describe('the describe text of a history', () => {
  test('kubectl describe sample E: a Job killed by its deadline, one pod done, one deleted after a 30 s grace', async () => {
    const result = await runVirtual(
      jobManifest(
        'completions: 2\nparallelism: 1\nactiveDeadlineSeconds: 90',
        'Never',
        'terminationGracePeriodSeconds: 30'
      ),
      // `sh -c "sleep 75"` as PID 1 does not stop on SIGTERM: SIGKILL at the end of the grace period.
      () => ({ exitCode: 0, durationMs: 75 * SECOND, ignoresSigterm: true })
    )
    const text = describeJob({
      job: result.job,
      events: result.events,
      now: result.endedAt + 187 * SECOND,
      utcOffsetMinutes: 0
    })
    expect(text).toContain('Pods Statuses:            0 Active (0 Ready) / 1 Succeeded / 1 Failed\n')
    expect(text).not.toContain('Completed At:')
    expect(text.slice(text.indexOf('Events:'))).toBe(
      [
        'Events:',
        '  Type     Reason            Age    From            Message',
        '  ----     ------            ----   ----            -------',
        '  Normal   SuccessfulCreate  5m7s   job-controller  Created pod: demo-bbbbb',
        '  Normal   SuccessfulCreate  3m52s  job-controller  Created pod: demo-bbbbc',
        '  Normal   SuccessfulDelete  3m37s  job-controller  Deleted pod: demo-bbbbc',
        '  Warning  DeadlineExceeded  3m7s   job-controller  Job was active longer than specified deadline',
        ''
      ].join('\n')
    )
  })
})

describe('a Job that can never progress', () => {
  test('parallelism 0: Kubernetes keeps it paused; the run ends at once instead of hanging', async () => {
    const result = await runVirtual(jobManifest('parallelism: 0\ncompletions: 2'), () => forever)
    expect(result.status).toBe('Suspended')
    expect(result.reason).toBe('ParallelismZero')
    expect(result.pods).toHaveLength(0)
    expect(result.job.status.startTime).toBeDefined()
    expect(result.job.status.conditions).toBeUndefined()
  })
})

describe('status.ready', () => {
  test('follows the containers: a pod with one of its two containers exited is no longer ready', async () => {
    const manifest = jobManifest('completions: 1').replace(
      '      containers:\n',
      '      containers:\n        - { name: d, image: busybox, command: ["true"] }\n'
    )
    const seen: number[] = []
    await runVirtual(
      manifest,
      launch => ({ exitCode: 0, durationMs: launch.container.name === 'c' ? SECOND : 5 * SECOND }),
      {
        during: hand => {
          hand.at(500, () => seen.push(hand.run.controller.job.status.ready ?? -1))
          hand.at(2 * SECOND, () => seen.push(hand.run.controller.job.status.ready ?? -1))
        }
      }
    )
    expect(seen).toEqual([1, 0])
  })
})
