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
import { JsonNumber, type JsonObject, type JsonValue } from './yaml/jsonValue.js'
import { quantityString, readQuantity, QuantityError } from './quantity.js'
import { decodeBase64 } from './base64.js'
import { schema } from './schema.generated.js'
import { goQuote } from './validation/fieldErrors.js'

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

export function decodeModel(value: JsonObject, model: string): DecodeResult {
  const decoder = new Decoder(schema[model].go)
  let object: Record<string, unknown> = {}
  try {
    object = decoder.model(value, model)
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
  return path
    .map((segment, i) => (indexes.has(i) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('')
}

function jsonKind(value: JsonValue): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'string') return 'string'
  if (value instanceof JsonNumber) return 'number'
  if (Array.isArray(value)) return 'array'
  return 'object'
}

/**
 * Fields promoted from an embedded struct (`json:""` in k8s.io/api core/v1 types.go), by the Go
 * struct that embeds it: encoding/json names the embedded struct in an UnmarshalTypeError's field
 * path (`…configMapKeyRef.LocalObjectReference.name`, `…volumes.VolumeSource.emptyDir`).
 */
const localObjectReference = ['LocalObjectReference', new Set(['name'])] as const
const promoted: Readonly<Record<string, readonly [embedded: string, fields: ReadonlySet<string>]>> = {
  Volume: [
    'VolumeSource',
    new Set(
      'hostPath emptyDir gcePersistentDisk awsElasticBlockStore gitRepo secret nfs iscsi glusterfs persistentVolumeClaim rbd flexVolume cinder cephfs flocker downwardAPI fc azureFile configMap vsphereVolume quobyte azureDisk photonPersistentDisk projected portworxVolume scaleIO storageos csi ephemeral image'.split(
        ' '
      )
    )
  ],
  Probe: ['ProbeHandler', new Set(['exec', 'httpGet', 'tcpSocket', 'grpc'])],
  EphemeralContainer: [
    'EphemeralContainerCommon',
    new Set(
      'name image command args workingDir ports envFrom env resources resizePolicy restartPolicy restartPolicyRules volumeMounts volumeDevices livenessProbe readinessProbe startupProbe lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext stdin stdinOnce tty'.split(
        ' '
      )
    )
  ],
  SecretProjection: localObjectReference,
  ConfigMapVolumeSource: localObjectReference,
  ConfigMapProjection: localObjectReference,
  ConfigMapKeySelector: localObjectReference,
  SecretKeySelector: localObjectReference,
  ConfigMapEnvSource: localObjectReference,
  SecretEnvSource: localObjectReference
}

/** A field's name in UnmarshalTypeError.Field: with its embedded struct's name when promoted. */
function errorFieldName(struct: string, key: string): string {
  const embedded = promoted[struct]
  return embedded && embedded[1].has(key) ? `${embedded[0]}.${key}` : key
}

const int32Range = [-(2n ** 31n), 2n ** 31n - 1n] as const
const int64Range = [-(2n ** 63n), 2n ** 63n - 1n] as const

/**
 * Walks a value along the schema. The error context is kept in mutable stacks and copied only
 * when a problem is recorded: a large manifest decodes many thousands of fields.
 */
class Decoder {
  saved?: DecodeProblem
  readonly unknown: DecodeProblem[] = []
  /** The full path with indexes and keys, for strict errors and locations. */
  private readonly path: string[] = []
  /** Positions in path that are sequence indexes. */
  private readonly indexes = new Set<number>()
  /** JSON names of the struct fields entered, for UnmarshalTypeError.Field. */
  private readonly fields: string[] = []

  /** @param struct Go name of the innermost struct, for UnmarshalTypeError.Struct. */
  constructor(private struct: string) {}

  model(value: JsonObject, model: string): Record<string, unknown> {
    const { go, fields } = schema[model]
    const result: Record<string, unknown> = {}
    const outer = this.struct
    for (const key of [...value.keys()].sort()) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined
      this.path.push(key)
      if (!field) {
        this.unknown.push({
          // sigs.k8s.io/json: fmt's %q, so a quote or a control character in a key is escaped.
          message: `unknown field ${goQuote(strictPath(this.path, this.indexes))}`,
          path: [...this.path]
        })
      } else {
        this.struct = go
        this.fields.push(errorFieldName(go, key))
        const decoded = this.value(value.get(key) ?? null, field[0], field[1])
        this.fields.pop()
        this.struct = outer
        if (decoded !== undefined) result[key] = decoded
      }
      this.path.pop()
    }
    return result
  }

  /** Decodes one value; undefined means absent (null, or a value that could not be stored). */
  private value(value: JsonValue, type: string, goType: string): unknown {
    if (type === 'any') return plain(value)
    if (type === 'quantity') return value === null ? undefined : this.quantity(value)
    if (type === 'intOrString') return this.intOrString(value)
    if (value === null) return undefined
    if (type.startsWith('[]')) return this.array(value, type.slice(2), goType)
    if (type.startsWith('map:')) return this.map(value, type.slice(4), goType)
    if (type.startsWith('M:')) {
      if (!(value instanceof Map)) return this.mismatch(jsonKind(value), goType)
      return this.model(value, type.slice(2))
    }
    return this.scalar(value, type, goType)
  }

  private scalar(value: JsonValue, type: string, goType: string): unknown {
    switch (type) {
      case 'string':
        return typeof value === 'string' ? value : this.mismatch(jsonKind(value), goType)
      case 'bool':
        return typeof value === 'boolean' ? value : this.mismatch(jsonKind(value), goType)
      case 'int32':
      case 'int64': {
        if (!(value instanceof JsonNumber)) return this.mismatch(jsonKind(value), goType)
        const [min, max] = type === 'int32' ? int32Range : int64Range
        const integer = /^-?\d+$/.test(value.text) ? BigInt(value.text) : undefined
        if (integer === undefined || integer < min || integer > max) {
          return this.mismatch(`number ${value.text}`, goType)
        }
        return Number(integer)
      }
      case 'float64':
        return value instanceof JsonNumber ? Number(value.text) : this.mismatch(jsonKind(value), goType)
      case 'time':
        return this.time(value)
    }
    throw new Error(`unknown schema type ${type}`)
  }

  private array(value: JsonValue, elementType: string, goType: string): unknown {
    if (!Array.isArray(value)) return this.mismatch(jsonKind(value), goType)
    const elementGoType = goType.startsWith('[]') ? goType.slice(2) : goType
    const at = this.path.length
    this.indexes.add(at)
    try {
      return value.map((element, i) => {
        this.path.push(String(i))
        const decoded = this.value(element, elementType, elementGoType)
        this.path.pop()
        return decoded === undefined ? zeroValue(elementType) : decoded
      })
    } finally {
      this.indexes.delete(at)
    }
  }

  private map(value: JsonValue, valueType: string, goType: string): unknown {
    if (!(value instanceof Map)) return this.mismatch(jsonKind(value), goType)
    const result: Record<string, unknown> = {}
    for (const key of [...value.keys()].sort()) {
      const entry = value.get(key) ?? null
      this.path.push(key)
      if (valueType === 'quantity') result[key] = entry === null ? '0' : this.quantity(entry)
      else if (valueType === 'bytes') {
        if (entry === null) result[key] = ''
        else if (Array.isArray(entry)) result[key] = this.byteArray(entry)
        else if (typeof entry !== 'string') this.mismatch(jsonKind(entry), '[]uint8')
        else {
          const decoded = decodeBase64(entry)
          if (typeof decoded === 'number') this.save(`illegal base64 data at input byte ${decoded}`)
          else result[key] = decoded.toString('base64')
        }
      } else if (entry === null) result[key] = ''
      else if (typeof entry === 'string') result[key] = entry
      else this.mismatch(jsonKind(entry), 'string')
      this.path.pop()
    }
    return result
  }

  /**
   * encoding/json fills a []byte from a JSON array too, element by element as uint8 (a string is
   * base64): `[104, 105]` is "hi", `[]` is empty; a null element stays 0, anything else that is not
   * an integer 0–255 is the usual type error.
   */
  private byteArray(entry: JsonValue[]): string {
    const bytes = entry.map(element => {
      if (element === null) return 0
      if (element instanceof JsonNumber && /^\d+$/.test(element.text) && Number(element.text) <= 255)
        return Number(element.text)
      this.mismatch(element instanceof JsonNumber ? `number ${element.text}` : jsonKind(element), 'uint8')
      return 0
    })
    return Buffer.from(bytes).toString('base64')
  }

  /** resource.Quantity.UnmarshalJSON: the JSON text, unquoted and trimmed, must parse. */
  private quantity(value: JsonValue): string {
    const text =
      typeof value === 'string' ? value : value instanceof JsonNumber ? value.text : jsonText(value)
    try {
      return quantityString(readQuantity(text.trim()))
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error
      throw this.fatal(error.message)
    }
  }

  /** intstr.IntOrString.UnmarshalJSON: a string, or whatever json.Unmarshal makes of an int32. */
  private intOrString(value: JsonValue): unknown {
    if (typeof value === 'string') return value
    if (value === null) return 0
    if (value instanceof JsonNumber && /^-?\d+$/.test(value.text)) {
      const integer = BigInt(value.text)
      if (integer >= int32Range[0] && integer <= int32Range[1]) return Number(integer)
    }
    const kind = value instanceof JsonNumber ? `number ${value.text}` : jsonKind(value)
    throw this.fatal(this.typeError(kind, 'int32'))
  }

  /** metav1.Time.UnmarshalJSON: a string in RFC 3339. */
  private time(value: JsonValue): unknown {
    if (typeof value !== 'string') throw this.fatal(this.typeError(jsonKind(value), 'string'))
    const problem = rfc3339Problem(value)
    if (problem) throw this.fatal(problem)
    return value
  }

  private mismatch(kind: string, goType: string): undefined {
    this.save(this.typeError(kind, goType))
    return undefined
  }

  /** encoding/json keeps the first such error and goes on decoding. */
  private save(message: string): void {
    this.saved ??= { message, path: [...this.path] }
  }

  /** An Unmarshaler's error ends decoding at once. */
  private fatal(message: string): FatalDecodeError {
    return new FatalDecodeError({ message, path: [...this.path] })
  }

  private typeError(kind: string, goType: string): string {
    return `json: cannot unmarshal ${kind} into Go struct field ${this.struct}.${this.fields.join('.')} of type ${goType}`
  }
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
