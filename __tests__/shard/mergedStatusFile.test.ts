/**
 * `job-action merge` writes the merged run as `<logs-dir>/<job>.status.json`, so that get and
 * describe over the merge's logs folder show the whole Job: two shards run on the real controller
 * in virtual time, their status files laid out as actions/download-artifact leaves them, merged
 * through the CLI, then read back (outputs compared with goldens under __tests__/golden/kubectl/).
 * A second merge over a folder that holds the first one's output merges the shards again rather
 * than taking that output for one more run.
 */
process.env.TZ = 'UTC'
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { cliIn, expectGolden, transcript } from '../kubectl/cliGolden.js'
import { readStatusFile } from '../../src/shard/statusFile.js'
import { byIndexAttempt, indexedJob, runShards } from './support/shardRuns.js'

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-merged-status-'))
const shardsDir = path.join(workspace, 'shards')
const logsDir = path.join(workspace, 'shards', 'merged')

beforeAll(async () => {
  const runs = await runShards(
    indexedJob('suite', 4, '  backoffLimitPerIndex: 0'),
    byIndexAttempt(index => (index === 1 ? 1 : 0)),
    2
  )
  for (const [i, r] of runs.entries()) {
    const file = path.join(shardsDir, `suite-shard-${i + 1}`, 'suite.status.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify(r.status))
  }
  const ended = Math.max(...runs.map(r => r.status.endedAt))
  jest.useFakeTimers({ now: ended + 120_000, doNotFake: ['nextTick', 'setImmediate'] })
})
afterAll(() => {
  jest.useRealTimers()
  fs.rmSync(workspace, { recursive: true, force: true })
})

describe('merge writes the merged run for get, describe and logs', () => {
  test('the merged status file is the whole Job, of no shard', async () => {
    const merged = await cliIn(logsDir, ['merge', shardsDir])
    // One index failed: the merged Job failed.
    expect(merged.code).toBe(1)
    const status = readStatusFile(path.join(logsDir, 'suite.status.json'))
    expect(status.shard).toBeNull()
    expect(status.logsDir).toBe(logsDir)
    expect(status.pods.map(p => p.index).sort()).toEqual([0, 1, 2, 3])
    expect(status.job.status.completedIndexes).toBe('0,2,3')
    expect(status.job.status.failedIndexes).toBe('1')
  })

  test('get pods lists the pods of every shard', async () => {
    expectGolden('merged-get-pods', await transcript(logsDir, ['get', 'pods']))
  })

  test('describe job shows the merged Job', async () => {
    expectGolden('merged-describe-job', await transcript(logsDir, ['describe', 'job', 'suite']))
  })

  test('a second merge over the folder holding the first one’s output merges the shards again', async () => {
    const before = fs.readFileSync(path.join(logsDir, 'suite.status.json'), 'utf8')
    const again = await cliIn(logsDir, ['merge', shardsDir])
    expect(again.code).toBe(1)
    expect(again.stderr).not.toContain('was not')
    expect(fs.readFileSync(path.join(logsDir, 'suite.status.json'), 'utf8')).toBe(before)
  })
})
