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

export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === undefined) return 'null'
  return JSON.stringify(value)
}

export function fieldErrorBody(error: FieldError): string {
  let body: string = error.type
  if (!typesWithoutValue.has(error.type) && !error.omitValue) body += `: ${renderValue(error.value)}`
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
  if (lines.length === 1) return `The ${kind} "${name}" is invalid: ${lines[0]}`
  return [`The ${kind} "${name}" is invalid: `, ...lines.map(l => `* ${l}`)].join('\n')
}
