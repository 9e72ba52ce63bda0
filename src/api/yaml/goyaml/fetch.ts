/**
 * scannerc.go's token fetchers (yaml_parser_fetch_*): each decides what a token means for the
 * simple keys and the indentation before it scans the token and queues it.
 */
import { skip } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { scanBlockScalar } from './scanBlockScalar.js'
import { scanDirective } from './scanDirective.js'
import { scanFlowScalar } from './scanFlowScalar.js'
import { scanPlainScalar } from './scanPlainScalar.js'
import { scanAnchor, scanTag } from './scanTag.js'
import {
  decreaseFlowLevel,
  increaseFlowLevel,
  insertToken,
  removeSimpleKey,
  rollIndent,
  saveSimpleKey,
  simpleKeyIsValid,
  unrollIndent
} from './tokenQueue.js'
import { copyMark, newToken, Tok, type Token, type TokenType } from './types.js'

/** Consume a one-character indicator and queue its token. */
function queueIndicator(parser: YamlParser, type: TokenType, characters = 1): void {
  const startMark = copyMark(parser.mark)
  for (let i = 0; i < characters; i++) skip(parser)
  insertToken(parser, -1, newToken(type, startMark))
}

/** Queue a scanned token, or fail. */
function queue(parser: YamlParser, token: Token | undefined): boolean {
  if (token === undefined) return false
  insertToken(parser, -1, token)
  return true
}

/** yaml_parser_fetch_stream_start. */
export function fetchStreamStart(parser: YamlParser): boolean {
  parser.indent = -1
  parser.simpleKeys.push({
    possible: false,
    required: false,
    tokenNumber: 0,
    mark: { index: 0, line: 0, column: 0 }
  })
  parser.simpleKeyAllowed = true
  parser.streamStartProduced = true
  insertToken(parser, -1, newToken(Tok.STREAM_START, copyMark(parser.mark)))
  return true
}

/** yaml_parser_fetch_stream_end. */
export function fetchStreamEnd(parser: YamlParser): boolean {
  // Force a new line.
  if (parser.mark.column !== 0) {
    parser.mark.column = 0
    parser.mark.line++
  }
  if (!unrollIndent(parser, -1)) return false
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  insertToken(parser, -1, newToken(Tok.STREAM_END, copyMark(parser.mark)))
  return true
}

/** yaml_parser_fetch_directive. */
export function fetchDirective(parser: YamlParser): boolean {
  if (!unrollIndent(parser, -1)) return false
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  return queue(parser, scanDirective(parser))
}

/** yaml_parser_fetch_document_indicator: '---' or '...'. */
export function fetchDocumentIndicator(parser: YamlParser, type: TokenType): boolean {
  if (!unrollIndent(parser, -1)) return false
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  queueIndicator(parser, type, 3)
  return true
}

/** yaml_parser_fetch_flow_collection_start: '[' or '{'. */
export function fetchFlowCollectionStart(parser: YamlParser, type: TokenType): boolean {
  if (!saveSimpleKey(parser)) return false
  if (!increaseFlowLevel(parser)) return false
  parser.simpleKeyAllowed = true
  queueIndicator(parser, type)
  return true
}

/** yaml_parser_fetch_flow_collection_end: ']' or '}'. */
export function fetchFlowCollectionEnd(parser: YamlParser, type: TokenType): boolean {
  if (!removeSimpleKey(parser)) return false
  if (!decreaseFlowLevel(parser)) return false
  parser.simpleKeyAllowed = false
  queueIndicator(parser, type)
  return true
}

/** yaml_parser_fetch_flow_entry: ','. */
export function fetchFlowEntry(parser: YamlParser): boolean {
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = true
  queueIndicator(parser, Tok.FLOW_ENTRY)
  return true
}

/** yaml_parser_fetch_block_entry: '-'. */
export function fetchBlockEntry(parser: YamlParser): boolean {
  if (parser.flowLevel === 0) {
    if (!parser.simpleKeyAllowed)
      return setScannerError(
        parser,
        '',
        parser.mark,
        'block sequence entries are not allowed in this context'
      )
    if (!rollIndent(parser, parser.mark.column, -1, Tok.BLOCK_SEQUENCE_START, parser.mark)) return false
  }
  // In the flow context the parser reports the '-'.
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = true
  queueIndicator(parser, Tok.BLOCK_ENTRY)
  return true
}

/** yaml_parser_fetch_key: '?'. */
export function fetchKey(parser: YamlParser): boolean {
  if (parser.flowLevel === 0) {
    if (!parser.simpleKeyAllowed)
      return setScannerError(parser, '', parser.mark, 'mapping keys are not allowed in this context')
    if (!rollIndent(parser, parser.mark.column, -1, Tok.BLOCK_MAPPING_START, parser.mark)) return false
  }
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = parser.flowLevel === 0
  queueIndicator(parser, Tok.KEY)
  return true
}

/** yaml_parser_fetch_value: ':' ends a simple key (its KEY token inserted back) or a complex one. */
export function fetchValue(parser: YamlParser): boolean {
  const key = parser.simpleKeys[parser.simpleKeys.length - 1]
  const [valid, ok] = simpleKeyIsValid(parser, key)
  if (!ok) return false
  if (valid) {
    insertToken(parser, key.tokenNumber - parser.tokensParsed, newToken(Tok.KEY, copyMark(key.mark)))
    if (!rollIndent(parser, key.mark.column, key.tokenNumber, Tok.BLOCK_MAPPING_START, key.mark)) return false
    key.possible = false
    parser.simpleKeysByTok.delete(key.tokenNumber)
    // A simple key cannot follow another simple key.
    parser.simpleKeyAllowed = false
  } else {
    if (parser.flowLevel === 0) {
      if (!parser.simpleKeyAllowed)
        return setScannerError(parser, '', parser.mark, 'mapping values are not allowed in this context')
      if (!rollIndent(parser, parser.mark.column, -1, Tok.BLOCK_MAPPING_START, parser.mark)) return false
    }
    parser.simpleKeyAllowed = parser.flowLevel === 0
  }
  queueIndicator(parser, Tok.VALUE)
  return true
}

/** yaml_parser_fetch_anchor: '&' or '*'. */
export function fetchAnchor(parser: YamlParser, type: TokenType): boolean {
  if (!saveSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  return queue(parser, scanAnchor(parser, type))
}

/** yaml_parser_fetch_tag: '!'. */
export function fetchTag(parser: YamlParser): boolean {
  if (!saveSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  return queue(parser, scanTag(parser))
}

/** yaml_parser_fetch_block_scalar: '|' or '>'. */
export function fetchBlockScalar(parser: YamlParser, literal: boolean): boolean {
  if (!removeSimpleKey(parser)) return false
  parser.simpleKeyAllowed = true
  return queue(parser, scanBlockScalar(parser, literal))
}

/** yaml_parser_fetch_flow_scalar: a quoted scalar. */
export function fetchFlowScalar(parser: YamlParser, single: boolean): boolean {
  if (!saveSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  return queue(parser, scanFlowScalar(parser, single))
}

/** yaml_parser_fetch_plain_scalar. */
export function fetchPlainScalar(parser: YamlParser): boolean {
  if (!saveSimpleKey(parser)) return false
  parser.simpleKeyAllowed = false
  return queue(parser, scanPlainScalar(parser))
}
