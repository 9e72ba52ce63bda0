/**
 * Status files on disk: written masked, read back with clear errors, found by folder or glob, and
 * refused when they are not the shards of one Job.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { executeMerge } from '../../src/execute.js'
import { findStatusFiles, globPattern } from '../../src/shard/findStatusFiles.js'
import { mergeShardRuns, type ShardRun } from '../../src/shard/merge.js'
import { checkShardRuns } from '../../src/shard/sameJob.js'
import { relocateLogs } from '../../src/shard/shardLogs.js'
import {
  readStatusFile,
  StatusFileError,
  statusFileOf,
  writeStatusFile,
  type StatusFile
} from '../../src/shard/statusFile.js'
import { byIndexAttempt, indexedJob, runShard, runShards, shardRun, statusOf } from './support/shardRuns.js'

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-shard-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function writeJson(relative: string, value: unknown): string {
  const file = path.join(dir, relative)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value))
  return file
}

const passing = (): ReturnType<typeof byIndexAttempt> => byIndexAttempt(() => 0)

describe('the shards of one Job, or a clear error', () => {
  let runs: ShardRun[]
  beforeAll(async () => {
    runs = await runShards(indexedJob('pi', 8), passing(), 4)
  })

  test('files of two different Jobs', async () => {
    const other = shardRun(
      await runShard(indexedJob('other', 8), passing(), { shard: { index: 2, count: 4 } }),
      {
        index: 2,
        count: 4
      }
    )
    expect(() => checkShardRuns([runs[0], { ...other, shown: 'b/other.status.json' }])).toThrow(
      'merge: b/other.status.json is Job "default/other", but shard-1/job.status.json is Job "default/pi": merge the status files of one Job at a time (a glob such as **/pi.status.json picks them)'
    )
  })

  test('the same name with another spec', async () => {
    const changed = shardRun(
      await runShard(indexedJob('pi', 9), passing(), { shard: { index: 2, count: 4 } }),
      {
        index: 2,
        count: 4
      }
    )
    expect(() => checkShardRuns([runs[0], { ...changed, shown: 'new/pi.status.json' }])).toThrow(
      'merge: new/pi.status.json is not the same Job "default/pi" as shard-1/job.status.json: its spec.completions is 9, not 8'
    )
  })

  test('a shard uploaded twice', () => {
    const twice = { ...runs[1], shown: 'again/pi.status.json' }
    const attempt = (): unknown => mergeShardRuns([runs[0], runs[1], twice, runs[2], runs[3]])
    expect(attempt).toThrow(StatusFileError)
    expect(attempt).toThrow(
      'merge: shard-2/job.status.json and again/pi.status.json are both shard 2/4: a shard was uploaded twice, or two matrix jobs ran the same shard'
    )
  })

  test('shards of another split', async () => {
    const third = shardRun(
      await runShard(indexedJob('pi', 8), passing(), { shard: { index: 1, count: 3 } }),
      {
        index: 1,
        count: 3
      }
    )
    expect(() => checkShardRuns([runs[0], { ...third, shown: 'x/pi.status.json' }])).toThrow(
      'merge: x/pi.status.json is shard 1/3, but shard-1/job.status.json is shard 1/4: every shard must split the Job the same way'
    )
  })

  test('a run of every index among shards', async () => {
    const whole = await runShard(indexedJob('pi', 8), passing())
    const run = { shown: 'whole/pi.status.json', status: statusOf(whole) }
    expect(() => checkShardRuns([runs[0], run])).toThrow(
      'merge: whole/pi.status.json is a run of every index (no shard), but shard-1/job.status.json is shard 1/4: every shard must split the Job the same way'
    )
  })

  test('the uids the API server gives each run do not make Jobs differ', () => {
    expect(runs[0].status.job.metadata.uid).not.toBe(runs[1].status.job.metadata.uid)
    expect(() => checkShardRuns(runs)).not.toThrow()
  })
})

describe('reading a status file', () => {
  let good: StatusFile
  beforeAll(async () => {
    good = statusOf(await runShard(indexedJob('pi', 4), passing()))
  })

  test.each([
    {
      name: 'not JSON',
      content: '{"kind": ',
      message: /^merge: bad\.json is not a job-action status file: .*JSON/
    },
    {
      name: 'another kind of JSON',
      content: { kind: 'Job', apiVersion: 'batch/v1' },
      message:
        /^merge: bad\.json is not a job-action status file: it is not apiVersion job-action\/v1, kind JobRunStatus$/
    },
    {
      name: 'pods that are not pods',
      content: () => ({ ...good, pods: [{ name: 'x' }] }),
      message:
        /^merge: bad\.json is not a job-action status file: pods\[0\]\.index is not an integer or null$/
    },
    {
      name: 'a bad shard',
      content: () => ({ ...good, shard: { index: 5, count: 4 } }),
      message: /^merge: bad\.json is not a job-action status file: shard\.index is not in 1\.\.count$/
    }
  ])('$name', ({ content, message }) => {
    const file = writeJson('bad.json', typeof content === 'function' ? content() : content)
    expect(() => readStatusFile(file, 'bad.json')).toThrow(message)
  })

  test('a missing file', () => {
    expect(() => readStatusFile(path.join(dir, 'nothing.json'), 'nothing.json')).toThrow(
      'merge: cannot read nothing.json: ENOENT'
    )
  })

  test('what was written is read back whole, with every secret masked', async () => {
    const logsDir = path.join(dir, 'written')
    fs.mkdirSync(path.join(logsDir, 'secretive', 'pod'), { recursive: true })
    const log = path.join(logsDir, 'secretive', 'pod', 'c.log')
    fs.writeFileSync(log, 'line 1\nthe password is hunter2\n')
    const result = await runShard(indexedJob('secretive', 2, '', '          args: ["hunter2"]'), () => ({
      exitCode: 3,
      durationMs: 1000
    }))
    for (const pod of result.pods) for (const c of pod.containerStatuses) c.logs = [log]
    const mask = (text: string): string => text.replaceAll('hunter2', '***')
    const file = writeStatusFile(result, { logsDir, shard: { index: 1, count: 1 }, mask })
    expect(file).toBe(path.join(logsDir, 'secretive.status.json'))
    const text = fs.readFileSync(file, 'utf8')
    expect(text).not.toContain('hunter2')
    const read = readStatusFile(file)
    expect(read.job.spec.template.spec.containers[0].args).toEqual(['***'])
    expect(read.logTails[log]).toEqual(['line 1', 'the password is ***'])
    const expected = JSON.parse(
      JSON.stringify(statusFileOf(result, { logsDir, shard: { index: 1, count: 1 }, mask }))
    )
    expected.job.spec.template.spec.containers[0].args = ['***']
    expected.logTails[log] = ['line 1', 'the password is ***']
    expect(read).toEqual(expected)
  })

  test.each([0, 1, 2500])(
    'written in slices, the text is JSON.stringify of the whole: %i pods',
    async count => {
      const logsDir = path.join(dir, `sliced-${count}`)
      fs.mkdirSync(logsDir, { recursive: true })
      const result = await runShard(indexedJob('sliced', 3, ''), () => ({ exitCode: 1, durationMs: 10 }))
      // As many pods as asked for, each its own object (the file is written a thousand at a time).
      result.pods = Array.from({ length: count }, (_, i) => ({ ...result.pods[i % result.pods.length] }))
      const options = {
        logsDir,
        shard: undefined,
        mask: (text: string) => text.replaceAll('sliced', 's***d')
      }
      const file = writeStatusFile(result, options)
      const whole = JSON.stringify(statusFileOf(result, options), (_key, value: unknown) =>
        typeof value === 'string' ? options.mask(value) : value
      )
      expect(fs.readFileSync(file, 'utf8')).toBe(`${whole}\n`)
    }
  )
})

describe('finding status files', () => {
  beforeAll(() => {
    for (const name of ['shard-1/pi.status.json', 'shard-2/pi.status.json', 'shard-2/other.status.json'])
      writeJson(`found/${name}`, '{}')
    writeJson('found/shard-2/pi/pod/c.log', 'log')
  })

  test.each([
    {
      name: 'a folder, searched through',
      patterns: ['found'],
      files: ['shard-1/pi.status.json', 'shard-2/other.status.json', 'shard-2/pi.status.json']
    },
    { name: 'a file', patterns: ['found/shard-1/pi.status.json'], files: ['shard-1/pi.status.json'] },
    {
      name: 'a glob of files',
      patterns: ['found/*/pi.status.json'],
      files: ['shard-1/pi.status.json', 'shard-2/pi.status.json']
    },
    {
      name: 'a glob of folders',
      patterns: ['found/shard-?'],
      files: ['shard-1/pi.status.json', 'shard-2/other.status.json', 'shard-2/pi.status.json']
    },
    {
      name: '** at any depth',
      patterns: ['**/pi.status.json'],
      files: ['shard-1/pi.status.json', 'shard-2/pi.status.json']
    },
    {
      name: 'several, without duplicates',
      patterns: ['found/shard-1', 'found/**/pi.status.json', ''],
      files: ['shard-1/pi.status.json', 'shard-2/pi.status.json']
    }
  ])('$name', ({ patterns, files }) => {
    expect(
      findStatusFiles(patterns, dir)
        .map(f => path.relative(path.join(dir, 'found'), f))
        .sort()
    ).toEqual(files)
  })

  test.each([
    { patterns: ['nowhere'], message: 'merge: "nowhere": no such file or folder' },
    {
      patterns: ['found/*/none.status.json'],
      message: 'merge: "found/*/none.status.json" holds no status file (<job>.status.json)'
    },
    {
      patterns: ['found/shard-2/pi'],
      message: 'merge: "found/shard-2/pi" holds no status file (<job>.status.json)'
    },
    { patterns: [' '], message: 'merge: give a folder, a status file or a glob pattern' }
  ])('$patterns: $message', ({ patterns, message }) => {
    expect(() => findStatusFiles(patterns, dir)).toThrow(message)
  })

  test.each([
    { glob: 'a/*.json', yes: ['a/x.json'], no: ['a/b/x.json', 'b/x.json'] },
    { glob: 'a/**/x.json', yes: ['a/x.json', 'a/b/c/x.json'], no: ['b/a/x.json'] },
    { glob: 'a/**', yes: ['a/x', 'a/b/c'], no: ['b'] },
    { glob: 's?.json', yes: ['s1.json'], no: ['s10.json', 's/.json'] },
    { glob: 'a+b.(json)', yes: ['a+b.(json)'], no: ['aab.json'] }
  ])('glob $glob', ({ glob, yes, no }) => {
    const re = globPattern(glob)
    for (const p of yes) expect(re.test(p)).toBe(true)
    for (const p of no) expect(re.test(p)).toBe(false)
  })
})

describe('the logs of a merge', () => {
  test('downloaded logs are used where they are; otherwise the tails the status file carries', async () => {
    const result = await runShard(indexedJob('logs', 2), () => ({ exitCode: 1, durationMs: 1000 }))
    const shardLogs = '/runner/shard/job-action'
    const status = statusOf(result)
    status.logsDir = shardLogs
    const [first, second] = status.pods
    first.containerStatuses[0].logs = [`${shardLogs}/logs/${first.name}/c.log`]
    second.containerStatuses[0].logs = [`${shardLogs}/logs/${second.name}/c.log`]
    status.logTails = { [second.containerStatuses[0].logs[0]]: ['last words'] }
    // The first pod's log was downloaded beside the status file, as an uploaded logs folder is.
    const download = path.join(dir, 'download')
    const statusFile = writeJson('download/logs.status.json', status)
    writeJson(`download/logs/${first.name}/c.log`, 'whole log\n')
    const mergeLogs = path.join(dir, 'merge-logs')
    relocateLogs(status, statusFile, mergeLogs)
    expect(first.containerStatuses[0].logs).toEqual([path.join(download, 'logs', first.name, 'c.log')])
    const tail = path.join(mergeLogs, 'logs', second.name, 'c.log')
    expect(second.containerStatuses[0].logs).toEqual([tail])
    expect(fs.readFileSync(tail, 'utf8')).toBe('last words\n')
  })

  test('executeMerge reports the failed pods with their log tails', async () => {
    const logsDir = path.join(dir, 'tails')
    const runs = await runShards(
      indexedJob('tails', 4, '  backoffLimitPerIndex: 0'),
      byIndexAttempt(k => (k === 1 ? 2 : 0)),
      2
    )
    for (const run of runs) {
      run.status.logsDir = '/elsewhere'
      for (const pod of run.status.pods)
        pod.containerStatuses[0].logs = [`/elsewhere/tails/${pod.name}/c.log`]
      const failed = run.status.pods.find(p => p.phase === 'Failed')
      if (failed) run.status.logTails = { [`/elsewhere/tails/${failed.name}/c.log`]: ['boom at index 1'] }
      writeJson(`tails-in/shard-${run.status.shard?.index}/tails.status.json`, run.status)
    }
    const merged = executeMerge(['tails-in'], { logsDir, workspace: dir })
    expect(merged.outputs).toMatchObject({
      status: 'Failed',
      reason: 'FailedIndexes',
      'completed-indexes': '0,2,3',
      'failed-indexes': '1',
      succeeded: '3',
      failed: '1',
      'logs-dir': logsDir
    })
    expect(merged.failure).toBe('Job "tails" failed: FailedIndexes: Job has failed indexes')
    const summary = merged.summary()
    expect(summary).toContain('## ❌ Job `tails` Failed: FailedIndexes')
    expect(summary).toContain('boom at index 1')
    expect(summary).toContain('### Shards')
    expect(summary).toContain('| 1/2 | `0,2` | ✅ Complete: CompletionsReached | 2 | 0 | 2 |')
    expect(summary).toContain('| 2/2 | `1,3` | ❌ Failed: FailedIndexes | 1 | 1 | 2 |')
    expect(summary.indexOf('### Shards')).toBeLessThan(summary.indexOf('### Indexes'))
    expect(merged.outputs.describe).toMatch(/^Name:\s+tails\n/)
    expect(merged.outputs.describe).toMatch(
      /Pods Statuses:\s+0 Active \(0 Ready\) \/ 3 Succeeded \/ 1 Failed\n/
    )
    expect(merged.outputs.describe).toMatch(/Completed Indexes:\s+0,2,3\n/)
  })
})
