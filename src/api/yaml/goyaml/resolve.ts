/** resolve.go: the tag and Go value of a scalar, and the tags a value may be decoded as. */
import { parseFloatDecimal, parseInt64, parseUint } from './goStrconv.js'
import { parseTimestamp } from './timestamp.js'
import { longTagPrefix, Tag, YamlFailure } from './types.js'
import { GoUint, type GoValue } from './values.js'

/** resolve.go resolveTable: the hint a value's first byte gives ('' for none). */
const resolveTable: string[] = new Array<string>(256).fill('')
resolveTable[0x2b] = 'S'
resolveTable[0x2d] = 'S'
for (let c = 0x30; c <= 0x39; c++) resolveTable[c] = 'D'
for (const c of 'yYnNtTfFoO~') resolveTable[c.charCodeAt(0)] = 'M'
resolveTable[0x2e] = '.'

/** resolve.go resolveMap. */
const resolveMap = new Map<string, [string, GoValue]>()
for (const [value, tag, names] of [
  [true, Tag.BOOL, 'y Y yes Yes YES true True TRUE on On ON'],
  [false, Tag.BOOL, 'n N no No NO false False FALSE off Off OFF'],
  [null, Tag.NULL, '~ null Null NULL'],
  [NaN, Tag.FLOAT, '.nan .NaN .NAN'],
  [Infinity, Tag.FLOAT, '.inf .Inf .INF +.inf +.Inf +.INF'],
  [-Infinity, Tag.FLOAT, '-.inf -.Inf -.INF'],
  ['<<', Tag.MERGE, '<<']
] as const) {
  for (const name of names.split(' ')) resolveMap.set(name, [tag, value])
}
resolveMap.set('', [Tag.NULL, null])

/** resolve.go shortTag. */
export function shortTag(tag: string): string {
  return tag.startsWith(longTagPrefix) ? '!!' + tag.slice(longTagPrefix.length) : tag
}

const resolvable = new Set<string>(['', Tag.STR, Tag.BOOL, Tag.INT, Tag.FLOAT, Tag.NULL, Tag.TIMESTAMP])

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/

/** An int64 as go-yaml returns it (int on a 64-bit machine). */
function intResult(value: bigint): [string, GoValue] {
  return [Tag.INT, value]
}

/** The numbers and timestamps of resolve.go's 'D' and 'S' hints. */
function resolveNumber(tag: string, input: string): [string, GoValue] | undefined {
  // Only an untagged or !!timestamp value may be a timestamp; for interface{} it stays a string.
  if ((tag === '' || tag === Tag.TIMESTAMP) && parseTimestamp(input)) return [Tag.TIMESTAMP, input]
  const plain = input.includes('_') ? input.replaceAll('_', '') : input
  const intv = parseInt64(plain, 0)
  if (intv !== undefined) return intResult(intv)
  const uintv = parseUint(plain, 0)
  if (uintv !== undefined) return [Tag.INT, new GoUint(uintv)]
  if (yamlStyleFloat.test(plain)) {
    const floatv = parseFloatDecimal(plain)
    if (floatv !== undefined) return [Tag.FLOAT, floatv]
  }
  if (plain.startsWith('0b')) {
    const binary = parseInt64(plain.slice(2), 2)
    if (binary !== undefined) return intResult(binary)
    const ubinary = parseUint(plain.slice(2), 2)
    if (ubinary !== undefined) return [Tag.INT, new GoUint(ubinary)]
  } else if (plain.startsWith('-0b')) {
    const binary = parseInt64('-' + plain.slice(3), 2)
    if (binary !== undefined) return intResult(binary)
  }
  return undefined
}

/** resolve.go resolve before its deferred tag check. */
function resolveValue(tag: string, input: string): [string, GoValue] {
  const hint = input === '' ? 'N' : resolveTable[input.charCodeAt(0)]
  if (hint !== '' && tag !== Tag.STR && tag !== Tag.BINARY) {
    const item = resolveMap.get(input)
    if (item) return item
    if (hint === '.') {
      const floatv = parseFloatDecimal(input)
      if (floatv !== undefined) return [Tag.FLOAT, floatv]
    } else if (hint === 'D' || hint === 'S') {
      const number = resolveNumber(tag, input)
      if (number) return number
    }
  }
  return [Tag.STR, input]
}

/** resolve.go resolve: [tag, value], failing when an explicit tag does not fit the value. */
export function resolve(tag: string, input: string): [string, GoValue] {
  if (!resolvable.has(tag)) return [tag, input]
  const [rtag, out] = resolveValue(tag, input)
  if (tag === '' || tag === rtag || tag === Tag.STR || tag === Tag.BINARY) return [rtag, out]
  if (tag === Tag.FLOAT && rtag === Tag.INT && typeof out === 'bigint') return [Tag.FLOAT, Number(out)]
  throw new YamlFailure(`yaml: cannot decode ${shortTag(rtag)} \`${input}\` as a ${shortTag(tag)}`)
}
