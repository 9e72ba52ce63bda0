/**
 * Renders report Markdown the way GitHub shows a step summary: GFM to HTML with marked, then
 * every ```mermaid block drawn by Mermaid, in headless Chromium (Debian's, driven by
 * playwright-core). Pages and Mermaid's bundle are served from 127.0.0.1; any other request is
 * refused and reported.
 */
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { Marked } from 'marked'
import { chromium, type BrowserContext } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** The flags known to work on these machines (no sandbox as root, no background traffic). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

/** GitHub's HTML sanitiser keeps these elements of a summary or comment and drops any other. */
export const githubAllowedElements = new Set(
  (
    'h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p picture ol ul table ' +
    'thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details ' +
    'caption figure figcaption abbr bdo cite dfn mark small source span time wbr input'
  ).split(' ')
)

const mermaidBundle = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')

/** A little of GitHub's look, for the screenshot; the checks do not depend on it. */
const style = `
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 0 0 16px; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
p, blockquote, table, pre, details { margin: 0 0 16px; }
blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; margin-left: 0; }
code { font: 85% ui-monospace, "DejaVu Sans Mono", monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; line-height: 1.45; }
pre code { background: none; padding: 0; font-size: 85%; }
table { border-collapse: collapse; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
summary { cursor: pointer; }
hr { border: 0; border-top: 4px solid #d1d9e0; }
.mermaid-view { margin: 0 0 16px; }
`

/**
 * In the page, `show(html)`: put a rendered summary in, draw each mermaid block, then report
 * what a reader would see — errors, the elements used, tables and their rows, the gantt bars and
 * their geometry. Mermaid is loaded once for every summary.
 */
const pageScript = `
let errors = []
let charts = 0
window.addEventListener('error', e => errors.push('page error: ' + e.message))
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' })
window.show = async html => {
  errors = []
  const body = document.querySelector('main')
  body.innerHTML = html
  const drawn = []
  for (const code of [...body.querySelectorAll('pre > code.language-mermaid')]) {
    const text = code.textContent
    try {
      await mermaid.parse(text)
      const { svg } = await mermaid.render('chart' + ++charts, text)
      const view = document.createElement('div')
      view.className = 'mermaid-view'
      view.innerHTML = svg
      code.parentElement.replaceWith(view)
      const bars = [...view.querySelectorAll('rect')].filter(r => /(^| )task( |$)/.test(r.getAttribute('class') || ''))
      drawn.push({
        bars: bars.length,
        badBars: bars.filter(r => !(Number(r.getAttribute('width')) > 0) || Number.isNaN(Number(r.getAttribute('x')))).length,
        text: [...view.querySelectorAll('text')].map(t => t.textContent).join(' ')
      })
    } catch (e) {
      errors.push('mermaid: ' + (e && e.message ? e.message : String(e)))
    }
  }
  const elements = [...body.querySelectorAll('*')].filter(e => !e.closest('.mermaid-view')).map(e => e.localName)
  return {
    errors,
    charts: drawn,
    elements: [...new Set(elements)],
    tables: [...body.querySelectorAll('table')].map(t => t.querySelectorAll('tbody tr').length),
    codeBlocks: body.querySelectorAll('pre').length,
    details: [...body.querySelectorAll('details')].map(d => (d.querySelector('summary') || {}).textContent || ''),
    text: body.textContent
  }
}
window.ready = true
`

const page = (): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>summary</title><style>${style}</style>` +
  `<script src="/mermaid.min.js"></script></head><body><main></main><script>${pageScript}</script></body></html>`

/** GitHub-flavoured Markdown to HTML, as GitHub does before it sanitises and draws. */
export function markdownToHtml(markdown: string): string {
  return new Marked({ gfm: true }).parse(markdown, { async: false })
}

export interface RenderedSummary {
  errors: string[]
  charts: Array<{ bars: number; badBars: number; text: string }>
  elements: string[]
  /** Body rows of each table. */
  tables: number[]
  /** Code blocks left once the charts are drawn. */
  codeBlocks: number
  /** The summary line of each <details>. */
  details: string[]
  text: string
}

export interface Renderer {
  render(markdown: string, screenshot?: string): Promise<RenderedSummary>
  close(): Promise<void>
}

export async function startRenderer(): Promise<Renderer> {
  const server = http.createServer((request, response) => {
    if (request.url === '/mermaid.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
      fs.createReadStream(mermaidBundle).pipe(response)
      return
    }
    response.writeHead(request.url === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    response.end(request.url === '/' ? page() : 'not found')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-chromium-'))
  const stop = async (context?: BrowserContext): Promise<void> => {
    await context?.close()
    await new Promise<void>(resolve => server.close(() => resolve()))
    fs.rmSync(profile, { recursive: true, force: true })
  }
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1044, height: 900 },
      env: { ...process.env, TZ: 'UTC' },
      timezoneId: 'UTC',
      locale: 'en-US'
    })
  } catch (error) {
    await stop()
    throw error
  }
  const problems: string[] = []
  await context.route('**/*', route => {
    if (route.request().url().startsWith(`${origin}/`)) return route.continue()
    problems.push(`offsite request: ${route.request().url()}`)
    return route.abort()
  })
  const tab = context.pages()[0] ?? (await context.newPage())
  tab.on('console', message => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  tab.on('pageerror', error => problems.push(`page error: ${error.message}`))
  await tab.goto(`${origin}/`, { waitUntil: 'load' })
  await tab.waitForFunction('window.ready === true', undefined, { timeout: 30_000 })
  return {
    async render(markdown, screenshot) {
      problems.splice(0)
      const rendered = (await tab.evaluate(
        `window.show(${JSON.stringify(markdownToHtml(markdown))})`
      )) as RenderedSummary
      if (screenshot) await tab.screenshot({ path: screenshot, fullPage: true })
      rendered.errors = [...rendered.errors, ...problems.splice(0)]
      return rendered
    },
    close: () => stop(context)
  }
}
