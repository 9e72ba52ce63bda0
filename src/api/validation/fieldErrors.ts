/**
 * field.Error from k8s.io/apimachinery/pkg/util/validation/field, rendered as the API server
 * renders it, and kubectl's way of printing a rejected object.
 */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Too few'
  | 'Too short'
  | 'Not found'
  | 'Internal error'

export interface FieldError {
  type: FieldErrorType
  field: string
  /** The offending value; rendered as Go renders it (strings quoted, numbers plain, others as JSON). */
  value?: unknown
  /**
   * The Go value is a named string type (core.ResourceName, core.RestartPolicy, …): ErrorBody's
   * type switch misses `case string` and writes it with json.Marshal, not %q.
   */
  namedString?: boolean
  /** When true the body is just the type word, as for whole-rule errors (field.OmitValueType). */
  omitValue?: boolean
  detail?: string
}

const typesWithoutValue = new Set<FieldErrorType>([
  'Required value',
  'Forbidden',
  'Too long',
  'Too short',
  'Internal error'
])

/** field.Error.ErrorBody's rendering of BadValue (apimachinery pkg/util/validation/field/errors.go). */
export function renderValue(value: unknown, namedString = false): string {
  if (typeof value === 'string') return namedString ? goJSON(value) : goQuote(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === undefined) return 'null'
  return goJSON(value)
}

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0')
const shortEscapes: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v'
}
// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** strconv.Quote (fmt's %q): printable runes as they are, the others escaped. */
export function goQuote(value: string): string {
  let out = '"'
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\ufffd' // Go's decoder made it U+FFFD, printable
    else if (printable.test(ch)) out += ch
    else if (shortEscapes[ch]) out += shortEscapes[ch]
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`
    else out += `\\U${hex(code, 8)}`
  }
  return `${out}"`
}

/** json.Marshal: JSON with Go's HTML-safe escapes of <, > and &, and of U+2028 and U+2029. */
export function goJSON(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, c => `\\u${hex(c.charCodeAt(0), 4)}`)
}

export function fieldErrorBody(error: FieldError): string {
  let body: string = error.type
  if (!typesWithoutValue.has(error.type) && !error.omitValue) {
    body += `: ${renderValue(error.value, error.namedString)}`
  }
  if (error.detail) body += `: ${error.detail}`
  return body
}

export function fieldErrorText(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`
}

/** `supported values: "a", "b"` as field.NotSupported writes it. */
export function supportedValues(values: readonly string[]): string {
  return `supported values: ${values.map(v => JSON.stringify(v)).join(', ')}`
}

/**
 * kubectl's text for a rejected object: one error on the same line, several as `* ` lines.
 * Duplicates are dropped as the API server drops them.
 */
export function invalidObjectMessage(kind: string, name: string, errors: readonly FieldError[]): string {
  const lines = [...new Set(errors.map(fieldErrorText))]
  if (lines.length === 1) return `The ${kind} ${goQuote(name)} is invalid: ${lines[0]}`
  return [`The ${kind} ${goQuote(name)} is invalid: `, ...lines.map(l => `* ${l}`)].join('\n')
}
