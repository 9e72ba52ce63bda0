/**
 * kubectl's JSONPath template language, parsed as k8s.io/client-go/util/jsonpath/parser.go parses
 * it: text outside `{…}` is printed as is; inside, fields, `[start:end:step]`, unions, `..`,
 * `[?(…)]` filters, quoted strings, numbers, booleans and the `range` / `end` identifiers. No npm
 * JSONPath library speaks this dialect (the `{range}{end}` templates, `..` over maps, kubectl's
 * filter syntax), so it is ported: the same node kinds, the same recursion, the same error texts.
 */

export interface ArrayParam {
  value: number
  known: boolean
  /** The end of `[i]`, derived from its start (i + 1). */
  derived: boolean
}

export type JsonPathNode =
  | { type: 'list'; nodes: JsonPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [ArrayParam, ArrayParam, ArrayParam] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }

export type ListNode = Extract<JsonPathNode, { type: 'list' }>

export class JsonPathError extends Error {}

const EOF = ''
const leftDelim = '{'
const rightDelim = '}'
const dictKeyRex = /^'([^']*)'$/
const sliceOperatorRex = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/
const filterRex = /^([^!<>=]+)([!<>=]+)(.+?)$/s

function newList(): ListNode {
  return { type: 'list', nodes: [] }
}

function isSpace(r: string): boolean {
  return r === ' ' || r === '\t'
}

function isEndOfLine(r: string): boolean {
  return r === '\r' || r === '\n'
}

function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true
  return [EOF, '.', ',', '[', ']', '$', '@', '{', '}'].includes(r)
}

function isDigit(r: string): boolean {
  return /^\p{Nd}$/u.test(r)
}

function isAlphaNumeric(r: string): boolean {
  return r === '_' || /^[\p{L}\p{Nd}]$/u.test(r)
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"'
}

/** parser.go's UnquoteExtend: strconv.Unquote for a single- or double-quoted string. */
function unquoteExtend(text: string): string {
  const fail = (): never => {
    throw new JsonPathError(`unquote string ${text} error invalid syntax`)
  }
  const quote = text[0]
  if (text.length < 2 || quote !== text[text.length - 1] || (quote !== '"' && quote !== "'")) fail()
  const body = text.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === quote || c === '\n') fail()
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i] ?? fail()
    if (e in simpleEscapes) {
      // Inside '…' a \" and inside "…" a \' are not escapes Go knows.
      if ((e === '"' && quote === "'") || (e === "'" && quote === '"')) fail()
      out += simpleEscapes[e]
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i + 1, i + 1 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail()
      out += String.fromCodePoint(parseInt(hex, 16))
      i += n
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(oct)) fail()
      out += String.fromCharCode(parseInt(oct, 8))
      i += 2
    } else fail()
  }
  return out
}

export class Parser {
  root: ListNode = newList()
  private pos = 0
  private start = 0
  private chars: string[] = []

  constructor(readonly name: string) {}

  /** Parse; throws JsonPathError with parser.go's message. */
  parse(text: string): void {
    this.chars = Array.from(text)
    this.root = newList()
    this.pos = 0
    this.start = 0
    this.parseText(this.root)
  }

  private rest(): string {
    return this.chars.slice(this.pos).join('')
  }

  private consumeText(): string {
    const value = this.chars.slice(this.start, this.pos).join('')
    this.start = this.pos
    return value
  }

  private next(): string {
    if (this.pos >= this.chars.length) {
      this.pos++
      return EOF
    }
    return this.chars[this.pos++]
  }

  private peek(): string {
    return this.pos < this.chars.length ? this.chars[this.pos] : EOF
  }

  private backup(): void {
    this.pos--
  }

  private at(offset: number): string {
    return this.chars[this.pos + offset] ?? ''
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith(leftDelim)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() })
        this.parseLeftDelim(cur)
        return
      }
      if (this.next() === EOF) {
        this.backup()
        break
      }
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() })
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1
    this.consumeText()
    const node = newList()
    cur.nodes.push(node)
    this.parseInsideAction(node)
  }

  private parseRightDelim(): void {
    this.pos += 1
    this.consumeText()
    this.parseText(this.root)
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest()
      if (rest.startsWith(rightDelim)) return this.parseRightDelim()
      if (rest.startsWith('[?(')) return this.parseFilter(cur)
      if (rest.startsWith('..')) return this.parseRecursive(cur)
      const r = this.next()
      if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action')
      if (r === ' ' || r === '@' || r === '$') {
        // Spaces and the current object (@, $) change nothing.
        this.consumeText()
        continue
      }
      if (r === '[') return this.parseArray(cur)
      if (r === '"' || r === "'") return this.parseQuote(cur, r)
      if (r === '.') return this.parseField(cur)
      if (r === '+' || r === '-' || isDigit(r)) {
        this.backup()
        return this.parseNumber(cur)
      }
      if (isAlphaNumeric(r)) {
        this.backup()
        return this.parseIdentifier(cur)
      }
      const code = r.codePointAt(0) ?? 0
      throw new JsonPathError(
        `unrecognized character in action: U+${code.toString(16).toUpperCase().padStart(4, '0')} '${r}'`
      )
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup()
        break
      }
    }
    const value = this.consumeText()
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' })
    else cur.nodes.push({ type: 'identifier', name: value })
    this.parseInsideAction(cur)
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent')
    this.pos += 2
    this.consumeText()
    cur.nodes.push({ type: 'recursive' })
    if (isAlphaNumeric(this.peek())) return this.parseField(cur)
    this.parseInsideAction(cur)
  }

  private parseNumber(cur: ListNode): void {
    const sign = this.peek()
    if (sign === '+' || sign === '-') this.next()
    for (;;) {
      const r = this.next()
      if (r !== '.' && !isDigit(r)) {
        this.backup()
        break
      }
    }
    const value = this.consumeText()
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) })
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) })
    else throw new JsonPathError(`cannot parse number ${value}`)
    this.parseInsideAction(cur)
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next()
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated array')
      if (r === ']') break
    }
    let text = this.consumeText().slice(1, -1)
    if (text === '*') text = ':'
    const parts = text.split(',')
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map(part => parseAction('union', `[${part.trim()}]`)) })
      return this.parseInsideAction(cur)
    }
    const key = dictKeyRex.exec(text)
    if (key) {
      cur.nodes.push(...parseAction('arraydict', `.${key[1]}`).nodes)
      return this.parseInsideAction(cur)
    }
    const slice = sliceOperatorRex.exec(text)
    if (!slice) throw new JsonPathError(`invalid array index ${text}`)
    cur.nodes.push({ type: 'array', params: sliceParams(slice.slice(1)) })
    this.parseInsideAction(cur)
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3
    this.consumeText()
    let begin = false
    let end = false
    let pair = ''
    for (;;) {
      const r = this.next()
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated filter')
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true
          pair = r
          continue
        }
        if (this.at(-2) !== '\\' && r === pair) end = true
      } else if (r === ')' && begin === end) break
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]')
    const text = this.consumeText().slice(0, -2)
    const parts = filterRex.exec(text)
    if (!parts)
      cur.nodes.push({
        type: 'filter',
        left: parseAction('text', text),
        right: newList(),
        operator: 'exists'
      })
    else
      cur.nodes.push({
        type: 'filter',
        left: parseAction('left', parts[1]),
        right: parseAction('right', parts[3]),
        operator: parts[2]
      })
    this.parseInsideAction(cur)
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next()
      if (r === EOF || r === '\n') throw new JsonPathError('unterminated quoted string')
      if (r === end && this.at(-2) !== '\\') break
    }
    cur.nodes.push({ type: 'text', text: unquoteExtend(this.consumeText()) })
    this.parseInsideAction(cur)
  }

  private parseField(cur: ListNode): void {
    this.consumeText()
    while (this.advance()) {
      // up to the next terminator that is not escaped
    }
    const value = this.consumeText()
    if (value === '*') cur.nodes.push({ type: 'wildcard' })
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') })
    this.parseInsideAction(cur)
  }

  private advance(): boolean {
    const r = this.next()
    if (r === '\\') this.next()
    else if (isTerminator(r)) {
      this.backup()
      return false
    }
    return true
  }
}

function sliceParams(value: string[]): [ArrayParam, ArrayParam, ArrayParam] {
  const params: ArrayParam[] = []
  for (let i = 0; i < 3; i++) {
    let text = value[i] ?? ''
    if (text !== '') {
      if (i > 0) text = text.slice(1)
      if (i > 0 && text === '') params.push({ value: 0, known: false, derived: false })
      else {
        if (!/^[+-]?\d+$/.test(text)) throw new JsonPathError(`array index ${text} is not a number`)
        params.push({ value: Number(text), known: true, derived: false })
      }
    } else if (i === 1) params.push({ value: params[0].value + 1, known: true, derived: true })
    else params.push({ value: 0, known: false, derived: false })
  }
  return params as [ArrayParam, ArrayParam, ArrayParam]
}

/** parser.go's parseAction: one expression, as if written inside `{…}`. */
function parseAction(name: string, text: string): ListNode {
  const parser = new Parser(name)
  parser.parse(`${leftDelim}${text}${rightDelim}`)
  return parser.root.nodes[0] as ListNode
}

/** Parses a whole template; the error text is parser.go's. */
export function parseJsonPath(name: string, text: string): ListNode {
  const parser = new Parser(name)
  parser.parse(text)
  return parser.root
}
