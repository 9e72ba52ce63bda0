/**
 * scannerc.go's bookkeeping around the token queue: simple keys (a key found only when its ':'
 * arrives, so its KEY token is inserted back in the queue), flow levels and the indentation
 * stack with its BLOCK-*-START and BLOCK-END tokens, and their depth limits.
 */
import { setScannerError, type YamlParser } from './parserState.js'
import { copyMark, type Mark, newToken, Tok, type Token, type TokenType } from './types.js'

/** apic.go yaml_insert_token: append, or insert `pos` places after the queue's head. */
export function insertToken(parser: YamlParser, pos: number, token: Token): void {
  // Go reuses the front of the queue once it is consumed; so do we, now and then.
  if (parser.tokensHead > 64 && parser.tokensHead * 2 > parser.tokens.length) {
    parser.tokens = parser.tokens.slice(parser.tokensHead)
    parser.tokensHead = 0
  }
  if (pos < 0) parser.tokens.push(token)
  else parser.tokens.splice(parser.tokensHead + pos, 0, token)
}

/** scannerc.go yaml_simple_key_is_valid: [valid, ok]. */
export function simpleKeyIsValid(
  parser: YamlParser,
  key: { possible: boolean; required: boolean; mark: Mark }
): [boolean, boolean] {
  if (!key.possible) return [false, true]
  // A simple key is restricted to a single line and 1024 characters.
  if (key.mark.line < parser.mark.line || key.mark.index + 1024 < parser.mark.index) {
    if (key.required)
      return [
        false,
        setScannerError(parser, 'while scanning a simple key', key.mark, "could not find expected ':'")
      ]
    key.possible = false
    return [false, true]
  }
  return [true, true]
}

/** scannerc.go yaml_parser_save_simple_key. */
export function saveSimpleKey(parser: YamlParser): boolean {
  // A simple key is required where a block mapping's keys start.
  const required = parser.flowLevel === 0 && parser.indent === parser.mark.column
  if (parser.simpleKeyAllowed) {
    const tokenNumber = parser.tokensParsed + (parser.tokens.length - parser.tokensHead)
    if (!removeSimpleKey(parser)) return false
    // Go overwrites the slot in place; so does this (whoever keeps a mark copies it).
    const key = parser.simpleKeys[parser.simpleKeys.length - 1]
    key.possible = true
    key.required = required
    key.tokenNumber = tokenNumber
    key.mark.index = parser.mark.index
    key.mark.line = parser.mark.line
    key.mark.column = parser.mark.column
    parser.simpleKeysByTok.set(tokenNumber, parser.simpleKeys.length - 1)
  }
  return true
}

/** scannerc.go yaml_parser_remove_simple_key. */
export function removeSimpleKey(parser: YamlParser): boolean {
  const key = parser.simpleKeys[parser.simpleKeys.length - 1]
  if (key.possible) {
    if (key.required)
      return setScannerError(parser, 'while scanning a simple key', key.mark, "could not find expected ':'")
    key.possible = false
    parser.simpleKeysByTok.delete(key.tokenNumber)
  }
  return true
}

/** scannerc.go max_flow_level and max_indents. */
const maxFlowLevel = 10000
const maxIndents = 10000

/** scannerc.go yaml_parser_increase_flow_level. */
export function increaseFlowLevel(parser: YamlParser): boolean {
  parser.simpleKeys.push({
    possible: false,
    required: false,
    tokenNumber: parser.tokensParsed + (parser.tokens.length - parser.tokensHead),
    mark: copyMark(parser.mark)
  })
  parser.flowLevel++
  if (parser.flowLevel > maxFlowLevel) {
    const mark = parser.simpleKeys[parser.simpleKeys.length - 1].mark
    return setScannerError(
      parser,
      'while increasing flow level',
      mark,
      `exceeded max depth of ${maxFlowLevel}`
    )
  }
  return true
}

/** scannerc.go yaml_parser_decrease_flow_level. */
export function decreaseFlowLevel(parser: YamlParser): boolean {
  if (parser.flowLevel > 0) {
    parser.flowLevel--
    const last = parser.simpleKeys.pop()
    if (last) parser.simpleKeysByTok.delete(last.tokenNumber)
  }
  return true
}

/**
 * scannerc.go yaml_parser_roll_indent: in the block context, a column deeper than the current
 * indentation opens a collection (its start token appended, or inserted at token `number`).
 */
export function rollIndent(
  parser: YamlParser,
  column: number,
  number: number,
  type: TokenType,
  mark: Mark
): boolean {
  if (parser.flowLevel > 0) return true
  if (parser.indent < column) {
    parser.indents.push(parser.indent)
    parser.indent = column
    if (parser.indents.length > maxIndents) {
      const keyMark = parser.simpleKeys[parser.simpleKeys.length - 1].mark
      return setScannerError(
        parser,
        'while increasing indent level',
        keyMark,
        `exceeded max depth of ${maxIndents}`
      )
    }
    const token = newToken(type, copyMark(mark))
    insertToken(parser, number > -1 ? number - parser.tokensParsed : number, token)
  }
  return true
}

/** scannerc.go yaml_parser_unroll_indent: a BLOCK-END for each level deeper than column. */
export function unrollIndent(parser: YamlParser, column: number): boolean {
  if (parser.flowLevel > 0) return true
  while (parser.indent > column) {
    insertToken(parser, -1, newToken(Tok.BLOCK_END, copyMark(parser.mark)))
    parser.indent = parser.indents.pop() ?? -1
  }
  return true
}
