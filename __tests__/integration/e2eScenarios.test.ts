/**
 * The e2e scenarios of Kubernetes' test/e2e/apps/job.go that apply on one machine (reference §7),
 * each named after its e2e test, with real processes: loader, controller, kubelet, process engine
 * and log files, on the system clock with a short backoff base. The fixture's behaviours are shell
 * one-liners; the markers that `failOnce` and friends share between pods live in a temp folder.
 * Not ported: eviction by the API server's PDB machinery beyond the Eviction call itself, adoption
 * and release of orphans, the /status subresource, list/watch/patch of the Job object, and
 * [Feature:ContainerRestartRules] (container-level restartPolicy of regular containers).
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { systemClock } from '../../src/clock.js'
import { createLogManager } from '../../src/logs/logManager.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { configLookup } from '../../src/runner/runJobs.js'
import { createProcessEngine } from '../../src/runtime/process/processEngine.js'
import { loadManifests } from '../../src/api/load.js'
import type { JobStatus } from '../../src/api/model.js'
import { completionIndexKey, indexFailureCountKey } from '../../src/api/model.js'

let dir: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-e2e-'))
})
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The behaviours of test/e2e/framework/job/fixtures.go, as commands for the process runtime. */
const behavior = {
  succeed: ['sh', '-c', 'exit 0'],
  fail: ['sh', '-c', 'exit 1'],
  notTerminate: ['sleep', '1000000'],
  failOnce: (): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo ]; then exit 0; else touch ${dir}/foo; exit 1; fi`
  ],
  failOddSucceedEven: [
    'sh',
    '-c',
    'if [ $((JOB_COMPLETION_INDEX % 2)) -eq 1 ]; then exit 1; else exit 0; fi'
  ],
  failOncePerIndex: (): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo-$JOB_COMPLETION_INDEX ]; then exit 0; else touch ${dir}/foo-$JOB_COMPLETION_INDEX; exit 42; fi`
  ],
  notTerminateOncePerIndex: (): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo-$JOB_COMPLETION_INDEX ]; then exit 0; else touch ${dir}/foo-$JOB_COMPLETION_INDEX; sleep 1000000; fi`
  ]
}

interface JobOptions {
  name?: string
  spec: Record<string, unknown>
  command: string[]
  restartPolicy?: 'Never' | 'OnFailure'
  pod?: Record<string, unknown>
  container?: Record<string, unknown>
}

/** newTestJob: one container `c`, the e2e label, the given spec. */
function newTestJob(options: JobOptions): string {
  return JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.name ?? 'e2e' },
    spec: {
      ...options.spec,
      template: {
        metadata: { labels: { job: options.name ?? 'e2e' } },
        spec: {
          restartPolicy: options.restartPolicy ?? 'Never',
          ...options.pod,
          containers: [{ name: 'c', image: 'busybox', command: options.command, ...options.container }]
        }
      }
    }
  })
}

interface Run {
  run: JobRun
  result: Promise<JobRunResult>
}

async function runJob(
  manifest: string,
  options: {
    backoffBaseMs?: number
    waitWhileSuspended?: boolean
    during?: (run: JobRun) => Promise<void> | void
  } = {}
): Promise<JobRunResult> {
  const loaded = loadManifests([{ text: manifest, file: 'job.json' }], { namespace: 'default' })
  const runId = randomUUID()
  const engine = createProcessEngine({ workspace: dir, baseEnv: process.env, runId })
  const job = loaded.jobs[0].job
  const logs = createLogManager({
    mode: 'none',
    dir: path.join(dir, 'logs'),
    jobName: job.metadata.name,
    out: new PassThrough()
  })
  const started: Run = {
    run: new JobRun(job, {
      clock: systemClock,
      engine,
      logs,
      lookup: configLookup(loaded),
      runId,
      backoffBaseMs: options.backoffBaseMs ?? 20,
      waitWhileSuspended: options.waitWhileSuspended
    }),
    result: Promise.resolve(undefined as unknown as JobRunResult)
  }
  started.result = started.run.run()
  try {
    await options.during?.(started.run)
    return await started.result
  } finally {
    await logs.close()
    await engine.shutdown()
  }
}

/** Polls the Job's status (written by every sync) until the predicate holds. */
async function until(
  run: JobRun,
  predicate: (status: JobStatus) => boolean,
  what: string,
  timeoutMs = 10_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate(run.controller.job.status)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(run.controller.job.status)}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

const conditions = (r: JobRunResult): string[] =>
  (r.job.status.conditions ?? []).map(c => `${c.type} ${c.reason}`)
const counters = (status: JobStatus): Record<string, number> => ({
  active: status.active ?? 0,
  ready: status.ready ?? 0,
  terminating: status.terminating ?? 0
})
const idle = { active: 0, ready: 0, terminating: 0 }

describe('Job e2e scenarios, real processes', () => {
  test('should run a job to completion when tasks succeed', async () => {
    const result = await runJob(
      newTestJob({ spec: { parallelism: 2, completions: 4, backoffLimit: 6 }, command: behavior.succeed })
    )
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('CompletionsReached')
    expect(result.pods.filter(p => p.phase === 'Succeeded')).toHaveLength(4)
  })

  test('should allow to use the pod failure policy on exit code to fail the job early', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          parallelism: 2,
          completions: 4,
          backoffLimit: 6,
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] }
        },
        command: behavior.failOnce()
      })
    )
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('PodFailurePolicy')
    expect(result.job.status.conditions?.find(c => c.type === 'Failed')?.message).toMatch(
      /^Container c for pod default\/e2e-[bcdfghjklmnpqrstvwxz2456789]{5} failed with exit code 1 matching FailJob rule at index 0$/
    )
  })

  test('should allow to use a pod failure policy to ignore failure matching on exit code', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 3,
          completions: 3,
          backoffLimit: 2,
          podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] }
        },
        command: behavior.failOncePerIndex()
      })
    )
    expect(result.status).toBe('Complete')
    expect(result.pods.filter(p => p.phase === 'Failed')).toHaveLength(3)
    expect(result.job.status.failed).toBeUndefined()
  })

  test('should allow to use a pod failure policy to ignore failure matching on DisruptionTarget condition', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 3,
          completions: 3,
          backoffLimit: 2,
          podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }
        },
        command: behavior.notTerminateOncePerIndex()
      }),
      {
        during: async run => {
          await until(run, s => s.ready === 3, 'ready == 3')
          for (const pod of [...run.controller.pods]) run.evictPod(pod)
        }
      }
    )
    expect(result.status).toBe('Complete')
    expect(result.job.status.failed).toBeUndefined()
    expect(result.pods.slice(0, 3).every(p => p.conditions.some(c => c.type === 'DisruptionTarget'))).toBe(
      true
    )
  })

  test('should not create pods when created in suspend state', async () => {
    const result = await runJob(
      newTestJob({ spec: { parallelism: 2, completions: 4, suspend: true }, command: behavior.succeed }),
      {
        waitWhileSuspended: true,
        during: async run => {
          await until(
            run,
            s => (s.conditions ?? []).some(c => c.type === 'Suspended' && c.status === 'True'),
            'Suspended'
          )
          expect(run.controller.pods).toHaveLength(0)
          run.setSuspend(false)
        }
      }
    )
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('CompletionsReached')
    expect(conditions(result)).toEqual([
      'Suspended JobResumed',
      'SuccessCriteriaMet CompletionsReached',
      'Complete CompletionsReached'
    ])
  })

  test('should delete pods when suspended', async () => {
    const result = await runJob(
      newTestJob({ spec: { parallelism: 2, completions: 4 }, command: behavior.notTerminate }),
      {
        during: async run => {
          await until(run, s => s.active === 2, 'active == 2')
          run.setSuspend(true)
        }
      }
    )
    expect(result.status).toBe('Suspended')
    expect(result.pods.every(p => p.phase === 'Failed' && p.deletionTimestamp !== undefined)).toBe(true)
    expect(result.job.status.failed).toBeUndefined()
    expect(counters(result.job.status)).toEqual(idle)
    expect(conditions(result)).toEqual(['Suspended JobSuspended'])
  })

  test('should recreate pods only after they have failed if pod replacement policy is set to Failed', async () => {
    const observed: string[] = []
    const status = (s: JobStatus): string =>
      `active ${s.active ?? 0}, failed ${s.failed ?? 0}, terminating ${s.terminating}`
    const result = await runJob(
      newTestJob({
        spec: { parallelism: 1, completions: 1, backoffLimit: 1, podReplacementPolicy: 'Failed' },
        // The e2e container sleeps 5 s on SIGTERM; 1 s keeps the test short.
        command: [
          'sh',
          '-c',
          `if [ -r ${dir}/replaced ]; then sleep 0.5; exit 0; fi; trap "sleep 1; exit 143" TERM; touch ${dir}/replaced; while true; do sleep 0.1; done`
        ]
      }),
      {
        during: async run => {
          await until(run, s => s.ready === 1, 'ready == 1')
          // Ready is as soon as the process runs; the SIGTERM must find its trap in place.
          await until(run, () => fs.existsSync(`${dir}/replaced`), 'the trap is set')
          run.deletePod(run.controller.pods[0], 30)
          await until(run, s => (s.terminating ?? 0) === 1, 'terminating == 1')
          observed.push(status(run.controller.job.status))
          await until(run, s => s.failed === 1 && s.active === 1, 'failed == 1, active == 1')
          observed.push(status(run.controller.job.status))
        }
      }
    )
    expect(observed).toEqual(['active 0, failed 0, terminating 1', 'active 1, failed 1, terminating 0'])
    expect(result.pods[1].creationTimestamp).toBeGreaterThanOrEqual(result.pods[0].finishTime ?? Infinity)
    expect(result.status).toBe('Complete')
  })

  test('should create pods for an Indexed job with completion indexes and specified hostname', async () => {
    const result = await runJob(
      newTestJob({
        spec: { completionMode: 'Indexed', parallelism: 2, completions: 4 },
        command: ['sh', '-c', 'echo "$HOSTNAME $JOB_COMPLETION_INDEX"']
      })
    )
    expect(result.status).toBe('Complete')
    expect(result.pods.map(p => p.annotations[completionIndexKey]).sort()).toEqual(['0', '1', '2', '3'])
    for (const pod of result.pods) {
      expect(pod.hostname).toBe(`e2e-${pod.index}`)
      expect(fs.readFileSync(pod.containerStatuses[0].logs[0], 'utf8')).toBe(
        `e2e-${pod.index} ${pod.index}\n`
      )
    }
  })

  test('should create pods with completion indexes for an Indexed Job', async () => {
    const result = await runJob(
      newTestJob({
        spec: { completionMode: 'Indexed', parallelism: 2, completions: 4 },
        command: behavior.succeed
      })
    )
    expect(result.pods.map(p => p.labels[completionIndexKey]).sort()).toEqual(['0', '1', '2', '3'])
    expect(result.job.status.completedIndexes).toBe('0-3')
  })

  test('with successPolicy should succeeded when all indexes succeeded', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 2,
          completions: 2,
          successPolicy: { rules: [{ succeededCount: 2 }] }
        },
        command: behavior.succeed
      })
    )
    expect(conditions(result)).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy'])
    expect(result.job.status.succeeded).toBe(2)
    expect(result.job.status.failed).toBeUndefined()
    expect(counters(result.job.status)).toEqual(idle)
  })

  test.each([
    [
      'with successPolicy succeededIndexes rule should succeeded even when some indexes remain pending',
      { succeededIndexes: '0' },
      6
    ],
    [
      'with successPolicy succeededCount rule should succeeded even when some indexes remain pending',
      { succeededCount: 1 },
      2147483647
    ]
  ])('%s', async (_name, rule, backoffLimit) => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 2,
          completions: 5,
          backoffLimit,
          successPolicy: { rules: [rule] }
        },
        command: behavior.failOddSucceedEven
      })
    )
    expect(conditions(result)).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy'])
    expect(result.job.status.succeeded).toBe(1)
    expect(result.job.status.completedIndexes).toBe('0')
    expect(counters(result.job.status)).toEqual(idle)
  })

  test('should execute all indexes despite some failing when using backoffLimitPerIndex', async () => {
    const result = await runJob(
      newTestJob({
        spec: { completionMode: 'Indexed', parallelism: 2, completions: 4, backoffLimitPerIndex: 1 },
        command: behavior.failOddSucceedEven
      })
    )
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('FailedIndexes')
    expect(result.job.status).toMatchObject({
      failedIndexes: '1,3',
      completedIndexes: '0,2',
      failed: 4,
      succeeded: 2
    })
  })

  test('should terminate job execution when the number of failed indexes exceeds maxFailedIndexes', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 1,
          completions: 4,
          backoffLimitPerIndex: 0,
          maxFailedIndexes: 0
        },
        command: behavior.fail
      })
    )
    expect(result.reason).toBe('MaxFailedIndexesExceeded')
    expect(result.job.status).toMatchObject({ failedIndexes: '0', failed: 1 })
    expect(result.pods).toHaveLength(1)
  })

  test('should record the failure-count in the Pod annotation when using backoffLimitPerIndex', async () => {
    const result = await runJob(
      newTestJob({
        spec: { completionMode: 'Indexed', parallelism: 2, completions: 2, backoffLimitPerIndex: 1 },
        command: behavior.fail
      })
    )
    expect(result.status).toBe('Failed')
    for (const index of [0, 1])
      expect(
        result.pods.filter(p => p.index === index).map(p => p.annotations[indexFailureCountKey])
      ).toEqual(['0', '1'])
    expect(result.job.status).toMatchObject({ failedIndexes: '0,1', failed: 4 })
    expect(result.job.status.completedIndexes).toBeUndefined()
    expect(result.job.status.succeeded).toBeUndefined()
  })

  test('should mark indexes as failed when the FailIndex action is matched in podFailurePolicy', async () => {
    const result = await runJob(
      newTestJob({
        spec: {
          completionMode: 'Indexed',
          parallelism: 2,
          completions: 2,
          backoffLimitPerIndex: 1,
          podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }
        },
        command: behavior.failOddSucceedEven
      })
    )
    expect(result.status).toBe('Failed')
    expect(result.job.status).toMatchObject({
      failedIndexes: '1',
      completedIndexes: '0',
      failed: 1,
      succeeded: 1
    })
  })

  test('should remove pods when job is deleted', async () => {
    const result = await runJob(
      newTestJob({
        spec: { parallelism: 2, completions: 4 },
        command: ['sh', '-c', `echo $$ > ${dir}/pid-$HOSTNAME; exec sleep 1000000`]
      }),
      {
        during: async run => {
          await until(run, s => s.ready === 2, 'ready == 2')
          run.cancel(1000)
        }
      }
    )
    expect(result.cancelled).toBe(true)
    const pids = fs.readdirSync(dir).filter(f => f.startsWith('pid-'))
    expect(pids).toHaveLength(2)
    for (const file of pids) {
      const pid = Number(fs.readFileSync(path.join(dir, file), 'utf8'))
      expect(() => process.kill(pid, 0)).toThrow()
    }
  })

  test('should run a job to completion when tasks sometimes fail and are locally restarted', async () => {
    const result = await runJob(
      newTestJob({
        spec: { parallelism: 2, completions: 4 },
        restartPolicy: 'OnFailure',
        command: behavior.failOnce()
      })
    )
    expect(result.status).toBe('Complete')
    expect(result.pods.filter(p => p.phase === 'Succeeded')).toHaveLength(4)
    expect(result.pods.reduce((n, p) => n + p.containerStatuses[0].restartCount, 0)).toBeGreaterThanOrEqual(1)
  })

  test('should run a job to completion when tasks sometimes fail and are not locally restarted', async () => {
    const result = await runJob(
      newTestJob({ spec: { parallelism: 2, completions: 4, backoffLimit: 6 }, command: behavior.failOnce() })
    )
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet CompletionsReached',
      'Complete CompletionsReached'
    ])
    expect(result.job.status.succeeded).toBe(4)
    expect(counters(result.job.status)).toEqual(idle)
  })

  test('should fail when exceeds active deadline', async () => {
    const result = await runJob(
      newTestJob({
        spec: { parallelism: 2, completions: 4, activeDeadlineSeconds: 1 },
        command: behavior.notTerminate
      })
    )
    expect(conditions(result)).toEqual(['FailureTarget DeadlineExceeded', 'Failed DeadlineExceeded'])
    expect(counters(result.job.status)).toEqual(idle)
    expect(result.job.status.failed).toBe(2)
    expect(result.endedAt - result.startedAt).toBeLessThan(5000)
  })

  test('should fail to exceed backoffLimit', async () => {
    const result = await runJob(
      newTestJob({ spec: { parallelism: 1, completions: 1, backoffLimit: 1 }, command: behavior.fail })
    )
    expect(conditions(result)).toEqual(['FailureTarget BackoffLimitExceeded', 'Failed BackoffLimitExceeded'])
    expect(result.pods.map(p => p.phase)).toEqual(['Failed', 'Failed'])
    expect(counters(result.job.status)).toEqual(idle)
  })

  test('should run a job to completion with CPU requests', async () => {
    const result = await runJob(
      newTestJob({
        spec: { parallelism: 90, completions: 90, backoffLimit: 0 },
        command: behavior.succeed,
        container: { resources: { requests: { cpu: '20m' } } }
      })
    )
    expect(result.status).toBe('Complete')
    expect(result.job.status.succeeded).toBe(90)
  })

  test('should update the status ready field', async () => {
    const readySeen: number[] = []
    const result = await runJob(
      newTestJob({ spec: { parallelism: 2, completions: 4, suspend: true }, command: behavior.notTerminate }),
      {
        waitWhileSuspended: true,
        during: async run => {
          await until(run, s => s.ready === 0 && (s.conditions ?? []).length > 0, 'the Suspended condition')
          readySeen.push(run.controller.job.status.ready ?? -1)
          run.setSuspend(false)
          await until(run, s => s.ready === 2, 'ready == 2')
          readySeen.push(2)
          run.setSuspend(true)
          await until(run, s => s.ready === 0 && s.active === undefined && s.terminating === 0, 'ready == 0')
          readySeen.push(0)
          run.cancel(1000)
        }
      }
    )
    expect(readySeen).toEqual([0, 2, 0])
    expect(result.job.status.failed).toBeUndefined()
  })

  test('should allow to delegate reconciliation to external controller', async () => {
    const result = await runJob(
      newTestJob({
        spec: { managedBy: 'example.com/custom-job-controller', parallelism: 2, completions: 4 },
        command: behavior.succeed
      })
    )
    expect(result.job.status).toEqual({})
    expect(result.pods).toHaveLength(0)
  })
})
