/**
 * The virtual-time harness: a Job manifest run whole — loader, controller, kubelet, JobRun — on a
 * VirtualClock and the scripted engine, so that minutes of backoff take microseconds. `during`
 * puts a hand on the run while it goes (delete, evict, suspend, cancel at a given virtual time).
 * Runner tests, shard tests and merge tests all run Jobs through this one function.
 */
import type { PodRecord } from '../../src/api/podRecord.js'
import { loadManifests } from '../../src/api/load.js'
import { sequentialSuffix } from '../../src/controller/podNames.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { configLookup } from '../../src/runner/runJobs.js'
import type { Shard } from '../../src/shard/shard.js'
import type { ContainerLaunch } from '../../src/runtime/types.js'
import { scriptedEngine, virtualLogs, type Script, type ScriptedEngine } from './scriptedEngine.js'
import { VirtualClock } from './virtualClock.js'

/** What a test can do to a run while it goes. */
export interface VirtualHand {
  run: JobRun
  clock: VirtualClock
  engine: ScriptedEngine
  /** Virtual milliseconds since the run started. */
  elapsed(): number
  /** Do something at this virtual time (ms since start). */
  at(ms: number, action: () => void): void
  pods(): PodRecord[]
}

export interface VirtualRunOptions {
  /** The backoff base; Kubernetes' 10 s unless given. */
  backoffBaseMs?: number
  waitWhileSuspended?: boolean
  /** Run only this shard's indexes. */
  shard?: Shard
  during?: (hand: VirtualHand) => void
}

export interface VirtualRunResult extends JobRunResult {
  engine: ScriptedEngine
  /** Virtual milliseconds from start to end. */
  elapsedMs: number
}

export async function runVirtual(
  manifest: string,
  script: Script,
  options: VirtualRunOptions = {}
): Promise<VirtualRunResult> {
  const clock = new VirtualClock()
  let uid = 0
  // Each shard is a Job object of its own, with uids of its own, as on separate runners.
  const prefix = String(options.shard?.index ?? 0).padStart(8, '0')
  const newUid = (): string => `${prefix}-0000-4000-8000-${String(++uid).padStart(12, '0')}`
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
    newUid,
    waitWhileSuspended: options.waitWhileSuspended,
    shard: options.shard
  })
  const start = clock.now()
  const pending = run.run()
  options.during?.({
    run,
    clock,
    engine,
    elapsed: () => clock.now() - start,
    at: (ms, action) => clock.setTimer(start + ms - clock.now(), action),
    pods: () => run.controller.pods
  })
  clock.runAll()
  const result = await pending
  return { ...result, elapsedMs: clock.now() - start, engine }
}

/** Every attempt exits with this code after this long. */
export const exitWith =
  (exitCode: number, durationMs = 1000): Script =>
  () => ({ exitCode, durationMs })

/** Counts the launches of each completion index (null for a non-Indexed Job): 0 for the first. */
export function attemptCounter(): (launch: ContainerLaunch) => number {
  const seen = new Map<number | null, number>()
  return launch => {
    const n = seen.get(launch.pod.index) ?? 0
    seen.set(launch.pod.index, n + 1)
    return n
  }
}

/** Exit codes by completion index and by the attempt of that index; a fresh count per script. */
export function byIndex(
  decide: (index: number, attempt: number) => number,
  durationMs: number | ((index: number) => number) = 1000
): Script {
  const attemptOf = attemptCounter()
  return launch => {
    const index = launch.pod.index ?? 0
    const exitCode = decide(index, attemptOf(launch))
    return { exitCode, durationMs: typeof durationMs === 'number' ? durationMs : durationMs(index) }
  }
}

/** A Job `demo` with one container `c` and the given spec and pod spec lines (YAML, indented by us). */
export function jobManifest(
  spec: string,
  restartPolicy: 'Never' | 'OnFailure' = 'Never',
  podSpec = ''
): string {
  const indent = (text: string, by: string): string =>
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(line => by + line)
      .join('\n')
  return `
apiVersion: batch/v1
kind: Job
metadata:
  name: demo
spec:
${indent(spec, '  ')}
  template:
    spec:
      restartPolicy: ${restartPolicy}
${podSpec ? indent(podSpec, '      ') : ''}
      containers:
        - name: c
          image: busybox
          command: ["sh", "-c", "true"]
`
}
