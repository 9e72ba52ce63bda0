/**
 * field.Error constructors (field.Required, field.Invalid, …) and the message builders of
 * k8s.io/apimachinery/pkg/util/validation, so that every rule words its errors the same way.
 */
import type { FieldError } from './fieldErrors.js'

// Constructors named after field.Required, field.Invalid, … of apimachinery.
export const required = (field: string, detail = ''): FieldError => ({
  type: 'Required value',
  field,
  detail
})
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'Invalid value',
  field,
  value,
  detail
})
/** field.Invalid of a named string type (core.ResourceName, …): written with json.Marshal. */
export const invalidNamed = (field: string, value: string, detail: string): FieldError => ({
  ...invalid(field, value, detail),
  namedString: true
})
/** field.Invalid with field.OmitValueType{}: the body is just "Invalid value". */
export const invalidWhole = (field: string, detail: string): FieldError => ({
  type: 'Invalid value',
  field,
  omitValue: true,
  detail
})
/**
 * field.NotSupported; its value is mostly a named string type (core.RestartPolicy, …), written with
 * json.Marshal: `namedString` false for the few plain strings (a fieldPath, a resource).
 */
export const notSupported = (
  field: string,
  value: unknown,
  supported: readonly string[],
  namedString = true
): FieldError => ({
  type: 'Unsupported value',
  field,
  value,
  namedString,
  detail: supported.length ? `supported values: ${supported.map(v => JSON.stringify(v)).join(', ')}` : ''
})
export const duplicate = (field: string, value: unknown): FieldError => ({
  type: 'Duplicate value',
  field,
  value
})
export const notFound = (field: string, value: unknown, detail = ''): FieldError => ({
  type: 'Not found',
  field,
  value,
  detail
})
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail })
export const tooLong = (field: string, max: number): FieldError => ({
  type: 'Too long',
  field,
  detail: `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`
})
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'Too many',
  field,
  value: actual,
  detail: `must have at most ${max} ${max === 1 ? 'item' : 'items'}`
})

/** RegexError: the message, examples (joined with "  or "), and the pattern. */
export function regexError(message: string, pattern: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`
  return `${message} (e.g. ${examples.map(e => `'${e}', `).join(' or ')}regex used for validation is '${pattern}')`
}

export const maxLenError = (length: number): string => `must be no more than ${length} characters`
/** content.MaxLenError (apimachinery pkg/api/validate/content/errors.go). */
export const maxBytesError = (length: number): string => `must be no more than ${length} bytes`
export const inclusiveRangeError = (lo: number, hi: number): string =>
  `must be between ${lo} and ${hi}, inclusive`
export const emptyError = 'must be non-empty'
export const isNegativeErrorMsg = 'must be greater than or equal to 0'

/** Lengths as Go's len(): bytes of the UTF-8 text. */
export const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8')

export function validateNonnegativeField(value: number, field: string): FieldError[] {
  return value < 0 ? [invalid(field, value, isNegativeErrorMsg)] : []
}
