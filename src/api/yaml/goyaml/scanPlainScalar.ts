/** scannerc.go yaml_parser_scan_plain_scalar. */
import { isBlank, isBlankz, isBreak } from './chars.js'
import { type ByteBuf, cache, read, readLine, scratchBuf, skip } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { atDocumentIndicator, joinBlanks } from './scanFlowScalar.js'
import { copyMark, type Mark, newToken, Style, Tok, type Token } from './types.js'

/** ':' before a blank ends a plain scalar; in flow context also , ? [ ] { }. */
function endsPlain(parser: YamlParser): boolean {
  const b = parser.input
  const c = b[parser.pos]
  if (c === 0x3a && isBlankz(b, parser.pos + 1)) return true
  return (
    parser.flowLevel > 0 && (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d)
  )
}

interface PlainScan {
  s: ByteBuf
  leadingBreak: ByteBuf
  trailingBreaks: ByteBuf
  whitespaces: ByteBuf
  leadingBlanks: boolean
}

/** The non-blank characters of one stretch; false on a reader error. */
function scanNonBlanks(parser: YamlParser, scan: PlainScan): boolean {
  const b = parser.input
  while (!isBlankz(b, parser.pos)) {
    if (endsPlain(parser)) break
    if (scan.leadingBlanks || scan.whitespaces.length > 0) {
      joinBlanks(scan.s, scan.leadingBlanks, scan.leadingBreak, scan.trailingBreaks, scan.whitespaces)
      scan.leadingBlanks = false
    }
    read(parser, scan.s)
    if (!cache(parser, 2)) return false
  }
  return true
}

/** The blanks and line breaks after a stretch; false on an error. */
function scanBlanks(parser: YamlParser, scan: PlainScan, indent: number, startMark: Mark): boolean {
  const b = parser.input
  while (isBlank(b, parser.pos) || isBreak(b, parser.pos)) {
    if (isBlank(b, parser.pos)) {
      // Tabs must not stand in for indentation.
      if (scan.leadingBlanks && parser.mark.column < indent && b[parser.pos] === 0x09)
        return setScannerError(
          parser,
          'while scanning a plain scalar',
          startMark,
          'found a tab character that violates indentation'
        )
      if (!scan.leadingBlanks) read(parser, scan.whitespaces)
      else skip(parser)
    } else {
      if (!cache(parser, 2)) return false
      if (!scan.leadingBlanks) {
        scan.whitespaces.clear()
        readLine(parser, scan.leadingBreak)
        scan.leadingBlanks = true
      } else {
        readLine(parser, scan.trailingBreaks)
      }
    }
    if (!cache(parser, 1)) return false
  }
  return true
}

export function scanPlainScalar(parser: YamlParser): Token | undefined {
  const indent = parser.indent + 1
  const startMark = copyMark(parser.mark)
  const scan: PlainScan = {
    s: scratchBuf('text'),
    leadingBreak: scratchBuf('leadingBreak'),
    trailingBreaks: scratchBuf('trailingBreaks'),
    whitespaces: scratchBuf('whitespaces'),
    leadingBlanks: false
  }
  const b = parser.input
  for (;;) {
    if (!cache(parser, 4)) return undefined
    if (atDocumentIndicator(parser)) break
    if (b[parser.pos] === 0x23 /* # */) break
    if (!scanNonBlanks(parser, scan)) return undefined
    if (!(isBlank(b, parser.pos) || isBreak(b, parser.pos))) break
    if (!cache(parser, 1)) return undefined
    if (!scanBlanks(parser, scan, indent, startMark)) return undefined
    if (parser.flowLevel === 0 && parser.mark.column < indent) break
  }
  const token = newToken(Tok.SCALAR, startMark)
  token.value = scan.s.toString()
  token.style = Style.PLAIN
  // A line break in the scalar allows a simple key after it.
  if (scan.leadingBlanks) parser.simpleKeyAllowed = true
  return token
}
