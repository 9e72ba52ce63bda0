/**
 * kubectl's JSONPath templates evaluated as k8s.io/client-go/util/jsonpath/jsonpath.go evaluates
 * them over an unstructured object (JSON values): FindResults walks the parsed nodes, `range`
 * repeats the nodes up to its `end` for each result, and PrintResults prints scalars as text and
 * maps and lists as compact JSON, results of one expression separated by spaces. kubectl's
 * printers allow missing keys (a missing field prints nothing), as here by default.
 */
import { JsonPathError, parseJsonPath, type JsonPathNode, type ListNode } from './parser.js'

export { JsonPathError } from './parser.js'

/** A byte of a string that `..` or `*` descended into: Go's reflect.Value.Index gives a uint8. */
class StringByte {
  constructor(readonly value: number) {}
}

type Value = unknown

function isMap(value: Value): value is Record<string, Value> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof StringByte)
  )
}

function isNil(value: Value): boolean {
  return value === null || value === undefined
}

/** A string's bytes, as Go indexes a string. */
function bytesOf(text: string): StringByte[] {
  return [...Buffer.from(text, 'utf8')].map(b => new StringByte(b))
}

function goTypeName(value: Value): string {
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64'
  if (typeof value === 'boolean') return 'bool'
  if (isMap(value)) return 'map[string]interface {}'
  if (Array.isArray(value)) return '[]interface {}'
  return 'interface {}'
}

export class JsonPath {
  private beginRange = 0
  private inRange = 0
  private endRange = 0
  private lastEndNode: JsonPathNode | undefined
  private readonly root: ListNode

  constructor(
    readonly name: string,
    template: string,
    private readonly allowMissingKeys = true
  ) {
    this.root = parseJsonPath(name, template)
  }

  /** Every expression's results, in template order (text nodes too). */
  findResults(data: Value): Value[][] {
    return this.find(data, this.root.nodes)
  }

  private find(data: Value, nodes: JsonPathNode[]): Value[][] {
    const full: Value[][] = []
    const cur = [data]
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]
      const results = this.walk(cur, node)
      // An end node closes the innermost range block.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--
        this.lastEndNode = node
        break
      }
      if (this.beginRange > 0) {
        this.beginRange--
        this.inRange++
        const rest = nodes.slice(i + 1)
        if (results.length > 0) for (const value of results) full.push(...this.find(value, rest))
        // No results: the block is still walked, so that its end is found.
        else this.find(null, rest)
        this.inRange--
        // Resume after the end node the block reached.
        for (let k = i + 1; k < nodes.length; k++)
          if (nodes[k] === this.lastEndNode) {
            i = k
            break
          }
        continue
      }
      full.push(results)
    }
    return full
  }

  /** The template's text for `data`. */
  execute(data: Value, outputJson = false): string {
    return this.findResults(data)
      .map(results => printResults(results, outputJson))
      .join('')
  }

  private walk(value: Value[], node: JsonPathNode): Value[] {
    switch (node.type) {
      case 'list':
        return this.evalList(value, node)
      case 'text':
        return [node.text]
      case 'field':
        return this.evalField(value, node.value)
      case 'array':
        return evalArray(value, node)
      case 'filter':
        return this.evalFilter(value, node)
      case 'int':
      case 'float':
      case 'bool':
        return [node.value]
      case 'wildcard':
        return evalWildcard(value)
      case 'recursive':
        return evalRecursive(value)
      case 'union':
        return node.nodes.flatMap(list => this.evalList(value, list))
      case 'identifier':
        return this.evalIdentifier(value, node.name)
    }
  }

  private evalList(value: Value[], node: ListNode): Value[] {
    let cur = value
    for (const child of node.nodes) cur = this.walk(cur, child)
    return cur
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === 'range') {
      this.beginRange++
      return input
    }
    if (name === 'end') {
      if (this.inRange > 0) {
        this.endRange++
        return []
      }
      throw new JsonPathError('not in range, nothing to end')
    }
    throw new JsonPathError(`unrecognized identifier ${name}`)
  }

  private evalField(input: Value[], field: string): Value[] {
    const results: Value[] = []
    if (input.length === 0) return results
    for (const value of input) {
      if (isNil(value)) continue
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, field)) results.push(value[field])
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${field} is not found`)
    return results
  }

  private evalFilter(input: Value[], node: Extract<JsonPathNode, { type: 'filter' }>): Value[] {
    const results: Value[] = []
    for (const value of input) {
      if (!Array.isArray(value))
        throw new JsonPathError(`${goPrint(value)} is not array or slice and cannot be filtered`)
      for (const item of value) {
        if (node.operator === 'exists') {
          if (this.exists(item, node.left)) results.push(item)
          continue
        }
        const left = this.single(this.evalList([item], node.left))
        if (left === undefined) continue
        const right = this.single(this.evalList([item], node.right))
        if (right === undefined) continue
        if (compare(left.value, right.value, node.operator)) results.push(item)
      }
    }
    return results
  }

  /** An error while looking counts as nothing found: jsonpath.go ignores it here. */
  private exists(item: Value, left: ListNode): boolean {
    try {
      return this.evalList([item], left).length > 0
    } catch {
      return false
    }
  }

  private single(values: Value[]): { value: Value } | undefined {
    if (values.length === 0) return undefined
    if (values.length > 1) throw new JsonPathError('can only compare one element at a time')
    return { value: values[0] }
  }
}

function evalArray(input: Value[], node: Extract<JsonPathNode, { type: 'array' }>): Value[] {
  const result: Value[] = []
  for (const value of input) {
    if (isNil(value)) continue
    if (!Array.isArray(value)) throw new JsonPathError(`${goTypeName(value)} is not array or slice`)
    const [p0, p1, p2] = node.params.map(p => ({ ...p }))
    const length = value.length
    if (!p0.known) p0.value = 0
    if (p0.value < 0) p0.value += length
    if (!p1.known) p1.value = length
    if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += length
    // Asking for no elements is allowed, and ends the evaluation there.
    if (p1.value === p0.value) return result
    if (p0.value >= length || p0.value < 0)
      throw new JsonPathError(`array index out of bounds: index ${p0.value}, length ${length}`)
    if (p1.value > length || p1.value < 0)
      throw new JsonPathError(`array index out of bounds: index ${p1.value - 1}, length ${length}`)
    if (p0.value > p1.value)
      throw new JsonPathError(`starting index ${p0.value} is greater than ending index ${p1.value}`)
    let step = 1
    if (p2.known) {
      if (p2.value <= 0) throw new JsonPathError('step must be > 0')
      step = p2.value
    }
    const slice = value.slice(p0.value, p1.value)
    for (let i = 0; i < slice.length; i += step) result.push(slice[i])
  }
  return result
}

/** The values a map or list holds (a string's bytes), in order; nothing for a scalar. */
function children(value: Value): Value[] {
  if (isMap(value)) return Object.values(value)
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return bytesOf(value)
  return []
}

function evalWildcard(input: Value[]): Value[] {
  return input.filter(value => !isNil(value)).flatMap(children)
}

/** Every value under each input, depth first, each container before what it holds. */
function evalRecursive(input: Value[]): Value[] {
  const result: Value[] = []
  for (const value of input) {
    if (isNil(value)) continue
    const inner = children(value)
    if (inner.length === 0) continue
    result.push(value)
    result.push(...evalRecursive(inner))
  }
  return result
}

/** text/template's comparison functions (lt, gt, eq, ne, le, ge) over JSON scalars. */
function compare(left: Value, right: Value, operator: string): boolean {
  const kind = (v: Value): string => (typeof v === 'number' ? 'number' : typeof v)
  const comparable = ['number', 'string', 'boolean']
  if (!comparable.includes(kind(left)) || !comparable.includes(kind(right)))
    throw new JsonPathError('invalid type for comparison')
  if (kind(left) !== kind(right)) throw new JsonPathError('incompatible types for comparison')
  if (operator === '==') return left === right
  if (operator === '!=') return left !== right
  if (typeof left === 'boolean') throw new JsonPathError('invalid type for comparison')
  const l = left as number | string
  const r = right as number | string
  switch (operator) {
    case '<':
      return l < r
    case '>':
      return l > r
    case '<=':
      return l <= r
    case '>=':
      return l >= r
  }
  throw new JsonPathError(`unrecognized filter operator ${operator}`)
}

/** JSON as Go's encoding/json writes it: map keys sorted; `indent` for MarshalIndent. */
export function goJson(value: Value, indent = ''): string {
  const sorted = (v: Value): Value => {
    if (v instanceof StringByte) return v.value
    if (Array.isArray(v)) return v.map(sorted)
    if (isMap(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map(k => [k, sorted(v[k])])
      )
    return v
  }
  const text = JSON.stringify(sorted(value), null, indent) ?? 'null'
  // encoding/json escapes <, > and & for HTML safety.
  return text.replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** fmt.Sprint of a JSON value, as Go prints an unstructured value. */
export function goPrint(value: Value): string {
  if (value instanceof StringByte) return String(value.value)
  if (value === null || value === undefined) return '<nil>'
  if (typeof value === 'number') return goFloat(value)
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`
  if (isMap(value))
    return `map[${Object.keys(value)
      .sort()
      .map(k => `${k}:${goPrint(value[k])}`)
      .join(' ')}]`
  return String(value)
}

/** %v of a float64 (strconv 'g' with the shortest precision, exponent from 21 digits). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  const text = String(n)
  return text.replace(/e([+-])(\d)$/, 'e$10$2')
}

function printResults(results: Value[], outputJson: boolean): string {
  if (outputJson) return `${goJson(results, '    ')}\n`
  return results
    .map(r => {
      if (isMap(r) || Array.isArray(r)) return goJson(r)
      if (r === null || r === undefined) return 'null'
      return goPrint(r)
    })
    .join(' ')
}
