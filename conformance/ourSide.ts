/**
 * Our side of the oracle: a scenario through the runner's code path (loadManifests, JobRun with
 * our controller and kubelet) on a virtual clock and a scripted engine, written as the same trace
 * JSON the Go oracle writes.
 *   node conformance/.build/conformance/ourSide.js SCENARIO.json > trace.json
 */
import { readFileSync } from 'node:fs'
import { loadManifests } from '../src/api/load.js'
import type { PodRecord } from '../src/api/podRecord.js'
import type { Job } from '../src/api/model.js'
import type { TimerHandle } from '../src/clock.js'
import { sequentialSuffix } from '../src/controller/podNames.js'
import type { SyncResult } from '../src/controller/jobController.js'
import type { LogManager } from '../src/logs/logManager.js'
import { JobRun } from '../src/runner/jobRun.js'
import { configLookup } from '../src/runner/runJobs.js'
import type { ContainerEngine } from '../src/runtime/types.js'
import { resolve, runOf, type Effective, type Scenario } from './scenario.js'
import type { PodRefOut, StatusOut, SyncOut, Trace } from './trace.js'
import { VirtualClock } from '../__tests__/support/virtualClock.js'

const START = Date.UTC(2026, 3, 16, 10, 36, 28)

export function statusOut(job: Job): StatusOut {
  const s = job.status ?? {}
  return {
    conditions: (s.conditions ?? []).map(c => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? '',
      message: c.message ?? ''
    })),
    active: s.active ?? 0,
    ready: s.ready ?? 0,
    terminating: s.terminating ?? 0,
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    completedIndexes: s.completedIndexes ?? '',
    failedIndexes: s.failedIndexes ?? null
  }
}

export async function runOurSide(scenario: Scenario): Promise<Trace> {
  const clock = new VirtualClock(START)
  const at = (): number => (clock.now() - START) / 1000
  let uid = 0
  const newUid = (): string => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`
  const loaded = loadManifests([{ text: JSON.stringify(scenario.job), file: 'job.json' }], {
    namespace: 'default',
    newUid,
    now: clock.now()
  })
  const baseMs = Math.round((scenario.backoffBaseSeconds ?? 10) * 1000)

  // Pod bookkeeping: attempt numbers and behaviour, fixed at creation.
  const info = new Map<
    string,
    { ref: PodRefOut; behaviour: Effective; deletedBy?: string; deletedAt?: number }
  >()
  const perIndex = new Map<number, number>()
  let created = 0
  // Assigned once the engine and the hooks below, which need it, exist.
  // eslint-disable-next-line prefer-const
  let run: JobRun | undefined
  const podByName = (name: string): PodRecord | undefined => run?.controller.pods.find(p => p.name === name)
  const register = (pod: PodRecord): PodRefOut => {
    const known = info.get(pod.name)
    if (known) return known.ref
    const attempt = pod.index === null ? created : (perIndex.get(pod.index) ?? 0)
    if (pod.index !== null) perIndex.set(pod.index, attempt + 1)
    created++
    const ref = { name: pod.name, index: pod.index, attempt }
    info.set(pod.name, { ref, behaviour: resolve(scenario, pod.index, attempt) })
    return ref
  }

  const externalDelete = (pod: PodRecord, evict: boolean): void => {
    const entry = info.get(pod.name)
    if (!run || !entry || pod.finishTime !== undefined || pod.deletionTimestamp !== undefined) return
    entry.deletedBy = evict ? 'eviction' : 'kubectl'
    entry.deletedAt = at()
    if (evict) run.evictPod(pod)
    else run.deletePod(pod)
  }

  // The scripted world (container starts and exits, evictions, deletions, actions) fires before
  // the runner's coalesced sync at the same instant: the oracle applies every kubelet event of an
  // instant, then syncs once — as the 1 s batching of pod updates does in a cluster.
  const world = (delayMs: number, callback: () => void): TimerHandle => clock.setTimer(delayMs, callback, 0)
  const started = new Set<string>()
  const engine: ContainerEngine = {
    name: 'process',
    startContainer(launch, callbacks) {
      const pod = podByName(launch.pod.podName) as PodRecord
      register(pod)
      const entry = info.get(pod.name)!
      const behaviour = entry.behaviour
      if (!started.has(pod.name)) {
        started.add(pod.name)
        if (behaviour.evictAfterMs !== undefined)
          world(behaviour.evictAfterMs, () => externalDelete(pod, true))
        if (behaviour.deleteAfterMs !== undefined)
          world(behaviour.deleteAfterMs, () => externalDelete(pod, false))
      }
      const attempt = runOf(behaviour, launch.container.name, launch.attempt)
      let startedAt = 0
      let exitTimer: TimerHandle | undefined
      let done = false
      const exit = (exitCode: number, signal?: number): void => {
        if (done) return
        done = true
        if (exitTimer) clock.clearTimer(exitTimer)
        callbacks.onExit({
          exitCode,
          signal,
          reason: exitCode === 0 ? 'Completed' : 'Error',
          startedAt,
          finishedAt: clock.now()
        })
      }
      world(0, () => {
        if (done) return
        startedAt = clock.now()
        callbacks.onStart(startedAt)
        exitTimer = world(attempt.durationMs, () => exit(attempt.exitCode))
      })
      return {
        stop(graceMs) {
          if (done) return
          if (!behaviour.ignoresSigterm) world(0, () => exit(143, 15))
          else world(graceMs, () => exit(137, 9))
        }
      }
    },
    async shutdown() {}
  }
  const logs: LogManager = {
    open: (pod, container, attempt) => ({
      path: `/virtual/${pod}/${container}${attempt ? `.${attempt}` : ''}.log`,
      attach: async () => {}
    }),
    podEnded: () => {},
    close: async () => {}
  }

  run = new JobRun(loaded.jobs[0].job, {
    clock,
    engine,
    logs,
    lookup: configLookup(loaded),
    runId: 'conformance',
    backoffBaseMs: baseMs,
    randomSuffix: sequentialSuffix(),
    newUid,
    waitWhileSuspended: (scenario.actions ?? []).length > 0
  })
  const controller = run.controller
  const syncs: SyncOut[] = []
  let lastSyncAt = 0
  const sync = controller.sync.bind(controller)
  controller.sync = (): SyncResult => {
    const result = sync()
    const out: SyncOut = {
      at: at(),
      created: result.create.map(register),
      deleted: result.delete.map(pod => {
        const entry = info.get(pod.name)
        if (entry && !entry.deletedBy) {
          entry.deletedBy = 'controller'
          entry.deletedAt = at()
        }
        return register(pod)
      }),
      status: statusOut(controller.snapshot())
    }
    if (result.requeueAfterMs !== undefined) out.requeueAfter = result.requeueAfterMs / 1000
    syncs.push(out)
    lastSyncAt = at()
    return result
  }
  for (const action of scenario.actions ?? [])
    world(Math.round(action.atSeconds * 1000), () => {
      if (action.suspend !== undefined) run?.setSuspend(action.suspend)
    })

  let result: Awaited<ReturnType<JobRun['run']>> | undefined
  const pending = run.run().then(r => (result = r))
  const ended = (): boolean => (run as unknown as { settle?: unknown }).settle === undefined
  const maxMs = START + Math.round((scenario.maxSeconds ?? 7 * 24 * 3600) * 1000)
  clock.runUntil(maxMs, ended)
  let endedBy: string
  if (ended()) {
    await pending
    endedBy = result?.status === 'Suspended' ? result.reason : 'finished'
  } else endedBy = clock.pending > 0 ? 'maxSeconds' : 'nothingLeft'
  const job = controller.snapshot()
  const trace: Trace = {
    side: 'job-action',
    scenario: scenario.name,
    endedAt: lastSyncAt,
    endedBy,
    final: statusOut(job),
    pods: controller.pods.map(pod => {
      const entry = info.get(pod.name)
      const ref = register(pod)
      return {
        ...ref,
        createdAt: (pod.creationTimestamp - START) / 1000,
        deletedAt: entry?.deletedAt,
        deletedBy: entry?.deletedBy,
        finishedAt: pod.finishTime === undefined ? undefined : (pod.finishTime - START) / 1000,
        phase: pod.phase,
        reason: pod.reason,
        exitCodes: pod.containerStatuses.filter(c => c.exitCode !== undefined).map(c => c.exitCode as number),
        restarts: pod.containerStatuses.reduce((n, c) => n + c.restartCount, 0),
        conditions: pod.conditions.filter(c => c.status === 'True').map(c => `${c.type}/${c.reason ?? ''}`)
      }
    }),
    events: controller.recorder.events.map(e => ({
      at: (e.firstTimestamp - START) / 1000,
      type: e.type,
      reason: e.reason,
      message: e.message,
      count: e.count
    })),
    syncs
  }
  // For the printer oracle: the final Job and its events, and when the run ended (not in the JSON).
  Object.defineProperty(trace, 'describeInput', {
    value: { job, events: controller.recorder.events, pods: controller.pods, endedAt: clock.now() },
    enumerable: false
  })
  return trace
}

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('usage: ourSide SCENARIO.json\n')
    process.exit(2)
  }
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario
  process.stdout.write(JSON.stringify(await runOurSide(scenario), null, 1) + '\n')
}

if (process.argv[1]?.endsWith('ourSide.js')) await main()
