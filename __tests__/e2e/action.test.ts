/**
 * The bundled action (dist/index.js), started as the runner starts it. dist/ is rebuilt from src/
 * by `npm run bundle`, and CI fails when the committed one differs.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import { runAction, type ActionRun } from '../support/actionRunner.js'

const runs: ActionRun[] = []
afterEach(() => {
  for (const run of runs.splice(0)) fs.rmSync(run.dir, { recursive: true, force: true })
})
async function action(inputs: Record<string, string>): Promise<ActionRun> {
  const run = await runAction(inputs)
  runs.push(run)
  return run
}

const failing = `
apiVersion: batch/v1
kind: Job
metadata:
  name: fails
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: ["false"]
`

describe('the action, as the runner starts it', () => {
  test('pi: Complete, every output, the summary holds the describe text', async () => {
    const run = await action({ 'job-file': 'examples/pi.yaml' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      status: 'Complete',
      reason: 'CompletionsReached',
      succeeded: '1',
      failed: '0'
    })
    const job = JSON.parse(run.outputs['job-json'])
    expect(job.kind).toBe('Job')
    expect(job.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'SuccessCriteriaMet',
      'Complete'
    ])
    expect(JSON.parse(run.outputs['pods-json'])).toHaveLength(1)
    expect(run.outputs.describe).toMatch(/^Name:\s+pi\nNamespace:\s+default\n/)
    expect(run.outputs['logs-dir']).toBe(`${run.dir}/job-action`)
    expect(run.summary).toContain(run.outputs.describe.split('\n')[0])
    expect(run.summary).toContain('Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed')
    expect(run.state).toContain('run-id')
  })

  test('false with backoffLimit 2 and a 100ms base: Failed, BackoffLimitExceeded, failed=3, the step fails', async () => {
    const run = await action({ job: failing, 'backoff-base': '100ms' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', failed: '3' })
    expect(run.stdout).toContain(
      '::error::Job "fails" failed: BackoffLimitExceeded: Job has reached the specified backoff limit'
    )
  })

  test('fail-on-failure false: the outputs say Failed, the step passes with a warning', async () => {
    const run = await action({ job: failing, 'backoff-base': '0', 'fail-on-failure': 'false' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('Failed')
    expect(run.stdout).toContain('::warning::Job "fails" failed')
  })

  test('restartPolicy Always: the API server message, the step fails, nothing runs', async () => {
    const run = await action({
      job: failing.replace('fails', 'pi').replace('restartPolicy: Never', 'restartPolicy: Always')
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      '::error::The Job "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'
    )
    expect(run.outputs).toEqual({})
    expect(fs.existsSync(`${run.dir}/job-action`)).toBe(false)
  })

  test('both job and job-file: a usage error naming the inputs', async () => {
    const run = await action({ job: failing, 'job-file': 'examples/pi.yaml' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::error::give exactly one of the inputs job')
  })

  test('a bad backoff-base names the input', async () => {
    const run = await action({ 'job-file': 'examples/pi.yaml', 'backoff-base': '10' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::error::invalid backoff-base "10"')
  })
})
