/**
 * The CLI as a new user meets it (issue 18): the cause of a failure on the console, the verdict
 * line on every run, stdout that stays parseable with `-o json|yaml`, group mode without workflow
 * commands on a terminal, and every path checked — in plain words, exit 2 — before anything runs.
 */
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { parse } from 'yaml'
import { runCli } from '../../src/cli/runCli.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-ux-cli-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function collect(isTTY = false): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  if (isTTY) Object.assign(stream, { isTTY: true })
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text }
}

function manifest(name: string, command: string[], backoffLimit = 0): string {
  const file = path.join(dir, `${name}.yaml`)
  fs.writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: ${backoffLimit}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
          command: ${JSON.stringify(command)}
`
  )
  return file
}

async function cli(
  args: string[],
  tty = false
): Promise<{ code: number; stdout: string; stderr: string; logsDir: string }> {
  const stdout = collect(tty)
  const stderr = collect()
  const logsDir = path.join(dir, `logs-${Math.random().toString(36).slice(2)}`)
  const code = await runCli(['run', '--logs-dir', logsDir, '--backoff-base', '0', ...args], {
    stdout: stdout.stream,
    stderr: stderr.stream
  })
  return { code, stdout: stdout.text(), stderr: stderr.text(), logsDir }
}

const savedActions = process.env.GITHUB_ACTIONS
beforeEach(() => {
  delete process.env.GITHUB_ACTIONS
})
afterAll(() => {
  if (savedActions !== undefined) process.env.GITHUB_ACTIONS = savedActions
})

describe('the cause of a failure', () => {
  test('a command that does not exist: the start error on the console, then the verdict', async () => {
    const run = await cli(['-f', manifest('nothere', ['not-there']), '-o', 'none'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^pod nothere-\w{5} failed \(exit 128, StartError: .*"not-there".*executable file not found in \$PATH.*\)$/m
    )
    expect(run.stdout).toMatch(
      /^Job "nothere" Failed: BackoffLimitExceeded \(Job has reached the specified backoff limit\); 0\/1 succeeded, 1 failed in \d+s$/m
    )
  })

  test('-o none on success still prints the verdict', async () => {
    const run = await cli(['-f', manifest('ok', ['true']), '-o', 'none'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Job "ok" Complete: 1\/1 succeeded in \d+s$/m)
  })
})

describe('machine-readable -o keeps stdout clean', () => {
  test('-o json: stdout parses; the pods’ lines and the verdict are on stderr', async () => {
    const run = await cli(['-f', manifest('jsonjob', ['echo', 'hello from the pod']), '-o', 'json'])
    expect(run.code).toBe(0)
    const parsed = JSON.parse(run.stdout) as { metadata: { name: string } }
    expect(parsed.metadata.name).toBe('jsonjob')
    expect(run.stderr).toContain('hello from the pod')
    expect(run.stderr).toMatch(/^Job "jsonjob" Complete: /m)
  })

  test('-o yaml: stdout parses, creationTimestamp double-quoted as kubectl prints it', async () => {
    const run = await cli(['-f', manifest('yamljob', ['echo', 'hello from the pod']), '-o', 'yaml'])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/^\[yamljob-/m)
    expect(run.stderr).toMatch(/^\[yamljob-\w{5}\/main\] hello from the pod$/m)
    expect(run.stdout).toMatch(/^ {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/m)
    expect((parse(run.stdout) as { kind: string }).kind).toBe('Job')
  })
})

test('--logs group on a terminal: no workflow commands, a readable header per pod', async () => {
  const run = await cli(
    ['-f', manifest('grouped', ['echo', 'inside the group']), '--logs', 'group', '-o', 'none'],
    true
  )
  expect(run.code).toBe(0)
  expect(run.stdout).not.toContain('::group::')
  expect(run.stdout).not.toContain('::stop-commands::')
  expect(run.stdout).toMatch(/^── pod grouped-\w{5} ──\n----- main -----\ninside the group$/m)
})

describe('paths checked before anything runs, in plain words, exit 2', () => {
  test('--summary in a folder that does not exist', async () => {
    const run = await cli([
      '-f',
      manifest('never', ['echo', 'must not run']),
      '--summary',
      '/no/such/dir/s.md'
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error: --summary /no/such/dir/s.md: cannot use folder /no/such/dir: no such file or directory\n'
    )
    expect(run.stdout).toBe('')
    expect(fs.existsSync(run.logsDir)).toBe(false)
  })

  test('a manifest file that does not exist', async () => {
    const run = await cli(['-f', 'nope.yaml'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('error: cannot read nope.yaml: no such file or directory\n')
  })

  test('a Pod where a Job was expected: what was found, and how to wrap it', async () => {
    const file = path.join(dir, 'pod.yaml')
    fs.writeFileSync(
      file,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: c\n      image: busybox\n'
    )
    const run = await cli(['-f', file])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `${file}: found a Pod "x", not a Job: put its spec under a Job's spec.template.spec, with restartPolicy Never or OnFailure (see examples/pi.yaml)`
    )
  })
})
