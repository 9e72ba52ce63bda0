/**
 * GitHub-flavoured Markdown building blocks for the report. Pod output and user-chosen paths
 * can hold anything — backticks, pipes, `</details>`, terminal escapes — so every piece of
 * foreign text goes through one of these and renders as the text it is.
 */

/** Text inside an HTML element (`<summary>`, `<code>`): GitHub does not read Markdown there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Plain Markdown text: nothing in it becomes emphasis, a link, a tag or a table cell boundary. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&').replace(/\r?\n/g, ' ')
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    run = c === char ? run + 1 : 0
    if (run > longest) longest = run
  }
  return longest
}

/**
 * A code span that holds any text: its backtick fence is longer than any run inside, and a
 * space pads text that starts or ends with a backtick (CommonMark strips one on each side).
 * In a table cell a `|` still ends the cell, even inside code, unless escaped.
 */
export function codeSpan(text: string, inTable = false): string {
  const clean = text.replace(/\r?\n/g, ' ')
  const fence = '`'.repeat(longestRun(clean, '`') + 1)
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean.startsWith(' ') ? ' ' : ''
  const body = inTable ? clean.replace(/\|/g, '\\|') : clean
  return `${fence}${pad}${body}${pad}${fence}`
}

/** A fenced code block for any text: the fence is longer than any backtick run inside. */
export function fencedBlock(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1))
  return `${fence}${info}\n${text.replace(/\n?$/, '\n')}${fence}`
}

/**
 * Log text as a reader should see it: terminal colour and cursor sequences removed, other
 * control characters (but tabs) dropped, and a line no longer than `maxLength`.
 */
export function printableLine(line: string, maxLength = 1000): string {
  /* eslint-disable no-control-regex */
  const clean = line
    // CSI (colours, cursor moves) and OSC (titles, hyperlinks) sequences, then any other ESC pair.
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '')
    .replace(/\x1b[@-_]?/g, '')
    // A progress line rewritten with \r shows what it ended as, as on a terminal.
    .replace(/\r+$/, '')
    .replace(/^[\s\S]*\r/, '')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  /* eslint-enable no-control-regex */
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean
}

/** 12345 → "12,345": counts in notes read at a glance. */
export function count(n: number): string {
  // What toLocaleString('en-US') writes for an integer, without loading ICU's locale data: that
  // costs about 14 ms of CPU at the first call in a run.
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US')
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`
}
