/** The CLI (bin/job-action.js over the bundle): what it prints and its exit codes. */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-cli-'))
  try {
    const result = spawnSync(
      process.execPath,
      ['bin/job-action.js', ...args, ...(args[0] === 'run' ? ['--logs-dir', logsDir] : [])],
      {
        input,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_ACTIONS: '' }
      }
    )
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  } finally {
    fs.rmSync(logsDir, { recursive: true, force: true })
  }
}

const always = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: pi
          image: perl
          command: ["true"]
`

describe('job-action CLI', () => {
  test('run -f examples/pi.yaml: pi digits behind the pod prefix, then the describe text and the pods table', () => {
    const result = cli(['run', '-f', 'examples/pi.yaml'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^\[pi-[bcdfghjklmnpqrstvwxz2456789]{5}\/pi\] 3\.14159265358979323846/)
    expect(result.stdout).toMatch(/\nName: {13}pi\nNamespace: {8}default\n/)
    expect(result.stdout).toMatch(
      /\nNAME {7}READY {3}STATUS {6}RESTARTS {3}AGE\npi-\w{5} {3}0\/1 {5}Completed {3}0 {10}\d+s\n/
    )
  })

  test('a failing Job exits 1 and says why', () => {
    const result = cli(
      ['run', '-f', '-', '--backoff-base', '0', '-o', 'none'],
      always.replace('Always', 'Never').replace('"true"', '"false"')
    )
    expect(result.status).toBe(1)
    // The verdict goes where the pods' lines go (stdout, as -o none leaves it free).
    expect(result.stdout).toContain(
      'Job "pi" Failed: BackoffLimitExceeded (Job has reached the specified backoff limit)'
    )
  })

  test('restartPolicy Always: the API server message, exit 2', () => {
    const result = cli(['validate', '-f', '-'], always)
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(
      'The Job "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'
    )
  })

  test('-o json prints the Job as kubectl get -o json does', () => {
    const result = cli(['run', '-f', 'examples/pi.yaml', '--logs', 'none', '-o', 'json'])
    const job = JSON.parse(result.stdout)
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      status: { succeeded: 1 }
    })
  })
})
