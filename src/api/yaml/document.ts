/**
 * What reading a manifest gives, whichever reader: documents with their place in the source,
 * problems with theirs, and the limits every reader keeps. parse.ts reads YAML sources,
 * jsonSource.ts JSON ones.
 */
import { LineCounter, parseDocument } from 'yaml'
import type { Document, Node as YamlNode } from 'yaml'
import type { JsonValue } from './jsonValue.js'
import { locateOffset } from './locate.js'

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

export const tooDeep = 'document nested too deeply'

/** Bound on the nodes one document may expand to through aliases ("billion laughs"). */
export const maxNodes = 1_000_000

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly node?: YamlNode
  ) {
    super(message)
  }
}

/** Where a field is written, found by parsing the document's text again only when asked. */
export function locator(
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
export function positionsIn(text: string): (offset: number) => Position {
  let counter: LineCounter | undefined
  return offset => {
    counter ??= lineCounterFor(text)
    const { line, col } = counter.linePos(offset)
    return { line, column: col }
  }
}

function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter()
  counter.addNewLine(0)
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) counter.addNewLine(at + 1)
  return counter
}
