/** parserc.go: flow sequences (with their single-pair mappings) and flow mappings. */
import {
  endCollection,
  openCollection,
  parseNode,
  peekToken,
  processEmptyScalar,
  skipToken
} from './parserNode.js'
import { setParserErrorContext, type YamlParser, emit } from './parserState.js'
import { Ev, type Mark, St, Tok, type Token, type YamlEvent } from './types.js'

/** After the first entry: the ',' that must come before the next one. undefined on an error. */
function entrySeparator(
  parser: YamlParser,
  token: Token,
  context: string,
  problem: string
): Token | undefined {
  if (token.type === Tok.FLOW_ENTRY) {
    skipToken(parser)
    return peekToken(parser)
  }
  const contextMark = parser.marks.pop() as Mark
  setParserErrorContext(parser, context, contextMark, problem, token.startMark)
  return undefined
}

/** yaml_parser_parse_flow_sequence_entry. */
export function parseFlowSequenceEntry(parser: YamlParser, first: boolean): YamlEvent | undefined {
  if (first) openCollection(parser)
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type !== Tok.FLOW_SEQUENCE_END) {
    if (!first) {
      token = entrySeparator(
        parser,
        token,
        'while parsing a flow sequence',
        "did not find expected ',' or ']'"
      )
      if (token === undefined) return undefined
    }
    if (token.type === Tok.KEY) {
      // A single-pair mapping: [a: b].
      parser.state = St.FLOW_SEQUENCE_ENTRY_MAPPING_KEY
      const event = emit(parser, Ev.MAPPING_START)
      event.implicit = true
      skipToken(parser)
      return event
    }
    if (token.type !== Tok.FLOW_SEQUENCE_END) {
      parser.states.push(St.FLOW_SEQUENCE_ENTRY)
      return parseNode(parser, false, false)
    }
  }
  return endCollection(parser, Ev.SEQUENCE_END)
}

/** yaml_parser_parse_flow_sequence_entry_mapping_key. */
export function parseFlowSequenceEntryMappingKey(parser: YamlParser): YamlEvent | undefined {
  const token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type !== Tok.VALUE && token.type !== Tok.FLOW_ENTRY && token.type !== Tok.FLOW_SEQUENCE_END) {
    parser.states.push(St.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE)
    return parseNode(parser, false, false)
  }
  skipToken(parser)
  parser.state = St.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE
  return processEmptyScalar(parser)
}

/** yaml_parser_parse_flow_sequence_entry_mapping_value. */
export function parseFlowSequenceEntryMappingValue(parser: YamlParser): YamlEvent | undefined {
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.VALUE) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.FLOW_ENTRY && token.type !== Tok.FLOW_SEQUENCE_END) {
      parser.states.push(St.FLOW_SEQUENCE_ENTRY_MAPPING_END)
      return parseNode(parser, false, false)
    }
  }
  parser.state = St.FLOW_SEQUENCE_ENTRY_MAPPING_END
  return processEmptyScalar(parser)
}

/** yaml_parser_parse_flow_sequence_entry_mapping_end. */
export function parseFlowSequenceEntryMappingEnd(parser: YamlParser): YamlEvent | undefined {
  const token = peekToken(parser)
  if (token === undefined) return undefined
  parser.state = St.FLOW_SEQUENCE_ENTRY
  return emit(parser, Ev.MAPPING_END)
}

/** yaml_parser_parse_flow_mapping_key. */
export function parseFlowMappingKey(parser: YamlParser, first: boolean): YamlEvent | undefined {
  if (first) openCollection(parser)
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type !== Tok.FLOW_MAPPING_END) {
    if (!first) {
      token = entrySeparator(
        parser,
        token,
        'while parsing a flow mapping',
        "did not find expected ',' or '}'"
      )
      if (token === undefined) return undefined
    }
    if (token.type === Tok.KEY) {
      skipToken(parser)
      token = peekToken(parser)
      if (token === undefined) return undefined
      if (token.type !== Tok.VALUE && token.type !== Tok.FLOW_ENTRY && token.type !== Tok.FLOW_MAPPING_END) {
        parser.states.push(St.FLOW_MAPPING_VALUE)
        return parseNode(parser, false, false)
      }
      parser.state = St.FLOW_MAPPING_VALUE
      return processEmptyScalar(parser)
    }
    if (token.type !== Tok.FLOW_MAPPING_END) {
      parser.states.push(St.FLOW_MAPPING_EMPTY_VALUE)
      return parseNode(parser, false, false)
    }
  }
  return endCollection(parser, Ev.MAPPING_END)
}

/** yaml_parser_parse_flow_mapping_value. */
export function parseFlowMappingValue(parser: YamlParser, empty: boolean): YamlEvent | undefined {
  let token = peekToken(parser)
  if (token === undefined) return undefined
  if (empty) {
    parser.state = St.FLOW_MAPPING_KEY
    return processEmptyScalar(parser)
  }
  if (token.type === Tok.VALUE) {
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.FLOW_ENTRY && token.type !== Tok.FLOW_MAPPING_END) {
      parser.states.push(St.FLOW_MAPPING_KEY)
      return parseNode(parser, false, false)
    }
  }
  parser.state = St.FLOW_MAPPING_KEY
  return processEmptyScalar(parser)
}
