/**
 * Plain YAML scalars as go-yaml v2 resolves them, which is what kubectl's YAML-to-JSON
 * conversion uses: YAML 1.1 booleans (`y`, `yes`, `on`), `~` and empty as null, integers with
 * Go's base prefixes (`0644` is octal), floats as encoding/json prints float64.
 */
import { JsonNumber, type JsonObject, type JsonValue } from './jsonValue.js'

const resolvableFirst = new Set('0123456789+-.~<yYnNtTfFoO')
const nullWords = new Set(['', '~', 'null', 'Null', 'NULL'])

const trueWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])

const falseWords = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])

const infinities: Readonly<Record<string, number>> = {
  '.inf': Infinity,
  '.Inf': Infinity,
  '.INF': Infinity,
  '+.inf': Infinity,
  '+.Inf': Infinity,
  '+.INF': Infinity,
  '-.inf': -Infinity,
  '-.Inf': -Infinity,
  '-.INF': -Infinity,
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN
}

/** Decimal integers that are surely int64 (at most 18 digits), without sign, `_` or leading 0. */
const plainDecimal = /^(?:0|[1-9][0-9]{0,17})$/

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/

const maxInt64 = (1n << 63n) - 1n

const minInt64 = -(1n << 63n)

const maxUint64 = (1n << 64n) - 1n

/**
 * go-yaml v2 resolve() for an untagged plain scalar. Returns a number only for NaN and the
 * infinities, which JSON cannot carry (the caller turns them into kubectl's error).
 */
export function resolvePlain(text: string): Exclude<JsonValue, JsonValue[] | JsonObject> | number {
  // go-yaml's resolve table: only these first characters can start anything but a string.
  if (text.length > 0 && !resolvableFirst.has(text[0])) return text
  // The commonest number, an int64 written plainly, needs no BigInt round trip.
  if (plainDecimal.test(text)) return new JsonNumber(text)
  if (nullWords.has(text)) return null
  if (trueWords.has(text)) return true
  if (falseWords.has(text)) return false
  if (text in infinities) return infinities[text]
  const first = text[0]
  if (first === '.') {
    const value = parseGoFloat(text)
    return value === undefined ? text : value
  }
  if (!(first >= '0' && first <= '9') && first !== '-' && first !== '+') return text
  const plain = text.replaceAll('_', '')
  const integer = parseGoInteger(plain)
  if (integer !== undefined && integer >= minInt64 && integer <= maxUint64) {
    if (integer <= maxInt64) return new JsonNumber(integer.toString())
    // go-yaml gives a uint64; kubectl's unstructured round trip keeps only int64 or float64.
    if (!/^[+-]/.test(plain)) return new JsonNumber(goJsonFloat(Number(integer)))
  }
  if (yamlStyleFloat.test(plain)) {
    const value = parseGoFloat(plain)
    if (value !== undefined) return value
  }
  return text
}

/** strconv.ParseInt/ParseUint with base 0: 0x, 0o, 0b prefixes and a leading 0 for octal. */
function parseGoInteger(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text)
  if (!match) return undefined
  const [, sign, digits] = match
  let value: bigint
  if (/^0[oO]/.test(digits)) value = BigInt(`0o${digits.slice(2)}`)
  else if (/^0[0-7]+$/.test(digits)) value = BigInt(`0o${digits.slice(1)}`)
  else value = BigInt(digits)
  return sign === '-' ? -value : value
}

/** strconv.ParseFloat for decimal text; undefined when out of float64 range. */
function parseGoFloat(text: string): JsonNumber | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) return undefined
  return new JsonNumber(goJsonFloat(value))
}

/** encoding/json's float64 text: shortest form, exponent below 1e-6 and from 1e21. */
export function goJsonFloat(value: number): string {
  if (Object.is(value, -0)) return '-0'
  return String(value)
}

export function resolveJsonLiteral(text: string): Exclude<JsonValue, JsonValue[] | JsonObject> | number {
  if (text === 'null') return null
  if (text === 'true') return true
  if (text === 'false') return false
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return resolvePlain(text)
  // kubectl decodes into unstructured maps: an int64 when the text is one, else a float64.
  if (/^-?\d+$/.test(text)) {
    const integer = BigInt(text)
    if (integer >= minInt64 && integer <= maxInt64) return new JsonNumber(integer.toString())
  }
  const value = Number(text)
  return Number.isFinite(value) ? new JsonNumber(goJsonFloat(value)) : value
}

export function goFloatName(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'
}
