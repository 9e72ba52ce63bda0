/**
 * decode.go's parser: the node tree of the first document, read event by event as Unmarshal reads
 * it (newParser, parse, document, mapping, sequence, scalar, alias), and (*parser).fail's wording
 * of libyaml's errors. Only the events it asks for are produced, so a syntax error past the first
 * document is not reported (a character the reader refuses still is, when it lies in a raw chunk
 * the scanner has had decoded).
 */
import { parse } from './parser.js'
import type { YamlParser } from './parserState.js'
import { ErrorType, Ev, eventNames, type EventType, GoPanic, YamlFailure, type YamlEvent } from './types.js'

/** decode.go's node kinds. */
export const Kind = { DOCUMENT: 1, MAPPING: 2, SEQUENCE: 4, SCALAR: 8, ALIAS: 16 } as const

/**
 * A node of decode.go's tree; a plain scalar without tag or anchor (most of a manifest) is its
 * value alone, which saves the garbage collector most of the tree.
 */
export type Child = YamlNode | string

export interface YamlNode {
  kind: number
  tag: string
  value: string
  implicit: boolean
  children: Child[]
  /** For an alias, the node its anchor names. */
  alias: YamlNode | undefined
  /** Nesting of mappings and sequences, aliases counted as what they name. */
  depth: number
  /** A collection whose end has not been read yet. */
  open: boolean
}

/** The children of every scalar and alias: none, and never added to. */
const noChildren: Child[] = []

function newNode(kind: number): YamlNode {
  const children = kind === Kind.SCALAR || kind === Kind.ALIAS ? noChildren : []
  return { kind, tag: '', value: '', implicit: false, children, alias: undefined, depth: 0, open: false }
}

export class Composer {
  /** The event read and not yet consumed (Go's p.event; undefined for yaml_NO_EVENT). */
  private event: YamlEvent | undefined = undefined
  private doneInit = false
  private anchors = new Map<string, YamlNode>()
  /** The deepest nesting of collections read so far, also when reading fails. */
  maxDepth = 0

  constructor(private readonly parser: YamlParser) {}

  /** decode.go (*parser).fail: `yaml: line N: problem`, N from the problem or context mark. */
  private fail(): never {
    const p = this.parser
    let line = 0
    if (p.problemMark.line !== 0) {
      line = p.problemMark.line
      // Scanner errors don't iterate line before returning error.
      if (p.error === ErrorType.SCANNER) line++
    } else if (p.contextMark.line !== 0) {
      line = p.contextMark.line
    }
    const where = line !== 0 ? `line ${line}: ` : ''
    throw new YamlFailure(
      `yaml: ${where}${p.problem.length > 0 ? p.problem : 'unknown problem parsing YAML content'}`
    )
  }

  /** decode.go (*parser).expect. */
  private expect(type: EventType): void {
    let event = this.event
    if (event === undefined) {
      event = parse(this.parser)
      if (event === undefined) this.fail()
    }
    if (event.type === Ev.STREAM_END)
      throw new YamlFailure('yaml: attempted to go past the end of stream; corrupted value?')
    if (event.type !== type) {
      this.parser.problem = `expected ${eventNames[type]} event but got ${eventNames[event.type]}`
      this.fail()
    }
    this.event = undefined
  }

  /** decode.go (*parser).peek. */
  private peek(): EventType {
    if (this.event !== undefined) return this.event.type
    const event = parse(this.parser)
    if (event === undefined) this.fail()
    this.event = event
    return event.type
  }

  /** The peeked event (peek() came first). */
  private get current(): YamlEvent {
    return this.event as YamlEvent
  }

  private init(): void {
    if (this.doneInit) return
    this.expect(Ev.STREAM_START)
    this.doneInit = true
  }

  /** decode.go (*parser).parse at the top: the document, or undefined (nil) for an empty stream. */
  parse(): Child | undefined {
    this.init()
    const type = this.peek()
    if (type === Ev.STREAM_END) return undefined
    if (type !== Ev.DOCUMENT_START) return this.node()
    const n = newNode(Kind.DOCUMENT)
    this.anchors = new Map()
    this.expect(Ev.DOCUMENT_START)
    const child = this.node()
    n.children = [child]
    n.depth = typeof child === 'string' ? 0 : child.depth
    this.expect(Ev.DOCUMENT_END)
    return n
  }

  /**
   * decode.go (*parser).parse below the document, with (*parser).mapping and (*parser).sequence:
   * the same events in the same order, the open collections kept on a heap stack (documents may
   * nest 20,000 levels).
   */
  private node(): Child {
    const stack: YamlNode[] = []
    for (;;) {
      const type = this.peek()
      const top = stack.length > 0 ? stack[stack.length - 1] : undefined
      let child: Child
      if (top !== undefined && type === (top.kind === Kind.MAPPING ? Ev.MAPPING_END : Ev.SEQUENCE_END)) {
        this.expect(type)
        top.open = false
        child = stack.pop() as YamlNode
      } else if (type === Ev.SCALAR) {
        child = this.scalar()
      } else if (type === Ev.ALIAS) {
        child = this.alias()
      } else if (type === Ev.MAPPING_START || type === Ev.SEQUENCE_START) {
        stack.push(this.open(type === Ev.MAPPING_START ? Kind.MAPPING : Kind.SEQUENCE))
        if (stack.length > this.maxDepth) this.maxDepth = stack.length
        continue
      } else {
        // A document inside a node, or the stream's end: the parser never gives these here.
        throw new GoPanic('attempted to parse unknown event: ' + eventNames[type])
      }
      const parent = stack.length > 0 ? stack[stack.length - 1] : undefined
      if (parent === undefined) return child
      parent.children.push(child)
      if (typeof child !== 'string' && child.depth + 1 > parent.depth) parent.depth = child.depth + 1
    }
  }

  private anchor(n: YamlNode, anchor: string | undefined): void {
    if (anchor !== undefined) this.anchors.set(anchor, n)
  }

  private alias(): YamlNode {
    const n = newNode(Kind.ALIAS)
    n.value = this.current.anchor ?? ''
    n.alias = this.anchors.get(n.value)
    if (n.alias === undefined) throw new YamlFailure(`yaml: unknown anchor '${n.value}' referenced`)
    // An alias inside the node it names (still open) is refused when decoding.
    n.depth = n.alias.open ? 0 : n.alias.depth
    this.expect(Ev.ALIAS)
    return n
  }

  private scalar(): Child {
    const event = this.current
    if (event.anchor === undefined && event.tag === '' && event.implicit) {
      const value = event.value
      this.expect(Ev.SCALAR)
      return value
    }
    const n = newNode(Kind.SCALAR)
    n.value = this.current.value
    n.tag = this.current.tag
    n.implicit = this.current.implicit
    this.anchor(n, this.current.anchor)
    this.expect(Ev.SCALAR)
    return n
  }

  /** The start of (*parser).mapping or (*parser).sequence. */
  private open(kind: number): YamlNode {
    const n = newNode(kind)
    n.depth = 1
    n.open = true
    this.anchor(n, this.current.anchor)
    this.expect(kind === Kind.MAPPING ? Ev.MAPPING_START : Ev.SEQUENCE_START)
    return n
  }
}
