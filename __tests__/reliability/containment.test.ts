/**
 * Nothing a container starts outlives it, whatever the process does to get away (issue 15): leave
 * the container's session with an empty environment, unset the run marker and double-fork, close
 * every descriptor. Each escapee writes its pid to a file; what is asserted is that this process is
 * gone — within a second of its container's end while the run goes on, when the controller deletes
 * the pod, when the action is cancelled (one signal, then a second that ends the grace period), and
 * after the action (and its spawner) were SIGKILLed, once the post step has run.
 *
 * The engine cases drive the process engine in this process; the action cases run the bundle
 * (dist/index.js, dist/post/index.js: `npm run bundle` first; or JOB_ACTION_DIST) as the runner does.
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { ContainerLogFile } from '../../src/logs/containerLog.js'
import { createProcessEngine } from '../../src/runtime/process/processEngine.js'
import type { ContainerEngine } from '../../src/runtime/types.js'
import { startAction, type ActionRun } from '../support/actionRunner.js'
import { eventually, launchContainer } from '../runtime/process/support/harness.js'
import {
  alive,
  bundle,
  childrenNamed,
  escapee,
  escapes,
  goneWithin,
  killSurvivors,
  runPost,
  SLEEP
} from './support/escapees.js'

const temps: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'job-action-containment-'))
  temps.push(dir)
  return dir
}

const engines: ContainerEngine[] = []
const actions: Array<{ child: ChildProcess; done: Promise<ActionRun> }> = []

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.shutdown()
  for (const { child, done } of actions.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    temps.push((await done).dir)
  }
  // Whatever a test asserted, what it started dies (the count shows in a failure's output only).
  killSurvivors()
})

afterAll(() => {
  killSurvivors()
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The log the action's runs use: a file the container's processes write themselves (the spawner's way). */
function writtenLog(logPath: string): ContainerLogFile {
  writeFileSync(logPath, '')
  return new ContainerLogFile(logPath, undefined)
}

function engineIn(dir: string): ContainerEngine {
  const engine = createProcessEngine({
    workspace: dir,
    runId: `containment-${path.basename(dir)}`,
    baseEnv: { PATH: process.env.PATH },
    volumesRoot: path.join(dir, 'volumes'),
    shutdownGraceMs: 200
  })
  engines.push(engine)
  return engine
}

describe('an escapee dies within a second of its container, while the run goes on', () => {
  test.each([
    ['env -i setsid', escapes.envISetsid],
    ['the marker unset and a double fork', escapes.unsetDoubleFork],
    ['every descriptor closed', escapes.closedFds]
  ])('%s', async (_name, escape) => {
    const dir = tempDir()
    const engine = engineIn(dir)
    const [pidFile, go] = [path.join(dir, 'pid'), path.join(dir, 'go')]
    // The container waits until the test has seen its escapee, then ends.
    const container = launchContainer(engine, dir, {
      log: writtenLog,
      command: ['sh', '-c', `${escape(pidFile)}\nuntil [ -e ${go} ]; do sleep 0.01; done; echo bye`]
    })
    const daemon = await escapee(pidFile)
    writeFileSync(go, '')
    expect((await container.exit).exitCode).toBe(0)
    expect(await goneWithin(daemon, 1000)).toBe(true)
  })

  test('two containers at once: the escapee of the one that ends dies, the other runs on', async () => {
    const dir = tempDir()
    const engine = engineIn(dir)
    const [pidFile, go] = [path.join(dir, 'pid'), path.join(dir, 'go')]
    const other = launchContainer(engine, dir, {
      log: writtenLog,
      command: ['sh', '-c', `exec sleep ${SLEEP}`]
    })
    const ending = launchContainer(engine, dir, {
      log: writtenLog,
      command: ['sh', '-c', `${escapes.envISetsid(pidFile)}\nuntil [ -e ${go} ]; do sleep 0.01; done`]
    })
    const daemon = await escapee(pidFile)
    writeFileSync(go, '')
    await ending.exit
    expect(await goneWithin(daemon, 1000)).toBe(true)
    expect(other.exits).toEqual([])
    other.running.stop(0)
    await other.exit
  })
})

/** The action (dist/index.js) running `job`, given as JSON (YAML's subset: no quoting to get wrong). */
function action(job: object): { child: ChildProcess; done: Promise<ActionRun> } {
  const inputs = { job: JSON.stringify(job), 'backoff-base': '0' }
  const started = startAction(inputs, {}, path.relative(process.cwd(), path.join(bundle, 'index.js')))
  actions.push(started)
  return started
}

/** A Job of one pod running `script`. */
function oneJob(script: string, spec: object = {}): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'contained' },
    spec: {
      backoffLimit: 0,
      ...spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }]
        }
      }
    }
  }
}

describe('the action', () => {
  test('the controller deletes the pod (the Job deadline): its orphaned escapee dies with it', async () => {
    const dir = tempDir()
    const pidFile = path.join(dir, 'pid')
    const { done } = action(
      oneJob(`${escapes.unsetDoubleFork(pidFile)}\nexec sleep ${SLEEP}`, { activeDeadlineSeconds: 1 })
    )
    const daemon = await escapee(pidFile)
    const run = await done
    expect(run.outputs.status).toBe('Failed')
    expect(await goneWithin(daemon, 1000)).toBe(true)
  })

  test('SIGKILLed mid-run: its spawner kills every pod process and escapee; post finds nothing more', async () => {
    const dir = tempDir()
    const [first, second] = [path.join(dir, 'first'), path.join(dir, 'second')]
    const script = `${escapes.envISetsid(first)}\n${escapes.unsetDoubleFork(second)}\nexec sleep ${SLEEP}`
    const { child, done } = action(oneJob(script))
    const daemons = [await escapee(first), await escapee(second)]
    child.kill('SIGKILL')
    const run = await done
    // The spawner sees its stdin end and kills everything (within 2 s; the rest is slack for a loaded machine).
    for (const daemon of daemons) expect(await goneWithin(daemon, 5000)).toBe(true)
    expect(await runPost(run)).toEqual({ exitCode: 0, stdout: '' })
  })

  test('the action and its spawner both SIGKILLed: the post step kills what is left, from the ledger', async () => {
    const dir = tempDir()
    const [first, second] = [path.join(dir, 'first'), path.join(dir, 'second')]
    // The main process drops the marker too: only the spawner's ledger knows it.
    const script = `${escapes.envISetsid(first)}\n${escapes.unsetDoubleFork(second)}\nexec env -i sleep ${SLEEP}`
    const { child, done } = action(oneJob(script))
    const daemons = [await escapee(first), await escapee(second)]
    const spawners = childrenNamed(child.pid as number, 'python3')
    expect(spawners).toHaveLength(1)
    // The spawner records what runs at its next check (every 250 ms, later on a loaded machine):
    // wait until its ledger (its last argument) names the orphan, as it will have by any SIGKILL
    // that comes after a check.
    const ledger =
      readFileSync(`/proc/${spawners[0]}/cmdline`, 'latin1').split('\0').filter(Boolean).at(-1) ?? ''
    const recorded = () => existsSync(ledger) && readFileSync(ledger, 'latin1').includes(`${daemons[1].pid} `)
    expect(await eventually(recorded, 5000)).toBe(true)
    process.kill(spawners[0], 'SIGKILL')
    child.kill('SIGKILL')
    const run = await done
    await new Promise(resolve => setTimeout(resolve, 200))
    // Nothing stopped them: a SIGKILLed action cleans nothing up.
    expect(daemons.map(alive)).toEqual([true, true])
    const post = await runPost(run)
    expect(post.exitCode).toBe(0)
    // The main process too, unless the action killed its group as its spawner died.
    expect(post.stdout).toMatch(/^::warning::Stopped [2-9] processes left behind by the main step$/m)
    for (const daemon of daemons) expect(await goneWithin(daemon, 500)).toBe(true)
  })
})

describe('cancellation', () => {
  /** A pod that ignores SIGTERM: only a SIGKILL stops it (the end of the 4 s grace, or a second signal). */
  const stubborn = (pidFile: string) => `trap '' TERM\n${escapes.envISetsid(pidFile)}\nexec sleep ${SLEEP}`

  test.each([
    ['SIGINT', 'SIGINT'],
    ['SIGTERM', 'SIGINT'],
    ['SIGINT', 'SIGTERM']
  ] as const)(
    '%s, then %s: the second signal ends the grace period at once',
    async (firstSignal, secondSignal) => {
      const dir = tempDir()
      const pidFile = path.join(dir, 'pid')
      const { child, done } = action(oneJob(stubborn(pidFile)))
      const daemon = await escapee(pidFile)
      const signalledAt = Date.now()
      child.kill(firstSignal)
      setTimeout(() => child.kill(secondSignal), 300)
      const run = await done
      // Well before the 4 s grace period would have ended.
      expect(Date.now() - signalledAt).toBeLessThan(2500)
      expect(run.stdout).toContain(`::warning::Received ${firstSignal}: stopping every pod`)
      const [pod] = JSON.parse(run.outputs['pods-json'])
      expect(pod.containers[0].exitCode).toBe(137)
      expect(await goneWithin(daemon, 1000)).toBe(true)
    }
  )

  test('one SIGINT: the pod gets its grace period and stops itself; its escapee dies with it', async () => {
    const dir = tempDir()
    const pidFile = path.join(dir, 'pid')
    // Orphaned at once, the escapee is no descendant of the pod's process when the pod is stopped.
    const script = `trap 'echo stopping; exit 0' TERM\n${escapes.unsetDoubleFork(pidFile)}\nwhile :; do sleep 0.05; done`
    const { child, done } = action(oneJob(script))
    const daemon = await escapee(pidFile)
    const signalledAt = Date.now()
    child.kill('SIGINT')
    const run = await done
    expect(Date.now() - signalledAt).toBeLessThan(2500)
    expect(run.stdout).toMatch(/ stopping$/m)
    expect(await goneWithin(daemon, 1000)).toBe(true)
  })
})
