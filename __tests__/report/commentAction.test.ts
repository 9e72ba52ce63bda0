/**
 * The action's run() end to end, in this process, with `comment: true` against a local GitHub
 * API: real pods (process runtime), the workflow commands it prints (annotations, warnings), the
 * step summary file, and the pull-request comment — three runs leave one comment; a read-only
 * token costs one warning and the step still passes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { run } from '../../src/main.js'
import { startFakeGitHub, type FakeGitHub } from './commentServer.js'

const manifest = (exitCode: number): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: check
spec:
  completions: 2
  parallelism: 1
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: lint
          image: node:24
          command: ["sh", "-c", "echo checking; echo 'src/a.ts: 3 problems'; exit ${exitCode}"]
`

let workspace: string
let server: FakeGitHub
const savedEnv = { ...process.env }
const savedExitCode = process.exitCode

beforeAll(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-main-'))
  fs.mkdirSync(path.join(workspace, 'k8s'))
  fs.writeFileSync(path.join(workspace, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }))
  server = await startFakeGitHub({
    tokens: {
      'ghs-workflow': { login: 'github-actions[bot]', installation: true },
      'ghs-fork': { login: 'github-actions[bot]', installation: true, readOnly: true }
    }
  })
})
afterAll(async () => {
  await server.close()
  fs.rmSync(workspace, { recursive: true, force: true })
})
afterEach(() => {
  process.env = { ...savedEnv }
  process.exitCode = savedExitCode
  jest.restoreAllMocks()
})

interface ActionResult {
  stdout: string
  exitCode: number | string | null | undefined
  summary: string
}

/** One step of a workflow: the inputs and the runner's variables, then run(). */
async function step(runId: string, inputs: Record<string, string>): Promise<ActionResult> {
  const dir = path.join(workspace, `run-${runId}`)
  fs.mkdirSync(dir)
  for (const file of ['output', 'state']) fs.writeFileSync(path.join(dir, file), '')
  // One summary file for every step, as the steps of one job share it on a runner.
  const summary = path.join(workspace, 'summary.md')
  fs.writeFileSync(summary, '')
  process.env = {
    PATH: savedEnv.PATH,
    HOME: savedEnv.HOME,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(workspace, 'event.json'),
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_API_URL: server.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: runId,
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'check',
    'INPUT_BACKOFF-BASE': '0',
    INPUT_LOGS: 'none',
    'INPUT_GITHUB-TOKEN': 'ghs-workflow',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    )
  }
  process.exitCode = undefined
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  await run()
  jest.restoreAllMocks()
  const result = { stdout, exitCode: process.exitCode, summary: fs.readFileSync(summary, 'utf8') }
  process.exitCode = savedExitCode
  return result
}

describe('the action with comment: true', () => {
  test('three runs on one pull request: one comment, updated; failed pods annotated at their container', async () => {
    fs.writeFileSync(path.join(workspace, 'k8s', 'check.yaml'), manifest(1))
    const runs: ActionResult[] = []
    for (const runId of ['1', '2', '3'])
      runs.push(await step(runId, { 'job-file': 'k8s/check.yaml', comment: 'true' }))

    const thread = server.comments.get(7) ?? []
    expect(thread).toHaveLength(1)
    expect(thread[0].user.login).toBe('github-actions[bot]')
    expect(thread[0].body.split('\n')[0]).toBe(
      '<!-- job-action report job=default%2Fcheck workflow=CI workflow-job=check -->'
    )
    expect(thread[0].body).toContain('[run 3](https://github.com/octo/app/actions/runs/3)')
    expect(thread[0].body).toContain('## ❌ Job `check` Failed: BackoffLimitExceeded')

    const last = runs[2]
    expect(last.exitCode).toBe(1)
    // Two failed pods, one after the other (parallelism 1, backoffLimit 1): two annotations at
    // `- name: lint` (line 13), then the step's own failure.
    const errors = last.stdout.split('\n').filter(line => line.startsWith('::error'))
    expect(errors).toHaveLength(3)
    for (const line of errors.slice(0, 2)) {
      expect(line).toMatch(
        /^::error title=Job check%3A pod check-[a-z0-9]{5} failed,file=k8s\/check\.yaml,line=13,col=11::Container "lint" exited with code 1\.%0A%0ALast 2 lines of its log:%0Achecking%0Asrc\/a\.ts: 3 problems$/
      )
    }
    expect(errors[2]).toMatch(/^::error::Job "check" failed: BackoffLimitExceeded/)
    expect(last.stdout).toMatch(
      /Comment for Job check updated: https:\/\/github\.com\/octo\/app\/pull\/7#issuecomment-\d+/
    )
    expect(last.summary.startsWith('## ❌ Job `check` Failed: BackoffLimitExceeded')).toBe(true)
  })

  test('a read-only token (fork pull request): one warning, and the step passes', async () => {
    fs.writeFileSync(path.join(workspace, 'k8s', 'ok.yaml'), manifest(0).replace('name: check', 'name: ok'))
    const result = await step('4', { 'job-file': 'k8s/ok.yaml', comment: 'true', 'github-token': 'ghs-fork' })
    expect(result.exitCode).not.toBe(1)
    const warnings = result.stdout.split('\n').filter(line => line.startsWith('::warning'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^::warning::The report was not commented on pull request #7: Resource not accessible by integration/
    )
    expect(result.stdout).not.toMatch(/^::error/m)
    expect(result.summary).toContain('## ✅ Job `ok` Complete')
  })
})
