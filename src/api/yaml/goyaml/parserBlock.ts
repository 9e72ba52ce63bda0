/** parserc.go: block sequences, indentless sequences and block mappings. */
import {
  endCollection,
  openCollection,
  parseNode,
  peekToken,
  popState,
  processEmptyScalar,
  skipToken
} from './parserNode.js'
import { setParserErrorContext, type YamlParser, emit } from './parserState.js'
import { Ev, St, Tok, type YamlEvent } from './types.js'

/** yaml_parser_parse_block_sequence_entry. */
export function parseBlockSequenceEntry(parser: YamlParser, first: boolean): YamlEvent | undefined {
  if (first) openCollection(parser)
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.BLOCK_ENTRY) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.BLOCK_ENTRY && token.type !== Tok.BLOCK_END) {
      parser.states.push(St.BLOCK_SEQUENCE_ENTRY)
      return parseNode(parser, true, false)
    }
    parser.state = St.BLOCK_SEQUENCE_ENTRY
    return processEmptyScalar(parser)
  }
  if (token.type === Tok.BLOCK_END) return endCollection(parser, Ev.SEQUENCE_END)
  const contextMark = parser.marks.pop() ?? token.startMark
  setParserErrorContext(
    parser,
    'while parsing a block collection',
    contextMark,
    "did not find expected '-' indicator",
    token.startMark
  )
  return undefined
}

/** yaml_parser_parse_indentless_sequence_entry. */
export function parseIndentlessSequenceEntry(parser: YamlParser): YamlEvent | undefined {
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.BLOCK_ENTRY) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (
      token.type !== Tok.BLOCK_ENTRY &&
      token.type !== Tok.KEY &&
      token.type !== Tok.VALUE &&
      token.type !== Tok.BLOCK_END
    ) {
      parser.states.push(St.INDENTLESS_SEQUENCE_ENTRY)
      return parseNode(parser, true, false)
    }
    parser.state = St.INDENTLESS_SEQUENCE_ENTRY
    return processEmptyScalar(parser)
  }
  popState(parser)
  return emit(parser, Ev.SEQUENCE_END)
}

/** yaml_parser_parse_block_mapping_key. */
export function parseBlockMappingKey(parser: YamlParser, first: boolean): YamlEvent | undefined {
  if (first) openCollection(parser)
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.KEY) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.KEY && token.type !== Tok.VALUE && token.type !== Tok.BLOCK_END) {
      parser.states.push(St.BLOCK_MAPPING_VALUE)
      return parseNode(parser, true, true)
    }
    parser.state = St.BLOCK_MAPPING_VALUE
    return processEmptyScalar(parser)
  }
  if (token.type === Tok.BLOCK_END) return endCollection(parser, Ev.MAPPING_END)
  const contextMark = parser.marks.pop() ?? token.startMark
  setParserErrorContext(
    parser,
    'while parsing a block mapping',
    contextMark,
    'did not find expected key',
    token.startMark
  )
  return undefined
}

/** yaml_parser_parse_block_mapping_value. */
export function parseBlockMappingValue(parser: YamlParser): YamlEvent | undefined {
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.VALUE) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.KEY && token.type !== Tok.VALUE && token.type !== Tok.BLOCK_END) {
      parser.states.push(St.BLOCK_MAPPING_KEY)
      return parseNode(parser, true, true)
    }
    parser.state = St.BLOCK_MAPPING_KEY
    return processEmptyScalar(parser)
  }
  parser.state = St.BLOCK_MAPPING_KEY
  return processEmptyScalar(parser)
}
