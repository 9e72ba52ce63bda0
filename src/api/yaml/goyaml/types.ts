/**
 * The data of go-yaml v2.4.4's libyaml port (yamlh.go): marks, tokens, events and the parser
 * states, as plain numbers so that the scanner and parser read like the Go they port. Scalar
 * values, anchors and tags are Go strings: byte strings here (one char per byte, latin1), so
 * that lengths, comparisons and map keys behave as Go's do on the UTF-8 bytes.
 */

/** yamlh.go yaml_mark_t. Copied wherever Go copies the struct. */
export interface Mark {
  index: number
  line: number
  column: number
}

export function copyMark(mark: Mark): Mark {
  return { index: mark.index, line: mark.line, column: mark.column }
}

export const zeroMark = (): Mark => ({ index: 0, line: 0, column: 0 })

/** yamlh.go yaml_error_type_t (the ones a parser sets). */
export const ErrorType = { NONE: 0, READER: 2, SCANNER: 3, PARSER: 4 } as const

/** yamlh.go yaml_token_type_t. */
export const Tok = {
  NONE: 0,
  STREAM_START: 1,
  STREAM_END: 2,
  VERSION_DIRECTIVE: 3,
  TAG_DIRECTIVE: 4,
  DOCUMENT_START: 5,
  DOCUMENT_END: 6,
  BLOCK_SEQUENCE_START: 7,
  BLOCK_MAPPING_START: 8,
  BLOCK_END: 9,
  FLOW_SEQUENCE_START: 10,
  FLOW_SEQUENCE_END: 11,
  FLOW_MAPPING_START: 12,
  FLOW_MAPPING_END: 13,
  BLOCK_ENTRY: 14,
  FLOW_ENTRY: 15,
  KEY: 16,
  VALUE: 17,
  ALIAS: 18,
  ANCHOR: 19,
  TAG: 20,
  SCALAR: 21
} as const
export type TokenType = (typeof Tok)[keyof typeof Tok]

/** yamlh.go yaml_scalar_style_t. */
export const Style = { ANY: 0, PLAIN: 1, SINGLE_QUOTED: 2, DOUBLE_QUOTED: 3, LITERAL: 4, FOLDED: 5 } as const

/**
 * yamlh.go yaml_token_t: value holds the alias/anchor/scalar value or the tag handle. End marks
 * are left out: they only reach the events' marks, which decoding into interface{} never reads.
 */
export interface Token {
  type: TokenType
  startMark: Mark
  value: string
  suffix: string
  prefix: string
  style: number
  major: number
  minor: number
}

export function newToken(type: TokenType, startMark: Mark): Token {
  return { type, startMark, value: '', suffix: '', prefix: '', style: 0, major: 0, minor: 0 }
}

/** yamlh.go yaml_event_type_t. */
export const Ev = {
  NONE: 0,
  STREAM_START: 1,
  STREAM_END: 2,
  DOCUMENT_START: 3,
  DOCUMENT_END: 4,
  ALIAS: 5,
  SCALAR: 6,
  SEQUENCE_START: 7,
  SEQUENCE_END: 8,
  MAPPING_START: 9,
  MAPPING_END: 10
} as const
export type EventType = (typeof Ev)[keyof typeof Ev]

/** yamlh.go eventStrings, for decode.go's "expected %s event but got %s". */
export const eventNames = [
  'none',
  'stream start',
  'stream end',
  'document start',
  'document end',
  'alias',
  'scalar',
  'sequence start',
  'sequence end',
  'mapping start',
  'mapping end'
]

/**
 * yamlh.go yaml_event_t, with what decode.go's parser reads for an interface{} target (not the
 * marks: they only serve type errors). anchor is undefined when absent.
 */
export interface YamlEvent {
  type: EventType
  anchor: string | undefined
  tag: string
  value: string
  implicit: boolean
}

export function newEvent(type: EventType): YamlEvent {
  return { type, anchor: undefined, tag: '', value: '', implicit: false }
}

/** yamlh.go yaml_parser_state_t. */
export const St = {
  STREAM_START: 0,
  IMPLICIT_DOCUMENT_START: 1,
  DOCUMENT_START: 2,
  DOCUMENT_CONTENT: 3,
  DOCUMENT_END: 4,
  BLOCK_NODE: 5,
  BLOCK_NODE_OR_INDENTLESS_SEQUENCE: 6,
  FLOW_NODE: 7,
  BLOCK_SEQUENCE_FIRST_ENTRY: 8,
  BLOCK_SEQUENCE_ENTRY: 9,
  INDENTLESS_SEQUENCE_ENTRY: 10,
  BLOCK_MAPPING_FIRST_KEY: 11,
  BLOCK_MAPPING_KEY: 12,
  BLOCK_MAPPING_VALUE: 13,
  FLOW_SEQUENCE_FIRST_ENTRY: 14,
  FLOW_SEQUENCE_ENTRY: 15,
  FLOW_SEQUENCE_ENTRY_MAPPING_KEY: 16,
  FLOW_SEQUENCE_ENTRY_MAPPING_VALUE: 17,
  FLOW_SEQUENCE_ENTRY_MAPPING_END: 18,
  FLOW_MAPPING_FIRST_KEY: 19,
  FLOW_MAPPING_KEY: 20,
  FLOW_MAPPING_VALUE: 21,
  FLOW_MAPPING_EMPTY_VALUE: 22,
  END: 23
} as const
export type ParserState = (typeof St)[keyof typeof St]

/** yamlh.go yaml_simple_key_t. */
export interface SimpleKey {
  possible: boolean
  required: boolean
  tokenNumber: number
  mark: Mark
}

/** yamlh.go yaml_tag_directive_t. */
export interface TagDirective {
  handle: string
  prefix: string
}

/** yaml.go yamlError: what failf and fail panic with; Unmarshal returns its message. */
export class YamlFailure extends Error {}

/** A Go panic that is not a yamlError: handleErr re-panics it, so kubectl would crash. */
export class GoPanic extends Error {}

/** yamlh.go's tag constants that the decoder compares against. */
export const longTagPrefix = 'tag:yaml.org,2002:'
export const Tag = {
  NULL: 'tag:yaml.org,2002:null',
  BOOL: 'tag:yaml.org,2002:bool',
  STR: 'tag:yaml.org,2002:str',
  INT: 'tag:yaml.org,2002:int',
  FLOAT: 'tag:yaml.org,2002:float',
  TIMESTAMP: 'tag:yaml.org,2002:timestamp',
  BINARY: 'tag:yaml.org,2002:binary',
  MERGE: 'tag:yaml.org,2002:merge'
} as const
