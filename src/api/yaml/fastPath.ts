/**
 * A reader for the everyday subset of YAML that nearly all manifests are written in: block maps
 * and sequences indented with spaces, one-line plain and quoted scalars, one-line flow collections,
 * comments and `---` between documents. It builds the same values as the full reader (the port of
 * go-yaml in goyaml/; for JSON sources the YAML library) followed by
 * parse.ts's conversion, about ten times faster, and keeps no tree. This module owns the structure
 * (documents, block maps and sequences, flow collections) and the limits on it; fastScanner.ts
 * owns the lines and the scalars on them.
 *
 * It never decides anything the full reader would decide differently: at the first thing outside
 * the subset (anchors, tags, block scalars, multi-line scalars or flow, escapes, tabs, a CR not
 * before LF, non-ASCII, duplicate keys, merge keys, anything that would be an error) it gives up
 * on that document and parse.ts hands it to the full reader, which
 * reads and reports them.
 */
import type { JsonObject, JsonValue } from './jsonValue.js'
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DOUBLE_QUOTE,
  FastScanner,
  giveUp,
  HASH,
  OPEN_BRACE,
  OPEN_BRACKET,
  SINGLE_QUOTE,
  SPACE
} from './fastScanner.js'

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

/** Below the loader's limits (depth 256, a million nodes): the full reader reports those. */
const maxDepth = 200
const maxNodes = 500_000

/** Implicit keys longer than this are a YAML error. */
const maxKeyLength = 1024

/** Anything but printable ASCII and line ends (LF, CRLF) sends a document to the full reader. */
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

/** The structure of one text's documents, built on the scanner's current line. */
class FastReader extends FastScanner {
  private nodes = 0

  constructor(
    text: string,
    json: boolean,
    readonly unusualAt: number
  ) {
    super(text, json)
  }

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
      // Keys written twice (the last counts for go-yaml; `1` and `01` are left to it too).
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
        // `key: a: b` and `key: a:` are errors to go-yaml.
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
        // `[a, ]` and `[a,,b]`: left to the full reader.
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
    // `[a: b]` (a one-pair map) and `{k: a:b}` are the full reader's business.
    if (this.text.charCodeAt(this.after) === COLON) throw giveUp
    return this.plainValue(raw)
  }
}
