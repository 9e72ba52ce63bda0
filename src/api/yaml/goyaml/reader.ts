/**
 * readerc.go: the input is decoded in raw chunks of input_raw_buffer_size bytes, each chunk whole
 * as soon as the scanner needs one character more than is decoded, and a character the reader
 * refuses (a control character, a bad UTF-8 sequence) fails the parse at that moment, wherever
 * the scanner is. So a control character is reported before an earlier syntax error when both
 * lie in the chunk the scanner reaches first; this module keeps that order.
 */
import { GoPanic } from './types.js'
import { setReaderError, type YamlParser } from './parserState.js'

/** yamlprivateh.go input_raw_buffer_size. */
const rawBufferSize = 512

/** readerc.go yaml_parser_update_raw_buffer (the string read handler of apic.go). */
function updateRawBuffer(parser: YamlParser): void {
  // Return if the raw buffer is full.
  if (parser.rawPos === parser.rawStart && parser.rawEnd - parser.rawStart === rawBufferSize) return
  if (parser.eof) return
  // The unread raw bytes move to the front and the read fills the rest of the buffer.
  parser.rawStart = parser.rawPos
  // yaml_string_read_handler: EOF only on a read that finds nothing left.
  if (parser.rawEnd === parser.inputLength) {
    parser.eof = true
    return
  }
  const room = rawBufferSize - (parser.rawEnd - parser.rawPos)
  parser.rawEnd = Math.min(parser.inputLength, parser.rawEnd + room)
}

/** readerc.go yaml_parser_determine_encoding. */
function determineEncoding(parser: YamlParser): void {
  while (!parser.eof && parser.rawEnd - parser.rawPos < 3) updateRawBuffer(parser)
  const input = parser.input
  const pos = parser.rawPos
  const avail = parser.rawEnd - pos
  // The bytes of a JavaScript string's UTF-8 encoding are never 0xFE or 0xFF.
  if (
    avail >= 2 &&
    ((input[pos] === 0xff && input[pos + 1] === 0xfe) || (input[pos] === 0xfe && input[pos + 1] === 0xff))
  )
    throw new GoPanic('UTF-16 input is not supported by this port')
  if (avail >= 3 && input[pos] === 0xef && input[pos + 1] === 0xbb && input[pos + 2] === 0xbf) {
    parser.rawPos += 3
    // The working buffer starts after the BOM.
    parser.pos = parser.rawPos
    parser.bufBase = parser.rawPos
  }
  parser.encodingKnown = true
}

/** The reader error, as decodeCharacter reports it. */
function refuse(parser: YamlParser, problem: string): number {
  setReaderError(parser, problem)
  return -1
}

/**
 * Decodes one UTF-8 character at rawPos (readerc.go, the yaml_UTF8_ENCODING case and the range
 * check). Returns its width, 0 when it is incomplete and more raw input may come, or -1 after
 * setting the reader error.
 */
function decodeCharacter(parser: YamlParser): number {
  const input = parser.input
  const at = parser.rawPos
  const octet = input[at]
  // The printable ASCII characters, tab and line breaks: nothing to check.
  if ((octet >= 0x20 && octet <= 0x7e) || octet === 0x0a || octet === 0x0d || octet === 0x09) return 1
  let width: number
  if ((octet & 0x80) === 0) width = 1
  else if ((octet & 0xe0) === 0xc0) width = 2
  else if ((octet & 0xf0) === 0xe0) width = 3
  else if ((octet & 0xf8) === 0xf0) width = 4
  else return refuse(parser, 'invalid leading UTF-8 octet')
  if (width > parser.rawEnd - at) {
    if (parser.eof) return refuse(parser, 'incomplete UTF-8 octet sequence')
    return 0
  }
  let value =
    width === 1 ? octet & 0x7f : width === 2 ? octet & 0x1f : width === 3 ? octet & 0x0f : octet & 0x07
  for (let k = 1; k < width; k++) {
    const trailing = input[at + k]
    if ((trailing & 0xc0) !== 0x80) return refuse(parser, 'invalid trailing UTF-8 octet')
    value = (value << 6) + (trailing & 0x3f)
  }
  if (!(
    width === 1 ||
    (width === 2 && value >= 0x80) ||
    (width === 3 && value >= 0x800) ||
    (width === 4 && value >= 0x10000)
  ))
    return refuse(parser, 'invalid length of a UTF-8 sequence')
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
    return refuse(parser, 'invalid Unicode character')
  // #x9 | #xA | #xD | [#x20-#x7E] | #x85 | [#xA0-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
  const allowed =
    value === 0x09 ||
    value === 0x0a ||
    value === 0x0d ||
    (value >= 0x20 && value <= 0x7e) ||
    value === 0x85 ||
    (value >= 0xa0 && value <= 0xd7ff) ||
    (value >= 0xe000 && value <= 0xfffd) ||
    (value >= 0x10000 && value <= 0x10ffff)
  if (!allowed) return refuse(parser, 'control characters are not allowed')
  return width
}

/**
 * readerc.go yaml_parser_update_buffer: ensure `length` decoded characters are ahead. Each call
 * that has to decode decodes the whole raw buffer; at the end of the input a NUL counts as one
 * more character.
 */
export function updateBuffer(parser: YamlParser, length: number): boolean {
  if (parser.unread >= length) return true
  if (!parser.encodingKnown) determineEncoding(parser)
  // Go moves the unread characters to the front of the buffer (or empties it).
  if (parser.pos !== parser.bufBase) parser.bufBase = parser.pos
  let first = true
  while (parser.unread < length) {
    if (!first || parser.rawPos === parser.rawEnd) updateRawBuffer(parser)
    first = false
    while (parser.rawPos !== parser.rawEnd) {
      const width = decodeCharacter(parser)
      if (width < 0) return false
      if (width === 0) break
      parser.rawPos += width
      parser.unread++
    }
    if (parser.eof) {
      parser.unread++
      break
    }
  }
  return true
}
