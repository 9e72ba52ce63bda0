/**
 * Manifest text → JSON-like values, the way kubectl turns YAML into the JSON it sends: YAML 1.1
 * scalars as go-yaml v2 resolves them (`0644` is 420, `yes` and `y` are true, `1e3` is a number),
 * map keys as strings, merge keys, and numbers as the JSON text kubectl sends (an int64 exactly,
 * anything else as a float64) so that decoder errors like "number 2.5" come out the same.
 * Documents are read one at a time and keep only their place in the text, from which a field's
 * line and column are found again when an error needs them. Most documents never meet the YAML
 * library: fastPath.ts reads the everyday subset of YAML itself, and hands the rest over.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, parseDocument } from 'yaml'
import type { CST, Document, Node as YamlNode, Scalar } from 'yaml'
import { JsonNumber, type JsonObject, type JsonValue } from './jsonValue.js'
import { isMergeKey, locateOffset } from './locate.js'
import { nestingBeyond } from './nesting.js'
import { readFastDocuments } from './fastPath.js'
import { goFloatName, resolveJsonLiteral, resolvePlain } from './scalars.js'

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
const maxNodes = 1_000_000

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
  for (const source of sources) {
    for (const item of readDocuments(source)) {
      if ('value' in item) documents.push(item)
      else problems.push(item)
    }
  }
  return { documents, problems }
}

/** The documents of one source, one at a time: a large manifest never holds all its YAML trees. */
export function readDocuments(source: ManifestSource): Generator<ParsedDocument | SyntaxProblem> {
  return readSource(source, (json, where) => readFastThenYaml(source, json, where))
}

/**
 * The reading everything goes through without the fast path: the YAML library, then conversion.
 * readDocuments gives the same documents and problems.
 */
export function readDocumentsWithYaml(source: ManifestSource): Generator<ParsedDocument | SyntaxProblem> {
  return readSource(source, (json, where) => readWithYaml(source, 0, 0, json, where))
}

type DocumentReader = (
  json: boolean,
  where: (offset: number) => Position
) => Generator<ParsedDocument | SyntaxProblem>

/** Refuses a source nested too deeply for any reader; otherwise hands it to `read`. */
function* readSource(
  source: ManifestSource,
  read: DocumentReader
): Generator<ParsedDocument | SyntaxProblem> {
  const where = positionsIn(source.text)
  const deepAt = nestingBeyond(source.text, maxDepth)
  if (deepAt !== undefined) {
    yield { file: source.file, message: tooDeep, position: where(deepAt) }
    return
  }
  yield* read(/^\s*[[{]/.test(source.text), where)
}

/** The fast path's documents; from the first it cannot read on, the YAML library's. */
function* readFastThenYaml(
  source: ManifestSource,
  json: boolean,
  where: (offset: number) => Position
): Generator<ParsedDocument | SyntaxProblem> {
  const text = source.text
  let index = 0
  // The YAML library can blame a document's error on the document before it, so each document
  // is held back until the next one has been read by the fast path too.
  let held: { from: number; index: number; document?: ParsedDocument } | undefined
  for (const item of readFastDocuments(text, json)) {
    if ('unsupported' in item) {
      // From there on, the YAML library reads, the held document again included.
      yield* readWithYaml(source, held?.from ?? 0, held?.index ?? 0, json, where)
      return
    }
    if (held?.document) yield held.document
    held = { from: item.from, index, document: undefined }
    if (item.value !== undefined) {
      held.document = {
        file: source.file,
        index,
        value: item.value,
        locate: locator(text, item.start, item.end, where)
      }
    }
    index++
  }
  if (held?.document) yield held.document
}

/**
 * The documents from offset `from` (the start of a document, `---` line included) on, read by the
 * YAML library; the first is document number `firstIndex` of the source.
 */
function* readWithYaml(
  source: ManifestSource,
  from: number,
  firstIndex: number,
  json: boolean,
  where: (offset: number) => Position
): Generator<ParsedDocument | SyntaxProblem> {
  const text = from === 0 ? source.text : source.text.slice(from)
  const composer = new Composer({
    schema: 'failsafe',
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false
  })
  const tokens = new Parser().parse(text)
  const plainEnv = { ...process.env }
  const at = (offset: number): Position => where(from + offset)
  let index = firstIndex
  for (let done = false; !done;) {
    let docs: Document.Parsed[]
    try {
      // One document's worth of tokens per step: the consumer runs between documents.
      docs = withEnv(plainEnv, () => {
        const out: Document.Parsed[] = []
        while (out.length === 0 && !done) {
          const token = tokens.next()
          done = token.done === true
          out.push(
            ...((token.done
              ? composer.end()
              : composer.next(token.value as CST.Token)) as Iterable<Document.Parsed>)
          )
        }
        return out
      })
    } catch (error) {
      // The YAML parser recurses per nesting level; should the stack run out anyway.
      if (!(error instanceof RangeError)) throw error
      yield { file: source.file, message: tooDeep }
      return
    }
    for (const doc of docs) {
      const item = readDocument(doc, index++, source.file, text, json, at)
      if (item) yield item
    }
  }
}

function readDocument(
  doc: Document.Parsed,
  index: number,
  file: string,
  text: string,
  json: boolean,
  where: (offset: number) => Position
): ParsedDocument | SyntaxProblem | undefined {
  const error = doc.errors[0]
  if (error) {
    const message = /call stack/i.test(error.message) ? tooDeep : describeYamlError(error, text)
    return { file, message, position: where(error.pos[0]) }
  }
  if (doc.contents === null) return undefined
  let value: JsonValue
  try {
    value = new Converter(doc, json).convert(doc.contents, 0)
  } catch (error) {
    if (error instanceof RangeError) return { file, message: tooDeep }
    if (!(error instanceof ConversionError)) throw error
    const offset = error.node?.range?.[0]
    return {
      file,
      message: error.message,
      position: offset === undefined ? undefined : where(offset)
    }
  }
  if (value === null) return undefined
  const [start, , end] = doc.range
  return { file, index, value, locate: locator(text, start, end, where) }
}

/** Where a field is written, found by parsing the document's text again only when asked. */
function locator(
  text: string,
  start: number,
  end: number,
  where: (offset: number) => Position
): (path: readonly string[]) => Position | undefined {
  let reread: Document.Parsed | undefined
  return path => {
    reread ??= parseDocument(text.slice(start, end), { schema: 'failsafe', uniqueKeys: false })
    const offset = locateOffset(reread, path)
    return offset === undefined ? undefined : where(start + offset)
  }
}

/** Offset → line and column, counting the lines only when a first position is asked for. */
function positionsIn(text: string): (offset: number) => Position {
  let counter: LineCounter | undefined
  return offset => {
    counter ??= lineCounterFor(text)
    const { line, col } = counter.linePos(offset)
    return { line, column: col }
  }
}

/**
 * The YAML parser reads process.env.LOG_TOKENS once per token, and every process.env read is a
 * native getenv: a third of the parse time of a large manifest. Parsing is synchronous, so a
 * plain copy stands in for it while each step runs.
 */
function withEnv<T>(plainEnv: NodeJS.ProcessEnv, step: () => T): T {
  const env = process.env
  process.env = plainEnv
  try {
    return step()
  } finally {
    process.env = env
  }
}

function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter()
  counter.addNewLine(0)
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) counter.addNewLine(at + 1)
  return counter
}

/** The key written at `at`: the library's error span covers only its first character. */
function keyAt(text: string, at: number): string {
  const quoted = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')/.exec(text.slice(at, at + 1024))
  if (quoted) return quoted[1] ?? quoted[2].replace(/''/g, "'")
  const plain = /^[^\n,{}[\]]*?(?=\s*:(?:\s|$)|\s*[,}\n]|$)/.exec(text.slice(at, at + 1024))
  return plain?.[0] || text.slice(at, at + 1)
}

function describeYamlError(
  error: { code: string; message: string; pos: [number, number] },
  text: string
): string {
  if (error.code === 'DUPLICATE_KEY') {
    return `duplicate key ${JSON.stringify(keyAt(text, error.pos[0]))}`
  }
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
    if (++this.nodes > maxNodes) {
      throw new ConversionError('document contains excessive aliasing', node ?? undefined)
    }
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
      if (!(value instanceof Map)) {
        throw new ConversionError(
          'map merge requires map or sequence of maps as the value',
          node ?? undefined
        )
      }
      for (const [key, entry] of value) into.set(key, entry)
    }
  }

  /** sigs.k8s.io/yaml: keys become strings; ints and bools print as Go does, null keys are refused. */
  private key(node: YamlNode | null): string {
    const target = isAlias(node) ? node.resolve(this.doc) : node
    if (target === null || target === undefined) {
      throw new ConversionError('unsupported map key: null', node ?? undefined)
    }
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
    if (typeof resolved === 'number') {
      throw new ConversionError(`json: unsupported value: ${goFloatName(resolved)}`, node)
    }
    return resolved
  }
}
