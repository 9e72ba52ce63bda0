/**
 * Label selectors as `kubectl get -l` takes them, parsed and matched as
 * k8s.io/apimachinery/pkg/labels/selector.go does: requirements joined by commas, each `key`,
 * `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a)`, `key>1`,
 * `key<1`. `!=` and `notin` match objects without the key, as the API server's do.
 */

export type Operator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | 'gt' | 'lt'

export interface Requirement {
  key: string
  operator: Operator
  values: string[]
}

export class SelectorError extends Error {}

type Token = { kind: 'id' | 'op' | '(' | ')' | ',' | '!' | 'end'; text: string }

/** selector.go's Lexer: identifiers run up to a space or one of the special characters. */
function lex(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    const two = input.slice(i, i + 2)
    if (two === '==' || two === '!=') {
      tokens.push({ kind: 'op', text: two })
      i += 2
    } else if (c === '=' || c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c })
      i++
    } else if (c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c })
      i++
    } else {
      let j = i
      while (j < input.length && !/[\s=!<>(),]/.test(input[j])) j++
      tokens.push({ kind: 'id', text: input.slice(i, j) })
      i = j
    }
  }
  tokens.push({ kind: 'end', text: '' })
  return tokens
}

const keyRex =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const valueRex = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

function checkKey(key: string): void {
  const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key
  if (!keyRex.test(key) || name.length > 63)
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`)
}

function checkValue(value: string): void {
  if (!valueRex.test(value) || value.length > 63)
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`)
}

/** Parses a selector; '' selects everything. Throws SelectorError. */
export function parseSelector(text: string): Requirement[] {
  const tokens = lex(text)
  let pos = 0
  const peek = (): Token => tokens[pos]
  const take = (): Token => tokens[pos++]
  const requirements: Requirement[] = []
  if (peek().kind === 'end') return requirements
  for (;;) {
    requirements.push(parseRequirement(peek, take))
    const t = take()
    if (t.kind === 'end') return requirements
    if (t.kind !== ',') throw new SelectorError(`found '${t.text}', expected: ',' or 'end of string'`)
  }
}

function parseRequirement(peek: () => Token, take: () => Token): Requirement {
  let negated = false
  if (peek().kind === '!') {
    take()
    negated = true
  }
  const keyToken = take()
  if (keyToken.kind !== 'id')
    throw new SelectorError(`found '${keyToken.text}', expected: !, identifier, or 'end of string'`)
  const key = keyToken.text
  checkKey(key)
  const next = peek()
  if (negated || next.kind === 'end' || next.kind === ',')
    return { key, operator: negated ? '!' : 'exists', values: [] }
  const op = take()
  if (op.kind === 'op') {
    const operator = op.text === '>' ? 'gt' : op.text === '<' ? 'lt' : (op.text as Operator)
    const value = peek().kind === 'id' ? take().text : ''
    if (operator === 'gt' || operator === 'lt') {
      if (!/^-?\d+$/.test(value))
        throw new SelectorError(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`
        )
    } else checkValue(value)
    return { key, operator, values: [value] }
  }
  if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
    const open = take()
    if (open.kind !== '(') throw new SelectorError(`found '${open.text}', expected: '('`)
    const values: string[] = []
    for (;;) {
      const value = peek().kind === 'id' ? take().text : ''
      checkValue(value)
      values.push(value)
      const t = take()
      if (t.kind === ')') break
      if (t.kind !== ',') throw new SelectorError(`found '${t.text}', expected: ',' or ')'`)
    }
    return { key, operator: op.text, values }
  }
  throw new SelectorError(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`)
}

function matchesOne(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key)
  const value = labels[requirement.key]
  switch (requirement.operator) {
    case 'exists':
      return has
    case '!':
      return !has
    case '=':
    case '==':
    case 'in':
      return has && requirement.values.includes(value)
    case '!=':
    case 'notin':
      return !has || !requirement.values.includes(value)
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value)) return false
      const n = Number(value)
      const bound = Number(requirement.values[0])
      return requirement.operator === 'gt' ? n > bound : n < bound
    }
  }
}

export function matchesSelector(
  requirements: readonly Requirement[],
  labels: Record<string, string> = {}
): boolean {
  return requirements.every(r => matchesOne(r, labels))
}
