/**
 * go-yaml's reading of a document (goyaml/check.ts goYamlRead, after sigs.k8s.io/yaml's
 * conversion) as the JSON values the loader takes: Go's byte strings decoded as UTF-8, and numbers
 * as the JSON text kubectl sends — an int64 as it is; a float64, and a uint64 beyond int64 (which
 * kubectl's unstructured round trip turns into a float64), as encoding/json prints a float64.
 * Iterative, like the port: a document may nest as deep as go-yaml allows.
 */
import { GoMap, GoUint, runTask, type Task } from './goyaml/values.js'
import type { Jsonable } from './goyaml/toJson.js'
import { JsonNumber, type JsonObject, type JsonValue } from './jsonValue.js'
import { goJsonFloat } from './scalars.js'

export function toJsonValue(value: Jsonable): JsonValue {
  return runTask(convert(value))
}

function* convert(value: Jsonable): Task<JsonValue> {
  if (value instanceof Map) {
    const out: JsonObject = new Map()
    for (const [key, entry] of value) out.set(utf8(key), (yield convert(entry)) as JsonValue)
    return out
  }
  if (Array.isArray(value)) {
    const out: JsonValue[] = []
    for (const item of value) out.push((yield convert(item)) as JsonValue)
    return out
  }
  return scalar(value)
}

function scalar(value: Exclude<Jsonable, Map<string, Jsonable> | Jsonable[]>): JsonValue {
  if (value === null || typeof value === 'boolean') return value
  if (typeof value === 'string') return utf8(value)
  if (typeof value === 'bigint') return new JsonNumber(value.toString())
  if (typeof value === 'number') return new JsonNumber(goJsonFloat(value))
  if (value instanceof GoUint) return new JsonNumber(goJsonFloat(Number(value.value)))
  // A map with keys JSON cannot take never gets here: the conversion refused it.
  if (value instanceof GoMap) throw new Error('unconverted map')
  return null
}

/**
 * A Go string (bytes held as latin1 code units) as text, each invalid byte one U+FFFD as Go's
 * utf8.DecodeRune (and so json.Marshal) reads it — a `!!binary` key or value can hold any bytes.
 */
function utf8(goString: string): string {
  // Plain ASCII is the same either way; only other bytes need decoding.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(goString)) return goString
  const bytes = Buffer.from(goString, 'latin1')
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const size = runeSize(bytes, i)
    out += size === 0 ? '\ufffd' : bytes.toString('utf8', i, i + size)
    i += size === 0 ? 1 : size
  }
  return out
}

/** The length of the valid UTF-8 sequence at `i` (Go's acceptRanges), or 0 when it is invalid. */
function runeSize(bytes: Buffer, i: number): number {
  const b = bytes[i]
  if (b < 0x80) return 1
  const [size, low, high] =
    b >= 0xc2 && b <= 0xdf
      ? [2, 0x80, 0xbf]
      : b === 0xe0
        ? [3, 0xa0, 0xbf]
        : b === 0xed
          ? [3, 0x80, 0x9f]
          : b >= 0xe1 && b <= 0xef
            ? [3, 0x80, 0xbf]
            : b === 0xf0
              ? [4, 0x90, 0xbf]
              : b >= 0xf1 && b <= 0xf3
                ? [4, 0x80, 0xbf]
                : b === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0]
  if (size === 0 || i + size > bytes.length) return 0
  if (bytes[i + 1] < low || bytes[i + 1] > high) return 0
  for (let k = 2; k < size; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0
  return size
}
