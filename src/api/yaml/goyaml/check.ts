/**
 * What kubectl's YAML-to-JSON step says of one document: sigs.k8s.io/yaml v1.6.0 YAMLToJSON on
 * the chunk that k8s.io/apimachinery's YAMLReader split off, which reads it with go-yaml v2.4.4
 * (go.yaml.in/yaml/v2) into interface{} and converts that to JSON.
 *
 * The error is YAMLToJSON's error text: go-yaml's ("yaml: line 4: could not find expected ':'"),
 * or the conversion's ("unsupported map key of type: …", "json: unsupported value: NaN").
 * kubectl prints it after "error converting YAML to JSON: ", the prefix sigs.k8s.io/yaml's
 * Unmarshal (not YAMLToJSON) puts before it; that prefix is the caller's to add.
 *
 * A derived work of go-yaml, libyaml and sigs.k8s.io/yaml: see ./NOTICE for their copyright
 * and licenses (MIT, Apache-2.0).
 */
import { type Child, Composer } from './compose.js'
import { Decoder } from './decode.js'
import { YamlParser } from './parserState.js'
import { ConversionFailure, jsonError, toJsonable, type Jsonable } from './toJson.js'
import { ErrorType, GoPanic, YamlFailure } from './types.js'
import { runTask } from './values.js'

export interface GoYamlCheck {
  /** YAMLToJSON's error text, absent when the document converts. */
  error?: string
  /**
   * The deepest nesting of mappings and sequences read (an alias counts as the node it names):
   * of the whole document when it converts, of what was read before the error otherwise.
   */
  depth: number
  /**
   * Where a scanner or parser error was found, 0-based in the chunk (libyaml's problem mark; the
   * message's line number is go-yaml's rendering of it).
   */
  mark?: { line: number; column: number }
}

/** The text of a Go string (a byte string here): its UTF-8 bytes decoded. */
function text(goString: string): string {
  return Buffer.from(goString, 'latin1').toString('utf8')
}

/** A chunk read as kubectl reads it: what goYamlCheck says, and the JSON-able value when it converts. */
export interface GoYamlRead extends GoYamlCheck {
  /** Absent for an error, or for a document without content (kubectl's null). */
  value?: Jsonable
}

/** YAMLToJSON(chunk)'s error, if any, and the nesting depth of the document. */
export function goYamlCheck(chunk: string): GoYamlCheck {
  return readChunk(chunk, false)
}

/** YAMLToJSON(chunk): its error, or the value it converts to JSON (string keys, byte strings). */
export function goYamlRead(chunk: string): GoYamlRead {
  return readChunk(chunk, true)
}

function readChunk(chunk: string, build: boolean): GoYamlRead {
  // decode.go newParser reads an empty input as "\n".
  const bytes = chunk.length === 0 ? Buffer.from('\n') : Buffer.from(chunk, 'utf8')
  const parser = new YamlParser(bytes)
  const composer = new Composer(parser)
  let depth = 0
  try {
    const root: Child | undefined = composer.parse()
    if (root === undefined) return { depth: 0 }
    depth = Math.max(typeof root === 'string' ? 0 : root.depth, composer.maxDepth)
    // Decoding fails the same way whether it builds the value or not; the value is needed only
    // when a map key or a float will fail the JSON conversion.
    const decoder = new Decoder(build)
    const built = runTask(decoder.unmarshal(root))
    if (decoder.oddKey || decoder.nonFinite) {
      const value = build ? built : runTask(new Decoder(true).unmarshal(root))
      const error = jsonError(value, decoder.nonFinite)
      if (error !== undefined) return { error: text(error), depth }
    }
    return build ? { depth, value: toJsonable(built) } : { depth }
  } catch (error) {
    if (
      error instanceof YamlFailure &&
      (parser.error === ErrorType.SCANNER || parser.error === ErrorType.PARSER)
    ) {
      const mark = { line: parser.problemMark.line, column: parser.problemMark.column }
      return { error: text(error.message), depth: Math.max(depth, composer.maxDepth), mark }
    }
    if (error instanceof YamlFailure || error instanceof ConversionFailure)
      return { error: text(error.message), depth: Math.max(depth, composer.maxDepth) }
    // A Go panic other than go-yaml's own errors would end kubectl; its message is all there is.
    if (error instanceof GoPanic)
      return { error: `panic: ${error.message}`, depth: Math.max(depth, composer.maxDepth) }
    throw error
  }
}
