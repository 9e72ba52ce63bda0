/**
 * The API server's strict decoding (sigs.k8s.io/json into the k8s.io/api structs, with
 * fieldValidation=Strict as kubectl requests it): wrong types give encoding/json's
 * `json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32`
 * (the first one in key order; the custom decoders of Quantity, IntOrString and Time give
 * theirs), and when there is none, unknown fields give
 * `strict decoding error: unknown field "spec.completion"`. Keys are visited sorted, as kubectl's
 * YAML-to-JSON conversion orders them. The result is a plain object with sorted keys, quantities
 * in canonical form and Secret bytes re-encoded, as the API server stores them.
 */
import { JsonNumber, type JsonObject, type JsonValue } from './parse.js'
import { quantityString, readQuantity, QuantityError } from './quantity.js'
import { schema } from './schema.generated.js'

export interface DecodeProblem {
  message: string
  /** Where in the document: field names, sequence indexes and map keys. */
  path: string[]
}

export interface DecodeResult {
  object: Record<string, unknown>
  /** A type error: the object cannot be handled at all. */
  error?: DecodeProblem
  /** Unknown fields, reported only when there is no type error. */
  unknownFields: DecodeProblem[]
}

/** Raised to stop decoding: an Unmarshaler's error ends json.Unmarshal at once. */
class FatalDecodeError extends Error {
  constructor(readonly problem: DecodeProblem) {
    super(problem.message)
  }
}

interface Context {
  /** Go name of the innermost struct, for UnmarshalTypeError.Struct. */
  struct: string
  /** JSON names of the struct fields entered, for UnmarshalTypeError.Field. */
  fields: string[]
  /** The full path with indexes and keys, for strict errors and locations. */
  path: string[]
}

export function decodeModel(value: JsonObject, model: string): DecodeResult {
  const decoder = new Decoder()
  let object: Record<string, unknown> = {}
  try {
    object = decoder.model(value, model, { struct: schema[model].go, fields: [], path: [] })
  } catch (error) {
    if (!(error instanceof FatalDecodeError)) throw error
    return { object, error: error.problem, unknownFields: [] }
  }
  if (decoder.saved) return { object, error: decoder.saved, unknownFields: [] }
  return { object, unknownFields: decoder.unknown }
}

/** `strict decoding error: unknown field "a", unknown field "b"` */
export function strictDecodingMessage(unknownFields: readonly DecodeProblem[]): string {
  return `strict decoding error: ${unknownFields.map(p => p.message).join(', ')}`
}

/** How sigs.k8s.io/json prints a path in strict errors: names joined by dots, indexes in brackets. */
export function strictPath(path: readonly string[], indexes: ReadonlySet<number>): string {
  return path.map((segment, i) => (indexes.has(i) ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('')
}

function jsonKind(value: JsonValue): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'string') return 'string'
  if (value instanceof JsonNumber) return 'number'
  if (Array.isArray(value)) return 'array'
  return 'object'
}

const int32Range = [-(2n ** 31n), 2n ** 31n - 1n] as const
const int64Range = [-(2n ** 63n), 2n ** 63n - 1n] as const

class Decoder {
  saved?: DecodeProblem
  readonly unknown: DecodeProblem[] = []
  /** Positions in the current path that are sequence indexes (for strict error paths). */
  private readonly indexes = new Set<number>()

  model(value: JsonObject, model: string, ctx: Context): Record<string, unknown> {
    const { go, fields } = schema[model]
    const result: Record<string, unknown> = {}
    for (const key of [...value.keys()].sort()) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined
      const path = [...ctx.path, key]
      if (!field) {
        this.unknown.push({ message: `unknown field "${strictPath(path, this.indexes)}"`, path })
        continue
      }
      const [type, goType] = field
      const decoded = this.value(value.get(key) ?? null, type, goType, {
        struct: go,
        fields: [...ctx.fields, key],
        path
      })
      if (decoded !== undefined) result[key] = decoded
    }
    return result
  }

  /** Decodes one value; undefined means absent (null, or a value that could not be stored). */
  private value(value: JsonValue, type: string, goType: string, ctx: Context): unknown {
    if (type === 'any') return plain(value)
    if (type === 'quantity') return value === null ? undefined : this.quantity(value, ctx)
    if (type === 'intOrString') return this.intOrString(value, ctx)
    if (value === null) return undefined
    if (type.startsWith('[]')) return this.array(value, type.slice(2), goType, ctx)
    if (type.startsWith('map:')) return this.map(value, type.slice(4), goType, ctx)
    if (type.startsWith('M:')) {
      if (!(value instanceof Map)) return this.mismatch(jsonKind(value), goType, ctx)
      return this.model(value, type.slice(2), { ...ctx, struct: schema[type.slice(2)].go })
    }
    return this.scalar(value, type, goType, ctx)
  }

  private scalar(value: JsonValue, type: string, goType: string, ctx: Context): unknown {
    switch (type) {
      case 'string':
        return typeof value === 'string' ? value : this.mismatch(jsonKind(value), goType, ctx)
      case 'bool':
        return typeof value === 'boolean' ? value : this.mismatch(jsonKind(value), goType, ctx)
      case 'int32':
      case 'int64': {
        if (!(value instanceof JsonNumber)) return this.mismatch(jsonKind(value), goType, ctx)
        const [min, max] = type === 'int32' ? int32Range : int64Range
        const integer = /^-?\d+$/.test(value.text) ? BigInt(value.text) : undefined
        if (integer === undefined || integer < min || integer > max) {
          return this.mismatch(`number ${value.text}`, goType, ctx)
        }
        return Number(integer)
      }
      case 'float64':
        return value instanceof JsonNumber ? Number(value.text) : this.mismatch(jsonKind(value), goType, ctx)
      case 'time':
        return this.time(value, ctx)
    }
    throw new Error(`unknown schema type ${type}`)
  }

  private array(value: JsonValue, elementType: string, goType: string, ctx: Context): unknown {
    if (!Array.isArray(value)) return this.mismatch(jsonKind(value), goType, ctx)
    const elementGoType = goType.startsWith('[]') ? goType.slice(2) : goType
    return value.map((element, i) => {
      const at = ctx.path.length
      this.indexes.add(at)
      try {
        const decoded = this.value(element, elementType, elementGoType, { ...ctx, path: [...ctx.path, String(i)] })
        return decoded === undefined ? zeroValue(elementType) : decoded
      } finally {
        this.indexes.delete(at)
      }
    })
  }

  private map(value: JsonValue, valueType: string, goType: string, ctx: Context): unknown {
    if (!(value instanceof Map)) return this.mismatch(jsonKind(value), goType, ctx)
    const result: Record<string, unknown> = {}
    for (const key of [...value.keys()].sort()) {
      const entry = value.get(key) ?? null
      const entryCtx = { ...ctx, path: [...ctx.path, key] }
      if (valueType === 'quantity') {
        const decoded = entry === null ? '0' : this.quantity(entry, entryCtx)
        if (decoded !== undefined) result[key] = decoded
      } else if (valueType === 'bytes') {
        if (entry === null) result[key] = ''
        else if (typeof entry !== 'string') this.mismatch(jsonKind(entry), '[]uint8', entryCtx)
        else {
          const decoded = decodeBase64(entry)
          if (typeof decoded === 'number') this.save({ message: `illegal base64 data at input byte ${decoded}`, path: entryCtx.path })
          else result[key] = decoded.toString('base64')
        }
      } else if (entry === null) result[key] = ''
      else if (typeof entry === 'string') result[key] = entry
      else this.mismatch(jsonKind(entry), 'string', entryCtx)
    }
    return result
  }

  /** resource.Quantity.UnmarshalJSON: the JSON text, unquoted and trimmed, must parse. */
  private quantity(value: JsonValue, ctx: Context): string {
    const text = typeof value === 'string' ? value : value instanceof JsonNumber ? value.text : jsonText(value)
    try {
      return quantityString(readQuantity(text.trim()))
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error
      throw new FatalDecodeError({ message: error.message, path: ctx.path })
    }
  }

  /** intstr.IntOrString.UnmarshalJSON: a string, or whatever json.Unmarshal makes of an int32. */
  private intOrString(value: JsonValue, ctx: Context): unknown {
    if (typeof value === 'string') return value
    if (value === null) return 0
    if (value instanceof JsonNumber && /^-?\d+$/.test(value.text)) {
      const integer = BigInt(value.text)
      if (integer >= int32Range[0] && integer <= int32Range[1]) return Number(integer)
    }
    const kind = value instanceof JsonNumber ? `number ${value.text}` : jsonKind(value)
    throw new FatalDecodeError({ message: typeError(kind, 'int32', ctx), path: ctx.path })
  }

  /** metav1.Time.UnmarshalJSON: a string in RFC 3339. */
  private time(value: JsonValue, ctx: Context): unknown {
    if (typeof value !== 'string') {
      throw new FatalDecodeError({ message: typeError(jsonKind(value), 'string', ctx), path: ctx.path })
    }
    const problem = rfc3339Problem(value)
    if (problem) throw new FatalDecodeError({ message: problem, path: ctx.path })
    return value
  }

  private mismatch(kind: string, goType: string, ctx: Context): undefined {
    this.save({ message: typeError(kind, goType, ctx), path: ctx.path })
    return undefined
  }

  private save(problem: DecodeProblem): void {
    this.saved ??= problem
  }
}

function typeError(kind: string, goType: string, ctx: Context): string {
  return `json: cannot unmarshal ${kind} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goType}`
}

function zeroValue(type: string): unknown {
  if (type === 'string') return ''
  if (type === 'bool') return false
  if (/^(int32|int64|float64)$/.test(type)) return 0
  if (type.startsWith('[]')) return []
  return {}
}

function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number(value.text)
  if (Array.isArray(value)) return value.map(plain)
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
  return value
}

function jsonText(value: JsonValue): string {
  return JSON.stringify(plain(value)) ?? ''
}

/**
 * encoding/base64 StdEncoding.Decode as encoding/json uses it for []byte (padding required, CR
 * and LF skipped), ported quantum by quantum so that the offset in CorruptInputError matches.
 * Returns the bytes, or the offset of the first illegal byte.
 */
export function decodeBase64(text: string): Buffer | number {
  const src = Buffer.from(text, 'utf8')
  const out: number[] = []
  const isNewline = (byte: number): boolean => byte === 0x0a || byte === 0x0d
  let si = 0
  for (;;) {
    const quantum: number[] = []
    let length = 4
    let trailing: number | undefined
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out)
        return si - j
      }
      const byte = src[si++]
      const sextet = sextetOf(byte)
      if (sextet !== undefined) {
        quantum.push(sextet)
        continue
      }
      if (isNewline(byte)) {
        j--
        continue
      }
      if (byte !== 0x3d) return si - 1
      if (j < 2) return si - 1
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++
        if (si === src.length) return src.length
        if (src[si] !== 0x3d) return si - 1
        si++
      }
      while (si < src.length && isNewline(src[si])) si++
      if (si < src.length) trailing = si
      length = j
      break
    }
    while (quantum.length < 4) quantum.push(0)
    const value = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3]
    out.push(...[(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].slice(0, length - 1))
    if (trailing !== undefined) return trailing
    if (length < 4) return Buffer.from(out)
  }
}

function sextetOf(byte: number): number | undefined {
  if (byte >= 0x41 && byte <= 0x5a) return byte - 0x41
  if (byte >= 0x61 && byte <= 0x7a) return byte - 0x61 + 26
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30 + 52
  if (byte === 0x2b) return 62
  if (byte === 0x2f) return 63
  return undefined
}

/** time.Parse(time.RFC3339, s) failures, as Go words them (common cases). */
function rfc3339Problem(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) return undefined
  const layout = '2006-01-02T15:04:05Z07:00'
  const elements: Array<[RegExp, string]> = [
    [/^\d{4}/, '2006'],
    [/^-/, '-'],
    [/^\d{2}/, '01'],
    [/^-/, '-'],
    [/^\d{2}/, '02'],
    [/^T/, 'T'],
    [/^\d{2}/, '15'],
    [/^:/, ':'],
    [/^\d{2}/, '04'],
    [/^:/, ':'],
    [/^\d{2}(\.\d+)?/, '05'],
    [/^(Z|[+-]\d{2}:\d{2})/, 'Z07:00']
  ]
  let rest = value
  for (const [pattern, element] of elements) {
    const match = pattern.exec(rest)
    if (!match) {
      return `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(element)}`
    }
    rest = rest.slice(match[0].length)
  }
  return `parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`
}
