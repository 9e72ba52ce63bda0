/**
 * Manifest text → JSON-like values, the way kubectl turns YAML into the JSON it sends: YAML 1.1
 * scalars as go-yaml v2 resolves them (`0644` is 420, `yes` and `y` are true, `1e3` is a number),
 * map keys as strings, merge keys, and numbers kept as their JSON text so that int64 values and
 * "number 2.5" in decoder errors come out exactly. JSON sources keep their number literals.
 * The YAML nodes stay available to point errors at a line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml'
import type { Document, Node as YamlNode, Scalar } from 'yaml'

/** A number as the JSON text the API server's decoder sees. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject
export type JsonObject = Map<string, JsonValue>

export interface ManifestSource {
  text: string
  /** Display name; `<inline>` for inline input. */
  file: string
}

export interface ParsedDocument {
  file: string
  /** 0-based position of the document in its source. */
  index: number
  value: JsonValue
  locate(path: readonly string[]): Position | undefined
}

export interface Position {
  line: number
  column: number
}

/** A problem in the text itself, reported with its place. */
export interface SyntaxProblem {
  file: string
  message: string
  position?: Position
}

export interface ParseResult {
  documents: ParsedDocument[]
  problems: SyntaxProblem[]
}

/**
 * Deeper structures are refused before the YAML parser sees them: it recurses per level and,
 * with its stack exhausted, can take V8 down with it. Real manifests nest about 15 levels.
 */
export const maxDepth = 256
const tooDeep = 'document nested too deeply'
/** Bound on the nodes one document may expand to through aliases ("billion laughs"). */
const maxNodes = 5_000_000

class ConversionError extends Error {
  constructor(
    message: string,
    readonly node?: YamlNode
  ) {
    super(message)
  }
}

export function parseSources(sources: readonly ManifestSource[]): ParseResult {
  const documents: ParsedDocument[] = []
  const problems: SyntaxProblem[] = []
  for (const source of sources) parseSource(source, documents, problems)
  return { documents, problems }
}

function parseSource(source: ManifestSource, documents: ParsedDocument[], problems: SyntaxProblem[]): void {
  const lineCounter = new LineCounter()
  const json = /^\s*[[{]/.test(source.text)
  const deepAt = nestingBeyond(source.text, maxDepth)
  if (deepAt !== undefined) {
    const { line, col } = lineCounterFor(source.text).linePos(deepAt)
    problems.push({ file: source.file, message: tooDeep, position: { line, column: col } })
    return
  }
  let docs: ReturnType<typeof parseAllDocuments>
  try {
    docs = withPlainEnv(() =>
      parseAllDocuments(source.text, {
        schema: 'failsafe',
        lineCounter,
        prettyErrors: false,
        uniqueKeys: true,
        keepSourceTokens: false
      })
    )
  } catch (error) {
    // The YAML parser recurses per nesting level; absurd nesting exhausts the stack.
    if (!(error instanceof RangeError)) throw error
    problems.push({ file: source.file, message: tooDeep })
    return
  }
  const where = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  let index = 0
  for (const doc of docs) {
    const position = index++
    const error = doc.errors[0]
    if (error && /call stack/i.test(error.message)) {
      problems.push({ file: source.file, message: tooDeep, position: where(error.pos[0]) })
      continue
    }
    if (error) {
      problems.push({ file: source.file, message: describeYamlError(error, source.text), position: where(error.pos[0]) })
      continue
    }
    if (doc.contents === null) continue
    try {
      const value = new Converter(doc, json).convert(doc.contents, 0)
      if (value === null) continue
      documents.push({
        file: source.file,
        index: position,
        value,
        locate: path => {
          const offset = locateOffset(doc, path)
          return offset === undefined ? undefined : where(offset)
        }
      })
    } catch (error) {
      if (error instanceof RangeError) {
        problems.push({ file: source.file, message: tooDeep })
        continue
      }
      if (!(error instanceof ConversionError)) throw error
      const offset = error.node?.range?.[0]
      problems.push({ file: source.file, message: error.message, position: offset === undefined ? undefined : where(offset) })
    }
  }
}

/**
 * The YAML parser reads process.env.LOG_TOKENS once per token, and every process.env read is a
 * native getenv: a third of the parse time of a large manifest. The parse is synchronous, so a
 * plain copy can stand in for it meanwhile.
 */
function withPlainEnv<T>(parse: () => T): T {
  const env = process.env
  process.env = { ...env }
  try {
    return parse()
  } finally {
    process.env = env
  }
}

function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter()
  let offset = 0
  for (const line of text.split('\n')) {
    counter.addNewLine(offset)
    offset += line.length + 1
  }
  return counter
}

/**
 * A cheap over-estimate of YAML nesting: block indentation levels, `- ` entries opened on one
 * line, and flow brackets outside quotes and comments. Returns the offset where it passes limit.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  let flow = 0
  let quote = ''
  const indents: number[] = []
  let blockScalarIndent = -1
  let offset = 0
  for (const line of text.split('\n')) {
    const lineStart = offset
    offset += line.length + 1
    let i = 0
    let depth = 0
    if (flow === 0 && quote === '') {
      const indent = line.length - line.trimStart().length
      const rest = line.slice(indent)
      if (rest === '' || rest.startsWith('#')) continue
      if (blockScalarIndent >= 0 && indent > blockScalarIndent) continue
      blockScalarIndent = -1
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop()
      indents.push(indent)
      depth = indents.length
      i = indent
      while (/^[-?] /.test(line.slice(i, i + 2))) {
        depth++
        i += 2
        while (line[i] === ' ') i++
      }
      if (/[|>][-+0-9]*\s*(#.*)?$/.test(line) && !/["']/.test(line.slice(i))) blockScalarIndent = indent
    }
    for (; i < line.length; i++) {
      const c = line[i]
      if (quote) {
        if (c === '\\' && quote === '"') i++
        else if (c === quote) quote = ''
        continue
      }
      const atTokenStart = i === 0 || ' \t[{,:'.includes(line[i - 1])
      if ((c === '"' || c === "'") && atTokenStart) quote = c
      else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break
      else if (c === '[' || c === '{') {
        flow++
        if (depth + flow > limit) return lineStart + i
      } else if ((c === ']' || c === '}') && flow > 0) flow--
    }
    if (depth + flow > limit) return lineStart
  }
  return undefined
}

function describeYamlError(error: { code: string; message: string; pos: [number, number] }, text: string): string {
  if (error.code === 'DUPLICATE_KEY') return `duplicate key ${JSON.stringify(text.slice(error.pos[0], error.pos[1]))}`
  return error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')
}

class Converter {
  private nodes = 0

  constructor(
    private readonly doc: Document.Parsed,
    private readonly json: boolean
  ) {}

  convert(node: YamlNode | null, depth: number): JsonValue {
    if (depth > maxDepth) throw new ConversionError(tooDeep, node ?? undefined)
    if (++this.nodes > maxNodes) throw new ConversionError('document too large (aliases expand too far)', node ?? undefined)
    if (node === null) return null
    if (isAlias(node)) {
      const target = node.resolve(this.doc)
      if (!target) throw new ConversionError(`unknown anchor '${node.source}' referenced`, node)
      return this.convert(target, depth + 1)
    }
    if (isScalar(node)) return this.scalar(node)
    if (isSeq(node)) return node.items.map(item => this.convert(item as YamlNode | null, depth + 1))
    if (isMap(node)) {
      const result: JsonObject = new Map()
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null
        if (isMergeKey(key)) {
          this.merge(pair.value as YamlNode | null, result, depth + 1)
          continue
        }
        result.set(this.key(key), this.convert(pair.value as YamlNode | null, depth + 1))
      }
      return result
    }
    throw new ConversionError('unsupported YAML node', node)
  }

  /** `<<: *anchor` (or a list of them) copies the anchored map's entries; earlier lists win. */
  private merge(node: YamlNode | null, into: JsonObject, depth: number): void {
    const sources = isSeq(node) ? [...node.items].reverse() : [node]
    for (const source of sources) {
      const value = this.convert(source as YamlNode | null, depth)
      if (!(value instanceof Map)) throw new ConversionError('map merge requires map or sequence of maps as the value', node ?? undefined)
      for (const [key, entry] of value) into.set(key, entry)
    }
  }

  /** sigs.k8s.io/yaml: keys become strings; ints and bools print as Go does, null keys are refused. */
  private key(node: YamlNode | null): string {
    const target = isAlias(node) ? node.resolve(this.doc) : node
    if (target === null || target === undefined) throw new ConversionError('unsupported map key: null', node ?? undefined)
    if (!isScalar(target)) throw new ConversionError('unsupported map key: a collection', target)
    const value = this.scalar(target)
    if (value === null) throw new ConversionError('unsupported map key: null', target)
    if (value instanceof JsonNumber) return value.text
    return String(value)
  }

  private scalar(node: Scalar): JsonValue {
    const text = String(node.value)
    const tag = node.tag
    if (tag === 'tag:yaml.org,2002:str' || tag === 'tag:yaml.org,2002:binary') return text
    if (tag && !tag.startsWith('tag:yaml.org,2002:')) return text
    if (node.type !== 'PLAIN' && !tag) return text
    const resolved = this.json ? resolveJsonLiteral(text) : resolvePlain(text)
    if (typeof resolved === 'number') throw new ConversionError(`json: unsupported value: ${goFloatName(resolved)}`, node)
    return resolved
  }
}

function isMergeKey(node: YamlNode | null): boolean {
  return isScalar(node) && node.type === 'PLAIN' && !node.tag && node.value === '<<'
}

function goFloatName(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'
}

const nullWords = new Set(['', '~', 'null', 'Null', 'NULL'])
const trueWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])
const falseWords = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])
const infinities: Readonly<Record<string, number>> = {
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN
}
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const maxInt64 = (1n << 63n) - 1n
const minInt64 = -(1n << 63n)
const maxUint64 = (1n << 64n) - 1n

/**
 * go-yaml v2 resolve() for an untagged plain scalar. Returns a number only for NaN and the
 * infinities, which JSON cannot carry (the caller turns them into kubectl's error).
 */
export function resolvePlain(text: string): Exclude<JsonValue, JsonValue[] | JsonObject> | number {
  if (nullWords.has(text)) return null
  if (trueWords.has(text)) return true
  if (falseWords.has(text)) return false
  if (text in infinities) return infinities[text]
  const first = text[0]
  if (first === '.') {
    const value = parseGoFloat(text)
    return value === undefined ? text : value
  }
  if (!(first >= '0' && first <= '9') && first !== '-' && first !== '+') return text
  const plain = text.replaceAll('_', '')
  const integer = parseGoInteger(plain)
  if (integer !== undefined && integer >= minInt64 && integer <= maxUint64) {
    if (integer <= maxInt64 || !/^[+-]/.test(plain)) return new JsonNumber(integer.toString())
  }
  if (yamlStyleFloat.test(plain)) {
    const value = parseGoFloat(plain)
    if (value !== undefined) return value
  }
  return text
}

/** strconv.ParseInt/ParseUint with base 0: 0x, 0o, 0b prefixes and a leading 0 for octal. */
function parseGoInteger(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text)
  if (!match) return undefined
  const [, sign, digits] = match
  let value: bigint
  if (/^0[oO]/.test(digits)) value = BigInt(`0o${digits.slice(2)}`)
  else if (/^0[0-7]+$/.test(digits)) value = BigInt(`0o${digits.slice(1)}`)
  else value = BigInt(digits)
  return sign === '-' ? -value : value
}

/** strconv.ParseFloat for decimal text; undefined when out of float64 range. */
function parseGoFloat(text: string): JsonNumber | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) return undefined
  return new JsonNumber(goJsonFloat(value))
}

/** encoding/json's float64 text: shortest form, exponent below 1e-6 and from 1e21. */
export function goJsonFloat(value: number): string {
  if (Object.is(value, -0)) return '-0'
  return String(value)
}

function resolveJsonLiteral(text: string): Exclude<JsonValue, JsonValue[] | JsonObject> | number {
  if (text === 'null') return null
  if (text === 'true') return true
  if (text === 'false') return false
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return new JsonNumber(text)
  return resolvePlain(text)
}

/** Splits a field path like `spec.containers[0].env[1].name` or `labels[app.kubernetes.io/name]`. */
export function splitFieldPath(fieldPath: string): string[] {
  const segments: string[] = []
  let current = ''
  for (let i = 0; i < fieldPath.length; i++) {
    const c = fieldPath[i]
    if (c === '.') {
      if (current) segments.push(current)
      current = ''
    } else if (c === '[') {
      if (current) segments.push(current)
      const end = fieldPath.indexOf(']', i)
      segments.push(fieldPath.slice(i + 1, end < 0 ? undefined : end))
      current = ''
      i = end < 0 ? fieldPath.length : end
    } else current += c
  }
  if (current) segments.push(current)
  return segments
}

/**
 * The offset of the node a path names: the key of a map entry, the item of a sequence, or, when
 * the path goes further than the document (a required field that is missing), its deepest
 * existing ancestor.
 */
function locateOffset(doc: Document.Parsed, path: readonly string[]): number | undefined {
  let node: unknown = doc.contents
  let offset: number | undefined = (doc.contents as YamlNode | null)?.range?.[0]
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = findPair(doc, node.items, segment, 0)
      if (!pair) break
      offset = (pair.key as YamlNode).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && /^\d+$/.test(segment) && Number(segment) < node.items.length) {
      node = node.items[Number(segment)]
      offset = (node as YamlNode | null)?.range?.[0] ?? offset
    } else break
  }
  return offset
}

type Pair = { key: unknown; value: unknown }

function findPair(doc: Document.Parsed, items: readonly unknown[], segment: string, depth: number): Pair | undefined {
  if (depth > 20) return undefined
  for (const item of items) {
    if (!isPair(item)) continue
    const key = item.key as YamlNode | null
    if (isScalar(key) && keyText(key) === segment && !isMergeKey(key)) return item
  }
  for (const item of items) {
    if (!isPair(item) || !isMergeKey(item.key as YamlNode | null)) continue
    const value = item.value as YamlNode | null
    const sources = isSeq(value) ? value.items : [value]
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source
      if (isMap(target)) {
        const found = findPair(doc, target.items, segment, depth + 1)
        if (found) return found
      }
    }
  }
  return undefined
}

function keyText(node: Scalar): string {
  if (node.type !== 'PLAIN' || node.tag) return String(node.value)
  const value = resolvePlain(String(node.value))
  return value instanceof JsonNumber ? value.text : String(value)
}
