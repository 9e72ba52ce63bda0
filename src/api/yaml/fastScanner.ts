/**
 * The line scanner of the fast YAML path (fastPath.ts) and the scalars it reads on a line: where
 * the next line with content starts and how far it is indented, `---` between documents, block
 * sequence dashes, plain and quoted scalars and the keys they make. It keeps the current line
 * only; fastPath.ts builds maps, sequences and flow collections on top of it.
 *
 * Everything outside the subset throws `giveUp`, and the document goes to the full reader.
 */
import { JsonNumber, type JsonValue } from './jsonValue.js'
import { resolveJsonLiteral, resolvePlain } from './scalars.js'

/** Thrown (one shared instance) to leave the recursive descent when the document is not in the subset. */
export const giveUp = new Error('outside the fast YAML subset')

export const SPACE = 32
const CR = 13
export const HASH = 35
export const COLON = 58
export const DASH = 45
export const DOUBLE_QUOTE = 34
export const SINGLE_QUOTE = 39
export const OPEN_BRACKET = 91
export const CLOSE_BRACKET = 93
export const OPEN_BRACE = 123
export const CLOSE_BRACE = 125
export const COMMA = 44
const BACKSLASH = 92
const QUESTION = 63

/** Characters that cannot start a plain scalar here (YAML indicators), by char code. */
const indicator = new Uint8Array(128)
for (const c of '-?:,[]{}#&*!|>\'"%@`') indicator[c.charCodeAt(0)] = 1

/** Characters that end a plain scalar inside a flow collection, or make it unsupported there. */
const flowStop = new Uint8Array(128)
// go-yaml (libyaml) also ends a flow plain scalar at `?`, where YAML 1.2 reads on: left to it.
for (const c of ',[]{}:#?') flowStop[c.charCodeAt(0)] = 1

/** Line by line through one text; fastPath.ts's reader extends it with the structure. */
export class FastScanner {
  /** End of the current document: the start of its closing `---` line, or the end of the text. */
  docEnd = 0
  /** Just after the closing `---` line. */
  markerEnd = 0
  /** The current line: where its content starts, its column, where it ends. */
  protected pos = 0
  protected indent = 0
  protected lineStart = 0
  protected lineEnd = 0
  /** Where the line after the current one starts. */
  protected nextLine = 0
  protected atEnd = false
  /** Where the last quoted scalar or flow collection ended. */
  protected after = 0

  constructor(
    protected readonly text: string,
    private readonly json: boolean
  ) {}

  /** Moves to the next line with content, skipping blank and comment lines; stops at `---`. */
  protected advance(from: number): void {
    const text = this.text
    const length = text.length
    for (let lineStart = from; ;) {
      if (lineStart >= length) {
        this.stop(length, length)
        return
      }
      const newline = text.indexOf('\n', lineStart)
      const nextLine = newline < 0 ? length : newline + 1
      // A CRLF line ends at its CR.
      const lineEnd = newline < 0 ? length : text.charCodeAt(newline - 1) === CR ? newline - 1 : newline
      const first = text.charCodeAt(lineStart)
      if (first === DASH || first === 46 /* . */ || first === 37 /* % */) {
        if (text.startsWith('---', lineStart) && lineEnd === lineStart + 3) {
          this.stop(lineStart, nextLine)
          return
        }
        // `...`, directives, `--- content`: the full reader's business.
        if (first !== DASH || text.startsWith('---', lineStart) || text.startsWith('...', lineStart)) {
          throw giveUp
        }
      }
      let i = lineStart
      while (text.charCodeAt(i) === SPACE) i++
      if (i < lineEnd && text.charCodeAt(i) !== HASH) {
        this.pos = i
        this.indent = i - lineStart
        this.lineStart = lineStart
        this.lineEnd = lineEnd
        this.nextLine = nextLine
        this.atEnd = false
        return
      }
      lineStart = nextLine
    }
  }

  private stop(docEnd: number, markerEnd: number): void {
    this.atEnd = true
    this.docEnd = docEnd
    this.markerEnd = markerEnd
    this.indent = -1
  }

  /** `-` followed by a space or the end of the line: a block sequence entry. */
  protected isDash(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.isBlank(at + 1)
  }

  protected isBlank(at: number): boolean {
    return at >= this.lineEnd || this.text.charCodeAt(at) === SPACE
  }

  protected skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at++
    return at
  }

  /** Whether the line from `at` is `key: ...` (else it is a scalar or a flow collection). */
  protected startsMapEntry(at: number): boolean {
    const c = this.text.charCodeAt(at)
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      this.quoted(at)
      const colon = this.skipSpaces(this.after)
      return this.text.charCodeAt(colon) === COLON && this.isBlank(colon + 1)
    }
    if (!this.plainStart(at)) return false
    for (let i = at; i < this.lineEnd; i++) {
      const ch = this.text.charCodeAt(i)
      if (ch === COLON && this.isBlank(i + 1)) return true
      if (ch === HASH && this.text.charCodeAt(i - 1) === SPACE) return false
    }
    return false
  }

  /** The `:` that ends a plain implicit key starting at `at`. */
  protected keyColon(at: number): number {
    const text = this.text
    for (let i = at; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i)
      if (ch === COLON && this.isBlank(i + 1)) return i
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break
    }
    throw giveUp
  }

  /** Only spaces or a comment may follow a value on its line. */
  protected endOfLine(at: number): void {
    const next = this.skipSpaces(at)
    const comment = this.text.charCodeAt(next) === HASH && this.text.charCodeAt(next - 1) === SPACE
    if (next < this.lineEnd && !comment) throw giveUp
    this.advance(this.nextLine)
  }

  /** A quoted scalar closed on its line, without escapes. */
  protected quoted(at: number): string {
    const text = this.text
    const quote = text.charCodeAt(at)
    if (quote === DOUBLE_QUOTE) {
      for (let i = at + 1; i < this.lineEnd; i++) {
        const ch = text.charCodeAt(i)
        if (ch === DOUBLE_QUOTE) {
          this.after = i + 1
          return text.slice(at + 1, i)
        }
        if (ch === BACKSLASH) break
      }
      throw giveUp
    }
    let value = ''
    for (let from = at + 1; ;) {
      const close = text.indexOf("'", from)
      if (close < 0 || close >= this.lineEnd) throw giveUp
      value += text.slice(from, close)
      if (text.charCodeAt(close + 1) !== SINGLE_QUOTE) {
        this.after = close + 1
        return value
      }
      value += "'"
      from = close + 2
    }
  }

  /** A plain scalar inside a flow collection, up to `,` `]` `}` or `: `; sets `after`. */
  protected flowPlain(at: number): string {
    if (!this.plainStart(at)) throw giveUp
    const text = this.text
    let i = at
    for (; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i)
      if (ch < 128 && flowStop[ch]) {
        // `busybox:1.36`: a `:` before anything but a space or a flow indicator is text.
        const next = text.charCodeAt(i + 1)
        if (ch !== COLON || i + 1 >= this.lineEnd || next === SPACE) break
        if (flowStop[next]) throw giveUp
      }
    }
    const ch = text.charCodeAt(i)
    if (i >= this.lineEnd || ch === OPEN_BRACKET || ch === OPEN_BRACE || ch === HASH || ch === QUESTION)
      throw giveUp
    this.after = i
    const raw = text.slice(at, i).trimEnd()
    if (raw.length === 0) throw giveUp
    return raw
  }

  /** A plain scalar may start here: not an indicator, except `-` before a letter or digit. */
  protected plainStart(at: number): boolean {
    if (at >= this.lineEnd) return false
    const c = this.text.charCodeAt(at)
    if (c === DASH) {
      const next = this.text.charCodeAt(at + 1)
      return (
        (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 46
      )
    }
    return c > SPACE && !indicator[c]
  }

  /** As parse.ts converts an untagged plain scalar; NaN and infinities are its error to report. */
  protected plainValue(raw: string): JsonValue {
    const value = this.json ? resolveJsonLiteral(raw) : resolvePlain(raw)
    if (typeof value === 'number') throw giveUp
    return value
  }

  /** As parse.ts converts a plain map key: numbers and booleans as text; null is its error. */
  protected plainKey(raw: string): string {
    const value = this.plainValue(raw)
    if (value === null) throw giveUp
    return value instanceof JsonNumber ? value.text : String(value)
  }
}
