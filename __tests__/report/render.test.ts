/**
 * The reviewed summaries, rendered as GitHub renders them (GFM, then Mermaid) in headless
 * Chromium: no Mermaid or page error, every chart drawn bar for bar, every table with all its
 * rows, every <details> where the Markdown opens one, and no element GitHub's sanitiser would
 * strip. In CI (CI=true) a missing Chromium fails the test; elsewhere it is skipped.
 * UPDATE_SCREENSHOT=1 rewrites docs/summary.png from the failed Indexed Job's summary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderComment } from '../../src/report/comment.js'
import { chromiumPath, githubAllowedElements, startRenderer, type Renderer } from './renderPage.js'
import { cleanupLogs, indexedFailed, mask, tempLogsRoot } from './summaryFixtures.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const goldenDir = path.join(here, '..', 'golden', 'summary')
const screenshot = path.join(here, '..', '..', 'docs', 'summary.png')
const available = fs.existsSync(chromiumPath)

if (!available && process.env.CI === 'true') {
  test('Chromium is installed (scripts/install-chromium.sh)', () => {
    throw new Error(`${chromiumPath} is missing: .ci/run installs it with scripts/install-chromium.sh`)
  })
}

/** Body rows of each GFM table of the Markdown, and its fenced code blocks but charts. */
function markdownBlocks(markdown: string): { tables: number[]; codeBlocks: number } {
  const tables: number[] = []
  let codeBlocks = 0
  let fence: string | undefined
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (fence) {
      if (line.trim() === fence) fence = undefined
      continue
    }
    const opening = /^(`{3,})(.*)$/.exec(line)
    if (opening) {
      fence = opening[1]
      if (opening[2] !== 'mermaid') codeBlocks++
      continue
    }
    if (line.startsWith('|') && /^\|( ?-+:? ?\|)+$/.test(lines[i + 1] ?? '')) {
      let rows = 0
      for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) rows++
      tables.push(rows)
    }
  }
  return { tables, codeBlocks }
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map(m => m[1])
}

function expectRenderedAsWritten(markdown: string, rendered: Awaited<ReturnType<Renderer['render']>>): void {
  expect(rendered.errors).toEqual([])
  const charts = mermaidBlocks(markdown)
  expect(rendered.charts).toHaveLength(charts.length)
  charts.forEach((chart, i) => {
    const tasks = chart.split('\n').filter(line => / :(done|crit|active), \d+, \d+$/.test(line)).length
    expect(rendered.charts[i].bars).toBe(tasks)
    expect(rendered.charts[i].badBars).toBe(0)
    expect(rendered.charts[i].text).not.toMatch(/Invalid date|NaN|Syntax error/)
  })
  const blocks = markdownBlocks(markdown)
  expect(rendered.tables).toEqual(blocks.tables)
  expect(rendered.codeBlocks).toBe(blocks.codeBlocks)
  expect(rendered.details).toHaveLength((markdown.match(/^<details/gm) ?? []).length)
  expect(rendered.elements.filter(name => !githubAllowedElements.has(name))).toEqual([])
}

const describeWithChromium = available ? describe : describe.skip

describeWithChromium('the summary as GitHub renders it (GFM + Mermaid in headless Chromium)', () => {
  let renderer: Renderer
  let root: string
  beforeAll(async () => {
    root = tempLogsRoot()
    renderer = await startRenderer()
  })
  afterAll(async () => {
    await renderer?.close()
    cleanupLogs(root)
  })

  test.each(fs.readdirSync(goldenDir).filter(f => f.endsWith('.md')))('golden %s', async file => {
    const markdown = fs.readFileSync(path.join(goldenDir, file), 'utf8')
    const shot =
      file === 'indexed-failed.md' && process.env.UPDATE_SCREENSHOT === '1' ? screenshot : undefined
    if (shot) fs.mkdirSync(path.dirname(shot), { recursive: true })
    const rendered = await renderer.render(markdown, shot)
    expectRenderedAsWritten(markdown, rendered)
  })

  test('the log text of a failed pod stays text: no tag, fence or table of it is rendered', async () => {
    const markdown = fs.readFileSync(path.join(goldenDir, 'backoff-limit.md'), 'utf8')
    const rendered = await renderer.render(markdown)
    expect(rendered.elements).not.toContain('script')
    expect(rendered.text).toContain('<script>alert(1)</script> **bold** _it_ [link](http://example.com)')
    expect(rendered.text).toContain('a ``` fence, a ```` longer one, a | pipe and a </details> tag')
  })

  test('a pull-request comment renders the same way', async () => {
    const c = indexedFailed(root)
    const { body } = renderComment({
      result: c.result,
      describe: c.describe,
      logsDir: c.logsDir,
      mask,
      context: { serverUrl: 'https://github.com', repository: 'octo/app', runId: '42' }
    })
    const rendered = await renderer.render(body)
    expectRenderedAsWritten(body, rendered)
    expect(rendered.text).toContain('Reported by job-action in run 42')
  })

  test.each([
    ['a syntax error', '```mermaid\ngantt\n  dateFormat x\n  a bar with no data ((\n```\n'],
    ['a date that is not one', '```mermaid\ngantt\n  dateFormat x\n  pod :crit, 12, oops\n```\n'],
    ['an element GitHub strips', 'text\n\n<iframe src="x"></iframe>\n'],
    [
      'a <details> that swallows its code block',
      '<details><summary>x</summary>\n```text\nlog\n```\n</details>\n'
    ]
  ])('a broken summary is caught: %s', async (_name, markdown) => {
    const rendered = await renderer.render(markdown)
    expect(() => expectRenderedAsWritten(markdown, rendered)).toThrow()
  })
})
