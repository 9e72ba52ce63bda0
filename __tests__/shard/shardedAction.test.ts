/**
 * The bundled action (dist/index.js) as a workflow runs it: a 40-index Job run whole, then as a
 * matrix of 4 shards — 4 separate runs of the action, each with its own logs folder, as 4 runners
 * would upload them — and a merge run over the downloaded folders. The merge reports what the
 * whole run reports. Then the CLI (bin/job-action.js) refuses status files that do not make one Job.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runAction, type ActionRun } from '../support/actionRunner.js'

let dir: string
const runs: ActionRun[] = []
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-sharded-'))
})
afterAll(() => {
  for (const run of runs) fs.rmSync(run.dir, { recursive: true, force: true })
  fs.rmSync(dir, { recursive: true, force: true })
})

async function action(inputs: Record<string, string>): Promise<ActionRun> {
  const run = await runAction({ 'backoff-base': '10ms', logs: 'none', ...inputs })
  runs.push(run)
  return run
}

function job(name: string, extraSpec: string, failing: number): string {
  return `
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completionMode: Indexed
  completions: 40
  parallelism: 5
${extraSpec}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox
          command: ["sh", "-c", "echo index $JOB_COMPLETION_INDEX; test $JOB_COMPLETION_INDEX -ne ${failing}"]
`
}

const compared = ['status', 'reason', 'succeeded', 'failed', 'completed-indexes', 'failed-indexes'] as const

function conditions(run: ActionRun): string[] {
  const job = JSON.parse(run.outputs['job-json']) as {
    status: { conditions?: Array<{ type: string; reason: string }> }
  }
  return (job.status.conditions ?? []).map(c => `${c.type}/${c.reason}`)
}

/** The Job run whole; then 4 shards, each uploading its logs folder; then the merge of the downloads. */
async function wholeShardedMerged(
  name: string,
  manifest: string
): Promise<{ whole: ActionRun; shards: ActionRun[]; merged: ActionRun; download: string }> {
  const whole = await action({ job: manifest, 'logs-dir': path.join(dir, name, 'whole') })
  const shards = await Promise.all(
    [1, 2, 3, 4].map(i =>
      action({ job: manifest, shard: `${i}/4`, 'logs-dir': path.join(dir, name, `runner-${i}`) })
    )
  )
  // actions/download-artifact puts each artifact in a folder of its name.
  const download = path.join(dir, name, 'download')
  for (const i of [1, 2, 3, 4])
    fs.cpSync(path.join(dir, name, `runner-${i}`), path.join(download, `${name}-shard-${i}`), {
      recursive: true
    })
  const merged = await action({ merge: download, 'logs-dir': path.join(dir, name, 'merged') })
  return { whole, shards, merged, download }
}

describe('a 40-index Job as 4 shards, merged', () => {
  test('a Job that completes: the merge reports what the whole run reports', async () => {
    const { whole, shards, merged } = await wholeShardedMerged('completes', job('completes', '', -1))
    expect(whole.outputs).toMatchObject({ status: 'Complete', reason: 'CompletionsReached', succeeded: '40' })
    for (const [i, shard] of shards.entries()) {
      expect(shard.exitCode).toBe(0)
      expect(shard.outputs).toMatchObject({ status: 'Complete', succeeded: '10' })
      const indexes = JSON.parse(shard.outputs['pods-json']).map((p: { index: number }) => p.index)
      expect(indexes.sort((a: number, b: number) => a - b)).toEqual([...Array(10).keys()].map(k => 4 * k + i))
    }
    expect(shards[3].summary).toContain(
      '## ✅ Job `completes` Complete\n\n**10** succeeded · **0** failed · 10 pods · 40 indexes, 5 at a time'
    )
    expect(shards[3].summary).toContain(
      "\n> Shard 4/4: this run ran the indexes `3,7,…,39` (k mod 4 = 3), and its status judges only them. Merge the shards' status files for the Job's verdict.\n"
    )
    expect(merged.exitCode).toBe(0)
    for (const output of compared)
      expect([output, merged.outputs[output]]).toEqual([output, whole.outputs[output]])
    expect(conditions(merged)).toEqual(conditions(whole))
    expect(JSON.parse(merged.outputs['pods-json'])).toHaveLength(40)
    expect(merged.summary).toContain('### Shards')
    expect(merged.summary).toContain('| 4/4 | `3,7,…,39` | ✅ Complete: CompletionsReached | 10 | 0 | 10 |')
  })

  test('a failing index under backoffLimitPerIndex: the same failed index, counters and condition', async () => {
    const { whole, shards, merged } = await wholeShardedMerged(
      'per-index',
      job('per-index', '  backoffLimitPerIndex: 1', 7)
    )
    expect(whole.outputs).toMatchObject({
      status: 'Failed',
      reason: 'FailedIndexes',
      'failed-indexes': '7',
      'completed-indexes': '0-6,8-39',
      succeeded: '39',
      failed: '2'
    })
    expect(shards.map(s => s.outputs.status)).toEqual(['Complete', 'Complete', 'Complete', 'Failed'])
    expect(merged.exitCode).toBe(1)
    for (const output of compared)
      expect([output, merged.outputs[output]]).toEqual([output, whole.outputs[output]])
    expect(conditions(merged)).toEqual(conditions(whole))
    expect(merged.stdout).toContain('::error::Job "per-index" failed: FailedIndexes: Job has failed indexes')
    // The failed pods' logs came with the shard's logs folder.
    expect(merged.summary).toContain('index 7')
  })

  test('the merge finds the status files by glob, and says which indexes never ran when a shard is missing', async () => {
    const download = path.join(dir, 'completes', 'download')
    const merged = await action({
      merge: `${download}/completes-shard-1\n${download}/*-shard-?/completes.status.json`,
      'logs-dir': path.join(dir, 'glob-merged')
    })
    expect(merged.outputs.status).toBe('Complete')
    fs.rmSync(path.join(download, 'completes-shard-3'), { recursive: true })
    const missing = await action({ merge: download, 'logs-dir': path.join(dir, 'missing-merged') })
    expect(missing.exitCode).toBe(1)
    expect(missing.outputs).toMatchObject({ status: 'Failed', reason: 'MissingShards', succeeded: '30' })
    expect(missing.stdout).toContain(
      '::error::Job "completes" did not finish: no status file came for shard 3/4, so indexes 2,6,10,14,18,22,26,30,34,38 never ran'
    )
    expect(missing.summary).toContain('⬜ no status file: never ran')
  })

  test('inputs that do not go together', async () => {
    const both = await action({ merge: dir, job: job('x', '', -1) })
    expect(both.exitCode).toBe(1)
    expect(both.stdout).toContain(
      "::error::input merge reports the shards' status files and runs nothing: leave out the input job"
    )
    const nonIndexed = await action({
      shard: '1/2',
      job: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: plain}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox, command: ["true"]}]\n'
    })
    expect(nonIndexed.exitCode).toBe(1)
    expect(nonIndexed.stdout).toContain(
      '::error::shard 1/2: Job "plain" is NonIndexed: only an Indexed Job (spec.completionMode: Indexed) can be split into shards'
    )
    expect(nonIndexed.outputs.status).toBeUndefined()
  })
})

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ['bin/job-action.js', ...args], {
      env: { ...process.env, GITHUB_ACTIONS: '' }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', status => resolve({ status, stdout, stderr }))
  })
}

describe('job-action merge, with files that are not the shards of one Job', () => {
  let shardDirs: string[]
  beforeAll(async () => {
    const manifest = path.join(dir, 'cli-job.yaml')
    fs.writeFileSync(manifest, job('cli', '', -1).replace('completions: 40', 'completions: 6'))
    fs.writeFileSync(
      path.join(dir, 'cli-other.yaml'),
      job('cli', '', -1).replace('completions: 40', 'completions: 7')
    )
    shardDirs = [1, 2].map(i => path.join(dir, 'cli', `s${i}`))
    const results = await Promise.all(
      shardDirs.map((logsDir, i) =>
        cli([
          'run',
          '-f',
          manifest,
          '--shard',
          `${i + 1}/2`,
          '--logs',
          'none',
          '-o',
          'none',
          '--logs-dir',
          logsDir
        ])
      )
    )
    expect(results.map(r => r.status)).toEqual([0, 0])
  })

  test('the shards of one Job merge, and the merged Job is printed', async () => {
    const result = await cli([
      'merge',
      ...shardDirs,
      '-o',
      'json',
      '--logs-dir',
      path.join(dir, 'cli', 'merged')
    ])
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout).status).toMatchObject({ succeeded: 6, completedIndexes: '0-5' })
  })

  test('files of two different Jobs', async () => {
    const other = path.join(dir, 'cli', 'other')
    await cli([
      'run',
      '-f',
      path.join(dir, 'cli-other.yaml'),
      '--shard',
      '2/2',
      '--logs',
      'none',
      '-o',
      'none',
      '--logs-dir',
      other
    ])
    const result = await cli(['merge', shardDirs[0], other, '--logs-dir', path.join(dir, 'cli', 'merged')])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      `error: merge: ${path.join(other, 'cli.status.json')} is not the same Job "default/cli" as ${path.join(shardDirs[0], 'cli.status.json')}: its spec.completions is 7, not 6\n`
    )
  })

  test('a shard given twice', async () => {
    const copy = path.join(dir, 'cli', 'copy')
    fs.cpSync(shardDirs[1], copy, { recursive: true })
    const result = await cli(['merge', ...shardDirs, copy, '--logs-dir', path.join(dir, 'cli', 'merged')])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(
      `are both shard 2/2: a shard was uploaded twice, or two matrix jobs ran the same shard\n`
    )
  })

  test('a missing shard', async () => {
    const result = await cli([
      'merge',
      shardDirs[0],
      '-o',
      'none',
      '--logs-dir',
      path.join(dir, 'cli', 'merged')
    ])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'Job "cli" did not finish: no status file came for shard 2/2, so indexes 1,3,5 never ran\n'
    )
  })
})
