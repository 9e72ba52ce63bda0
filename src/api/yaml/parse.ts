/**
 * Manifest text → JSON-like values, the way kubectl turns YAML into the JSON it sends: the stream
 * cut into documents as kubectl cuts it (documentChunks.ts), each read as go-yaml v2 reads it —
 * YAML 1.1 scalars (`0644` is 420, `yes` and `y` are true), map keys as strings, merge keys, the
 * last of duplicate keys, go-yaml's own error messages — and numbers as the JSON text kubectl sends
 * (an int64 exactly, anything else as a float64). Most documents are read by fastPath.ts, which
 * reads the everyday subset itself; the rest by the port of go-yaml (goyaml/). Documents are read
 * one at a time and keep only their place in the text, from which a field's line and column are
 * found again when an error needs them. JSON sources: jsonSource.ts.
 */
import {
  locator,
  maxDepth,
  positionsIn,
  tooDeep,
  type ManifestSource,
  type ParsedDocument,
  type ParseResult,
  type Position,
  type SyntaxProblem
} from './document.js'
import type { JsonValue } from './jsonValue.js'
import { readJsonSource } from './jsonSource.js'
import { readFastDocuments, type FastDocument } from './fastPath.js'
import { chunkTextForGo, documentChunks, type DocumentChunk } from './documentChunks.js'
import { goYamlRead } from './goyaml/check.js'
import { toJsonValue } from './goValues.js'

export type { ManifestSource, ParsedDocument, ParseResult, Position, SyntaxProblem } from './document.js'

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

/**
 * The documents of one source, one at a time (a large manifest never holds all its YAML trees),
 * up to the first one that cannot be read: there kubectl stops reading the source.
 */
export function readDocuments(source: ManifestSource): Generator<ParsedDocument | SyntaxProblem> {
  return readSource(source, true)
}

/**
 * The reading everything goes through without the fast path: the port of go-yaml (for JSON, the YAML library),
 * then conversion. readDocuments gives the same documents and problems.
 */
export function readDocumentsWithoutFastPath(
  source: ManifestSource
): Generator<ParsedDocument | SyntaxProblem> {
  return readSource(source, false)
}

/**
 * A YAML source is read as kubectl reads it: cut into documents at `---` lines first
 * (documentChunks.ts), each then read on its own. A source that starts with `{` is JSON
 * (kubectl's JSON stream, apimachinery's IsJSONBuffer) and is read whole; `[` starts YAML.
 */
function* readSource(source: ManifestSource, fast: boolean): Generator<ParsedDocument | SyntaxProblem> {
  const where = positionsIn(source.text)
  if (/^\s*\{/.test(source.text)) {
    yield* readJsonSource(source, fast, where)
    return
  }
  let index = 0
  for (const chunk of documentChunks(source.text)) {
    if ('message' in chunk) {
      yield { file: source.file, message: chunk.message, position: where(chunk.at) }
      return
    }
    const item = readChunk(source, chunk, index++, fast, where)
    if (item === undefined) continue
    yield item
    if (!('value' in item)) return
  }
}

/** One YAML document: by the fast path when it can, else by the port of go-yaml. */
function readChunk(
  source: ManifestSource,
  chunk: DocumentChunk,
  index: number,
  fast: boolean,
  where: (offset: number) => Position
): ParsedDocument | SyntaxProblem | undefined {
  const file = source.file
  const at = (offset: number): Position => where(chunk.start + offset)
  const text = source.text.slice(chunk.start, chunk.end)
  if (fast) {
    const read = readFastChunk(text)
    if (read !== 'unsupported') {
      if (read === undefined) return undefined
      return { file, index, value: read.value, locate: locator(text, read.start, read.end, at) }
    }
  }
  // The rest is read by the port of go-yaml: the same value, error and message as kubectl's.
  const read = goYamlRead(chunkTextForGo(source.text, chunk))
  if (read.error !== undefined) {
    // The message has go-yaml's line; the place is libyaml's mark, in this source's lines.
    const mark = read.mark && { line: at(0).line + read.mark.line, column: read.mark.column + 1 }
    return { file, message: `error converting YAML to JSON: ${read.error}`, position: mark }
  }
  // The loader's later steps recurse per level (a listed deviation: go-yaml allows 10,000).
  if (read.depth > maxDepth) return { file, message: tooDeep, position: at(0) }
  if (read.value === undefined || read.value === null) return undefined
  return { file, index, value: toJsonValue(read.value), locate: locator(text, 0, text.length, at) }
}

/** The fast path's one document of a chunk; 'unsupported' when it gives up (or sees more than one). */
function readFastChunk(text: string): FastRead | undefined | 'unsupported' {
  let found: FastDocument | undefined
  for (const item of readFastDocuments(text, false)) {
    if ('unsupported' in item || found) return 'unsupported'
    found = item
  }
  if (found?.value === undefined) return undefined
  return { value: found.value, start: found.start, end: found.end }
}

interface FastRead {
  value: JsonValue
  start: number
  end: number
}
