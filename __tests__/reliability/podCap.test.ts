/**
 * A Job that asks for more pods at once than the machine runs (forced small here through
 * JOB_ACTION_MAX_RUNNING_PODS) still completes with every pod: the rest wait Pending and start as
 * running ones end, with one notice saying so. Real processes on the process runtime; each pod
 * marks its start and end in a shared file, whose order shows how many ran at once.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { execute, loadAndCheck, type ExecuteResult } from '../../src/execute.js'
import { maxRunningPodsVariable } from '../../src/runtime/nodeCapacity.js'

let dir: string
let result: ExecuteResult
const notices: string[] = []

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-podcap-'))
  const marks = path.join(dir, 'marks.txt')
  const manifest = `apiVersion: batch/v1
kind: Job
metadata: { name: wide }
spec:
  completions: 8
  parallelism: 8
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: ["sh", "-c", "echo start >> ${marks}; sleep 0.1; echo end >> ${marks}"]
`
  const settings = {
    sources: [{ text: manifest, file: 'job.yaml' }],
    runtime: 'process' as const,
    namespace: 'default',
    logs: 'none' as const,
    logsDir: path.join(dir, 'logs'),
    backoffBaseMs: 50,
    workspace: dir
  }
  const before = process.env[maxRunningPodsVariable]
  process.env[maxRunningPodsVariable] = '2'
  try {
    result = await execute(loadAndCheck(settings.sources, settings), settings, {
      out: new PassThrough().resume(),
      color: false,
      notice: message => notices.push(message)
    })
  } finally {
    if (before === undefined) delete process.env[maxRunningPodsVariable]
    else process.env[maxRunningPodsVariable] = before
  }
}, 60_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

test('the Job completes with every pod', () => {
  expect(result.results[0].status).toBe('Complete')
  expect(result.results[0].job.status.succeeded).toBe(8)
  expect(result.results[0].pods.every(p => p.phase === 'Succeeded')).toBe(true)
})

test('one notice says the rest wait Pending, and why', () => {
  expect(notices.filter(n => n.includes('wait Pending'))).toEqual([
    'Job "wide" asks for 8 pods at once; this machine runs at most 2 (JOB_ACTION_MAX_RUNNING_PODS) — the rest wait Pending, as on a full node'
  ])
})

test('never more than the limit ran at once', () => {
  const lines = fs.readFileSync(path.join(dir, 'marks.txt'), 'utf8').trim().split('\n')
  expect(lines).toHaveLength(16)
  let running = 0
  let most = 0
  for (const line of lines) {
    running += line === 'start' ? 1 : -1
    most = Math.max(most, running)
  }
  expect(most).toBe(2)
})
