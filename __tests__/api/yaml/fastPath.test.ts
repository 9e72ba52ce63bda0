/**
 * The fast path must be invisible: readDocuments (the fast path, the full reader — the port of
 * go-yaml — for a document outside its subset) gives exactly what readDocumentsWithoutFastPath (the full reader for
 * everything) gives — values, document numbers, problems with their messages and places, and the
 * place of every field. Named cases, then many generated and mutated manifests (fixed seed).
 */
import { describe, expect, test } from '@jest/globals'
import { JsonNumber, type JsonValue } from '../../../src/api/yaml/jsonValue.js'
import {
  readDocuments,
  readDocumentsWithoutFastPath,
  type ManifestSource
} from '../../../src/api/yaml/parse.js'
import { readFastDocuments } from '../../../src/api/yaml/fastPath.js'
import { random } from '../mutations.js'

type Item = ReturnType<typeof readDocuments> extends Generator<infer T> ? T : never

function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return { number: value.text }
  if (value instanceof Map) return { map: [...value].map(([key, entry]) => [key, plain(entry)]) }
  if (Array.isArray(value)) return value.map(plain)
  return value
}

/** Every path of a value, and one more step below each (a missing field points at its parent). */
function paths(value: JsonValue, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix, [...prefix, 'missing'])
  if (value instanceof Map) for (const [key, entry] of value) paths(entry, [...prefix, key], out)
  else if (Array.isArray(value)) value.forEach((entry, i) => paths(entry, [...prefix, String(i)], out))
  return out
}

function observe(items: Iterable<Item>): unknown[] {
  return [...items].map(item =>
    'value' in item
      ? {
          file: item.file,
          index: item.index,
          value: plain(item.value),
          places: paths(item.value).map(path => item.locate(path))
        }
      : item
  )
}

function expectSameAsYamlLibrary(text: string): void {
  const source: ManifestSource = { text, file: 'm.yaml' }
  expect(observe(readDocuments(source))).toEqual(observe(readDocumentsWithoutFastPath(source)))
}

/** Index of the first document the fast path leaves to the full reader, or -1. */
function firstUnsupported(text: string): number {
  const items = [...readFastDocuments(text, false)]
  return items.findIndex(item => 'unsupported' in item)
}

const job = (name: string): string =>
  [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    "  labels: {suite: bench, \"quoted key\": 'it''s'}",
    'spec:',
    '  completions: 3 # a comment',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '',
    '      containers:',
    '      - name: main',
    '        image: busybox:1.36',
    '        command: [sh, -c, "echo $JOB_COMPLETION_INDEX", \'a: b\']',
    '        env:',
    '        - {name: MODE, value: "0644"}',
    '        - name: N',
    '          value: "1"',
    '        args:',
    '          - -x',
    '          - - nested',
    '            - 0x1F',
    '        resources: {limits: {cpu: 500m, memory: 64Mi}, requests: {}}',
    '  # indented comment',
    '      volumes: []',
    ''
  ].join('\n')

describe('read by the fast path, as go-yaml reads them', () => {
  test.each([
    ['a Job with flow maps, quotes, comments and nested sequences', job('a')],
    ['several documents', `${job('a')}---\n${job('b')}---\n${job('c')}`],
    [
      'a leading ---, empty documents and a trailing ---',
      '---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n---\n'
    ],
    [
      'YAML 1.1 scalars',
      'a: 0644\nb: yes\nc: y\nd: ~\ne: 1e3\nf: 1_000\ng: 0x1F\nh: -0\ni: 9223372036854775808\nj:\n'
    ],
    ['keys that are numbers or booleans', '1: one\n010: eight\ntrue: 3\nno: 4\n"1.0": 5\n'],
    ['a sequence at the indentation of its key', 'a:\n- 1\n- b: 2\n  c: 3\n-\n  d: 4\ne: 5\n'],
    ['an indented top-level map', '  a: 1\n  b:\n    c: 2\n'],
    ['colons and hashes inside scalars', 'a: http://x/y#z\nb: [busybox:1.36, 12:30]\nc: a#b\nd: "x: y"\n'],
    ['no newline at the end', 'a: 1\nb: [x, y]'],
    ['CRLF line ends', `a: 1 \r\nb:\r\n  - 'x' # note\r\n\r\n---\r\n${job('b').replaceAll('\n', '\r\n')}`]
  ])('%s', (_name, text) => {
    expect(firstUnsupported(text)).toBe(-1)
    expectSameAsYamlLibrary(text)
  })
})

describe('left to the port of go-yaml, document by document', () => {
  test.each([
    ['a block scalar', 'a: 1\n---\nb: |\n  text\n', 1],
    ['an anchor and alias', 'a: &x 1\nb: *x\n', 0],
    ['a tag', 'a: !!str 1\n', 0],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n', 0],
    ['a duplicate key', 'a: 1\n---\nb: 1\nb: 2\n', 1],
    ['keys equal once resolved (the YAML library sees no duplicate)', 'a: 1\n1: x\n01: y\n', 0],
    ['a duplicate key in a flow map', 'a: {b: 1, "b": 2}\n', 0],
    ['a merge key in a flow map', 'a: {<<: {b: 1}}\n', 0],
    ['a trailing comma', 'a: [1, 2, ]\n', 0],
    ['a one-pair map in a flow sequence', 'a: [b: 1]\n', 0],
    ['a key longer than 1024 characters', `${'k'.repeat(1025)}: 1\n`, 0],
    ['a comment without a space before it', 'a: "x"# note\n', 0],
    ['a multi-line plain scalar', 'a: one\n  two\n', 0],
    ['a multi-line flow collection', 'a: [1,\n  2]\n', 0],
    ['an escape in double quotes', 'a: "x\\ty"\n', 0],
    ['a tab', 'a:\t1\n', 0],
    ['a CR that ends no line', 'a: 1\rb: 2\n', 0],
    ['non-ASCII text', 'a: 1\n---\nb: héllo\n', 1],
    ['a document end marker', 'a: 1\n...\n', 0],
    ['a directive', '%YAML 1.2\n---\na: 1\n', 0],
    ['a top-level sequence', 'a: 1\n---\n- x\n', 1],
    ['a top-level scalar', 'just text\n', 0],
    ['JSON', '{"a": 1, "b": [true, null]}', 0],
    ['infinity, an error for JSON', 'a: .inf\n', 0],
    ['a null key, an error', '~: 1\n', 0],
    ['a nested implicit map, an error', 'a: b: c\n', 0],
    ['bad indentation, an error', 'a:\n  b: 1\n c: 2\n', 0],
    ['an error the YAML library blames on the document before', 'a: 1\n---\n]k: yes\n', 1],
    ['an error after an empty document', 'a: 1\n---\n---\n]k: yes\n', 2]
  ])('%s', (_name, text, stopsAt) => {
    expect(firstUnsupported(text)).toBe(stopsAt)
    expectSameAsYamlLibrary(text)
  })
})

const scalars = [
  ...['a', 'b c', '0644', '0x1F', '1e3', '1.5', '-2', '-x', 'yes', 'no', 'Off', '~', 'null', 'true', '.5'],
  ...['1_000', '+1', '9223372036854775808', '18446744073709551616', 'busybox:1.36', 'http://x/y', 'a#b'],
  ...['a #b', "it's", 'say "hi"', '', '12:30', '0o17', '0b101', '5.', '1e400', '=', 'x:', 'a,b', 'a[x]'],
  ...['.inf', '.nan', '-', '<<', '@x', '%x', '!x', '&a', '*a', '|', '>', '?', ':', 'a: b', '[x]', 'é', '\\']
]
const keys = ['a', 'name', 'image', '1', '01', 'true', 'yes', '"q"', "'s'", 'a b', 'k.x/y', 'a[0]', 'x:y']

type Shape = string | { map: Array<[string, Shape]> } | { seq: Shape[] }

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]
}

function shape(next: () => number, depth: number): Shape {
  const x = next()
  if (depth > 3 || x < 0.45) return pick(next, scalars)
  const size = Math.floor(next() * 4)
  if (x < 0.75) {
    const map: Array<[string, Shape]> = []
    for (let i = 0; i < size + 1; i++) {
      const key = pick(next, keys)
      // Mostly distinct keys, so that most maps stay in the fast path.
      const unique = next() < 0.9 ? String(i) : ''
      map.push([
        /^["']/.test(key) ? key.slice(0, -1) + unique + key.slice(-1) : key + unique,
        shape(next, depth + 1)
      ])
    }
    return { map }
  }
  return { seq: Array.from({ length: size }, () => shape(next, depth + 1)) }
}

function scalarText(next: () => number, text: string): string {
  const style = next()
  if (style < 0.15) return JSON.stringify(text)
  if (style < 0.25) return `'${text.replaceAll("'", "''")}'`
  return text
}

function flowText(next: () => number, value: Shape): string {
  if (typeof value === 'string') return scalarText(next, value)
  if ('map' in value)
    return `{${value.map.map(([k, v]) => `${k}: ${flowText(next, v)}`).join(pick(next, [', ', ',']))}}`
  return `[${value.seq.map(v => flowText(next, v)).join(pick(next, [', ', ',']))}]`
}

/** Block lines for a map or sequence at `indent`, or undefined when written in flow style. */
function blockLines(next: () => number, value: Shape, indent: number): string[] | undefined {
  if (typeof value === 'string' || next() < 0.2) return undefined
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  if ('map' in value) {
    for (const [key, entry] of value.map) {
      const inner = blockLines(next, entry, indent + pick(next, [1, 2, 4]))
      const comment = next() < 0.1 ? ' # note' : ''
      if (!inner) lines.push(`${pad}${key}: ${flowText(next, entry)}${comment}`)
      else if (typeof entry !== 'string' && 'seq' in entry && next() < 0.5) {
        lines.push(`${pad}${key}:${comment}`, ...(blockLines(next, entry, indent) ?? [`${pad}- x`]))
      } else lines.push(`${pad}${key}:${comment}`, ...inner)
      if (next() < 0.05) lines.push(pick(next, ['', '# comment', '   # indented comment']))
    }
  } else {
    for (const entry of value.seq) {
      const inner = blockLines(next, entry, indent + 2)
      if (!inner) lines.push(`${pad}- ${flowText(next, entry)}`)
      else if (next() < 0.6) lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1))
      else lines.push(`${pad}-`, ...inner)
    }
  }
  return lines.length > 0 ? lines : undefined
}

function manifest(next: () => number): string {
  const documents = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    if (next() < 0.05) return pick(next, ['', '# only a comment', 'just text', '- a'])
    const top = shape(next, 0)
    const map = typeof top === 'object' && 'map' in top ? top : { map: [['top', top] as [string, Shape]] }
    return (blockLines(next, map, next() < 0.1 ? 2 : 0) ?? [flowText(next, map)]).join('\n')
  })
  return `${next() < 0.2 ? '---\n' : ''}${documents.join('\n---\n')}${next() < 0.8 ? '\n' : ''}`
}

const noise = [' ', '\n', '-', ':', '#', '"', "'", '[', ']', '{', '}', ',', '\t', '\r', '&a ', '*a', '!']
const moreNoise = ['|', '>', '? ', '---\n', '...\n', 'x', '0', '\\', '%', 'é', '- ', ': ']

function mutate(next: () => number, text: string): string {
  for (let n = 1 + Math.floor(next() * 2); n > 0; n--) {
    const at = Math.floor(next() * (text.length + 1))
    const how = next()
    const piece = pick(next, [...noise, ...moreNoise])
    if (how < 0.4) text = text.slice(0, at) + piece + text.slice(at)
    else if (how < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3))
    else text = text.slice(0, at) + piece + text.slice(at + 1)
  }
  return text
}

describe('generated manifests', () => {
  test('2,000 manifests, half of them mutated, read exactly as the port of go-yaml reads them', () => {
    let fast = 0
    for (let seed = 0; seed < 2000; seed++) {
      const next = random(seed)
      let text = manifest(next)
      if (next() < 0.5) text = mutate(next, text)
      if (next() < 0.2) text = text.replaceAll('\n', '\r\n')
      if (firstUnsupported(text) < 0) fast++
      try {
        expectSameAsYamlLibrary(text)
      } catch (error) {
        throw new Error(`seed ${seed}: ${JSON.stringify(text)}\n${String(error)}`, { cause: error })
      }
    }
    // The comparison means something only if many manifests really went the fast way.
    expect(fast).toBeGreaterThan(300)
  })
})
