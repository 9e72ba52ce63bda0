/**
 * fmt's %#v (and %+#v, the same for these values) of what go-yaml decodes into interface{}, as
 * decode.go's "invalid map key" and sigs.k8s.io/yaml's "unsupported map key" errors print it.
 */
import { formatFloatG, quote } from './goStrconv.js'
import { GoMap, GoUint, type GoValue, runTask, type Task } from './values.js'

/**
 * fmt sorts interface{} map keys by type first, by the address of the type's descriptor: an
 * accident of the binary's layout. This is the order the oracle's build shows (yamlsyntax
 * --fmt-order); it only matters for maps whose keys have different types.
 */
const typeOrder = (value: GoValue): number => {
  if (value === null) return -1
  if (typeof value === 'string') return 0
  if (value instanceof GoUint) return 1
  if (typeof value === 'bigint') return 2
  if (typeof value === 'number') return 3
  return 4
}

/** internal/fmtsort compare for interface{} keys of scalar types. */
function compareKeys(a: GoValue, b: GoValue): number {
  const ta = typeOrder(a)
  const tb = typeOrder(b)
  if (ta !== tb) return ta - tb
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (a instanceof GoUint && b instanceof GoUint) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'number' && typeof b === 'number') {
    // cmp.Compare: NaN first.
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1
    if (Number.isNaN(b)) return 1
    return a < b ? -1 : a > b ? 1 : 0
  }
  return a === b ? 0 : a === false ? -1 : 1
}

/** A scalar as %#v prints it. */
function formatScalar(value: GoValue, top: boolean): string {
  if (value === null) return top ? '<nil>' : 'interface {}(nil)'
  if (typeof value === 'string') return quote(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return formatFloatG(value, 64)
  if (typeof value === 'boolean') return String(value)
  if (value instanceof GoUint) return '0x' + value.value.toString(16)
  return ''
}

function* format(value: GoValue, top: boolean): Task<string> {
  if (value instanceof GoMap) {
    const order = value.keys.map((_, i) => i).sort((i, j) => compareKeys(value.keys[i], value.keys[j]))
    const parts: string[] = []
    for (const i of order) {
      const key = (yield format(value.keys[i], false)) as string
      parts.push(`${key}:${(yield format(value.values[i], false)) as string}`)
    }
    return `map[interface {}]interface {}{${parts.join(', ')}}`
  }
  if (Array.isArray(value)) {
    const parts: string[] = []
    for (const item of value) parts.push((yield format(item, false)) as string)
    return `[]interface {}{${parts.join(', ')}}`
  }
  return formatScalar(value, top)
}

/** %#v of a value passed to fmt as an interface{} argument. */
export function formatSharpV(value: GoValue): string {
  return runTask(format(value, true))
}
