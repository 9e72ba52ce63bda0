/**
 * A JSON source (one that starts with `{`: kubectl's JSON stream) read whole: the fast path's
 * documents, then, from the first it cannot read on, the YAML library's, converted as kubectl's
 * encoding/json would take them. YAML sources go through parse.ts and the port of go-yaml.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, Parser } from 'yaml'
import type { CST, Document, Node as YamlNode, Scalar } from 'yaml'
import {
  ConversionError,
  locator,
  maxDepth,
  maxNodes,
  tooDeep,
  type ManifestSource,
  type ParsedDocument,
  type Position,
  type SyntaxProblem
} from './document.js'
import { readFastDocuments } from './fastPath.js'
import { JsonNumber, type JsonObject, type JsonValue } from './jsonValue.js'
import { isMergeKey } from './locate.js'
import { nestingBeyond } from './nesting.js'
import { goFloatName, resolveJsonLiteral, resolvePlain } from './scalars.js'

/** A JSON source, whole: the fast path's documents, then from the first it cannot read on, the YAML library's. */
export function* readJsonSource(
  source: ManifestSource,
  fast: boolean,
  where: (offset: number) => Position
): Generator<ParsedDocument | SyntaxProblem> {
  const deepAt = nestingBeyond(source.text, maxDepth)
  if (deepAt !== undefined) {
    yield { file: source.file, message: tooDeep, position: where(deepAt) }
    return
  }
  const text = source.text
  let index = 0
  // The YAML library can blame a document's error on the document before it, so each document
  // is held back until the next one has been read by the fast path too.
  let held: { from: number; index: number; document?: ParsedDocument } | undefined
  for (const item of fast ? readFastDocuments(text, true) : []) {
    if ('unsupported' in item) break
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
    if (item.end >= text.length) {
      if (held.document) yield held.document
      return
    }
  }
  const from = held?.from ?? 0
  const at = (offset: number): Position => where(from + offset)
  for (const item of readWithYaml(text.slice(from), source.file, held?.index ?? 0, Infinity, true, at)) {
    if (item) yield item
  }
}

/**
 * The documents of `text` read by the YAML library, at most `limit` of them (go-yaml reads only
 * the first of a chunk); the first is document number `firstIndex` of the source. An empty
 * document gives undefined.
 */
function* readWithYaml(
  text: string,
  file: string,
  firstIndex: number,
  limit: number,
  json: boolean,
  at: (offset: number) => Position
): Generator<ParsedDocument | SyntaxProblem | undefined> {
  // Duplicate keys are not refused: go-yaml v2 keeps the last one, and so does the conversion.
  const composer = new Composer({
    schema: 'failsafe',
    prettyErrors: false,
    uniqueKeys: false,
    keepSourceTokens: false
  })
  const tokens = new Parser().parse(text)
  const plainEnv = { ...process.env }
  let index = firstIndex
  for (let done = false; !done && index - firstIndex < limit;) {
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
      yield { file, message: tooDeep }
      return
    }
    for (const doc of docs) {
      if (index - firstIndex >= limit) return
      yield readDocument(doc, index++, file, text, json, at)
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
