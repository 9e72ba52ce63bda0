/**
 * JSON read as Go's encoding/json reads it, for the one annotation the API server unmarshals
 * (scheduler.alpha.kubernetes.io/tolerations): the syntax errors of its scanner
 * (encoding/json/scanner.go), word for word, and a tree that keeps each number's text.
 */

import { goQuote } from './fieldErrors.js'

export type GoJson =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: GoJson[] }
  | { kind: 'object'; entries: [string, GoJson][] }

class SyntaxError extends Error {}

/** quoteChar of encoding/json/scanner.go. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''"
  if (c === '"') return "'\"'"
  const quoted = goQuote(c)
  return `'${quoted.slice(1, -1)}'`
}

const spaceWelcome = new Set([
  'looking for beginning of value',
  'looking for beginning of object key string',
  'after object key',
  'after object key:value pair',
  'after array element',
  'in string literal'
])

class Reader {
  private i = 0
  constructor(private readonly text: string) {}

  /**
   * At the end, Go's scanner.eof steps over a space: where a space is welcome the input merely
   * ended; inside a number, literal or escape the space is the invalid character.
   */
  fail(context: string): never {
    if (this.i < this.text.length) {
      throw new SyntaxError(`invalid character ${quoteChar(this.text[this.i])} ${context}`)
    }
    if (spaceWelcome.has(context)) throw new SyntaxError('unexpected end of JSON input')
    throw new SyntaxError(`invalid character ' ' ${context}`)
  }

  private skip(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++
  }

  private peek(): string | undefined {
    return this.text[this.i]
  }

  document(): GoJson {
    const value = this.value()
    this.skip()
    if (this.i < this.text.length) this.fail('after top-level value')
    return value
  }

  private value(): GoJson {
    this.skip()
    const c = this.peek()
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return { kind: 'string', value: this.string() }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { kind: 'number', text: this.number() }
    for (const [word, value] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }]
    ] as const) {
      if (c !== word[0]) continue
      this.i++
      for (const expected of word.slice(1)) {
        if (this.peek() !== expected) this.fail(`in literal ${word} (expecting '${expected}')`)
        this.i++
      }
      return value
    }
    return this.fail('looking for beginning of value')
  }

  private object(): GoJson {
    this.i++
    const entries: [string, GoJson][] = []
    this.skip()
    if (this.peek() === '}') {
      this.i++
      return { kind: 'object', entries }
    }
    for (;;) {
      this.skip()
      if (this.peek() !== '"') this.fail('looking for beginning of object key string')
      const key = this.string()
      this.skip()
      if (this.peek() !== ':') this.fail('after object key')
      this.i++
      entries.push([key, this.value()])
      this.skip()
      const next = this.peek()
      this.i++
      if (next === '}') return { kind: 'object', entries }
      if (next !== ',') {
        this.i--
        this.fail('after object key:value pair')
      }
    }
  }

  private array(): GoJson {
    this.i++
    const items: GoJson[] = []
    this.skip()
    if (this.peek() === ']') {
      this.i++
      return { kind: 'array', items }
    }
    for (;;) {
      items.push(this.value())
      this.skip()
      const next = this.peek()
      this.i++
      if (next === ']') return { kind: 'array', items }
      if (next !== ',') {
        this.i--
        this.fail('after array element')
      }
    }
  }

  private string(): string {
    const start = this.i
    this.i++
    for (;;) {
      const c = this.peek()
      if (c === undefined) this.fail('in string literal')
      if (c === '"') break
      if (c < ' ') this.fail('in string literal')
      if (c === '\\') {
        this.i++
        const e = this.peek()
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++
            if (!/^[0-9a-fA-F]$/.test(this.peek() ?? '')) this.fail('in \\u hexadecimal character escape')
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('in string escape code')
      }
      this.i++
    }
    this.i++
    return JSON.parse(this.text.slice(start, this.i)) as string
  }

  private digits(): void {
    while (/^[0-9]$/.test(this.peek() ?? '')) this.i++
  }

  private number(): string {
    const start = this.i
    if (this.peek() === '-') this.i++
    const first = this.peek() ?? ''
    if (first === '0') this.i++
    else if (/^[1-9]$/.test(first)) this.digits()
    else this.fail('in numeric literal')
    if (this.peek() === '.') {
      this.i++
      if (!/^[0-9]$/.test(this.peek() ?? '')) this.fail('after decimal point in numeric literal')
      this.digits()
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++
      if (this.peek() === '+' || this.peek() === '-') this.i++
      if (!/^[0-9]$/.test(this.peek() ?? '')) this.fail('in exponent of numeric literal')
      this.digits()
    }
    return this.text.slice(start, this.i)
  }
}

/** The document, or the scanner's error message. */
export function readGoJson(text: string): GoJson | string {
  try {
    return new Reader(text).document()
  } catch (e) {
    if (e instanceof SyntaxError) return e.message
    throw e
  }
}
