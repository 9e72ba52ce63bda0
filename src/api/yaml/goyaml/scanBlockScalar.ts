/** scannerc.go yaml_parser_scan_block_scalar: literal (|) and folded (>) scalars. */
import { isBlank, isBreak, isBreakz, isDigit } from './chars.js'
import { type ByteBuf, cache, read, readLine, scratchBuf, skip } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { endHeaderLine } from './scanDirective.js'
import { copyMark, type Mark, newToken, Style, Tok, type Token } from './types.js'

interface Header {
  chomping: number
  increment: number
}

/** The chomping (+ or -) and indentation (1-9) indicators, in either order. */
function scanHeader(parser: YamlParser, startMark: Mark): Header | undefined {
  const b = parser.input
  let chomping = 0
  let increment = 0
  const zeroIndent = (): undefined => {
    setScannerError(
      parser,
      'while scanning a block scalar',
      startMark,
      'found an indentation indicator equal to 0'
    )
    return undefined
  }
  if (b[parser.pos] === 0x2b || b[parser.pos] === 0x2d) {
    chomping = b[parser.pos] === 0x2b ? 1 : -1
    skip(parser)
    if (!cache(parser, 1)) return undefined
    if (isDigit(b, parser.pos)) {
      if (b[parser.pos] === 0x30) return zeroIndent()
      increment = b[parser.pos] - 0x30
      skip(parser)
    }
  } else if (isDigit(b, parser.pos)) {
    if (b[parser.pos] === 0x30) return zeroIndent()
    increment = b[parser.pos] - 0x30
    skip(parser)
    if (!cache(parser, 1)) return undefined
    if (b[parser.pos] === 0x2b || b[parser.pos] === 0x2d) {
      chomping = b[parser.pos] === 0x2b ? 1 : -1
      skip(parser)
    }
  }
  return { chomping, increment }
}

/** The scan state of yaml_parser_scan_block_scalar that its helpers share. */
interface BlockScan {
  indent: number
  breaks: ByteBuf
}

export function scanBlockScalar(parser: YamlParser, literal: boolean): Token | undefined {
  const startMark = copyMark(parser.mark)
  skip(parser)
  if (!cache(parser, 1)) return undefined
  const header = scanHeader(parser, startMark)
  if (header === undefined) return undefined
  if (!endHeaderLine(parser, 'while scanning a block scalar', startMark)) return undefined
  const scan: BlockScan = { indent: 0, breaks: scratchBuf('trailingBreaks') }
  if (header.increment > 0)
    scan.indent = parser.indent >= 0 ? parser.indent + header.increment : header.increment
  const s = scanContent(parser, literal, scan, startMark)
  if (s === undefined) return undefined
  // Chomp the tail.
  if (header.chomping !== -1) s.text.append(s.leadingBreak)
  if (header.chomping === 1) s.text.append(scan.breaks)
  const token = newToken(Tok.SCALAR, startMark)
  token.value = s.text.toString()
  token.style = literal ? Style.LITERAL : Style.FOLDED
  return token
}

/** The lines of the scalar, folded or not; scan.breaks ends with the trailing breaks. */
function scanContent(
  parser: YamlParser,
  literal: boolean,
  scan: BlockScan,
  startMark: Mark
): { text: ByteBuf; leadingBreak: ByteBuf } | undefined {
  const text = scratchBuf('text')
  const leadingBreak = scratchBuf('leadingBreak')
  if (!scanBreaks(parser, scan, startMark)) return undefined
  if (!cache(parser, 1)) return undefined
  const b = parser.input
  let leadingBlank = false
  while (parser.mark.column === scan.indent && b[parser.pos] !== 0) {
    // We are at the beginning of a non-empty line.
    const trailingBlank = isBlank(b, parser.pos)
    if (
      !literal &&
      !leadingBlank &&
      !trailingBlank &&
      leadingBreak.length > 0 &&
      leadingBreak.bytes[0] === 0x0a
    ) {
      // Fold the line break into a space, unless empty lines follow it.
      if (scan.breaks.length === 0) text.push(0x20)
    } else {
      text.append(leadingBreak)
    }
    leadingBreak.clear()
    text.append(scan.breaks)
    scan.breaks.clear()
    leadingBlank = isBlank(b, parser.pos)
    while (!isBreakz(b, parser.pos)) {
      read(parser, text)
      if (!cache(parser, 1)) return undefined
    }
    if (!cache(parser, 2)) return undefined
    readLine(parser, leadingBreak)
    if (!scanBreaks(parser, scan, startMark)) return undefined
  }
  return { text, leadingBreak }
}

/**
 * scannerc.go yaml_parser_scan_block_scalar_breaks: indentation spaces and empty lines, and the
 * indentation itself when no indicator gave it.
 */
function scanBreaks(parser: YamlParser, scan: BlockScan, startMark: Mark): boolean {
  const b = parser.input
  let maxIndent = 0
  for (;;) {
    if (!cache(parser, 1)) return false
    while ((scan.indent === 0 || parser.mark.column < scan.indent) && b[parser.pos] === 0x20) {
      skip(parser)
      if (!cache(parser, 1)) return false
    }
    if (parser.mark.column > maxIndent) maxIndent = parser.mark.column
    if ((scan.indent === 0 || parser.mark.column < scan.indent) && b[parser.pos] === 0x09)
      return setScannerError(
        parser,
        'while scanning a block scalar',
        startMark,
        'found a tab character where an indentation space is expected'
      )
    if (!isBreak(b, parser.pos)) break
    if (!cache(parser, 2)) return false
    readLine(parser, scan.breaks)
  }
  if (scan.indent === 0) {
    scan.indent = maxIndent
    if (scan.indent < parser.indent + 1) scan.indent = parser.indent + 1
    if (scan.indent < 1) scan.indent = 1
  }
  return true
}
