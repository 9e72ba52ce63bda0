/**
 * Behaviours of the Kubernetes Job controller (v1.37.2, pkg/controller/job) that the conformance
 * oracle (conformance/, docs/conformance.md) found job-action doing differently, each pinned as
 * Kubernetes behaves. The numbers are the real controller's, read from the oracle's traces of the
 * scenarios named in each case (conformance/scenarios/).
 */
import { describe, expect, test } from '@jest/globals'
import { JobController } from '../../src/controller/jobController.js'
import { sequentialSuffix } from '../../src/controller/podNames.js'
import { VirtualClock } from '../support/virtualClock.js'
import { attemptCounter, jobManifest, runVirtual } from '../support/virtualRun.js'
import { buildPod, newJob, referenceTime, syncJob } from './support/fixtures.js'

const second = 1000

describe('the pod-failure backoff is requeued no sooner than SyncJobBatchPeriod (scenario backoff-requeue-floor)', () => {
  // enqueueSyncJobWithDelay raises a delay below SyncJobBatchPeriod (1 s for the 10 s base) to it.
  test.each([
    ['a replacement due in 0.214 s is looked at again after 1 s', 9_786, 1_000],
    ['a replacement due in 0.999 s is looked at again after 1 s', 9_001, 1_000],
    ['a replacement due in 5 s is looked at again after exactly 5 s', 5_000, 5_000]
  ])('%s', (_name, sinceFailureMs, requeueMs) => {
    const { created, result } = syncJob(newJob({ parallelism: 1, completions: 1 }), [], {
      now: referenceTime,
      backoffRecord: { failuresAfterLastSuccess: 1, lastFailureTime: referenceTime - sinceFailureMs }
    })
    expect(created).toHaveLength(0)
    expect(result.requeueAfterMs).toBe(requeueMs)
  })

  test('the floor scales with the backoff base as the delays do: a tenth of it', () => {
    const clock = new VirtualClock(referenceTime)
    const controller = new JobController(newJob({ parallelism: 1, completions: 1 }), {
      clock,
      backoffBaseMs: 2 * second,
      randomSuffix: sequentialSuffix(),
      newUid: () => 'uid',
      backoffRecord: { failuresAfterLastSuccess: 1, lastFailureTime: referenceTime - 1_950 }
    })
    const result = controller.sync()
    expect(result.create).toHaveLength(0)
    expect(result.requeueAfterMs).toBe(200)
  })
})

describe('suspending a Job clears status.startTime (scenario suspend-clears-start-time)', () => {
  // MutableSchedulingDirectivesForSuspendedJobs, on by default since 1.36: the Suspended condition's
  // sync sets status.startTime to nil, so activeDeadlineSeconds starts again at the resume.
  test('a Job suspended past its activeDeadlineSeconds and resumed runs to completion', async () => {
    const manifest = jobManifest('completions: 1\nparallelism: 1\nactiveDeadlineSeconds: 30')
    let startTimeWhileSuspended: string | undefined = 'unset'
    const result = await runVirtual(manifest, () => ({ exitCode: 0, durationMs: 20 * second }), {
      waitWhileSuspended: true,
      during: hand => {
        hand.at(6 * second, () => hand.run.setSuspend(true))
        hand.at(20 * second, () => (startTimeWhileSuspended = hand.run.controller.job.status.startTime))
        hand.at(40 * second, () => hand.run.setSuspend(false))
      }
    })
    expect(startTimeWhileSuspended).toBeUndefined()
    expect(result.status).toBe('Complete')
    expect(result.job.status.succeeded).toBe(1)
    // The new startTime is the resume, 40 s after the start; the resumed pod ran its 20 s.
    expect(Date.parse(result.job.status.startTime as string) - result.startedAt).toBe(40 * second)
    expect(result.pods.map(pod => pod.creationTimestamp - result.startedAt)).toEqual([0, 40 * second])
  })
})

describe('a failed pod whose containers have not all terminated finished when it became not ready (scenario onfailure-pod-deadline-finish-time)', () => {
  // getFinishedTime: a container waiting in CrashLoopBackOff has no terminated state, so the
  // finish time is the Ready=False transition — the container's last exit, 3.208 s — and the
  // replacement is due 10 s later, at 13.208 s (not 10 s after the pod failed at 7 s).
  test('OnFailure, the pod activeDeadlineSeconds striking during the crash-loop delay', async () => {
    const manifest = jobManifest(
      'completions: 1\nparallelism: 1\npodReplacementPolicy: Failed',
      'OnFailure',
      'activeDeadlineSeconds: 7\nterminationGracePeriodSeconds: 0'
    )
    const attemptOf = attemptCounter()
    const result = await runVirtual(manifest, launch =>
      attemptOf(launch) < 2 ? { exitCode: 42, durationMs: 1_604 } : { exitCode: 0, durationMs: 3_419 }
    )
    const [first, replacement] = result.pods
    expect(first.reason).toBe('DeadlineExceeded')
    expect(replacement.creationTimestamp - first.creationTimestamp).toBe(13_208)
    expect(result.status).toBe('Complete')
  })
})

describe('failures seen in one sync with a per-index backoff all join failedIndexes (scenario failed-indexes-same-instant)', () => {
  // calculateFailedIndexes runs in every sync of a Job with backoffLimitPerIndex, FailJob or not.
  test('three indexes fail together, the first matching a FailJob rule', () => {
    const job = newJob({
      completionMode: 'Indexed',
      completions: 3,
      parallelism: 3,
      backoffLimitPerIndex: 0,
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [3, 42] } }]
      }
    })
    const pods = ['0', '1', '2'].map(index => buildPod().index(index).phase('Failed').terminated(143).Pod)
    const { status } = syncJob(job, pods)
    expect(status.failedIndexes).toBe('0-2')
    expect(status.failed).toBe(3)
    expect(status.conditions?.find(c => c.type === 'Failed')?.reason).toBe('PodFailurePolicy')
  })
})
