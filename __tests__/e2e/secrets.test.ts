/**
 * What pods may see and say, through the bundled action (dist/index.js) started as the runner
 * starts it: no action input or runner credential in a pod's environment, no Secret value in
 * anything the action prints or writes, and no pod line acting as a workflow command. Rebuild dist
 * (`npm run bundle`) before running these.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import { runAction, type ActionRun } from '../support/actionRunner.js'
import { stripAnsi } from '../logs/helpers.js'
import { runnerCommands } from '../logs/runnerCommands.js'

const runs: ActionRun[] = []
afterEach(() => {
  for (const run of runs.splice(0)) fs.rmSync(run.dir, { recursive: true, force: true })
})
async function action(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction(inputs, env)
  runs.push(run)
  return run
}

/** Everything the action wrote that a workflow log, a later step or a reader could see. */
const everything = (run: ActionRun): string =>
  [run.stdout, run.stderr, run.summary, fs.readFileSync(`${run.dir}/output`, 'utf8')].join('\n')

function podLogs(run: ActionRun): string[] {
  const pods: Array<{ containers: Array<{ logs: string[] }> }> = JSON.parse(run.outputs['pods-json'])
  return pods.flatMap(p => p.containers.flatMap(c => c.logs))
}

const printEnv = `
apiVersion: batch/v1
kind: Job
metadata: { name: print-env }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox, command: [env] }]
`

describe("a pod's environment", () => {
  test('holds neither the action inputs nor the runner credentials, nor the step command files', async () => {
    const credentials = {
      GITHUB_TOKEN: 'ghs_workflowtoken0001',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-0002',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token-0003',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/0004',
      ACTIONS_RUNTIME_URL: 'https://runtime.example/0005',
      ACTIONS_RESULTS_URL: 'https://results.example/0006',
      ACTIONS_CACHE_URL: 'https://cache.example/0007',
      GITHUB_REPOSITORY: 'octo/kept'
    }
    const run = await action({ job: printEnv, 'github-token': 'ghs_inputtoken0008' }, credentials)
    expect(run.exitCode).toBe(0)
    const [log] = podLogs(run)
    const env = fs.readFileSync(log, 'utf8')
    expect(env).toMatch(/^GITHUB_REPOSITORY=octo\/kept$/m)
    expect(env).toMatch(/^HOSTNAME=print-env-\w{5}$/m)
    expect(env).toMatch(/^JOB_ACTION_RUN_ID=[0-9a-f-]{36}$/m)
    const names = env.split('\n').map(line => line.slice(0, line.indexOf('=')))
    for (const name of names) expect(name).not.toMatch(/^INPUT_/)
    for (const name of [
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'GITHUB_OUTPUT',
      'GITHUB_STATE',
      'GITHUB_STEP_SUMMARY'
    ])
      expect(names).not.toContain(name)
    for (const value of [
      'ghs_inputtoken0008',
      ...Object.values(credentials).filter(v => v !== 'octo/kept')
    ]) {
      expect(env).not.toContain(value)
      expect(everything(run)).not.toContain(value)
    }
  })
})

const secretJob = `
apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData:
  password: pa55-w0rd-alpha
  certificate: |
    -----BEGIN LINE-ONE-SECRET-----
    LINE-TWO-SECRET-beta
    -----END LINE-THREE-SECRET-----
---
apiVersion: batch/v1
kind: Job
metadata: { name: leaky }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [sh, -c, 'echo "password is $PASSWORD"; echo "$CERT"; printf "no newline $PASSWORD"; echo "to stderr $PASSWORD" >&2; exit 1']
          env:
            - { name: PASSWORD, valueFrom: { secretKeyRef: { name: creds, key: password } } }
            - { name: CERT, valueFrom: { secretKeyRef: { name: creds, key: certificate } } }
            - { name: ECHOED, value: "$(PASSWORD)" }
`
const secretLines = [
  'pa55-w0rd-alpha',
  '-----BEGIN LINE-ONE-SECRET-----',
  'LINE-TWO-SECRET-beta',
  '-----END LINE-THREE-SECRET-----'
]

describe('Secret values', () => {
  test.each(['stream', 'group'])(
    'never appear unmasked in what the action prints or writes (logs: %s)',
    async logs => {
      const run = await action({ job: secretJob, logs })
      expect(run.outputs.status).toBe('Failed')
      // Registered with the runner, line by line, before any pod ran.
      const firstPodLine = run.stdout.search(/\*\*\*/)
      expect(firstPodLine).toBeGreaterThan(0)
      for (const line of secretLines) {
        const mask = run.stdout.indexOf(`::add-mask::${line}\n`)
        expect(mask).toBeGreaterThanOrEqual(0)
        expect(mask).toBeLessThan(firstPodLine)
      }
      const withoutMaskCommands = everything(run).replace(/^::add-mask::.*$/gm, '')
      for (const line of secretLines) expect(withoutMaskCommands).not.toContain(line)
      expect(withoutMaskCommands).toContain('password is ***')
      expect(withoutMaskCommands).toContain('no newline ***')
      expect(withoutMaskCommands).toContain('to stderr ***')
      // The log file stays a byte-exact copy.
      const [log] = podLogs(run)
      expect(fs.readFileSync(log, 'utf8')).toContain('password is pa55-w0rd-alpha\n')
    }
  )
})

const hostile = `
apiVersion: batch/v1
kind: Job
metadata: { name: hostile }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command:
            - sh
            - -c
            - |
              echo "::set-output name=status::hacked"
              echo "::error::x"
              echo "::add-mask::y"
              echo "  ::warning::indented"
              echo "##[error]legacy form"
              printf 'carriage\\r::notice::after a carriage return\\n'
              echo "::stop-commands::guess"
              echo "::endgroup::"
              echo "status=hacked" >> "$GITHUB_OUTPUT"
              printf '::error::no final newline'
`

describe('pod output', () => {
  test.each(['stream', 'group', 'none'])('acts as no workflow command (logs: %s)', async logs => {
    const run = await action({ job: hostile, logs })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('Complete')
    const commands = runnerCommands(run.stdout)
    expect(
      commands.filter(c =>
        /hacked|^error:|add-mask|^warning:indented|^notice:|legacy|no final newline/.test(c)
      )
    ).toEqual([])
    // The outputs file only holds the action's own outputs (job-json quotes the manifest).
    expect(fs.readFileSync(`${run.dir}/output`, 'utf8')).not.toMatch(/^status=hacked$/m)
    if (logs === 'stream')
      expect(stripAnsi(run.stdout)).toMatch(/^\[hostile-\w{5}\/c\] ::error::no final newline$/m)
    if (logs === 'group') {
      const [pod] = JSON.parse(run.outputs['pods-json'])
      expect(commands).toEqual(
        expect.arrayContaining([`group:${pod.name}`, 'stop-commands', 'resume', 'endgroup:'])
      )
      expect(run.stdout).toContain('::set-output name=status::hacked\n')
    }
    // logs: none prints no pod output (the describe group quotes the command, not its output).
    if (logs === 'none') expect(run.stdout).not.toMatch(/^::set-output name=status::hacked$/m)
  })
})
