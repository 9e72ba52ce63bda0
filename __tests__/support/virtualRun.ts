/**
 * Runs a Job manifest through the real controller, kubelet and driver on a VirtualClock and a
 * scripted engine: the whole run, minutes of backoff included, takes microseconds.
 */
import { sequentialSuffix } from '../../src/controller/podNames.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { configLookup } from '../../src/runner/runJobs.js'
import { loadManifests } from '../../src/api/load.js'
import { scriptedEngine, virtualLogs, type Script, type ScriptedEngine } from './scriptedEngine.js'
import { VirtualClock } from './virtualClock.js'

export interface VirtualRunResult extends JobRunResult {
  engine: ScriptedEngine
  clock: VirtualClock
  /** Virtual milliseconds from start to end. */
  elapsedMs: number
}

export async function runVirtual(
  manifest: string,
  script: Script,
  options: { backoffBaseMs?: number; beforeRun?: (run: JobRun, clock: VirtualClock) => void } = {}
): Promise<VirtualRunResult> {
  const clock = new VirtualClock()
  let uid = 0
  const newUid = (): string => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`
  const loaded = loadManifests([{ text: manifest, file: 'job.yaml' }], {
    namespace: 'default',
    newUid,
    now: clock.now()
  })
  const engine = scriptedEngine(clock, script)
  const run = new JobRun(loaded.jobs[0].job, {
    clock,
    engine,
    logs: virtualLogs(),
    lookup: configLookup(loaded),
    runId: 'virtual',
    backoffBaseMs: options.backoffBaseMs ?? 10_000,
    randomSuffix: sequentialSuffix(),
    newUid
  })
  const start = clock.now()
  const pending = run.run()
  options.beforeRun?.(run, clock)
  clock.runAll()
  const result = await pending
  return { ...result, engine, clock, elapsedMs: clock.now() - start }
}

/** Shorthand scripts. */
export const exitWith =
  (exitCode: number, durationMs = 1000): Script =>
  () => ({ exitCode, durationMs })

export const byIndex =
  (decide: (index: number, attempt: number) => number, durationMs = 1000): Script =>
  launch => ({ exitCode: decide(launch.pod.index ?? 0, attemptOf(launch.pod.podName)), durationMs })

const attempts = new Map<string, number>()
function attemptOf(podName: string): number {
  const n = attempts.get(podName) ?? 0
  attempts.set(podName, n + 1)
  return n
}

export function conditions(result: JobRunResult): string[] {
  return (result.job.status.conditions ?? []).map(c => `${c.type}/${c.reason}`)
}

export function eventReasons(result: JobRunResult): string[] {
  return result.events.map(e => (e.count > 1 ? `${e.reason} x${e.count}` : e.reason))
}
