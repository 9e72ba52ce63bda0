/**
 * A whole run in virtual time — loader, controller, kubelet, JobRun — on the scripted engine, with
 * a hand on the run while it goes (evict, delete, suspend at a given virtual time).
 */
import { sequentialSuffix } from '../../../src/controller/podNames.js'
import type { PodRecord } from '../../../src/api/podRecord.js'
import { JobRun, type JobRunResult } from '../../../src/runner/jobRun.js'
import { configLookup } from '../../../src/runner/runJobs.js'
import { loadManifests } from '../../../src/api/load.js'
import {
  scriptedEngine,
  virtualLogs,
  type Script,
  type ScriptedEngine
} from '../../support/scriptedEngine.js'
import { VirtualClock } from '../../support/virtualClock.js'

export interface Scenario {
  run: JobRun
  clock: VirtualClock
  engine: ScriptedEngine
  /** Virtual milliseconds since the run started. */
  elapsed(): number
  /** Do something at this virtual time (ms since start). */
  at(ms: number, action: () => void): void
  pods(): PodRecord[]
}

export interface ScenarioResult extends JobRunResult {
  elapsedMs: number
  engine: ScriptedEngine
}

export async function runScenario(
  manifest: string,
  script: Script,
  options: {
    backoffBaseMs?: number
    waitWhileSuspended?: boolean
    during?: (scenario: Scenario) => void
  } = {}
): Promise<ScenarioResult> {
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
    newUid,
    waitWhileSuspended: options.waitWhileSuspended
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

/** A manifest with one container `c` and the given spec lines (YAML, two-space indented by us). */
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
