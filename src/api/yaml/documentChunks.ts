/**
 * A YAML stream cut into documents the way kubectl cuts it before any YAML is read
 * (k8s.io/apimachinery/pkg/util/yaml decoder.go, YAMLReader.Read): line by line, a line that
 * starts with `---` ends the document so far — when it holds anything, even an empty line — and
 * may be followed only by spaces or a comment (`--- x` is "invalid Yaml document separator: x").
 * Each chunk then goes to go-yaml on its own, so what one document gets wrong cannot spill into
 * the next, and a chunk's text never holds a `---` line.
 */

/** One document's text: [start, end) of the source, its `---` lines left out. */
export interface DocumentChunk {
  start: number
  end: number
}

/** A `---` line with more after it, where kubectl stops reading. */
export interface SeparatorProblem {
  at: number
  message: string
}

/** The chunks of `text`, in order, up to the first bad separator (which ends the iteration). */
export function* documentChunks(text: string): Generator<DocumentChunk | SeparatorProblem> {
  let start = 0
  let lineStart = 0
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart)
    const lineEnd = newline < 0 ? text.length : newline
    const next = newline < 0 ? text.length : newline + 1
    if (text.startsWith('---', lineStart)) {
      const rest = goTrimSpace(text.slice(lineStart + 3, lineEnd))
      if (rest.length > 0 && rest[0] !== '#') {
        yield { at: lineStart, message: `invalid Yaml document separator: ${rest}` }
        return
      }
      if (lineStart > start) yield { start, end: lineStart }
      start = next
    }
    lineStart = next
  }
  if (text.length > start) yield { start, end: text.length }
}

/**
 * A chunk's text as go-yaml receives it: bufio's ReadLine drops each line's `\n` or `\r\n` and
 * YAMLReader writes `\n` back, so every line, the last one too, ends in a bare `\n`.
 */
export function chunkTextForGo(text: string, chunk: DocumentChunk): string {
  const body = text.slice(chunk.start, chunk.end).replace(/\r\n/g, '\n')
  return body.endsWith('\n') ? body : `${body}\n`
}

/** Go's strings.TrimSpace: unicode.IsSpace at both ends (JavaScript's trim also takes U+FEFF, and not U+0085). */
function goTrimSpace(s: string): string {
  const space =
    /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g
  return s.replace(space, '')
}
