/** scannerc.go: the token dispatcher and the loop that fills the token queue. */
import { isBlank, isBlankz, isBreak, isBreakz } from './chars.js'
import { cache, skip, skipLine } from './cursor.js'
import {
  fetchAnchor,
  fetchBlockEntry,
  fetchBlockScalar,
  fetchDirective,
  fetchDocumentIndicator,
  fetchFlowCollectionEnd,
  fetchFlowCollectionStart,
  fetchFlowEntry,
  fetchFlowScalar,
  fetchKey,
  fetchPlainScalar,
  fetchStreamEnd,
  fetchStreamStart,
  fetchTag,
  fetchValue
} from './fetch.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { simpleKeyIsValid, unrollIndent } from './tokenQueue.js'
import { Tok } from './types.js'

/**
 * yaml_parser_fetch_more_tokens: fetch until the queue's head cannot still turn out to be a
 * simple key.
 */
export function fetchMoreTokens(parser: YamlParser): boolean {
  for (;;) {
    if (parser.tokensHead !== parser.tokens.length) {
      const index = parser.simpleKeysByTok.get(parser.tokensParsed)
      if (index === undefined) break
      const [valid, ok] = simpleKeyIsValid(parser, parser.simpleKeys[index])
      if (!ok) return false
      if (!valid) break
    }
    if (!fetchNextToken(parser)) return false
  }
  parser.tokenAvailable = true
  return true
}

/** yaml_parser_scan_to_next_token: whitespace, comments and line breaks. */
function scanToNextToken(parser: YamlParser): boolean {
  const b = parser.input
  for (;;) {
    if (!cache(parser, 1)) return false
    // Allow a BOM to start a line. Go's is_bom reads the start of its buffer, not the position.
    const base = parser.bufBase
    if (parser.mark.column === 0 && b[base] === 0xef && b[base + 1] === 0xbb && b[base + 2] === 0xbf)
      skip(parser)
    if (!cache(parser, 1)) return false
    // Tabs are allowed in flow context, and in block context after a simple key is impossible.
    while (
      b[parser.pos] === 0x20 ||
      ((parser.flowLevel > 0 || !parser.simpleKeyAllowed) && b[parser.pos] === 0x09)
    ) {
      skip(parser)
      if (!cache(parser, 1)) return false
    }
    if (b[parser.pos] === 0x23 /* # */) {
      while (!isBreakz(b, parser.pos)) {
        skip(parser)
        if (!cache(parser, 1)) return false
      }
    }
    if (!isBreak(b, parser.pos)) break
    if (!cache(parser, 2)) return false
    skipLine(parser)
    // In the block context, a new line may start a simple key.
    if (parser.flowLevel === 0) parser.simpleKeyAllowed = true
  }
  return true
}

/** The characters that cannot start a plain scalar on their own. */
const indicators = new Uint8Array(256)
for (const c of '-?:,[]{}#&*!|>\'"%@`') indicators[c.charCodeAt(0)] = 1

/** Whether a plain scalar starts here (the last case of yaml_parser_fetch_next_token). */
function startsPlainScalar(parser: YamlParser): boolean {
  const b = parser.input
  const pos = parser.pos
  const c = b[pos]
  if (!(isBlankz(b, pos) || indicators[c] === 1)) return true
  if (c === 0x2d && !isBlank(b, pos + 1)) return true
  return parser.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankz(b, pos + 1)
}

/** The indicator cases of yaml_parser_fetch_next_token, in its order; undefined when none applies. */
function fetchIndicator(parser: YamlParser): boolean | undefined {
  const b = parser.input
  const pos = parser.pos
  const c = b[pos]
  const flow = parser.flowLevel > 0
  if (c === 0x5b) return fetchFlowCollectionStart(parser, Tok.FLOW_SEQUENCE_START)
  if (c === 0x7b) return fetchFlowCollectionStart(parser, Tok.FLOW_MAPPING_START)
  if (c === 0x5d) return fetchFlowCollectionEnd(parser, Tok.FLOW_SEQUENCE_END)
  if (c === 0x7d) return fetchFlowCollectionEnd(parser, Tok.FLOW_MAPPING_END)
  if (c === 0x2c) return fetchFlowEntry(parser)
  if (c === 0x2d && isBlankz(b, pos + 1)) return fetchBlockEntry(parser)
  if (c === 0x3f && (flow || isBlankz(b, pos + 1))) return fetchKey(parser)
  if (c === 0x3a && (flow || isBlankz(b, pos + 1))) return fetchValue(parser)
  if (c === 0x2a) return fetchAnchor(parser, Tok.ALIAS)
  if (c === 0x26) return fetchAnchor(parser, Tok.ANCHOR)
  if (c === 0x21) return fetchTag(parser)
  if (c === 0x7c && !flow) return fetchBlockScalar(parser, true)
  if (c === 0x3e && !flow) return fetchBlockScalar(parser, false)
  if (c === 0x27) return fetchFlowScalar(parser, true)
  if (c === 0x22) return fetchFlowScalar(parser, false)
  return undefined
}

/** yaml_parser_fetch_next_token. */
function fetchNextToken(parser: YamlParser): boolean {
  if (!cache(parser, 1)) return false
  if (!parser.streamStartProduced) return fetchStreamStart(parser)
  if (!scanToNextToken(parser)) return false
  if (!unrollIndent(parser, parser.mark.column)) return false
  // 4 is the length of the longest indicators ('--- ' and '... ').
  if (!cache(parser, 4)) return false
  const b = parser.input
  const pos = parser.pos
  if (b[pos] === 0) return fetchStreamEnd(parser)
  const column0 = parser.mark.column === 0
  if (column0 && b[pos] === 0x25 /* % */) return fetchDirective(parser)
  if (column0 && b[pos] === 0x2d && b[pos + 1] === 0x2d && b[pos + 2] === 0x2d && isBlankz(b, pos + 3))
    return fetchDocumentIndicator(parser, Tok.DOCUMENT_START)
  if (column0 && b[pos] === 0x2e && b[pos + 1] === 0x2e && b[pos + 2] === 0x2e && isBlankz(b, pos + 3))
    return fetchDocumentIndicator(parser, Tok.DOCUMENT_END)
  const fetched = fetchIndicator(parser)
  if (fetched !== undefined) return fetched
  if (startsPlainScalar(parser)) return fetchPlainScalar(parser)
  return setScannerError(
    parser,
    'while scanning for the next token',
    parser.mark,
    'found character that cannot start any token'
  )
}
