/** parserc.go: yaml_parser_parse and its state machine; the stream and document productions. */
import {
  parseBlockMappingKey,
  parseBlockMappingValue,
  parseBlockSequenceEntry,
  parseIndentlessSequenceEntry
} from './parserBlock.js'
import {
  parseFlowMappingKey,
  parseFlowMappingValue,
  parseFlowSequenceEntry,
  parseFlowSequenceEntryMappingEnd,
  parseFlowSequenceEntryMappingKey,
  parseFlowSequenceEntryMappingValue
} from './parserFlow.js'
import {
  parseNode,
  peekToken,
  popState,
  processDirectives,
  processEmptyScalar,
  skipToken
} from './parserNode.js'
import { setParserError, type YamlParser, emit } from './parserState.js'
import { ErrorType, Ev, St, Tok, type YamlEvent } from './types.js'

/**
 * parserc.go yaml_parser_parse: the next event, an empty (NONE) event once the stream has ended or
 * failed, or undefined on an error (parser.error and parser.problem tell which).
 */
export function parse(parser: YamlParser): YamlEvent | undefined {
  if (parser.streamEndProduced || parser.error !== ErrorType.NONE || parser.state === St.END)
    return emit(parser, Ev.NONE)
  return stateMachine(parser)
}

/** parserc.go yaml_parser_state_machine. */
function stateMachine(parser: YamlParser): YamlEvent | undefined {
  switch (parser.state) {
    case St.STREAM_START:
      return parseStreamStart(parser)
    case St.IMPLICIT_DOCUMENT_START:
      return parseDocumentStart(parser, true)
    case St.DOCUMENT_START:
      return parseDocumentStart(parser, false)
    case St.DOCUMENT_CONTENT:
      return parseDocumentContent(parser)
    case St.DOCUMENT_END:
      return parseDocumentEnd(parser)
    case St.BLOCK_NODE:
      return parseNode(parser, true, false)
    case St.BLOCK_NODE_OR_INDENTLESS_SEQUENCE:
      return parseNode(parser, true, true)
    case St.FLOW_NODE:
      return parseNode(parser, false, false)
    case St.BLOCK_SEQUENCE_FIRST_ENTRY:
    case St.BLOCK_SEQUENCE_ENTRY:
      return parseBlockSequenceEntry(parser, parser.state === St.BLOCK_SEQUENCE_FIRST_ENTRY)
    case St.INDENTLESS_SEQUENCE_ENTRY:
      return parseIndentlessSequenceEntry(parser)
    case St.BLOCK_MAPPING_FIRST_KEY:
    case St.BLOCK_MAPPING_KEY:
      return parseBlockMappingKey(parser, parser.state === St.BLOCK_MAPPING_FIRST_KEY)
    case St.BLOCK_MAPPING_VALUE:
      return parseBlockMappingValue(parser)
    case St.FLOW_SEQUENCE_FIRST_ENTRY:
    case St.FLOW_SEQUENCE_ENTRY:
      return parseFlowSequenceEntry(parser, parser.state === St.FLOW_SEQUENCE_FIRST_ENTRY)
    case St.FLOW_SEQUENCE_ENTRY_MAPPING_KEY:
      return parseFlowSequenceEntryMappingKey(parser)
    case St.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE:
      return parseFlowSequenceEntryMappingValue(parser)
    case St.FLOW_SEQUENCE_ENTRY_MAPPING_END:
      return parseFlowSequenceEntryMappingEnd(parser)
    case St.FLOW_MAPPING_FIRST_KEY:
    case St.FLOW_MAPPING_KEY:
      return parseFlowMappingKey(parser, parser.state === St.FLOW_MAPPING_FIRST_KEY)
    case St.FLOW_MAPPING_VALUE:
    case St.FLOW_MAPPING_EMPTY_VALUE:
      return parseFlowMappingValue(parser, parser.state === St.FLOW_MAPPING_EMPTY_VALUE)
    default:
      throw new Error('invalid parser state')
  }
}

/** yaml_parser_parse_stream_start. */
function parseStreamStart(parser: YamlParser): YamlEvent | undefined {
  const token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type !== Tok.STREAM_START) {
    setParserError(parser, 'did not find expected <stream-start>', token.startMark)
    return undefined
  }
  parser.state = St.IMPLICIT_DOCUMENT_START
  skipToken(parser)
  return emit(parser, Ev.STREAM_START)
}

/** yaml_parser_parse_document_start: an implicit or explicit document, or the stream's end. */
function parseDocumentStart(parser: YamlParser, implicit: boolean): YamlEvent | undefined {
  let token = peekToken(parser)
  if (token === undefined) return undefined
  // Extra document end indicators.
  if (!implicit) {
    while (token.type === Tok.DOCUMENT_END) {
      skipToken(parser)
      token = peekToken(parser)
      if (token === undefined) return undefined
    }
  }
  const t = token.type
  if (
    implicit &&
    t !== Tok.VERSION_DIRECTIVE &&
    t !== Tok.TAG_DIRECTIVE &&
    t !== Tok.DOCUMENT_START &&
    t !== Tok.STREAM_END
  ) {
    if (!processDirectives(parser)) return undefined
    parser.states.push(St.DOCUMENT_END)
    parser.state = St.BLOCK_NODE
    return emit(parser, Ev.DOCUMENT_START)
  }
  if (t !== Tok.STREAM_END) {
    if (!processDirectives(parser)) return undefined
    token = peekToken(parser)
    if (token === undefined) return undefined
    if (token.type !== Tok.DOCUMENT_START) {
      setParserError(parser, 'did not find expected <document start>', token.startMark)
      return undefined
    }
    parser.states.push(St.DOCUMENT_END)
    parser.state = St.DOCUMENT_CONTENT
    skipToken(parser)
    return emit(parser, Ev.DOCUMENT_START)
  }
  parser.state = St.END
  skipToken(parser)
  return emit(parser, Ev.STREAM_END)
}

/** yaml_parser_parse_document_content: the node after '---', or an empty one. */
function parseDocumentContent(parser: YamlParser): YamlEvent | undefined {
  const token = peekToken(parser)
  if (token === undefined) return undefined
  const t = token.type
  if (
    t === Tok.VERSION_DIRECTIVE ||
    t === Tok.TAG_DIRECTIVE ||
    t === Tok.DOCUMENT_START ||
    t === Tok.DOCUMENT_END ||
    t === Tok.STREAM_END
  ) {
    popState(parser)
    return processEmptyScalar(parser)
  }
  return parseNode(parser, true, false)
}

/** yaml_parser_parse_document_end. */
function parseDocumentEnd(parser: YamlParser): YamlEvent | undefined {
  const token = peekToken(parser)
  if (token === undefined) return undefined
  if (token.type === Tok.DOCUMENT_END) skipToken(parser)
  parser.tagDirectives = []
  parser.state = St.DOCUMENT_START
  return emit(parser, Ev.DOCUMENT_END)
}
