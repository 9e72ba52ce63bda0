/**
 * What a run says while it runs (issue 18): a line when a pod fails — why, and when the next pod
 * comes — a tally every 30 s when the pods' output is not streamed, and the verdict line. Run in
 * virtual time: minutes of backoff take microseconds.
 */
import { describe, expect, test } from '@jest/globals'
import { PassThrough } from 'node:stream'
import { loadManifests } from '../../src/api/load.js'
import { sequentialSuffix } from '../../src/controller/podNames.js'
import { verdictLine } from '../../src/report/verdict.js'
import { JobRun, type JobRunResult } from '../../src/runner/jobRun.js'
import { JobProgress, tallyIntervalMs } from '../../src/runner/progress.js'
import { configLookup } from '../../src/runner/runJobs.js'
import { scriptedEngine, virtualLogs, type Script } from '../support/scriptedEngine.js'
import { VirtualClock } from '../support/virtualClock.js'
import { attemptCounter, jobManifest } from '../support/virtualRun.js'

async function runWithProgress(
  manifest: string,
  script: Script,
  tally = false
): Promise<{ result: JobRunResult; lines: string[] }> {
  const clock = new VirtualClock()
  const loaded = loadManifests([{ text: manifest, file: 'job.yaml' }], {
    namespace: 'default',
    now: clock.now()
  })
  const out = new PassThrough()
  let text = ''
  out.on('data', chunk => (text += chunk))
  const progress = new JobProgress('demo', { out, color: false, mask: t => t.replaceAll('s3cr3t', '***') })
  const run = new JobRun(loaded.jobs[0].job, {
    clock,
    engine: scriptedEngine(clock, script),
    logs: virtualLogs(),
    lookup: configLookup(loaded),
    runId: 'virtual',
    backoffBaseMs: 10_000,
    randomSuffix: sequentialSuffix(),
    progress,
    tallyEveryMs: tally ? tallyIntervalMs : undefined
  })
  const pending = run.run()
  clock.runAll()
  const result = await pending
  await progress.close()
  return { result, lines: text.split('\n').filter(Boolean) }
}

describe('a line when a pod fails', () => {
  test('why, and when the next pod comes with how many retries are used', async () => {
    const attempt = attemptCounter()
    const { result, lines } = await runWithProgress(jobManifest('backoffLimit: 4'), launch =>
      attempt(launch) < 2 ? { exitCode: 1, durationMs: 1000 } : { exitCode: 0, durationMs: 1000 }
    )
    expect(lines).toEqual([
      expect.stringMatching(/^pod demo-\w+ failed \(exit 1\); next pod in 10s \(1 of 4 retries\)$/),
      expect.stringMatching(/^pod demo-\w+ failed \(exit 1\); next pod in 20s \(2 of 4 retries\)$/)
    ])
    expect(verdictLine(result)).toMatch(/^Job "demo" Complete: 1\/1 succeeded, 2 failed in \d+s$/)
  })

  test('the runtime’s own words, on one line, masked; the last failure announces no next pod', async () => {
    const { result, lines } = await runWithProgress(jobManifest('backoffLimit: 0'), () => ({
      exitCode: 128,
      durationMs: 0,
      reason: 'StartError',
      message: 'exec: "not-there": executable file not found in $PATH\nsecond line s3cr3t'
    }))
    expect(lines).toEqual([
      expect.stringMatching(
        /^pod demo-\w+ failed \(exit 128, StartError: exec: "not-there": executable file not found in \$PATH second line \*\*\*\)$/
      )
    ])
    expect(verdictLine(result)).toBe(
      'Job "demo" Failed: BackoffLimitExceeded (Job has reached the specified backoff limit); 0/1 succeeded, 1 failed in 0s'
    )
  })
})

test('a tally every 30 s when the output is not streamed', async () => {
  const { lines } = await runWithProgress(
    jobManifest('backoffLimit: 0'),
    () => ({ exitCode: 0, durationMs: 95_000 }),
    true
  )
  expect(lines).toEqual([
    'Job "demo": 1 active, 0 succeeded, 0 failed (30s)',
    'Job "demo": 1 active, 0 succeeded, 0 failed (60s)',
    'Job "demo": 1 active, 0 succeeded, 0 failed (90s)'
  ])
})
