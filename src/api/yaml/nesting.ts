/**
 * A cheap pre-scan for absurdly deep YAML: the parser recurses once per level, and a stack
 * exhausted deep inside it can take V8 down with it, so such text is refused before parsing.
 */

/** Characters that can change the nesting or hide it (quotes, comments). */
const interesting = /["'#[\]{}]/g

/**
 * An over-estimate of YAML nesting: block indentation levels, `- ` entries opened on one line,
 * and flow brackets outside quotes and comments. Returns the offset where it passes limit.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  let flow = 0
  let quote = 0
  const indents: number[] = []
  let blockScalarIndent = -1
  const length = text.length
  let lineEnd: number
  for (let lineStart = 0; lineStart < length; lineStart = lineEnd + 1) {
    const newline = text.indexOf('\n', lineStart)
    lineEnd = newline < 0 ? length : newline
    let i = lineStart
    let depth = 0
    if (flow === 0 && quote === 0) {
      while (i < lineEnd && text.charCodeAt(i) === 32) i++
      const indent = i - lineStart
      const first = text.charCodeAt(i)
      if (i === lineEnd || first === 35 /* # */ || first === 13 /* \r */) continue
      if (blockScalarIndent >= 0 && indent > blockScalarIndent) continue
      blockScalarIndent = -1
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop()
      indents.push(indent)
      depth = indents.length
      // "- - - x" and "? ? x" open one level per indicator.
      while ((text.charCodeAt(i) === 45 || text.charCodeAt(i) === 63) && text.charCodeAt(i + 1) === 32) {
        depth++
        i += 2
        while (text.charCodeAt(i) === 32) i++
      }
      if (endsWithBlockScalarHeader(text, i, lineEnd)) blockScalarIndent = indent
    }
    if (depth + flow > limit) return lineStart
    // Jump from one interesting character to the next; the rest of the line needs no look.
    interesting.lastIndex = i
    for (let match = interesting.exec(text); match && match.index < lineEnd; match = interesting.exec(text)) {
      const at = match.index
      const c = text.charCodeAt(at)
      if (quote) {
        // Inside a quoted scalar only its closing quote matters (\" escapes in double quotes).
        if (c === quote && !(quote === 34 && escaped(text, at))) quote = 0
        continue
      }
      const before = at === lineStart ? 32 : text.charCodeAt(at - 1)
      const atTokenStart =
        before === 32 || before === 9 || before === 91 || before === 123 || before === 44 || before === 58
      if ((c === 34 || c === 39) && atTokenStart) quote = c
      else if (c === 35 && (before === 32 || before === 9 || at === lineStart)) break
      else if (c === 91 || c === 123) {
        flow++
        if (depth + flow > limit) return at
      } else if ((c === 93 || c === 125) && flow > 0) flow--
    }
  }
  return undefined
}

/** An odd number of backslashes before a double quote escapes it. */
function escaped(text: string, at: number): boolean {
  let count = 0
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 92; i--) count++
  return count % 2 === 1
}

/** `key: |`, `- >-`, `key: |2 # note`: the lines below are text, not structure. */
function endsWithBlockScalarHeader(text: string, from: number, lineEnd: number): boolean {
  const line = text.slice(from, lineEnd)
  const last = line.trimEnd().charCodeAt(line.trimEnd().length - 1)
  // A header ends in |, >, a chomping or indentation indicator, or a comment.
  const plausible = last === 124 || last === 62 || last === 45 || last === 43 || (last >= 48 && last <= 57)
  if (!plausible && !line.includes('#')) return false
  return /(^|[\s:])[|>][-+0-9]*\s*(#.*)?$/.test(line) && !/["']/.test(line)
}
