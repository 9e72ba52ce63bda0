/**
 * The Job e2e scenarios of __tests__/integration/e2eScenarios.test.ts (Kubernetes' test/e2e/apps/job.go)
 * with runtime docker: the same controller and kubelet on the docker engine, on the local busybox image.
 * Every scenario starts at once in beforeAll (docker runs them side by side); each test then checks
 * what one scenario observed. The markers that `failOnce` and friends share between pods live in a host
 * folder mounted at the same path in every container (hostPath). Left out, as engine-independent and
 * covered by the process-runtime file: "should allow to delegate reconciliation to external controller"
 * (no pod is started).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { systemClock } from '../../src/clock.js'
import { createLogManager } from '../../src/logs/logManager.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { configLookup } from '../../src/runner/runJobs.js'
import { createDockerEngine } from '../../src/runtime/docker/dockerEngine.js'
import { loadManifests } from '../../src/api/load.js'
import type { JobStatus } from '../../src/api/model.js'
import { BUSYBOX, describeWithDocker } from '../support/docker.js'
import { completionIndexKey, indexFailureCountKey } from '../../src/api/model.js'

/** The behaviours of test/e2e/framework/job/fixtures.go, as commands in the busybox image. */
const behavior = {
  succeed: ['sh', '-c', 'exit 0'],
  fail: ['sh', '-c', 'exit 1'],
  notTerminate: ['sleep', '1000000'],
  failOnce: (dir: string): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo ]; then exit 0; else touch ${dir}/foo; exit 1; fi`
  ],
  failOddSucceedEven: [
    'sh',
    '-c',
    'if [ $((JOB_COMPLETION_INDEX % 2)) -eq 1 ]; then exit 1; else exit 0; fi'
  ],
  failOncePerIndex: (dir: string): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo-$JOB_COMPLETION_INDEX ]; then exit 0; else touch ${dir}/foo-$JOB_COMPLETION_INDEX; exit 42; fi`
  ],
  notTerminateOncePerIndex: (dir: string): string[] => [
    'sh',
    '-c',
    `if [ -r ${dir}/foo-$JOB_COMPLETION_INDEX ]; then exit 0; else touch ${dir}/foo-$JOB_COMPLETION_INDEX; exec sleep 1000000; fi`
  ]
}

interface JobOptions {
  spec: Record<string, unknown>
  command: string[]
  restartPolicy?: 'Never' | 'OnFailure'
  pod?: Record<string, unknown>
  container?: Record<string, unknown>
}

/**
 * newTestJob: one container `c`, the e2e label, the given spec; the scenario's folder mounted at its own
 * path. A grace period of 1 s: `sleep` as PID 1 has no handler for SIGTERM and waits for the SIGKILL, as
 * in a cluster, where the e2e tests wait the default 30 s for it.
 */
function newTestJob(name: string, dir: string, options: JobOptions): string {
  return JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...options.spec,
      template: {
        metadata: { labels: { job: name } },
        spec: {
          restartPolicy: options.restartPolicy ?? 'Never',
          terminationGracePeriodSeconds: 1,
          volumes: [{ name: 'markers', hostPath: { path: dir } }],
          ...options.pod,
          containers: [
            {
              name: 'c',
              image: BUSYBOX,
              imagePullPolicy: 'Never',
              command: options.command,
              volumeMounts: [{ name: 'markers', mountPath: dir }],
              ...options.container
            }
          ]
        }
      }
    }
  })
}

interface Observed {
  result: JobRunResult
  /** What the scenario's `during` saw while the Job ran. */
  seen: unknown[]
  /** Containers and volumes of the run that docker still had after it. */
  left: string
  dir: string
}

interface Scenario {
  job: (dir: string) => JobOptions
  waitWhileSuspended?: boolean
  during?: (run: JobRun, seen: unknown[]) => Promise<void>
}

async function runJob(name: string, scenario: Scenario): Promise<Observed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-e2e-docker-'))
  const loaded = loadManifests([{ text: newTestJob(name, dir, scenario.job(dir)), file: 'job.json' }], {
    namespace: 'default'
  })
  const runId = randomUUID()
  const engine = createDockerEngine({ runId, workspace: dir, tempDir: dir })
  const job = loaded.jobs[0].job
  const logs = createLogManager({
    mode: 'none',
    dir: path.join(dir, 'logs'),
    jobName: job.metadata.name,
    out: new PassThrough()
  })
  const run = new JobRun(job, {
    clock: systemClock,
    engine,
    logs,
    lookup: configLookup(loaded),
    runId,
    backoffBaseMs: 20,
    waitWhileSuspended: scenario.waitWhileSuspended
  })
  const seen: unknown[] = []
  const pending = run.run()
  let result: JobRunResult
  try {
    await scenario.during?.(run, seen)
    result = await pending
  } catch (error) {
    run.cancel(0)
    await pending
    throw error
  } finally {
    await logs.close()
    await engine.shutdown()
  }
  return { result, seen, left: leftovers(runId), dir }
}

function leftovers(runId: string): string {
  const filter = `label=job-action.run-id=${runId}`
  return (
    execFileSync('docker', ['ps', '--all', '--quiet', '--filter', filter], { encoding: 'utf8' }) +
    execFileSync('docker', ['volume', 'ls', '--quiet', '--filter', filter], { encoding: 'utf8' })
  )
}

/** Polls the Job's status (written by every sync) until the predicate holds. */
async function until(
  run: JobRun,
  predicate: (status: JobStatus) => boolean,
  what: string,
  timeoutMs = 30_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate(run.controller.job.status)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(run.controller.job.status)}`)
    await new Promise(resolve => setTimeout(resolve, 20))
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

const scenarios: Record<string, Scenario> = {
  'should run a job to completion when tasks succeed': {
    job: () => ({ spec: { parallelism: 2, completions: 4, backoffLimit: 6 }, command: behavior.succeed })
  },
  'should allow to use the pod failure policy on exit code to fail the job early': {
    job: dir => ({
      spec: {
        parallelism: 2,
        completions: 4,
        backoffLimit: 6,
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] }
      },
      command: behavior.failOnce(dir)
    })
  },
  'should allow to use a pod failure policy to ignore failure matching on exit code': {
    job: dir => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 3,
        completions: 3,
        backoffLimit: 2,
        podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] }
      },
      command: behavior.failOncePerIndex(dir)
    })
  },
  'should allow to use a pod failure policy to ignore failure matching on DisruptionTarget condition': {
    job: dir => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 3,
        completions: 3,
        backoffLimit: 2,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }
      },
      command: behavior.notTerminateOncePerIndex(dir)
    }),
    during: async run => {
      await until(run, s => s.ready === 3, 'ready == 3')
      for (const pod of [...run.controller.pods]) run.evictPod(pod)
    }
  },
  'should not create pods when created in suspend state': {
    job: () => ({ spec: { parallelism: 2, completions: 4, suspend: true }, command: behavior.succeed }),
    waitWhileSuspended: true,
    during: async (run, seen) => {
      await until(
        run,
        s => (s.conditions ?? []).some(c => c.type === 'Suspended' && c.status === 'True'),
        'Suspended'
      )
      seen.push(run.controller.pods.length)
      run.setSuspend(false)
    }
  },
  'should delete pods when suspended': {
    job: () => ({ spec: { parallelism: 2, completions: 4 }, command: behavior.notTerminate }),
    during: async run => {
      await until(run, s => s.active === 2, 'active == 2')
      run.setSuspend(true)
    }
  },
  'should recreate pods only after they have failed if pod replacement policy is set to Failed': {
    job: dir => ({
      spec: { parallelism: 1, completions: 1, backoffLimit: 1, podReplacementPolicy: 'Failed' },
      // The e2e container sleeps 5 s on SIGTERM; 1 s keeps the test short.
      command: [
        'sh',
        '-c',
        `if [ -r ${dir}/replaced ]; then sleep 0.5; exit 0; fi; trap "sleep 1; exit 143" TERM; touch ${dir}/replaced; while true; do sleep 0.1; done`
      ],
      pod: { terminationGracePeriodSeconds: 30 }
    }),
    during: async (run, seen) => {
      const status = (s: JobStatus): string =>
        `active ${s.active ?? 0}, failed ${s.failed ?? 0}, terminating ${s.terminating}`
      await until(run, s => s.ready === 1, 'ready == 1')
      // The marker is written once the trap is set.
      await until(run, () => fs.existsSync(path.join(seenDir(run), 'replaced')), 'the marker')
      run.deletePod(run.controller.pods[0], 30)
      await until(run, s => (s.terminating ?? 0) === 1, 'terminating == 1')
      seen.push(status(run.controller.job.status))
      await until(run, s => s.failed === 1 && s.active === 1, 'failed == 1, active == 1')
      seen.push(status(run.controller.job.status))
    }
  },
  'should create pods for an Indexed job with completion indexes and specified hostname': {
    job: () => ({
      spec: { completionMode: 'Indexed', parallelism: 2, completions: 4 },
      command: ['sh', '-c', 'echo "$HOSTNAME $(hostname) $JOB_COMPLETION_INDEX"']
    })
  },
  'should create pods with completion indexes for an Indexed Job': {
    job: () => ({
      spec: { completionMode: 'Indexed', parallelism: 2, completions: 4 },
      command: behavior.succeed
    })
  },
  'with successPolicy should succeeded when all indexes succeeded': {
    job: () => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 2,
        completions: 2,
        successPolicy: { rules: [{ succeededCount: 2 }] }
      },
      command: behavior.succeed
    })
  },
  'with successPolicy succeededIndexes rule should succeeded even when some indexes remain pending': {
    job: () => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 2,
        completions: 5,
        backoffLimit: 6,
        successPolicy: { rules: [{ succeededIndexes: '0' }] }
      },
      command: behavior.failOddSucceedEven
    })
  },
  'with successPolicy succeededCount rule should succeeded even when some indexes remain pending': {
    job: () => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 2,
        completions: 5,
        backoffLimit: 2147483647,
        successPolicy: { rules: [{ succeededCount: 1 }] }
      },
      command: behavior.failOddSucceedEven
    })
  },
  'should execute all indexes despite some failing when using backoffLimitPerIndex': {
    job: () => ({
      spec: { completionMode: 'Indexed', parallelism: 2, completions: 4, backoffLimitPerIndex: 1 },
      command: behavior.failOddSucceedEven
    })
  },
  'should terminate job execution when the number of failed indexes exceeds maxFailedIndexes': {
    job: () => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 1,
        completions: 4,
        backoffLimitPerIndex: 0,
        maxFailedIndexes: 0
      },
      command: behavior.fail
    })
  },
  'should record the failure-count in the Pod annotation when using backoffLimitPerIndex': {
    job: () => ({
      spec: { completionMode: 'Indexed', parallelism: 2, completions: 2, backoffLimitPerIndex: 1 },
      command: behavior.fail
    })
  },
  'should mark indexes as failed when the FailIndex action is matched in podFailurePolicy': {
    job: () => ({
      spec: {
        completionMode: 'Indexed',
        parallelism: 2,
        completions: 2,
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }
      },
      command: behavior.failOddSucceedEven
    })
  },
  'should remove pods when job is deleted': {
    job: () => ({ spec: { parallelism: 2, completions: 4 }, command: behavior.notTerminate }),
    during: async (run, seen) => {
      await until(run, s => s.ready === 2, 'ready == 2')
      seen.push(run.controller.pods.length)
      run.cancel(1000)
    }
  },
  'should run a job to completion when tasks sometimes fail and are locally restarted': {
    job: dir => ({
      spec: { parallelism: 2, completions: 4 },
      restartPolicy: 'OnFailure',
      command: behavior.failOnce(dir)
    })
  },
  'should run a job to completion when tasks sometimes fail and are not locally restarted': {
    job: dir => ({
      spec: { parallelism: 2, completions: 4, backoffLimit: 6 },
      command: behavior.failOnce(dir)
    })
  },
  'should fail when exceeds active deadline': {
    job: () => ({
      spec: { parallelism: 2, completions: 4, activeDeadlineSeconds: 2 },
      command: behavior.notTerminate
    })
  },
  'should fail to exceed backoffLimit': {
    job: () => ({ spec: { parallelism: 1, completions: 1, backoffLimit: 1 }, command: behavior.fail })
  },
  // 90 pods in the e2e test (and the process-runtime port); 8 containers show the same here.
  'should run a job to completion with CPU requests': {
    job: () => ({
      spec: { parallelism: 8, completions: 8, backoffLimit: 0 },
      command: behavior.succeed,
      container: { resources: { requests: { cpu: '20m' } } }
    })
  },
  'should update the status ready field': {
    job: () => ({ spec: { parallelism: 2, completions: 4, suspend: true }, command: behavior.notTerminate }),
    waitWhileSuspended: true,
    during: async (run, seen) => {
      await until(run, s => s.ready === 0 && (s.conditions ?? []).length > 0, 'the Suspended condition')
      seen.push(run.controller.job.status.ready ?? -1)
      run.setSuspend(false)
      await until(run, s => s.ready === 2, 'ready == 2')
      seen.push(2)
      run.setSuspend(true)
      await until(run, s => s.ready === 0 && s.active === undefined && s.terminating === 0, 'ready == 0')
      seen.push(0)
      run.cancel(1000)
    }
  }
}

/** The scenario folder of a run, found from the hostPath volume of its template. */
function seenDir(run: JobRun): string {
  return run.controller.job.spec.template.spec.volumes?.[0].hostPath?.path ?? ''
}

const checks: Record<string, (o: Observed) => void> = {
  'should run a job to completion when tasks succeed': ({ result }) => {
    expect(result.status).toBe('Complete')
    expect(result.reason).toBe('CompletionsReached')
    expect(result.pods.filter(p => p.phase === 'Succeeded')).toHaveLength(4)
  },
  'should allow to use the pod failure policy on exit code to fail the job early': ({ result }) => {
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('PodFailurePolicy')
    expect(result.job.status.conditions?.find(c => c.type === 'Failed')?.message).toMatch(
      /^Container c for pod default\/[a-z0-9-]+-[bcdfghjklmnpqrstvwxz2456789]{5} failed with exit code 1 matching FailJob rule at index 0$/
    )
  },
  'should allow to use a pod failure policy to ignore failure matching on exit code': ({ result }) => {
    expect(result.status).toBe('Complete')
    expect(result.pods.filter(p => p.phase === 'Failed')).toHaveLength(3)
    expect(result.job.status.failed).toBeUndefined()
  },
  'should allow to use a pod failure policy to ignore failure matching on DisruptionTarget condition': ({
    result
  }) => {
    expect(result.status).toBe('Complete')
    expect(result.job.status.failed).toBeUndefined()
    expect(result.pods.slice(0, 3).every(p => p.conditions.some(c => c.type === 'DisruptionTarget'))).toBe(
      true
    )
  },
  'should not create pods when created in suspend state': ({ result, seen }) => {
    expect(seen).toEqual([0])
    expect(result.status).toBe('Complete')
    expect(conditions(result)).toEqual([
      'Suspended JobResumed',
      'SuccessCriteriaMet CompletionsReached',
      'Complete CompletionsReached'
    ])
  },
  'should delete pods when suspended': ({ result }) => {
    expect(result.status).toBe('Suspended')
    expect(result.pods.every(p => p.phase === 'Failed' && p.deletionTimestamp !== undefined)).toBe(true)
    expect(result.job.status.failed).toBeUndefined()
    expect(counters(result.job.status)).toEqual(idle)
    expect(conditions(result)).toEqual(['Suspended JobSuspended'])
  },
  'should recreate pods only after they have failed if pod replacement policy is set to Failed': ({
    result,
    seen
  }) => {
    expect(seen).toEqual(['active 0, failed 0, terminating 1', 'active 1, failed 1, terminating 0'])
    expect(result.pods[1].creationTimestamp).toBeGreaterThanOrEqual(result.pods[0].finishTime ?? Infinity)
    expect(result.pods[0].containerStatuses[0]).toMatchObject({ exitCode: 143 })
    expect(result.status).toBe('Complete')
  },
  'should create pods for an Indexed job with completion indexes and specified hostname': ({ result }) => {
    expect(result.status).toBe('Complete')
    expect(result.pods.map(p => p.annotations[completionIndexKey]).sort()).toEqual(['0', '1', '2', '3'])
    const name = result.job.metadata.name
    for (const pod of result.pods) {
      expect(pod.hostname).toBe(`${name}-${pod.index}`)
      expect(fs.readFileSync(pod.containerStatuses[0].logs[0], 'utf8')).toBe(
        `${name}-${pod.index} ${name}-${pod.index} ${pod.index}\n`
      )
    }
  },
  'should create pods with completion indexes for an Indexed Job': ({ result }) => {
    expect(result.pods.map(p => p.labels[completionIndexKey]).sort()).toEqual(['0', '1', '2', '3'])
    expect(result.job.status.completedIndexes).toBe('0-3')
  },
  'with successPolicy should succeeded when all indexes succeeded': ({ result }) => {
    expect(conditions(result)).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy'])
    expect(result.job.status.succeeded).toBe(2)
    expect(result.job.status.failed).toBeUndefined()
    expect(counters(result.job.status)).toEqual(idle)
  },
  'with successPolicy succeededIndexes rule should succeeded even when some indexes remain pending': ({
    result
  }) => {
    expect(conditions(result)).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy'])
    expect(result.job.status.succeeded).toBe(1)
    expect(result.job.status.completedIndexes).toBe('0')
    expect(counters(result.job.status)).toEqual(idle)
  },
  'with successPolicy succeededCount rule should succeeded even when some indexes remain pending': ({
    result
  }) => {
    expect(conditions(result)).toEqual(['SuccessCriteriaMet SuccessPolicy', 'Complete SuccessPolicy'])
    expect(result.job.status.succeeded).toBe(1)
    expect(result.job.status.completedIndexes).toBe('0')
    expect(counters(result.job.status)).toEqual(idle)
  },
  'should execute all indexes despite some failing when using backoffLimitPerIndex': ({ result }) => {
    expect(result.status).toBe('Failed')
    expect(result.reason).toBe('FailedIndexes')
    expect(result.job.status).toMatchObject({
      failedIndexes: '1,3',
      completedIndexes: '0,2',
      failed: 4,
      succeeded: 2
    })
  },
  'should terminate job execution when the number of failed indexes exceeds maxFailedIndexes': ({
    result
  }) => {
    expect(result.reason).toBe('MaxFailedIndexesExceeded')
    expect(result.job.status).toMatchObject({ failedIndexes: '0', failed: 1 })
    expect(result.pods).toHaveLength(1)
  },
  'should record the failure-count in the Pod annotation when using backoffLimitPerIndex': ({ result }) => {
    expect(result.status).toBe('Failed')
    for (const index of [0, 1])
      expect(
        result.pods.filter(p => p.index === index).map(p => p.annotations[indexFailureCountKey])
      ).toEqual(['0', '1'])
    expect(result.job.status).toMatchObject({ failedIndexes: '0,1', failed: 4 })
    expect(result.job.status.completedIndexes).toBeUndefined()
    expect(result.job.status.succeeded).toBeUndefined()
  },
  'should mark indexes as failed when the FailIndex action is matched in podFailurePolicy': ({ result }) => {
    expect(result.status).toBe('Failed')
    expect(result.job.status).toMatchObject({
      failedIndexes: '1',
      completedIndexes: '0',
      failed: 1,
      succeeded: 1
    })
  },
  'should remove pods when job is deleted': ({ result, seen }) => {
    expect(seen).toEqual([2])
    expect(result.cancelled).toBe(true)
    for (const pod of result.pods) expect(pod.containerStatuses[0].state).toBe('terminated')
  },
  'should run a job to completion when tasks sometimes fail and are locally restarted': ({ result }) => {
    expect(result.status).toBe('Complete')
    expect(result.pods.filter(p => p.phase === 'Succeeded')).toHaveLength(4)
    expect(result.pods.reduce((n, p) => n + p.containerStatuses[0].restartCount, 0)).toBeGreaterThanOrEqual(1)
  },
  'should run a job to completion when tasks sometimes fail and are not locally restarted': ({ result }) => {
    expect(conditions(result)).toEqual([
      'SuccessCriteriaMet CompletionsReached',
      'Complete CompletionsReached'
    ])
    expect(result.job.status.succeeded).toBe(4)
    expect(counters(result.job.status)).toEqual(idle)
  },
  'should fail when exceeds active deadline': ({ result }) => {
    expect(conditions(result)).toEqual(['FailureTarget DeadlineExceeded', 'Failed DeadlineExceeded'])
    expect(counters(result.job.status)).toEqual(idle)
    expect(result.job.status.failed).toBe(2)
  },
  'should fail to exceed backoffLimit': ({ result }) => {
    expect(conditions(result)).toEqual(['FailureTarget BackoffLimitExceeded', 'Failed BackoffLimitExceeded'])
    expect(result.pods.map(p => p.phase)).toEqual(['Failed', 'Failed'])
    expect(counters(result.job.status)).toEqual(idle)
  },
  'should run a job to completion with CPU requests': ({ result }) => {
    expect(result.status).toBe('Complete')
    expect(result.job.status.succeeded).toBe(8)
  },
  'should update the status ready field': ({ result, seen }) => {
    expect(seen).toEqual([0, 2, 0])
    expect(result.job.status.failed).toBeUndefined()
  }
}

describeWithDocker('Job e2e scenarios, docker containers', () => {
  const observed = new Map<string, Observed | Error>()

  beforeAll(async () => {
    await Promise.all(
      Object.entries(scenarios).map(async ([name, scenario], i) => {
        try {
          const run = await runJob(`e2e-${i}`, scenario)
          observed.set(name, run)
        } catch (error) {
          observed.set(name, error as Error)
        }
      })
    )
  }, 120_000)
  afterAll(() => {
    for (const run of observed.values())
      if (!(run instanceof Error)) fs.rmSync(run.dir, { recursive: true, force: true })
  })

  test.each(Object.keys(scenarios))('%s', name => {
    const run = observed.get(name)
    if (run instanceof Error || run === undefined) throw run ?? new Error('did not run')
    checks[name](run)
    expect(run.left).toBe('')
  })
})
