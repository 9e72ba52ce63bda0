/** scannerc.go: the %YAML and %TAG directives. */
import { isAlpha, isBlank, isBlankz, isBreak, isBreakz, isDigit } from './chars.js'
import { cache, read, scratchBuf, skip, skipLine } from './cursor.js'
import { setScannerError, type YamlParser } from './parserState.js'
import { scanTagHandle, scanTagUri } from './scanTag.js'
import { copyMark, type Mark, newToken, Tok, type Token } from './types.js'

/** Blanks, then a comment, up to the line break (scannerc.go, shared by directives and block scalar headers). */
export function skipBlanksAndComment(parser: YamlParser): boolean {
  if (!cache(parser, 1)) return false
  while (isBlank(parser.input, parser.pos)) {
    skip(parser)
    if (!cache(parser, 1)) return false
  }
  if (parser.input[parser.pos] === 0x23 /* # */) {
    while (!isBreakz(parser.input, parser.pos)) {
      skip(parser)
      if (!cache(parser, 1)) return false
    }
  }
  return true
}

/**
 * The rest of a directive's or block scalar header's line: blanks and a comment, then the line
 * break (eaten) or the end; anything else is "did not find expected comment or line break".
 */
export function endHeaderLine(parser: YamlParser, context: string, startMark: Mark): boolean {
  if (!skipBlanksAndComment(parser)) return false
  if (!isBreakz(parser.input, parser.pos)) {
    setScannerError(parser, context, startMark, 'did not find expected comment or line break')
    return false
  }
  if (isBreak(parser.input, parser.pos)) {
    if (!cache(parser, 2)) return false
    skipLine(parser)
  }
  return true
}

/** scannerc.go yaml_parser_scan_directive. */
export function scanDirective(parser: YamlParser): Token | undefined {
  const startMark = copyMark(parser.mark)
  skip(parser)
  const name = scanDirectiveName(parser, startMark)
  if (name === undefined) return undefined
  let token: Token
  if (name === 'YAML') {
    const major = scanVersionNumber(parser, startMark, true)
    if (major === undefined) return undefined
    if (parser.input[parser.pos] !== 0x2e /* . */) {
      setScannerError(
        parser,
        'while scanning a %YAML directive',
        startMark,
        "did not find expected digit or '.' character"
      )
      return undefined
    }
    skip(parser)
    const minor = scanVersionNumber(parser, startMark, false)
    if (minor === undefined) return undefined
    token = newToken(Tok.VERSION_DIRECTIVE, startMark)
    token.major = major
    token.minor = minor
  } else if (name === 'TAG') {
    const value = scanTagDirectiveValue(parser, startMark)
    if (value === undefined) return undefined
    token = newToken(Tok.TAG_DIRECTIVE, startMark)
    token.value = value[0]
    token.prefix = value[1]
  } else {
    setScannerError(parser, 'while scanning a directive', startMark, 'found unknown directive name')
    return undefined
  }
  // Eat the rest of the line including any comments.
  if (!endHeaderLine(parser, 'while scanning a directive', startMark)) return undefined
  return token
}

/** scannerc.go yaml_parser_scan_directive_name. */
function scanDirectiveName(parser: YamlParser, startMark: Mark): string | undefined {
  if (!cache(parser, 1)) return undefined
  const s = scratchBuf('name')
  while (isAlpha(parser.input, parser.pos)) {
    read(parser, s)
    if (!cache(parser, 1)) return undefined
  }
  if (s.length === 0) {
    setScannerError(parser, 'while scanning a directive', startMark, 'could not find expected directive name')
    return undefined
  }
  if (!isBlankz(parser.input, parser.pos)) {
    setScannerError(
      parser,
      'while scanning a directive',
      startMark,
      'found unexpected non-alphabetical character'
    )
    return undefined
  }
  return s.toString()
}

/**
 * scannerc.go yaml_parser_scan_version_directive_number, preceded for the major number by the
 * blanks of yaml_parser_scan_version_directive_value.
 */
function scanVersionNumber(parser: YamlParser, startMark: Mark, major: boolean): number | undefined {
  if (major) {
    if (!cache(parser, 1)) return undefined
    while (isBlank(parser.input, parser.pos)) {
      skip(parser)
      if (!cache(parser, 1)) return undefined
    }
  }
  if (!cache(parser, 1)) return undefined
  let value = 0
  let length = 0
  while (isDigit(parser.input, parser.pos)) {
    length++
    if (length > 2) {
      setScannerError(
        parser,
        'while scanning a %YAML directive',
        startMark,
        'found extremely long version number'
      )
      return undefined
    }
    value = value * 10 + parser.input[parser.pos] - 0x30
    skip(parser)
    if (!cache(parser, 1)) return undefined
  }
  if (length === 0) {
    setScannerError(
      parser,
      'while scanning a %YAML directive',
      startMark,
      'did not find expected version number'
    )
    return undefined
  }
  return value
}

/** scannerc.go yaml_parser_scan_tag_directive_value: [handle, prefix]. */
function scanTagDirectiveValue(parser: YamlParser, startMark: Mark): [string, string] | undefined {
  if (!cache(parser, 1)) return undefined
  while (isBlank(parser.input, parser.pos)) {
    skip(parser)
    if (!cache(parser, 1)) return undefined
  }
  const handle = scanTagHandle(parser, true, startMark)
  if (handle === undefined) return undefined
  if (!cache(parser, 1)) return undefined
  if (!isBlank(parser.input, parser.pos)) {
    setScannerError(parser, 'while scanning a %TAG directive', startMark, 'did not find expected whitespace')
    return undefined
  }
  while (isBlank(parser.input, parser.pos)) {
    skip(parser)
    if (!cache(parser, 1)) return undefined
  }
  const prefix = scanTagUri(parser, true, '', startMark)
  if (prefix === undefined) return undefined
  if (!cache(parser, 1)) return undefined
  if (!isBlankz(parser.input, parser.pos)) {
    setScannerError(
      parser,
      'while scanning a %TAG directive',
      startMark,
      'did not find expected whitespace or line break'
    )
    return undefined
  }
  return [handle, prefix]
}
