/** scannerc.go yaml_parser_scan_flow_scalar: single- and double-quoted scalars. */
import { asHex, isBlank, isBlankz, isBreak, isHex } from './chars.js'
import { type ByteBuf, cache, read, readLine, scratchBuf, skip, skipLine } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { copyMark, type Mark, newToken, Style, Tok, type Token } from './types.js'

/** A '---' or '...' at the start of a line, followed by a blank or the end. */
export function atDocumentIndicator(parser: YamlParser): boolean {
  const b = parser.input
  const p = parser.pos
  if (parser.mark.column !== 0) return false
  const c = b[p]
  return (c === 0x2d || c === 0x2e) && b[p + 1] === c && b[p + 2] === c && isBlankz(b, p + 3)
}

/** The simple escapes of double-quoted scalars: the character after '\' → the bytes it stands for. */
const escapes = new Map<number, number[]>([
  [0x30, [0]],
  [0x61, [0x07]],
  [0x62, [0x08]],
  [0x74, [0x09]],
  [0x09, [0x09]],
  [0x6e, [0x0a]],
  [0x76, [0x0b]],
  [0x66, [0x0c]],
  [0x72, [0x0d]],
  [0x65, [0x1b]],
  [0x20, [0x20]],
  [0x22, [0x22]],
  [0x27, [0x27]],
  [0x5c, [0x5c]],
  [0x4e, [0xc2, 0x85]],
  [0x5f, [0xc2, 0xa0]],
  [0x4c, [0xe2, 0x80, 0xa8]],
  [0x50, [0xe2, 0x80, 0xa9]]
])

const codeLengths = new Map<number, number>([
  [0x78, 2],
  [0x75, 4],
  [0x55, 8]
])

/** One escape sequence after a '\' that is not a line break. */
function scanEscape(parser: YamlParser, s: ByteBuf, startMark: Mark): boolean {
  const b = parser.input
  const c = b[parser.pos + 1]
  const simple = escapes.get(c)
  const codeLength = codeLengths.get(c) ?? 0
  if (simple) for (const byte of simple) s.push(byte)
  else if (codeLength === 0)
    return setScannerError(
      parser,
      'while parsing a quoted scalar',
      startMark,
      'found unknown escape character'
    )
  skip(parser)
  skip(parser)
  if (codeLength === 0) return true
  if (!cache(parser, codeLength)) return false
  let value = 0
  for (let k = 0; k < codeLength; k++) {
    if (!isHex(b, parser.pos + k))
      return setScannerError(
        parser,
        'while parsing a quoted scalar',
        startMark,
        'did not find expected hexdecimal number'
      )
    value = value * 16 + asHex(b, parser.pos + k)
  }
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
    return setScannerError(
      parser,
      'while parsing a quoted scalar',
      startMark,
      'found invalid Unicode character escape code'
    )
  if (value <= 0x7f) s.push(value)
  else if (value <= 0x7ff) {
    s.push(0xc0 + (value >> 6))
    s.push(0x80 + (value & 0x3f))
  } else if (value <= 0xffff) {
    s.push(0xe0 + (value >> 12))
    s.push(0x80 + ((value >> 6) & 0x3f))
    s.push(0x80 + (value & 0x3f))
  } else {
    s.push(0xf0 + (value >> 18))
    s.push(0x80 + ((value >> 12) & 0x3f))
    s.push(0x80 + ((value >> 6) & 0x3f))
    s.push(0x80 + (value & 0x3f))
  }
  for (let k = 0; k < codeLength; k++) skip(parser)
  return true
}

/**
 * The non-blank characters up to a blank, a line break or the closing quote. Returns whether an
 * escaped line break ended them (leading_blanks), or undefined on an error.
 */
function scanNonBlanks(
  parser: YamlParser,
  single: boolean,
  s: ByteBuf,
  startMark: Mark
): boolean | undefined {
  const b = parser.input
  while (!isBlankz(b, parser.pos)) {
    const c = b[parser.pos]
    if (single && c === 0x27 && b[parser.pos + 1] === 0x27) {
      // An escaped single quote.
      s.push(0x27)
      skip(parser)
      skip(parser)
    } else if (single ? c === 0x27 : c === 0x22) {
      break
    } else if (!single && c === 0x5c && isBreak(b, parser.pos + 1)) {
      // An escaped line break.
      if (!cache(parser, 3)) return undefined
      skip(parser)
      skipLine(parser)
      return true
    } else if (!single && c === 0x5c) {
      if (!scanEscape(parser, s, startMark)) return undefined
    } else {
      read(parser, s)
    }
    if (!cache(parser, 2)) return undefined
  }
  return false
}

export function scanFlowScalar(parser: YamlParser, single: boolean): Token | undefined {
  const startMark = copyMark(parser.mark)
  skip(parser)
  const s = scratchBuf('text')
  const leadingBreak = scratchBuf('leadingBreak')
  const trailingBreaks = scratchBuf('trailingBreaks')
  const whitespaces = scratchBuf('whitespaces')
  const b = parser.input
  for (;;) {
    if (!cache(parser, 4)) return undefined
    if (atDocumentIndicator(parser)) {
      setScannerError(
        parser,
        'while scanning a quoted scalar',
        startMark,
        'found unexpected document indicator'
      )
      return undefined
    }
    if (b[parser.pos] === 0) {
      setScannerError(parser, 'while scanning a quoted scalar', startMark, 'found unexpected end of stream')
      return undefined
    }
    let leadingBlanks = scanNonBlanks(parser, single, s, startMark)
    if (leadingBlanks === undefined) return undefined
    if (!cache(parser, 1)) return undefined
    if (b[parser.pos] === (single ? 0x27 : 0x22)) break
    // Consume blank characters.
    while (isBlank(b, parser.pos) || isBreak(b, parser.pos)) {
      if (isBlank(b, parser.pos)) {
        if (!leadingBlanks) read(parser, whitespaces)
        else skip(parser)
      } else {
        if (!cache(parser, 2)) return undefined
        if (!leadingBlanks) {
          whitespaces.clear()
          readLine(parser, leadingBreak)
          leadingBlanks = true
        } else {
          readLine(parser, trailingBreaks)
        }
      }
      if (!cache(parser, 1)) return undefined
    }
    joinBlanks(s, leadingBlanks, leadingBreak, trailingBreaks, whitespaces)
  }
  skip(parser)
  const token = newToken(Tok.SCALAR, startMark)
  token.value = s.toString()
  token.style = single ? Style.SINGLE_QUOTED : Style.DOUBLE_QUOTED
  return token
}

/** Join the whitespaces or fold the line breaks (shared with plain scalars). */
export function joinBlanks(
  s: ByteBuf,
  leadingBlanks: boolean,
  leadingBreak: ByteBuf,
  trailingBreaks: ByteBuf,
  whitespaces: ByteBuf
): void {
  if (leadingBlanks) {
    if (leadingBreak.length > 0 && leadingBreak.bytes[0] === 0x0a) {
      if (trailingBreaks.length === 0) s.push(0x20)
      else s.append(trailingBreaks)
    } else {
      s.append(leadingBreak)
      s.append(trailingBreaks)
    }
    trailingBreaks.clear()
    leadingBreak.clear()
  } else {
    s.append(whitespaces)
    whitespaces.clear()
  }
}
