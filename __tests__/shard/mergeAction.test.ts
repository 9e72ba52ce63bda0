/**
 * The action's run() in merge mode, in this process, against a local GitHub API: the shards'
 * status files (from separate runs of the real controller) as actions/download-artifact leaves
 * them, and one step that reports them — outputs, step summary with the shards table, and one
 * pull-request comment with the merged report.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { run } from '../../src/main.js'
import { parseOutputFile } from '../support/actionRunner.js'
import { startFakeGitHub, type FakeGitHub } from '../report/commentServer.js'
import { byIndexAttempt, indexedJob, runShards } from './support/shardRuns.js'

let workspace: string
let server: FakeGitHub
const savedEnv = { ...process.env }
const savedExitCode = process.exitCode

beforeAll(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-merge-'))
  fs.writeFileSync(path.join(workspace, 'event.json'), JSON.stringify({ pull_request: { number: 12 } }))
  server = await startFakeGitHub({
    tokens: { 'ghs-workflow': { login: 'github-actions[bot]', installation: true } }
  })
})
afterAll(async () => {
  process.env = { ...savedEnv }
  process.exitCode = savedExitCode
  await server.close()
  fs.rmSync(workspace, { recursive: true, force: true })
})

test('merge with comment: true reports the shards as one Job', async () => {
  const runs = await runShards(
    indexedJob('suite', 20, '  backoffLimitPerIndex: 0'),
    byIndexAttempt(index => (index === 6 ? 1 : 0)),
    4
  )
  for (const [i, r] of runs.entries()) {
    const file = path.join(workspace, 'shards', `suite-shard-${i + 1}`, 'suite.status.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify(r.status))
  }
  const files = { output: path.join(workspace, 'output'), summary: path.join(workspace, 'summary.md') }
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  process.env = {
    PATH: savedEnv.PATH,
    HOME: savedEnv.HOME,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(workspace, 'event.json'),
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_API_URL: server.apiUrl,
    GITHUB_RUN_ID: '40',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'report',
    INPUT_MERGE: 'shards/*/suite.status.json',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs-workflow'
  }
  process.exitCode = undefined
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  try {
    await run()
  } finally {
    jest.restoreAllMocks()
  }
  const exitCode = process.exitCode
  process.exitCode = savedExitCode

  expect(exitCode).toBe(1)
  expect(stdout).toContain('::error::Job "suite" failed: FailedIndexes: Job has failed indexes')
  // The shards annotated their own pods: the merge adds only the step's failure.
  expect(stdout.split('\n').filter(line => line.startsWith('::error'))).toHaveLength(1)
  const outputs = parseOutputFile(fs.readFileSync(files.output, 'utf8'))
  expect(outputs).toMatchObject({
    status: 'Failed',
    reason: 'FailedIndexes',
    succeeded: '19',
    failed: '1',
    'completed-indexes': '0-5,7-19',
    'failed-indexes': '6',
    'logs-dir': path.join(workspace, 'job-action')
  })
  const summary = fs.readFileSync(files.summary, 'utf8')
  expect(summary.startsWith('## ❌ Job `suite` Failed: FailedIndexes')).toBe(true)
  expect(summary).toContain('| 3/4 | `2,6,…,18` | ❌ Failed: FailedIndexes | 4 | 1 | 5 |')

  const thread = server.comments.get(12) ?? []
  expect(thread).toHaveLength(1)
  expect(thread[0].body.split('\n')[0]).toBe(
    '<!-- job-action report job=default%2Fsuite workflow=CI workflow-job=report -->'
  )
  expect(thread[0].body).toContain('## ❌ Job `suite` Failed: FailedIndexes')
  expect(thread[0].body).toContain('**19** succeeded · **1** failed · 20 pods')
})

describe('merge inputs', () => {
  test.each([
    { inputs: { INPUT_MERGE: 'shards', INPUT_SHARD: '1/2' }, error: 'leave out the input shard' },
    { inputs: { INPUT_MERGE: 'nowhere' }, error: 'merge: "nowhere": no such file or folder' }
  ])('$error', async ({ inputs, error }) => {
    process.env = { PATH: savedEnv.PATH, GITHUB_WORKSPACE: workspace, ...inputs }
    let stdout = ''
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk)
      return true
    })
    try {
      await run()
    } finally {
      jest.restoreAllMocks()
      process.exitCode = savedExitCode
    }
    expect(stdout).toContain(`::error::`)
    expect(stdout).toContain(error)
  })
})
