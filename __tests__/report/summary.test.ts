/**
 * The step summary, compared whole against reviewed golden files (UPDATE_GOLDEN=1 rewrites
 * them: review the diff like code), and the rules behind its pieces.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PodRecord } from '../../src/api/podRecord.js'
import { indexStates } from '../../src/report/indexStrip.js'
import { renderSummary } from '../../src/report/summary.js'
import { codeSpan, fencedBlock, printableLine } from '../../src/report/summaryMarkdown.js'
import { podStatusText } from '../../src/report/summaryPods.js'
import { axisFormat } from '../../src/report/timeline.js'
import { containerStatus, pod } from './fixtures.js'
import {
  cancelled,
  cleanupLogs,
  complete,
  deadline,
  hostile,
  indexedFailed,
  many,
  mask,
  secret,
  suspended,
  tempLogsRoot,
  type ReportCase
} from './summaryFixtures.js'

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'summary')
const root = tempLogsRoot()
afterAll(() => cleanupLogs(root))

function render(c: ReportCase, budget?: number): string {
  return renderSummary({ results: [c.result], describe: () => c.describe, logsDir: c.logsDir, mask, budget })
}

/** The logs folder is a temp folder: the goldens name it <logs-dir>. */
function expectGolden(name: string, text: string, logsDir: string): void {
  const actual = text.replaceAll(logsDir, '<logs-dir>')
  const file = path.join(goldenDir, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(goldenDir, { recursive: true })
    fs.writeFileSync(file, actual)
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'))
}

describe('summary goldens', () => {
  test.each([
    ['an Indexed Job with failed indexes', 'indexed-failed.md', indexedFailed, undefined],
    ['backoff limit reached, hostile log output, a Secret', 'backoff-limit.md', hostile, undefined],
    ['a complete Job', 'complete.md', complete, undefined],
    ['a suspended Job: no pods', 'suspended.md', suspended, undefined],
    ['a deadline: running pods stopped', 'deadline.md', deadline, undefined],
    ['a cancelled run', 'cancelled.md', cancelled, undefined],
    ['300 pods in 30,000 bytes: every part cut, with notes', 'cut.md', (r: string) => many(r), 30_000]
  ])('%s (%s)', (_name, file, make, budget) => {
    const c = make(root)
    const text = render(c, budget)
    expectGolden(file, text, c.logsDir)
    if (budget) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(budget)
  })

  test('several Jobs: one section each, a rule between them', () => {
    const a = complete(root)
    const b = hostile(root)
    const text = renderSummary({
      results: [a.result, b.result],
      describe: r => (r === a.result ? a.describe : b.describe),
      logsDir: root,
      mask
    })
    expect(text.split('\n---\n')).toHaveLength(2)
    expect(text.indexOf('## ✅ Job `pi` Complete')).toBeLessThan(text.indexOf('## ❌ Job `migrate` Failed'))
  })
})

describe('what a summary must never contain', () => {
  test('the Secret, terminal escapes, or a fence its log text could close', () => {
    const c = hostile(root)
    const text = render(c)
    expect(text).not.toContain(secret)
    expect(text).toContain('password=***')
    for (const control of ['\x1b', '\x07', '\r']) expect(text).not.toContain(control)
    // Each log block's fence is longer than the longest backtick run of the log.
    expect(text).toContain('`````text\nconnecting as')
  })
})

describe('pieces', () => {
  test.each([
    ['plain', 'pod-a', '`pod-a`'],
    ['a backtick inside', 'a`b', '``a`b``'],
    ['starts with a backtick', '`x', '`` `x ``'],
    ['a pipe in a table cell', 'a|b', '`a\\|b`']
  ])('codeSpan: %s', (_name, text, expected) => {
    expect(codeSpan(text, true)).toBe(expected)
  })

  test.each([
    ['no backticks', 'x', '```text\nx\n```'],
    ['a three-backtick run', 'a ``` b', '````text\na ``` b\n````']
  ])('fencedBlock: %s', (_name, text, expected) => {
    expect(fencedBlock(text)).toBe(expected)
  })

  test.each([
    ['colours', '\x1b[1;31mred\x1b[0m', 'red'],
    ['an OSC hyperlink', '\x1b]8;;http://x\x07link\x1b]8;;\x07', 'link'],
    ['a progress line rewritten with \\r', '10%\r50%\r100%', '100%'],
    ['a CRLF line end', 'text\r', 'text'],
    ['other control characters', 'a\x00b\x07c\td', 'abc\td'],
    ['a very long line', 'x'.repeat(1005), `${'x'.repeat(1000)}…`]
  ])('printableLine: %s', (_name, line, expected) => {
    expect(printableLine(line)).toBe(expected)
  })

  const record = (fields: Partial<PodRecord>): PodRecord =>
    pod({ name: 'p', creationTimestamp: 0, ...fields })
  test.each([
    ['succeeded', record({}), '✅ Succeeded'],
    [
      'failed with exit code 1',
      record({
        phase: 'Failed',
        containerStatuses: [containerStatus({ name: 'c', exitCode: 1, reason: 'Error' })]
      }),
      '❌ Failed (Error)'
    ],
    [
      'out of memory',
      record({
        phase: 'Failed',
        containerStatuses: [containerStatus({ name: 'c', exitCode: 137, reason: 'OOMKilled' })]
      }),
      '❌ Failed (OOMKilled)'
    ],
    [
      'a pod deadline',
      record({ phase: 'Failed', reason: 'DeadlineExceeded' }),
      '❌ Failed (DeadlineExceeded)'
    ],
    [
      'stopped as the Job failed',
      record({
        phase: 'Failed',
        deletionCause: 'JobFailing',
        containerStatuses: [containerStatus({ name: 'c', exitCode: 143, signal: 15, reason: 'Error' })]
      }),
      '❌ Failed (Error; stopped as the Job failed)'
    ],
    [
      'running',
      record({
        phase: 'Running',
        containerStatuses: [containerStatus({ name: 'c', state: 'running', reason: undefined })]
      }),
      '🔄 Running'
    ]
  ])('pod status: %s', (_name, p, expected) => {
    expect(podStatusText(p)).toBe(expected)
  })

  test('index states: completed wins over an earlier failure; failedIndexes; indexes never run', () => {
    const c = indexedFailed(root)
    const job = { ...c.result.job, spec: { ...c.result.job.spec, completions: 12 } }
    expect(indexStates(job, c.result.pods)).toEqual([
      'completed',
      'completed',
      'completed',
      'failed',
      'completed',
      'completed',
      'completed',
      'failed',
      'completed',
      'completed',
      'notRun',
      'notRun'
    ])
  })

  test.each([
    ['under ten seconds', 4_000, '%S.%L'],
    ['minutes', 5 * 60_000, '%M:%S'],
    ['hours', 5 * 3_600_000, '%H:%M'],
    ['days', 3 * 86_400_000, '%d %H:%M']
  ])('timeline axis: %s', (_name, span, format) => {
    expect(axisFormat(span)).toBe(format)
  })
})
