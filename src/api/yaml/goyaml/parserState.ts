/**
 * yamlh.go yaml_parser_t: the reader, scanner and parser state of one parse, and the error
 * setters every stage shares (readerc.go yaml_parser_set_reader_error, scannerc.go
 * yaml_parser_set_scanner_error, parserc.go yaml_parser_set_parser_error[_context]).
 *
 * The working buffer is not copied as Go copies it: for UTF-8 input the decoded buffer holds the
 * input's own bytes, so `pos` (Go's buffer_pos) is an offset into `input`, which carries zero
 * bytes past its end where Go pads the buffer with NULs. What the copying decides is kept:
 * `unread` (how many decoded characters are ahead, which decides when the reader decodes the next
 * raw chunk and so when a bad character is reported) and `bufBase`, the offset of the buffer's
 * first byte, which scannerc.go's is_bom check reads.
 */
import {
  copyMark,
  Ev,
  type EventType,
  newEvent,
  ErrorType,
  type Mark,
  type ParserState,
  type SimpleKey,
  St,
  type TagDirective,
  type Token,
  type YamlEvent,
  zeroMark
} from './types.js'

/** Zero bytes after the input: Go's NUL at the end of the stream and its padding. */
const padding = 64

/**
 * scannerc.go simple_keys_by_tok (map[int]int: token number → simple key index), as a ring
 * indexed by the token number. Lookups are for the queue's head only, and skip_token drops the
 * head's entry, so the entries kept are for tokens still queued or about to be: a small window
 * of numbers, and the ring doubles when two of them would share a slot.
 */
export class SimpleKeyIndex {
  private numbers = new Int32Array(256).fill(-1)
  private indexes = new Int32Array(256)

  get(tokenNumber: number): number | undefined {
    const slot = tokenNumber & (this.numbers.length - 1)
    return this.numbers[slot] === tokenNumber ? this.indexes[slot] : undefined
  }

  set(tokenNumber: number, index: number): void {
    let slot = tokenNumber & (this.numbers.length - 1)
    while (this.numbers[slot] !== -1 && this.numbers[slot] !== tokenNumber) {
      this.grow()
      slot = tokenNumber & (this.numbers.length - 1)
    }
    this.numbers[slot] = tokenNumber
    this.indexes[slot] = index
  }

  delete(tokenNumber: number): void {
    const slot = tokenNumber & (this.numbers.length - 1)
    if (this.numbers[slot] === tokenNumber) this.numbers[slot] = -1
  }

  private grow(): void {
    const { numbers, indexes } = this
    this.numbers = new Int32Array(numbers.length * 2).fill(-1)
    this.indexes = new Int32Array(numbers.length * 2)
    for (let i = 0; i < numbers.length; i++) if (numbers[i] !== -1) this.set(numbers[i], indexes[i])
  }
}

export class YamlParser {
  // Error handling.
  error: number = ErrorType.NONE
  problem = ''
  problemMark: Mark = zeroMark()
  context = ''
  contextMark: Mark = zeroMark()

  // Reader (readerc.go): the input and the raw window [rawStart, rawEnd) with rawPos in it.
  readonly input: Uint8Array
  readonly inputLength: number
  eof = false
  encodingKnown = false
  rawStart = 0
  rawPos = 0
  rawEnd = 0
  /** Go's buffer_pos, as an offset into input. */
  pos = 0
  /** The input offset of Go's buffer[0]. */
  bufBase = 0
  unread = 0
  mark: Mark = zeroMark()

  // Scanner (scannerc.go).
  streamStartProduced = false
  streamEndProduced = false
  flowLevel = 0
  tokens: Token[] = []
  tokensHead = 0
  tokensParsed = 0
  tokenAvailable = false
  indent = 0
  indents: number[] = []
  simpleKeyAllowed = false
  simpleKeys: SimpleKey[] = []
  simpleKeysByTok = new SimpleKeyIndex()

  // Parser (parserc.go).
  state: ParserState = St.STREAM_START
  states: ParserState[] = []
  marks: Mark[] = []
  tagDirectives: TagDirective[] = []
  /** The event being produced: one object, as Go's parser fills one yaml_event_t. */
  readonly event: YamlEvent = newEvent(Ev.NONE)

  constructor(bytes: Uint8Array) {
    this.inputLength = bytes.length
    this.input = new Uint8Array(bytes.length + padding)
    this.input.set(bytes)
  }
}

/** readerc.go yaml_parser_set_reader_error: no mark, so yaml.go's message has no line. */
export function setReaderError(parser: YamlParser, problem: string): boolean {
  parser.error = ErrorType.READER
  parser.problem = problem
  return false
}

/** scannerc.go yaml_parser_set_scanner_error. */
export function setScannerError(
  parser: YamlParser,
  context: string,
  contextMark: Mark,
  problem: string
): boolean {
  parser.error = ErrorType.SCANNER
  parser.context = context
  parser.contextMark = copyMark(contextMark)
  parser.problem = problem
  parser.problemMark = copyMark(parser.mark)
  return false
}

/** parserc.go yaml_parser_set_parser_error. */
export function setParserError(parser: YamlParser, problem: string, problemMark: Mark): boolean {
  parser.error = ErrorType.PARSER
  parser.problem = problem
  parser.problemMark = copyMark(problemMark)
  return false
}

/** parserc.go yaml_parser_set_parser_error_context. */
export function setParserErrorContext(
  parser: YamlParser,
  context: string,
  contextMark: Mark,
  problem: string,
  problemMark: Mark
): boolean {
  parser.error = ErrorType.PARSER
  parser.context = context
  parser.contextMark = copyMark(contextMark)
  parser.problem = problem
  parser.problemMark = copyMark(problemMark)
  return false
}

/** The next event, in the parser's one event object (its earlier content is gone). */
export function emit(parser: YamlParser, type: EventType): YamlEvent {
  const event = parser.event
  event.type = type
  event.anchor = undefined
  event.tag = ''
  event.value = ''
  event.implicit = false
  return event
}
