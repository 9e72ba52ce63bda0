/** scannerc.go: anchors, aliases, tags and the tag handles and URIs that directives share. */
import { asHex, isAlpha, isBlankz, isHex, width } from './chars.js'
import { type ByteBuf, cache, read, scratchBuf, skip } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { copyMark, type Mark, newToken, Tok, type Token, type TokenType } from './types.js'

/** scannerc.go yaml_parser_set_scanner_tag_error. */
export function setTagError(
  parser: YamlParser,
  directive: boolean,
  contextMark: Mark,
  problem: string
): boolean {
  const context = directive ? 'while parsing a %TAG directive' : 'while parsing a tag'
  return setScannerError(parser, context, contextMark, problem)
}

/** The characters that may end an anchor or alias: blanks and ? : , ] } % @ `. */
function endsAnchor(b: Uint8Array, i: number): boolean {
  const c = b[i]
  return (
    isBlankz(b, i) ||
    c === 0x3f ||
    c === 0x3a ||
    c === 0x2c ||
    c === 0x5d ||
    c === 0x7d ||
    c === 0x25 ||
    c === 0x40 ||
    c === 0x60
  )
}

/** scannerc.go yaml_parser_scan_anchor. */
export function scanAnchor(parser: YamlParser, type: TokenType): Token | undefined {
  const s = scratchBuf('anchor')
  const startMark = copyMark(parser.mark)
  skip(parser)
  if (!cache(parser, 1)) return undefined
  while (isAlpha(parser.input, parser.pos)) {
    read(parser, s)
    if (!cache(parser, 1)) return undefined
  }
  if (s.length === 0 || !endsAnchor(parser.input, parser.pos)) {
    const context = type === Tok.ANCHOR ? 'while scanning an anchor' : 'while scanning an alias'
    setScannerError(parser, context, startMark, 'did not find expected alphabetic or numeric character')
    return undefined
  }
  const token = newToken(type, startMark)
  token.value = s.toString()
  return token
}

/** scannerc.go yaml_parser_scan_tag. */
export function scanTag(parser: YamlParser): Token | undefined {
  const startMark = copyMark(parser.mark)
  if (!cache(parser, 2)) return undefined
  let handle: string
  let suffix: string
  if (parser.input[parser.pos + 1] === 0x3c /* < */) {
    // The verbatim form !<…>: the handle stays empty.
    handle = ''
    skip(parser)
    skip(parser)
    const uri = scanTagUri(parser, false, '', startMark)
    if (uri === undefined) return undefined
    suffix = uri
    if (parser.input[parser.pos] !== 0x3e /* > */) {
      setScannerError(parser, 'while scanning a tag', startMark, "did not find the expected '>'")
      return undefined
    }
    skip(parser)
  } else {
    const scanned = scanTagHandle(parser, false, startMark)
    if (scanned === undefined) return undefined
    handle = scanned
    if (handle.charCodeAt(0) === 0x21 && handle.length > 1 && handle.charCodeAt(handle.length - 1) === 0x21) {
      const uri = scanTagUri(parser, false, '', startMark)
      if (uri === undefined) return undefined
      suffix = uri
    } else {
      // It wasn't a handle after all: the rest of the tag follows it.
      const uri = scanTagUri(parser, false, handle, startMark)
      if (uri === undefined) return undefined
      suffix = uri
      handle = '!'
      // The '!' tag alone: handle '' and suffix '!'.
      if (suffix.length === 0) [handle, suffix] = [suffix, handle]
    }
  }
  if (!cache(parser, 1)) return undefined
  if (!isBlankz(parser.input, parser.pos)) {
    setScannerError(
      parser,
      'while scanning a tag',
      startMark,
      'did not find expected whitespace or line break'
    )
    return undefined
  }
  const token = newToken(Tok.TAG, startMark)
  token.value = handle
  token.suffix = suffix
  return token
}

/** scannerc.go yaml_parser_scan_tag_handle. */
export function scanTagHandle(parser: YamlParser, directive: boolean, startMark: Mark): string | undefined {
  if (!cache(parser, 1)) return undefined
  if (parser.input[parser.pos] !== 0x21 /* ! */) {
    setTagError(parser, directive, startMark, "did not find expected '!'")
    return undefined
  }
  const s = scratchBuf('handle')
  read(parser, s)
  if (!cache(parser, 1)) return undefined
  while (isAlpha(parser.input, parser.pos)) {
    read(parser, s)
    if (!cache(parser, 1)) return undefined
  }
  if (parser.input[parser.pos] === 0x21) {
    read(parser, s)
  } else if (directive && !(s.length === 1 && s.bytes[0] === 0x21)) {
    // In a %TAG directive a handle must end in '!'; in a tag it may be part of the URI.
    setTagError(parser, directive, startMark, "did not find expected '!'")
    return undefined
  }
  return s.toString()
}

/** The characters of a tag URI besides letters and digits: ;/?:@&=+$,.!~*'()[]%. */
const uriChars = new Uint8Array(256)
for (const c of ";/?:@&=+$,.!~*'()[]%") uriChars[c.charCodeAt(0)] = 1

/** scannerc.go yaml_parser_scan_tag_uri. head is the would-be handle, its '!' not copied. */
export function scanTagUri(
  parser: YamlParser,
  directive: boolean,
  head: string,
  startMark: Mark
): string | undefined {
  const s = scratchBuf('uri')
  let hasTag = head.length > 0
  for (let i = 1; i < head.length; i++) s.push(head.charCodeAt(i))
  if (!cache(parser, 1)) return undefined
  const b = parser.input
  while (isAlpha(b, parser.pos) || uriChars[b[parser.pos]] === 1) {
    if (b[parser.pos] === 0x25 /* % */) {
      if (!scanUriEscapes(parser, directive, startMark, s)) return undefined
    } else {
      read(parser, s)
    }
    if (!cache(parser, 1)) return undefined
    hasTag = true
  }
  if (!hasTag) {
    setTagError(parser, directive, startMark, 'did not find expected tag URI')
    return undefined
  }
  return s.toString()
}

/** scannerc.go yaml_parser_scan_uri_escapes: %XX escapes making up one UTF-8 character. */
function scanUriEscapes(parser: YamlParser, directive: boolean, startMark: Mark, s: ByteBuf): boolean {
  let w = 1024
  const b = parser.input
  while (w > 0) {
    if (!cache(parser, 3)) return false
    const pos = parser.pos
    if (!(b[pos] === 0x25 && isHex(b, pos + 1) && isHex(b, pos + 2)))
      return setTagError(parser, directive, startMark, 'did not find URI escaped octet')
    const octet = (asHex(b, pos + 1) << 4) + asHex(b, pos + 2)
    if (w === 1024) {
      w = width(octet)
      if (w === 0) return setTagError(parser, directive, startMark, 'found an incorrect leading UTF-8 octet')
    } else if ((octet & 0xc0) !== 0x80) {
      return setTagError(parser, directive, startMark, 'found an incorrect trailing UTF-8 octet')
    }
    s.push(octet)
    skip(parser)
    skip(parser)
    skip(parser)
    w--
  }
  return true
}
