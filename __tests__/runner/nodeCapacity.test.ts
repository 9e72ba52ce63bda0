/**
 * The node's room for running pods (src/runtime/nodeCapacity.ts): the limit read from the machine,
 * and, in virtual time over the scripted engine, pods beyond it waiting Pending — started in order
 * as running ones end, shared by every Job of a run, and gone without running when deleted or
 * cancelled while they wait.
 */
import { describe, expect, test } from '@jest/globals'
import type { PodRecord } from '../../src/api/podRecord.js'
import { loadManifests } from '../../src/api/load.js'
import { sequentialSuffix } from '../../src/controller/podNames.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { configLookup } from '../../src/runner/runJobs.js'
import { machineCapacity, NodeCapacity, softLimit } from '../../src/runtime/nodeCapacity.js'
import { scriptedEngine, virtualLogs, type Script, type ScriptedEngine } from '../support/scriptedEngine.js'
import { VirtualClock } from '../support/virtualClock.js'
import { jobManifest } from '../support/virtualRun.js'

const SECOND = 1000
const GiB = 1024 ** 3

const limitsText = (openFiles: string, processes: string): string =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    `Max processes             ${processes.padEnd(21)}${processes.padEnd(21)}processes `,
    `Max open files            ${openFiles.padEnd(21)}65536                files     `
  ].join('\n')

describe('the limit read from the machine', () => {
  test('the tightest of open files, processes and memory, by the cost of a process pod', () => {
    const facts = { env: {}, availableMemory: 64 * GiB }
    expect(machineCapacity('process', { ...facts, limits: limitsText('1280', '100000') })).toEqual({
      pods: 256,
      by: 'open files'
    })
    expect(machineCapacity('process', { ...facts, limits: limitsText('unlimited', '400') })).toEqual({
      pods: 100,
      by: 'processes'
    })
    expect(
      machineCapacity('process', { env: {}, availableMemory: GiB, limits: limitsText('1000000', '1000000') })
    ).toEqual({ pods: 96, by: 'memory' })
  })

  test('a docker pod costs more than a process pod', () => {
    const facts = { env: {}, availableMemory: 64 * GiB, limits: limitsText('100000', '1000000') }
    expect(machineCapacity('docker', facts).pods).toBeLessThan(machineCapacity('process', facts).pods)
  })

  test('no limits file (not Linux): a fixed default; never below one pod', () => {
    expect(machineCapacity('process', { env: {}, availableMemory: 64 * GiB, limits: undefined })).toEqual({
      pods: 1000,
      by: 'platform default'
    })
    expect(machineCapacity('process', { env: {}, availableMemory: 0, limits: undefined }).pods).toBe(1)
  })

  test('JOB_ACTION_MAX_RUNNING_PODS sets it outright; anything but a positive integer is ignored', () => {
    const limits = limitsText('1280', '100000')
    const facts = (value: string): Parameters<typeof machineCapacity>[1] => ({
      env: { JOB_ACTION_MAX_RUNNING_PODS: value },
      availableMemory: 64 * GiB,
      limits
    })
    expect(machineCapacity('process', facts('3'))).toEqual({ pods: 3, by: 'JOB_ACTION_MAX_RUNNING_PODS' })
    for (const value of ['0', '-1', '2.5', 'many', ''])
      expect(machineCapacity('process', facts(value)).by).toBe('open files')
  })

  test('a row of /proc/self/limits: its soft limit', () => {
    expect(softLimit(limitsText('20000', '96367'), 'Max open files')).toBe(20000)
    expect(softLimit(limitsText('20000', 'unlimited'), 'Max processes')).toBe(Infinity)
    expect(softLimit('', 'Max processes')).toBeUndefined()
  })
})

interface CappedRun {
  results: JobRunResult[]
  engine: ScriptedEngine
  notices: string[]
  elapsedMs: number
}

/** Jobs run side by side on one scripted engine with room for `limit` running pods. */
async function runCapped(
  manifests: string[],
  limit: number,
  script: Script,
  during?: (hand: {
    runs: JobRun[]
    engine: ScriptedEngine
    at: (ms: number, action: () => void) => void
  }) => void
): Promise<CappedRun> {
  const clock = new VirtualClock()
  const start = clock.now()
  const engine = scriptedEngine(clock, script)
  const notices: string[] = []
  const capacity = new NodeCapacity({ pods: limit, by: 'JOB_ACTION_MAX_RUNNING_PODS' }, job =>
    notices.push(job)
  )
  let uid = 0
  const newUid = (): string => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`
  const runs = manifests.map(manifest => {
    const loaded = loadManifests([{ text: manifest, file: 'job.yaml' }], {
      namespace: 'default',
      newUid,
      now: start
    })
    return new JobRun(loaded.jobs[0].job, {
      clock,
      engine,
      logs: virtualLogs(),
      lookup: configLookup(loaded),
      runId: 'virtual',
      backoffBaseMs: 10 * SECOND,
      randomSuffix: sequentialSuffix(),
      newUid,
      capacity
    })
  })
  const pending = runs.map(run => run.run())
  during?.({ runs, engine, at: (ms, action) => clock.setTimer(start + ms - clock.now(), action) })
  clock.runAll()
  const results = await Promise.all(pending)
  return { results, engine, notices, elapsedMs: clock.now() - start }
}

const launchedPods = (engine: ScriptedEngine): Set<string> => new Set(engine.launches.map(l => l.pod.podName))
const pendingPod = (run: JobRun): PodRecord => {
  const pod = run.controller.pods.find(p => p.phase === 'Pending' && p.startTime === undefined)
  if (!pod) throw new Error('no pod is waiting')
  return pod
}

describe('pods beyond the room wait Pending', () => {
  test('at most the limit runs; the rest start as running pods end; every pod completes', async () => {
    const { results, engine, notices, elapsedMs } = await runCapped(
      [jobManifest('completions: 10\nparallelism: 10')],
      3,
      () => ({ exitCode: 0, durationMs: SECOND })
    )
    expect(results[0].status).toBe('Complete')
    expect(results[0].job.status.succeeded).toBe(10)
    expect(engine.maxRunning).toBe(3)
    // Four rounds of one second: 3 + 3 + 3 + 1.
    expect(elapsedMs).toBe(4 * SECOND)
    // The controller still created all ten at once: waiting pods are active, as Pending ones are.
    expect(new Set(results[0].pods.map(p => p.creationTimestamp)).size).toBe(1)
    expect(notices).toEqual(['demo'])
  })

  test('a pod still waiting shows no start: no startTime, no node, no container started', async () => {
    let seen: PodRecord | undefined
    let launchedThen = new Set<string>()
    await runCapped(
      [jobManifest('completions: 3\nparallelism: 3')],
      1,
      () => ({ exitCode: 0, durationMs: SECOND }),
      ({ runs, engine, at }) =>
        at(SECOND / 2, () => {
          seen = { ...pendingPod(runs[0]) }
          launchedThen = launchedPods(engine)
        })
    )
    expect(seen?.phase).toBe('Pending')
    expect(seen?.startTime).toBeUndefined()
    expect(seen?.nodeName).toBeUndefined()
    expect(launchedThen.has(seen!.name)).toBe(false)
  })

  test('Jobs of one run share the room, first come first started', async () => {
    const { results, engine, notices } = await runCapped(
      [
        jobManifest('completions: 4\nparallelism: 4'),
        jobManifest('completions: 4\nparallelism: 4').replace('name: demo', 'name: other')
      ],
      2,
      () => ({ exitCode: 0, durationMs: SECOND })
    )
    expect(results.map(r => r.status)).toEqual(['Complete', 'Complete'])
    expect(engine.maxRunning).toBe(2)
    expect(notices).toEqual(['demo'])
  })

  test('a waiting pod deleted is gone without running: Failed, counted, replaced', async () => {
    let deleted: PodRecord | undefined
    const { results, engine } = await runCapped(
      [jobManifest('completions: 3\nparallelism: 3')],
      1,
      () => ({ exitCode: 0, durationMs: SECOND }),
      ({ runs, at }) =>
        at(SECOND / 2, () => {
          deleted = pendingPod(runs[0])
          runs[0].deletePod(deleted)
        })
    )
    expect(deleted).toBeDefined()
    expect(deleted).toMatchObject({ phase: 'Failed', startTime: undefined })
    expect(launchedPods(engine).has(deleted!.name)).toBe(false)
    expect(results[0].status).toBe('Complete')
    expect(results[0].job.status).toMatchObject({ succeeded: 3, failed: 1 })
  })

  test('a cancelled run ends without starting the pods that waited', async () => {
    const { results, engine } = await runCapped(
      [jobManifest('completions: 5\nparallelism: 5')],
      2,
      () => ({ exitCode: 0, durationMs: Infinity }),
      ({ runs, at }) => at(5 * SECOND, () => runs[0].cancel(SECOND))
    )
    expect(results[0].cancelled).toBe(true)
    expect(engine.launches).toHaveLength(2)
    expect(results[0].pods.every(p => p.phase === 'Failed')).toBe(true)
    expect(results[0].job.status).toMatchObject({ failed: 5, terminating: 0 })
  })
})
