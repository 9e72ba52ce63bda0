/**
 * From an API field path (`spec.template.spec.containers[0].image`, `labels[app.kubernetes.io/name]`)
 * to the place in a YAML document where that field is written.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document, Node as YamlNode, Scalar } from 'yaml'
import { JsonNumber } from './jsonValue.js'
import { resolvePlain } from './scalars.js'

/** Splits a field path like `spec.containers[0].env[1].name` or `labels[app.kubernetes.io/name]`. */
export function splitFieldPath(fieldPath: string): string[] {
  const segments: string[] = []
  let current = ''
  for (let i = 0; i < fieldPath.length; i++) {
    const c = fieldPath[i]
    if (c === '.') {
      if (current) segments.push(current)
      current = ''
    } else if (c === '[') {
      if (current) segments.push(current)
      const end = fieldPath.indexOf(']', i)
      segments.push(fieldPath.slice(i + 1, end < 0 ? undefined : end))
      current = ''
      i = end < 0 ? fieldPath.length : end
    } else current += c
  }
  if (current) segments.push(current)
  return segments
}

/**
 * The offset of the node a path names: the key of a map entry, the item of a sequence, or, when
 * the path goes further than the document (a required field that is missing), its deepest
 * existing ancestor.
 */
export function locateOffset(doc: Document.Parsed, path: readonly string[]): number | undefined {
  let node: unknown = doc.contents
  let offset: number | undefined = (doc.contents as YamlNode | null)?.range?.[0]
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc)
    if (isMap(node)) {
      const pair = findPair(doc, node.items, segment, 0)
      if (!pair) break
      offset = (pair.key as YamlNode).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && /^\d+$/.test(segment) && Number(segment) < node.items.length) {
      node = node.items[Number(segment)]
      offset = (node as YamlNode | null)?.range?.[0] ?? offset
    } else break
  }
  return offset
}

type Pair = { key: unknown; value: unknown }

function findPair(
  doc: Document.Parsed,
  items: readonly unknown[],
  segment: string,
  depth: number
): Pair | undefined {
  if (depth > 20) return undefined
  for (const item of items) {
    if (!isPair(item)) continue
    const key = item.key as YamlNode | null
    if (isScalar(key) && keyText(key) === segment && !isMergeKey(key)) return item
  }
  for (const item of items) {
    if (!isPair(item) || !isMergeKey(item.key as YamlNode | null)) continue
    const value = item.value as YamlNode | null
    const sources = isSeq(value) ? value.items : [value]
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source
      if (isMap(target)) {
        const found = findPair(doc, target.items, segment, depth + 1)
        if (found) return found
      }
    }
  }
  return undefined
}

function keyText(node: Scalar): string {
  if (node.type !== 'PLAIN' || node.tag) return String(node.value)
  const value = resolvePlain(String(node.value))
  return value instanceof JsonNumber ? value.text : String(value)
}

export function isMergeKey(node: YamlNode | null): boolean {
  return isScalar(node) && node.type === 'PLAIN' && !node.tag && node.value === '<<'
}
