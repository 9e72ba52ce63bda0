/**
 * sigs.k8s.io/yaml yamlToJSONTarget after Unmarshal: convertToJSONableObject (map keys to
 * strings, refusing nil and uint64 keys) and json.Marshal (refusing NaN and infinities). Their
 * errors are returned as they are, without a "yaml: " prefix.
 */
import { formatFloatG } from './goStrconv.js'
import { formatSharpV } from './goFormat.js'
import { GoMap, GoUint, type GoValue, runTask, type Task } from './values.js'

/** A JSON-able value: string-keyed maps (Go map[string]interface{}) and the scalars. */
export type Jsonable = GoValue | Map<string, Jsonable> | Jsonable[]

export class ConversionFailure extends Error {}

/** The string a map key becomes, or undefined for a key type JSON cannot take. */
function keyString(key: GoValue): string | undefined {
  if (typeof key === 'string') return key
  if (typeof key === 'bigint') return key.toString()
  if (typeof key === 'boolean') return String(key)
  if (typeof key === 'number') {
    // Stolen from go-yaml: the float32 formatting it marshals floats with.
    const s = formatFloatG(key, 32)
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s
  }
  return undefined
}

function* convert(value: GoValue): Task<Jsonable> {
  if (value instanceof GoMap) {
    const out = new Map<string, Jsonable>()
    for (let i = 0; i < value.size; i++) {
      const key = value.keys[i]
      const s = keyString(key)
      if (s === undefined) {
        const type = key instanceof GoUint ? 'uint64' : '%!s(<nil>)'
        const shown = key instanceof GoUint ? '0x' + key.value.toString(16) : '<nil>'
        throw new ConversionFailure(
          `unsupported map key of type: ${type}, key: ${shown}, value: ${formatSharpV(value.values[i])}`
        )
      }
      out.set(s, (yield convert(value.values[i])) as Jsonable)
    }
    return out
  }
  if (Array.isArray(value)) {
    const out: Jsonable[] = []
    for (const item of value) out.push((yield convert(item)) as Jsonable)
    return out
  }
  return value
}

/** Go's string order: by bytes (these are byte strings). */
const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The first float json.Marshal refuses, in its order (map keys sorted), as its error says it. */
function* unsupported(value: Jsonable): Task<string | undefined> {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : formatFloatG(value, 64)
  if (value instanceof Map) {
    for (const key of [...value.keys()].sort(byBytes)) {
      const found = (yield unsupported(value.get(key) as Jsonable)) as string | undefined
      if (found !== undefined) return found
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      const found = (yield unsupported(item)) as string | undefined
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** convertToJSONableObject's value (a value jsonError found nothing wrong with). */
export function toJsonable(value: GoValue): Jsonable {
  return runTask(convert(value))
}

/** The error of convertToJSONableObject and json.Marshal, if any. */
export function jsonError(value: GoValue, nonFinite: boolean): string | undefined {
  const converted = runTask(convert(value))
  if (!nonFinite) return undefined
  const bad = runTask(unsupported(converted))
  return bad === undefined ? undefined : `json: unsupported value: ${bad}`
}
