/**
 * parserc.go: the token queue as the parser sees it (peek_token, skip_token), nodes with their
 * properties (yaml_parser_parse_node), empty scalars and the directives of a document.
 */
import { setParserError, setParserErrorContext, type YamlParser, emit } from './parserState.js'
import { fetchMoreTokens } from './scanner.js'
import {
  copyMark,
  Ev,
  type EventType,
  type Mark,
  type ParserState,
  St,
  Style,
  type TagDirective,
  Tok,
  type Token,
  type TokenType,
  type YamlEvent
} from './types.js'

/** parserc.go peek_token. */
export function peekToken(parser: YamlParser): Token | undefined {
  if (parser.tokenAvailable || fetchMoreTokens(parser)) return parser.tokens[parser.tokensHead]
  return undefined
}

/** parserc.go skip_token. */
export function skipToken(parser: YamlParser): void {
  // Not in Go: the simple key entry of a consumed token is never looked up again (lookups are
  // for the head's number, and numbers only grow), so it goes now (SimpleKeyIndex relies on it).
  parser.simpleKeysByTok.delete(parser.tokensParsed)
  parser.tokenAvailable = false
  parser.tokensParsed++
  parser.streamEndProduced = parser.tokens[parser.tokensHead].type === Tok.STREAM_END
  parser.tokensHead++
}

export function popState(parser: YamlParser): void {
  parser.state = parser.states.pop() as ParserState
}

/** The `first` step of the collection productions: remember the start token's mark, consume it. */
export function openCollection(parser: YamlParser): void {
  parser.marks.push(copyMark(parser.tokens[parser.tokensHead].startMark))
  skipToken(parser)
}

/** A collection's end event: its state and mark popped, the end token consumed. */
export function endCollection(
  parser: YamlParser,
  type: typeof Ev.SEQUENCE_END | typeof Ev.MAPPING_END
): YamlEvent {
  popState(parser)
  parser.marks.pop()
  skipToken(parser)
  return emit(parser, type)
}

/** parserc.go yaml_parser_process_empty_scalar. */
export function processEmptyScalar(parser: YamlParser): YamlEvent {
  const event = emit(parser, Ev.SCALAR)
  event.implicit = true
  return event
}

/** The properties of the node being parsed: one set, as yaml_parser_parse_node is never re-entered. */
const props = {
  anchor: undefined as string | undefined,
  tagHandle: undefined as string | undefined,
  tagSuffix: '',
  tagMark: { index: 0, line: 0, column: 0 } as Mark,
  startMark: { index: 0, line: 0, column: 0 } as Mark
}

function takeTag(tag: Token): void {
  props.tagHandle = tag.value
  props.tagSuffix = tag.suffix
  props.tagMark = tag.startMark
}

function nextToken(parser: YamlParser): Token | undefined {
  skipToken(parser)
  return peekToken(parser)
}

/** The anchor and tag before a node, in either order: the token after them, undefined on an error. */
function parseProperties(parser: YamlParser, first: Token): Token | undefined {
  props.anchor = undefined
  props.tagHandle = undefined
  props.tagSuffix = ''
  props.tagMark = first.startMark
  props.startMark = first.startMark
  let token: Token | undefined = first
  if (token.type === Tok.ANCHOR) {
    props.anchor = token.value
    token = nextToken(parser)
    if (token !== undefined && token.type === Tok.TAG) {
      takeTag(token)
      token = nextToken(parser)
    }
  } else if (token.type === Tok.TAG) {
    takeTag(token)
    token = nextToken(parser)
    if (token !== undefined && token.type === Tok.ANCHOR) {
      props.anchor = token.value
      token = nextToken(parser)
    }
  }
  return token
}

/** The tag a handle and suffix stand for, through the document's %TAG directives. */
function resolveTag(parser: YamlParser): string | undefined {
  if (props.tagHandle === undefined) return ''
  if (props.tagHandle.length === 0) return props.tagSuffix
  for (const directive of parser.tagDirectives) {
    if (directive.handle === props.tagHandle) return directive.prefix + props.tagSuffix
  }
  setParserErrorContext(
    parser,
    'while parsing a node',
    props.startMark,
    'found undefined tag handle',
    props.tagMark
  )
  return undefined
}

/** The start event of a node with its properties. */
function startEvent(parser: YamlParser, type: EventType, tag: string): YamlEvent {
  const event = emit(parser, type)
  event.anchor = props.anchor
  event.tag = tag
  event.implicit = tag.length === 0
  return event
}

/** The parser state after a collection's start token, or undefined when the token starts none here. */
function collectionState(type: TokenType, block: boolean): ParserState | undefined {
  if (type === Tok.FLOW_SEQUENCE_START) return St.FLOW_SEQUENCE_FIRST_ENTRY
  if (type === Tok.FLOW_MAPPING_START) return St.FLOW_MAPPING_FIRST_KEY
  if (block && type === Tok.BLOCK_SEQUENCE_START) return St.BLOCK_SEQUENCE_FIRST_ENTRY
  if (block && type === Tok.BLOCK_MAPPING_START) return St.BLOCK_MAPPING_FIRST_KEY
  return undefined
}

/** parserc.go yaml_parser_parse_node. */
export function parseNode(
  parser: YamlParser,
  block: boolean,
  indentlessSequence: boolean
): YamlEvent | undefined {
  const first = peekToken(parser)
  if (first === undefined) return undefined
  if (first.type === Tok.ALIAS) {
    popState(parser)
    const event = emit(parser, Ev.ALIAS)
    event.anchor = first.value
    skipToken(parser)
    return event
  }
  const token = parseProperties(parser, first)
  if (token === undefined) return undefined
  const tag = resolveTag(parser)
  if (tag === undefined) return undefined
  if (indentlessSequence && token.type === Tok.BLOCK_ENTRY) {
    parser.state = St.INDENTLESS_SEQUENCE_ENTRY
    return startEvent(parser, Ev.SEQUENCE_START, tag)
  }
  if (token.type === Tok.SCALAR) {
    popState(parser)
    const event = startEvent(parser, Ev.SCALAR, tag)
    event.value = token.value
    // A plain scalar without a tag, or with the '!' tag, is resolved by its value.
    event.implicit = (tag.length === 0 && token.style === Style.PLAIN) || tag === '!'
    skipToken(parser)
    return event
  }
  const state = collectionState(token.type, block)
  if (state !== undefined) {
    parser.state = state
    const mapping = token.type === Tok.FLOW_MAPPING_START || token.type === Tok.BLOCK_MAPPING_START
    return startEvent(parser, mapping ? Ev.MAPPING_START : Ev.SEQUENCE_START, tag)
  }
  if (props.anchor !== undefined || tag.length > 0) {
    // An anchor or a tag alone: an empty plain scalar.
    popState(parser)
    return startEvent(parser, Ev.SCALAR, tag)
  }
  const context = block ? 'while parsing a block node' : 'while parsing a flow node'
  setParserErrorContext(
    parser,
    context,
    props.startMark,
    'did not find expected node content',
    token.startMark
  )
  return undefined
}

const defaultTagDirectives: TagDirective[] = [
  { handle: '!', prefix: '!' },
  { handle: '!!', prefix: 'tag:yaml.org,2002:' }
]

/** parserc.go yaml_parser_process_directives: false on an error. */
export function processDirectives(parser: YamlParser): boolean {
  let token = peekToken(parser)
  if (token === undefined) return false
  let versionSeen = false
  while (token.type === Tok.VERSION_DIRECTIVE || token.type === Tok.TAG_DIRECTIVE) {
    if (token.type === Tok.VERSION_DIRECTIVE) {
      if (versionSeen) return setParserError(parser, 'found duplicate %YAML directive', token.startMark)
      if (token.major !== 1 || token.minor !== 1)
        return setParserError(parser, 'found incompatible YAML document', token.startMark)
      versionSeen = true
    } else if (
      !appendTagDirective(parser, { handle: token.value, prefix: token.prefix }, false, token.startMark)
    ) {
      return false
    }
    skipToken(parser)
    token = peekToken(parser)
    if (token === undefined) return false
  }
  for (const directive of defaultTagDirectives) {
    if (!appendTagDirective(parser, directive, true, token.startMark)) return false
  }
  return true
}

/** parserc.go yaml_parser_append_tag_directive. */
function appendTagDirective(
  parser: YamlParser,
  value: TagDirective,
  allowDuplicates: boolean,
  mark: Mark
): boolean {
  for (const directive of parser.tagDirectives) {
    if (directive.handle === value.handle) {
      if (allowDuplicates) return true
      return setParserError(parser, 'found duplicate %TAG directive', mark)
    }
  }
  parser.tagDirectives.push({ handle: value.handle, prefix: value.prefix })
  return true
}
