/**
 * Size limits: the runner drops a step summary over 1 MiB whole, and the API refuses a comment
 * over 65,536 characters. The report cuts its largest parts first and says what it left out.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { byteLength, charLength, fitToBudget, ListPart, type Piece } from '../../src/report/summaryBudget.js'
import { cleanupLogs, many, mask, tempLogsRoot, type ReportCase } from './summaryFixtures.js'

const mebibyte = 1024 * 1024

describe('fitToBudget', () => {
  /** `n` items of `size` characters each, noting how many it left out. */
  const part = (name: string, n: number, size: number): ListPart =>
    new ListPart(
      n,
      Infinity,
      (shown, omitted) =>
        shown.map(() => name.repeat(size)).join('') + (omitted ? `[${name}-${omitted}]` : '')
    )

  test('nothing is cut when the whole fits', () => {
    const result = fitToBudget(['head ', part('a', 3, 2), ' tail'], 100, charLength, '!')
    expect(result).toEqual({ text: 'head aaaaaa tail', cut: false })
  })

  test('the largest part is cut first, down to the next largest, then both', () => {
    const big = part('b', 100, 1)
    const small = part('s', 10, 1)
    const pieces: Piece[] = [big, '|', small]
    // 100 + 1 + 10: fitting in 60 costs the big part only.
    const first = fitToBudget(pieces, 60, charLength, '!')
    expect(first.text).toMatch(/^b+\[b-\d+\]\|s{10}$/)
    expect(first.text.length).toBeLessThanOrEqual(60)
    // In 16, both are cut.
    const both = fitToBudget(pieces, 16, charLength, '!')
    expect(both.text).toMatch(/\[b-\d+\]\|s*\[s-\d+\]$/)
    expect(both.text.length).toBeLessThanOrEqual(16)
  })

  test('fixed text larger than the budget is cut at a line, with the note', () => {
    const result = fitToBudget(['line one\nline two\nline three\n'], 20, charLength, '… cut\n')
    expect(result).toEqual({ text: 'line one\n… cut\n', cut: true })
  })

  test('bytes, not characters, for the step summary', () => {
    const result = fitToBudget([part('é', 10, 1)], 10, byteLength, '!')
    expect(Buffer.byteLength(result.text)).toBeLessThanOrEqual(10)
    expect(result.cut).toBe(true)
  })
})

describe('a Job of 100,000 pods', () => {
  let root: string
  let job: ReportCase
  beforeAll(() => {
    root = tempLogsRoot()
    job = many(root, 100_000, false)
  })
  afterAll(() => cleanupLogs(root))

  test('the fixture is what it says: 100,000 pods, one in ten failed, as many events', () => {
    expect(job.result.pods).toHaveLength(100_000)
    expect(job.result.pods.filter(p => p.phase === 'Failed')).toHaveLength(9091)
    expect(job.result.events.length).toBeGreaterThan(100_000)
    expect(Buffer.byteLength(job.describe)).toBeGreaterThan(4 * mebibyte)
  })

  test('its step summary is under 1 MiB and says what it left out and where the rest is', () => {
    const text = renderSummary({
      results: [job.result],
      describe: () => job.describe,
      logsDir: job.logsDir,
      mask
    })
    expect(Buffer.byteLength(text)).toBeLessThan(mebibyte)
    // (Each note is looked up line by line: a failed match of the whole 1 MiB text prints it all.)
    const notes = text.split('\n').filter(line => line.includes('…'))
    expect(notes).toEqual([
      '… 88,909 more indexes from 2,000: 88,909 completed, 0 failed, 0 not run.',
      '… 99,900 more pods not drawn (the chart shows 100, failed ones first).',
      expect.stringMatching(
        /^… 99,000 more pods \(90,909 succeeded, 8,091 failed\) not listed: every pod is in the `pods-json` output, its logs under `\/tmp\/.+\/many\/many`\.$/
      ),
      expect.stringMatching(/^… 9,071 more failed pods: their logs are under `\/tmp\/.+\/many\/many`\.$/),
      expect.stringMatching(/^ {2}… [\d,]+ more events$/)
    ])
    // The failed pods are kept before the others.
    expect(
      text
        .split('\n')
        .filter(line => line.startsWith('| `many-'))
        .every(line => line.includes('❌ Failed'))
    ).toBe(true)
    // The describe text keeps its head and the last event.
    expect(/Pods Statuses: +0 Active \(0 Ready\) \/ 90909 Succeeded \/ 9091 Failed\n/.test(text)).toBe(true)
    expect(/Normal +Completed +\S+ +job-controller +Job completed\n/.test(text)).toBe(true)
  })

  test.each([100_000, 20_000])('in a budget of %d bytes, it still fits, cut where it is largest', budget => {
    const text = renderSummary({
      results: [job.result],
      describe: () => job.describe,
      logsDir: job.logsDir,
      mask,
      budget
    })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(budget)
    expect(text.startsWith('## ✅ Job `many` Complete')).toBe(true)
    expect(text.includes('<details><summary>kubectl describe job/many</summary>')).toBe(true)
    expect(/\nLogs: `[^`]+`\n$/.test(text)).toBe(true)
  })

  test('its pull-request comment is under 65,536 characters and links to the run', () => {
    const { body, cut } = renderComment({
      result: job.result,
      describe: job.describe,
      logsDir: job.logsDir,
      mask,
      context: { serverUrl: 'https://ghe.example.com/', repository: 'octo/app', runId: '77' }
    })
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(cut).toBe(true)
    expect(body).toContain(
      'the whole report is in the step summary of [run 77](https://ghe.example.com/octo/app/actions/runs/77)'
    )
    expect(body.startsWith('<!-- job-action report job=default%2Fmany -->\n## ✅ Job `many` Complete')).toBe(
      true
    )
  })
})
