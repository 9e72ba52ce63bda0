/**
 * The report of a failure whose cause no log holds (issue 18): a start error, an image pull error
 * in the engine's words, an OOM kill — in the pods table, the failed pod's section and the
 * annotation; an empty log never announced as "the last 1 line"; annotations that match the
 * outcome (warnings when the Job completed after retries); and the end of the action's log.
 */
import { afterAll, describe, expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { annotateFailedPods, printRunEnd } from '../../src/actionReport.js'
import type { ExecuteResult } from '../../src/execute.js'
import type { ActionSettings } from '../../src/inputs.js'
import { Masker } from '../../src/masker.js'
import { failedPodAnnotations } from '../../src/report/annotations.js'
import { renderSummary } from '../../src/report/summary.js'
import { container } from '../report/fixtures.js'
import { buildCase, cleanupLogs, mask, tempLogsRoot, type ReportCase } from '../report/summaryFixtures.js'

const root = tempLogsRoot()
afterAll(() => cleanupLogs(root))
const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'summary')

const startError =
  'failed to create containerd task: exec: "not-there": executable file not found in $PATH: unknown'
const pullError =
  'Failed to pull image "registry.invalid/app:1": Error response from daemon: Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid: no such host'

/** A Job whose pods never ran a line: a start error (empty log), a pull error, an OOM kill. */
function neverRan(): ReportCase {
  const c = buildCase(
    {
      name: 'nothere',
      container: container({ name: 'main', image: 'busybox:1.36', command: ['not-there'] }),
      pods: [
        { start: 0, seconds: 1, exitCode: 128, reason: 'StartError' },
        { start: 10, seconds: 1, exitCode: 128, reason: 'ErrImagePull' },
        { start: 30, seconds: 2, exitCode: 137, reason: 'OOMKilled' }
      ],
      status: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      // Every log file exists, and is empty: nothing ran.
      log: () => ''
    },
    root
  )
  const [a, b] = c.result.pods
  a.containerStatuses[0].message = startError
  b.containerStatuses[0].message = pullError
  return c
}

function summaryOf(c: ReportCase): string {
  return renderSummary({
    results: [c.result],
    describe: () => c.describe,
    logsDir: c.logsDir,
    mask
  }).replaceAll(c.logsDir, '<logs-dir>')
}

describe('the cause of a failure in the report', () => {
  test('golden: start error, pull error and OOM kill in the pods table and the failed pods’ section', () => {
    const c = neverRan()
    const text = summaryOf(c)
    const file = path.join(goldenDir, 'never-ran.md')
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, text)
    expect(text).toBe(fs.readFileSync(file, 'utf8'))
  })

  test('the messages are in the table and in each failed pod’s section; an empty log is "no output"', () => {
    const text = summaryOf(neverRan())
    const table = text.slice(text.indexOf('### Pods'), text.indexOf("### Failed pods' logs"))
    expect(table).toContain('executable file not found in $PATH')
    expect(table).toContain('no such host')
    const logs = text.slice(text.indexOf("### Failed pods' logs"))
    expect(logs).toContain('> StartError: failed to create containerd task: exec: "not-there"')
    expect(logs).toContain('> ErrImagePull: Failed to pull image "registry.invalid/app:1"')
    expect(logs).toContain('> OOMKilled')
    expect(logs).not.toMatch(/last 1 line/)
    expect(logs.match(/: no output<\/summary>/g)).toHaveLength(3)
  })

  test('the annotation says what the runtime said, and never "Last 1 lines" above nothing', () => {
    const c = neverRan()
    const annotations = failedPodAnnotations([c.result], [], { mask, workspace: root })
    expect(annotations.map(a => [a.level, a.message])).toEqual([
      ['error', `Container "main" exited with code 128 (StartError): ${startError}`],
      ['error', `Container "main" exited with code 128 (ErrImagePull): ${pullError}`],
      ['error', 'Container "main" exited with code 137 (OOMKilled).']
    ])
  })
})

describe('annotations match the outcome', () => {
  function retried(): ReportCase {
    return buildCase(
      {
        name: 'flaky',
        container: container({ name: 'step', image: 'busybox:1.36', command: ['sh'] }),
        pods: [
          { start: 0, seconds: 1, exitCode: 1 },
          { start: 11, seconds: 1, exitCode: 1 },
          { start: 32, seconds: 1, exitCode: 0 }
        ],
        status: 'Complete',
        reason: 'CompletionsReached',
        log: pod => `attempt of ${pod.name}\n`
      },
      root
    )
  }

  function actionOutput(c: ReportCase, act: (result: ExecuteResult) => void): string {
    const result = { results: [c.result], masker: new Masker() } as unknown as ExecuteResult
    let text = ''
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      text += String(chunk)
      return true
    })
    try {
      act(result)
    } finally {
      write.mockRestore()
    }
    return text
  }

  const settings = { workspace: root } as ActionSettings

  test('a Job that completed after retries: warnings, no error', () => {
    const text = actionOutput(retried(), r => annotateFailedPods(r, { jobs: [] } as never, settings, 10))
    expect(text).not.toContain('::error')
    expect(text.match(/^::warning title=Job flaky%3A pod flaky-\w+ failed::/gm)).toHaveLength(2)
    expect(text).toContain('The Job completed all the same: its failure was retried.')
  })

  test('a Job that failed: errors', () => {
    const text = actionOutput(neverRan(), r => annotateFailedPods(r, { jobs: [] } as never, settings, 10))
    expect(text.match(/^::error title=/gm)).toHaveLength(3)
    expect(text).not.toContain('::warning')
  })

  test('the end of the action’s log: the describe text in a collapsed group, then the verdict last', () => {
    const text = actionOutput(retried(), r => printRunEnd(r, '/tmp/logs'))
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('::group::Job flaky (describe)')
    expect(lines[1]).toMatch(/^::stop-commands::[0-9a-f]{32}$/)
    expect(lines[2]).toBe('Name:             flaky')
    expect(lines.at(-4)).toMatch(/^::[0-9a-f]{32}::$/)
    expect(lines.at(-3)).toBe('::endgroup::')
    expect(lines.at(-2)).toBe('Logs: /tmp/logs')
    expect(lines.at(-1)).toBe('Job "flaky" Complete: 1/1 succeeded, 2 failed in 33s')
  })
})
