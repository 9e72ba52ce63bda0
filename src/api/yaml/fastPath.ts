/**
 * A reader for the everyday subset of YAML that nearly all manifests are written in: block maps
 * and sequences indented with spaces, one-line plain and quoted scalars, one-line flow collections,
 * comments and `---` between documents. It builds the same values as the YAML library followed by
 * parse.ts's conversion, about ten times faster, and keeps no tree.
 *
 * It never decides anything the YAML library would decide differently: at the first thing outside
 * the subset (anchors, tags, block scalars, multi-line scalars or flow, escapes, tabs, a CR not
 * before LF, non-ASCII,
 * duplicate keys, merge keys, anything that would be an error) it gives up on that document and
 * parse.ts hands it and the rest of the source to the YAML library, which reads and reports them.
 */
import { JsonNumber, type JsonObject, type JsonValue } from './jsonValue.js'
import { resolveJsonLiteral, resolvePlain } from './scalars.js'

/** One document read by the fast path. */
export interface FastDocument {
  /** Where the document starts, its `---` line included. */
  from: number
  /** Where the document's text starts (after its `---` line) and ends (before the next one). */
  start: number
  end: number
  /** undefined for a document without content. */
  value: JsonValue | undefined
}

/** The fast path gave up at the document whose text (`---` line included) starts at `from`. */
export interface Unsupported {
  unsupported: true
  from: number
}

/** Thrown (one shared instance) to leave the recursive descent when the document is not in the subset. */
const giveUp = new Error('outside the fast YAML subset')

/** Below the converter's limits (depth 256, a million nodes): the YAML library reports those. */
const maxDepth = 200
const maxNodes = 500_000

/** Implicit keys longer than this are a YAML error. */
const maxKeyLength = 1024

const SPACE = 32
const CR = 13
const HASH = 35
const COLON = 58
const DASH = 45
const DOUBLE_QUOTE = 34
const SINGLE_QUOTE = 39
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const COMMA = 44
const BACKSLASH = 92

/** Characters that cannot start a plain scalar here (YAML indicators), by char code. */
const indicator = new Uint8Array(128)
for (const c of '-?:,[]{}#&*!|>\'"%@`') indicator[c.charCodeAt(0)] = 1

/** Characters that end a plain scalar inside a flow collection, or make it unsupported there. */
const flowStop = new Uint8Array(128)
for (const c of ',[]{}:#') flowStop[c.charCodeAt(0)] = 1

/** Anything but printable ASCII and line ends (LF, CRLF) sends a document to the YAML library. */
const unusualCharacter = /[^\n\r\x20-\x7e]|\r(?!\n)/

/**
 * The documents of a text, one at a time, until the end or the first document outside the
 * subset (which ends the iteration).
 */
export function* readFastDocuments(text: string, json: boolean): Generator<FastDocument | Unsupported> {
  const unusual = text.search(unusualCharacter)
  const reader = new FastReader(text, json, unusual < 0 ? text.length : unusual)
  let from = 0
  let start = 0
  // Before the first `---`, only content makes a document; after each `---` there is one.
  let explicit = false
  for (;;) {
    let value: JsonValue | undefined
    try {
      value = reader.document(start)
    } catch (error) {
      if (error !== giveUp) throw error
      yield { unsupported: true, from }
      return
    }
    if (reader.docEnd > reader.unusualAt) {
      yield { unsupported: true, from }
      return
    }
    if (explicit || value !== undefined) yield { from, start, end: reader.docEnd, value }
    if (reader.docEnd >= text.length) return
    from = reader.docEnd
    start = reader.markerEnd
    explicit = true
  }
}

class FastReader {
  /** End of the current document: the start of its closing `---` line, or the end of the text. */
  docEnd = 0
  /** Just after the closing `---` line. */
  markerEnd = 0
  /** The current line: where its content starts, its column, where it ends. */
  private pos = 0
  private indent = 0
  private lineStart = 0
  private lineEnd = 0
  /** Where the line after the current one starts. */
  private nextLine = 0
  private atEnd = false
  private nodes = 0

  constructor(
    private readonly text: string,
    private readonly json: boolean,
    readonly unusualAt: number
  ) {}

  /** The value of the document starting at `start`; undefined when it has no content. */
  document(start: number): JsonValue | undefined {
    this.nodes = 0
    this.advance(start)
    if (this.atEnd) return undefined
    if (this.isDash(this.pos)) throw giveUp
    const value = this.map(this.indent, 1)
    if (!this.atEnd) throw giveUp
    return value
  }

  /** Moves to the next line with content, skipping blank and comment lines; stops at `---`. */
  private advance(from: number): void {
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
        // `...`, directives, `--- content`: the YAML library's business.
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
  private isDash(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.isBlank(at + 1)
  }

  private isBlank(at: number): boolean {
    return at >= this.lineEnd || this.text.charCodeAt(at) === SPACE
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at++
    return at
  }

  private count(depth: number): void {
    if (++this.nodes > maxNodes || depth > maxDepth) throw giveUp
  }

  /** The node starting on the current line, which is more indented than its parent. */
  private blockNode(depth: number): JsonValue {
    return this.isDash(this.pos) ? this.seq(this.indent, depth) : this.map(this.indent, depth)
  }

  private map(indent: number, depth: number): JsonObject {
    this.count(depth)
    const text = this.text
    const result: JsonObject = new Map()
    for (;;) {
      const keyStart = this.pos
      const c = text.charCodeAt(keyStart)
      let raw: string
      let colon: number
      let plain: boolean
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        raw = this.quoted(keyStart)
        colon = this.skipSpaces(this.after)
        if (text.charCodeAt(colon) !== COLON || !this.isBlank(colon + 1)) throw giveUp
        plain = false
      } else {
        if (!this.plainStart(keyStart)) throw giveUp
        colon = this.keyColon(keyStart)
        raw = text.slice(keyStart, colon).trimEnd()
        plain = true
      }
      if (colon - keyStart > maxKeyLength || (plain && raw === '<<')) throw giveUp
      const key = plain ? this.plainKey(raw) : raw
      // The YAML library refuses keys written twice (`1` and `01` are not, but are left to it too).
      if (result.has(key)) throw giveUp
      const valueStart = this.skipSpaces(colon + 1)
      let value: JsonValue
      if (valueStart >= this.lineEnd || text.charCodeAt(valueStart) === HASH) {
        this.advance(this.nextLine)
        if (this.indent > indent) value = this.blockNode(depth + 1)
        else if (this.indent === indent && this.isDash(this.pos)) value = this.seq(indent, depth + 1)
        else {
          this.count(depth + 1)
          value = null
        }
      } else value = this.inlineValue(valueStart, depth + 1)
      result.set(key, value)
      if (this.indent < indent) return result
      if (this.indent > indent || this.isDash(this.pos)) throw giveUp
    }
  }

  private seq(indent: number, depth: number): JsonValue[] {
    this.count(depth)
    const text = this.text
    const result: JsonValue[] = []
    for (;;) {
      const itemStart = this.skipSpaces(this.pos + 1)
      if (itemStart >= this.lineEnd || text.charCodeAt(itemStart) === HASH) {
        this.advance(this.nextLine)
        if (this.indent > indent) result.push(this.blockNode(depth + 1))
        else {
          this.count(depth + 1)
          result.push(null)
        }
      } else if (this.isDash(itemStart) || this.startsMapEntry(itemStart)) {
        // `- - x` and `- key: value`: a collection whose column is where its first entry starts.
        this.pos = itemStart
        this.indent = itemStart - this.lineStart
        result.push(this.blockNode(depth + 1))
      } else result.push(this.inlineValue(itemStart, depth + 1))
      if (this.indent < indent) return result
      if (this.indent > indent) throw giveUp
      if (!this.isDash(this.pos)) return result
    }
  }

  /** Whether the line from `at` is `key: ...` (else it is a scalar or a flow collection). */
  private startsMapEntry(at: number): boolean {
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
  private keyColon(at: number): number {
    const text = this.text
    for (let i = at; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i)
      if (ch === COLON && this.isBlank(i + 1)) return i
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break
    }
    throw giveUp
  }

  /** A scalar or flow collection that is the rest of the line; then the next line. */
  private inlineValue(at: number, depth: number): JsonValue {
    const text = this.text
    const c = text.charCodeAt(at)
    let value: JsonValue
    let end: number
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      value = this.flowCollection(at, depth)
      end = this.after
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      this.count(depth)
      value = this.quoted(at)
      end = this.after
    } else {
      if (!this.plainStart(at)) throw giveUp
      this.count(depth)
      let stop = this.lineEnd
      for (let i = at; i < this.lineEnd; i++) {
        const ch = text.charCodeAt(i)
        // `key: a: b` and `key: a:` are errors to the YAML library.
        if (ch === COLON && this.isBlank(i + 1)) throw giveUp
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          stop = i
          break
        }
      }
      value = this.plainValue(text.slice(at, stop).trimEnd())
      end = stop
    }
    this.endOfLine(end)
    return value
  }

  /** Only spaces or a comment may follow a value on its line. */
  private endOfLine(at: number): void {
    const next = this.skipSpaces(at)
    const comment = this.text.charCodeAt(next) === HASH && this.text.charCodeAt(next - 1) === SPACE
    if (next < this.lineEnd && !comment) throw giveUp
    this.advance(this.nextLine)
  }

  /** Where the last quoted scalar or flow collection ended. */
  private after = 0

  /** A quoted scalar closed on its line, without escapes. */
  private quoted(at: number): string {
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

  /** `[a, b]` or `{k: v}` closed on its line; sets `after`. */
  private flowCollection(at: number, depth: number): JsonValue {
    this.count(depth)
    const text = this.text
    const close = text.charCodeAt(at) === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE
    const seq: JsonValue[] | undefined = close === CLOSE_BRACKET ? [] : undefined
    const map: JsonObject | undefined = seq ? undefined : new Map()
    let i = this.skipSpaces(at + 1)
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (seq) {
          seq.push(this.flowItem(i, depth + 1))
          i = this.skipSpaces(this.after)
        } else if (map) {
          const c = text.charCodeAt(i)
          const plain = c !== DOUBLE_QUOTE && c !== SINGLE_QUOTE
          const raw = plain ? this.flowPlain(i) : this.quoted(i)
          const colon = this.skipSpaces(this.after)
          if (text.charCodeAt(colon) !== COLON || text.charCodeAt(colon + 1) !== SPACE) throw giveUp
          if (plain && raw === '<<') throw giveUp
          const key = plain ? this.plainKey(raw) : raw
          if (map.has(key)) throw giveUp
          map.set(key, this.flowItem(this.skipSpaces(colon + 1), depth + 1))
          i = this.skipSpaces(this.after)
        }
        const ch = text.charCodeAt(i)
        if (ch === close) break
        if (ch !== COMMA) throw giveUp
        i = this.skipSpaces(i + 1)
        // `[a, ]` and `[a,,b]`: left to the YAML library.
        if (i >= this.lineEnd || text.charCodeAt(i) === close || text.charCodeAt(i) === COMMA) throw giveUp
      }
    }
    this.after = i + 1
    return seq ?? map ?? null
  }

  /** An entry of a flow collection; sets `after`. */
  private flowItem(at: number, depth: number): JsonValue {
    const c = this.text.charCodeAt(at)
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flowCollection(at, depth)
    this.count(depth)
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quoted(at)
    const raw = this.flowPlain(at)
    // `[a: b]` (a one-pair map) and `{k: a:b}` are the YAML library's business.
    if (this.text.charCodeAt(this.after) === COLON) throw giveUp
    return this.plainValue(raw)
  }

  /** A plain scalar inside a flow collection, up to `,` `]` `}` or `: `; sets `after`. */
  private flowPlain(at: number): string {
    if (!this.plainStart(at)) throw giveUp
    const text = this.text
    let i = at
    for (; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i)
      if (ch < 128 && flowStop[ch]) {
        // `busybox:1.36`: a `:` before anything but a space or a flow indicator is text.
        const next = text.charCodeAt(i + 1)
        if (ch !== COLON || i + 1 >= this.lineEnd || next === SPACE || flowStop[next]) break
      }
    }
    const ch = text.charCodeAt(i)
    if (i >= this.lineEnd || ch === OPEN_BRACKET || ch === OPEN_BRACE || ch === HASH) throw giveUp
    this.after = i
    const raw = text.slice(at, i).trimEnd()
    if (raw.length === 0) throw giveUp
    return raw
  }

  /** A plain scalar may start here: not an indicator, except `-` before a letter or digit. */
  private plainStart(at: number): boolean {
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
  private plainValue(raw: string): JsonValue {
    const value = this.json ? resolveJsonLiteral(raw) : resolvePlain(raw)
    if (typeof value === 'number') throw giveUp
    return value
  }

  /** As parse.ts converts a plain map key: numbers and booleans as text; null is its error. */
  private plainKey(raw: string): string {
    const value = this.plainValue(raw)
    if (value === null) throw giveUp
    return value instanceof JsonNumber ? value.text : String(value)
  }
}
