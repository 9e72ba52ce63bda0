/**
 * The bundled action (dist/index.js) cancelled the way the runner cancels it — SIGINT to the node
 * process, SIGTERM 7.5 s later — and killed outright, after which the post step
 * (dist/post/index.js) must find what was left, with its spawner killed too (killed alone, the
 * action's spawner sees its stdin end and kills every pod process itself). Pod processes are found by a token in their
 * command line. Rebuild dist (`npm run bundle`) before running these.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { stripAnsi } from '../logs/helpers.js'
import { parseOutputFile, startAction, type ActionRun } from '../support/actionRunner.js'
import { eventually, processesWithToken, uniqueSleep } from '../runtime/process/support/harness.js'
import { childrenNamed } from '../reliability/support/escapees.js'

const tokens: string[] = []
const actions: Array<{ child: ChildProcess; done: Promise<ActionRun> }> = []
afterEach(async () => {
  // Whatever a test asserted, its action ends, its files go and its pods die.
  for (const { child, done } of actions.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    fs.rmSync((await done).dir, { recursive: true, force: true })
  }
  for (const token of tokens.splice(0))
    for (const pid of processesWithToken(token)) process.kill(pid, 'SIGKILL')
})

function start(
  job: string,
  inputs: Record<string, string> = {}
): { child: ChildProcess; done: Promise<ActionRun> } {
  const started = startAction({ job, ...inputs })
  actions.push(started)
  return started
}

function token(): string {
  const t = uniqueSleep()
  tokens.push(t)
  return t
}

/** Four pods: two ignore SIGTERM (so only the SIGKILL at the end of the grace period stops them). */
function fourPods(t: string): string {
  return `
apiVersion: batch/v1
kind: Job
metadata: { name: long }
spec:
  completionMode: Indexed
  completions: 4
  parallelism: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [sh, -c, 'if [ "$JOB_COMPLETION_INDEX" -lt 2 ]; then trap "" TERM; fi; echo ready; sleep ${t} & sleep ${t}']
`
}

async function untilReady(child: ChildProcess, pods: number): Promise<void> {
  let seen = ''
  child.stdout?.on('data', chunk => (seen += chunk))
  const ready = await eventually(() => (stripAnsi(seen).match(/\] ready$/gm) ?? []).length >= pods, 20_000)
  if (!ready) throw new Error(`the pods did not start; output so far:\n${seen}`)
}

describe('cancellation, as the runner does it', () => {
  test('SIGINT while 4 pods run: exit non-zero within 7 s, outputs and summary written, pods terminated, nothing left', async () => {
    const t = token()
    const { child, done } = start(fourPods(t), { 'backoff-base': '0' })
    await untilReady(child, 4)
    // "ready" comes just before the sleeps start.
    expect(await eventually(() => processesWithToken(t, 'sleep').length === 8)).toBe(true)
    const signalledAt = Date.now()
    child.kill('SIGINT')
    // The runner's next step, should the action still be running.
    const sigterm = setTimeout(() => child.kill('SIGTERM'), 7500)
    const run: ActionRun = await done
    const took = Date.now() - signalledAt
    clearTimeout(sigterm)

    expect(took).toBeLessThan(7000)
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toContain('::warning::Received SIGINT: stopping every pod')
    expect(run.outputs.status).toBe('Failed')
    const pods = JSON.parse(run.outputs['pods-json'])
    expect(pods).toHaveLength(4)
    for (const pod of pods) {
      expect(pod.phase).toBe('Failed')
      const [container] = pod.containers
      // SIGTERM stops two of them; the two that ignore it are killed when the grace period ends.
      expect([143, 137]).toContain(container.exitCode)
      expect(container.reason).toBe('Error')
    }
    expect(
      pods.map((p: { containers: Array<{ exitCode: number }> }) => p.containers[0].exitCode).sort()
    ).toEqual([137, 137, 143, 143])
    expect(run.summary).toContain('Pods Statuses:')
    expect(run.outputs.describe).toMatch(/^Name:\s+long$/m)
    expect(processesWithToken(t)).toEqual([])
  })

  test('the action killed outright: its spawner kills its pods at once', async () => {
    const t = token()
    const { child, done } = start(fourPods(t))
    await untilReady(child, 4)
    expect(await eventually(() => processesWithToken(t, 'sleep').length === 8)).toBe(true)
    child.kill('SIGKILL')
    const run = await done
    expect(await eventually(() => processesWithToken(t).length === 0, 2500)).toBe(true)
    expect(await runPost(parseOutputFile(run.state), run.dir)).toEqual({ exitCode: 0, stdout: '' })
  })

  test('the action and its spawner killed outright leave the pods running; the post step kills them from the saved state', async () => {
    const t = token()
    const escaped = token()
    const manifest = `
apiVersion: batch/v1
kind: Job
metadata: { name: orphans }
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [sh, -c, "setsid sleep ${escaped} > /dev/null 2>&1 & echo ready; sleep ${t} & sleep ${t}"]
`
    const { child, done } = start(manifest)
    await untilReady(child, 2)
    // The spawner is the action's python3 child (src/runtime/process/spawner.ts).
    for (const pid of childrenNamed(child.pid as number, 'python3')) process.kill(pid, 'SIGKILL')
    child.kill('SIGKILL')
    const run = await done
    // Nothing stopped them: the runner does not stop a killed action's children.
    const allThere = () =>
      processesWithToken(t, 'sleep').length === 4 && processesWithToken(escaped, 'sleep').length === 2
    expect(await eventually(allThere)).toBe(true)

    const state = parseOutputFile(run.state)
    expect(state['run-id']).toMatch(/^[0-9a-f-]{36}$/)
    const post = await runPost(state, run.dir)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toMatch(/^::warning::Stopped [6-9] processes left behind by the main step$/m)
    expect(
      await eventually(() => processesWithToken(t).length + processesWithToken(escaped).length === 0, 500)
    ).toBe(true)

    // Run again, it finds nothing more and says nothing.
    const again = await runPost(state, run.dir)
    expect(again).toEqual({ exitCode: 0, stdout: '' })
  })

  test('an error nobody caught while pods run: the action exits 1 and its pods die with it', async () => {
    const t = token()
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-crash-'))
    try {
      const flag = path.join(scratch, 'flag')
      // Every fault the action knows of is handled, so the uncaught error comes from outside: a
      // script preloaded into the action's own process throws from a timer once the flag exists.
      const fault = path.join(scratch, 'fault.cjs')
      fs.writeFileSync(
        fault,
        `const fs = require('node:fs')\nconst timer = setInterval(() => { if (fs.existsSync(${JSON.stringify(flag)})) { clearInterval(timer); throw new Error('injected fault') } }, 20)\ntimer.unref()\n`
      )
      const manifest = `
apiVersion: batch/v1
kind: Job
metadata: { name: crash }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - { name: steady, image: busybox, command: [sh, -c, "echo ready; sleep ${t} & sleep ${t}"] }
`
      const started = startAction(
        { job: manifest, 'logs-dir': path.join(scratch, 'logs') },
        { NODE_OPTIONS: `--require ${fault}` }
      )
      actions.push(started)
      await untilReady(started.child, 1)
      fs.writeFileSync(flag, '')
      const run = await started.done
      expect(run.exitCode).toBe(1)
      expect(run.stderr).toContain('job-action failed unexpectedly: Error: injected fault')
      expect(await eventually(() => processesWithToken(t).length === 0, 500)).toBe(true)
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true })
    }
  })
})

/** The post step as the runner starts it: the main step's saved state as STATE_<name> variables. */
function runPost(
  state: Record<string, string>,
  runnerTemp: string
): Promise<{ exitCode: number | null; stdout: string }> {
  // The same RUNNER_TEMP as the main step's: the run's process ledger is kept there.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', RUNNER_TEMP: runnerTemp }
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
  const child = spawn(process.execPath, [path.join(process.cwd(), 'dist/post/index.js')], { env })
  let stdout = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  return new Promise(resolve => child.on('close', exitCode => resolve({ exitCode, stdout })))
}
