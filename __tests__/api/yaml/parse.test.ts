import { describe, expect, test } from '@jest/globals'
import { JsonNumber, type JsonValue } from '../../../src/api/yaml/jsonValue.js'
import { parseSources } from '../../../src/api/yaml/parse.js'
import { splitFieldPath } from '../../../src/api/yaml/locate.js'
import { resolvePlain } from '../../../src/api/yaml/scalars.js'

/** JSON-like values as plain data, numbers as their text. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return { number: value.text }
  if (Array.isArray(value)) return value.map(plain)
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
  return value
}

function parseOne(text: string, file = 'm.yaml'): unknown {
  const { documents, problems } = parseSources([{ text, file }])
  expect(problems).toEqual([])
  return plain(documents[0].value)
}

describe('plain scalars resolve as go-yaml v2 does (kubectl reads YAML 1.1)', () => {
  test.each([
    ['0644', { number: '420' }],
    ['0o17', { number: '15' }],
    ['0x1F', { number: '31' }],
    ['0b101', { number: '5' }],
    ['08', { number: '8' }],
    ['1_000', { number: '1000' }],
    ['+5', { number: '5' }],
    ['-0', { number: '0' }],
    ['1e3', { number: '1000' }],
    ['2.5', { number: '2.5' }],
    ['.5', { number: '0.5' }],
    ['1.0', { number: '1' }],
    ['99999999999999999999', { number: '100000000000000000000' }],
    ['9223372036854775807', { number: '9223372036854775807' }],
    // A uint64 for go-yaml, a float64 once kubectl has it in an unstructured object.
    ['18446744073709551615', { number: '18446744073709552000' }],
    ['1e400', '1e400'],
    ['y', true],
    ['yes', true],
    ['On', true],
    ['n', false],
    ['OFF', false],
    ['true', true],
    ['~', null],
    ['null', null],
    ['', null],
    ['1:30', '1:30'],
    ['2024-01-02', '2024-01-02'],
    ['busybox', 'busybox'],
    ['-', '-'],
    ['0x', '0x']
  ])('%j', (text, expected) => {
    expect(plain(resolvePlain(text) as JsonValue)).toEqual(expected)
  })

  test('NaN and infinities cannot become JSON, as kubectl reports', () => {
    const { problems } = parseSources([{ text: 'a: .inf\n', file: 'm.yaml' }])
    expect(problems.map(p => p.message)).toEqual([
      'error converting YAML to JSON: json: unsupported value: +Inf'
    ])
  })
})

describe('documents', () => {
  test('quoted scalars stay strings, keys become strings, merge keys copy anchored maps', () => {
    const text = [
      'base: &b {p: 1, q: 2}',
      'merged:',
      '  <<: *b',
      '  q: 3',
      'quoted: "0644"',
      '1: one',
      'y: yes',
      ''
    ].join('\n')
    // `y` is a YAML 1.1 boolean, also as a key: kubectl turns it into "true".
    expect(parseOne(text)).toEqual({
      base: { p: { number: '1' }, q: { number: '2' } },
      merged: { p: { number: '1' }, q: { number: '3' } },
      quoted: '0644',
      '1': 'one',
      true: true
    })
  })

  test('JSON sources: numbers as kubectl re-encodes them (int64, else float64)', () => {
    expect(
      parseOne('{"a": 1.0, "b": "0644", "c": [true, null], "d": 2.5, "e": 1e3, "f": -0}', 'm.json')
    ).toEqual({
      a: { number: '1' },
      b: '0644',
      c: [true, null],
      d: { number: '2.5' },
      e: { number: '1000' },
      f: { number: '0' }
    })
  })

  test('several documents and sources keep their file and position; empty documents are dropped', () => {
    // Numbered as kubectl cuts them: a `---` right after another ends no document.
    const { documents } = parseSources([
      { text: 'a: 1\n---\n---\n# only a comment\n---\nb: 2\n', file: 'one.yaml' },
      { text: 'c: 3\n', file: '<inline>' }
    ])
    expect(documents.map(d => [d.file, d.index])).toEqual([
      ['one.yaml', 0],
      ['one.yaml', 2],
      ['<inline>', 0]
    ])
  })

  test.each([
    ['a plain key', 'spec:\n  backoffLimit: 1\n  backoffLimit: 2\n', ['spec', 'backoffLimit']],
    ['a double-quoted key', 'a: 1\n"a": 2\n', ['a']],
    ['a key in a flow map', 'm: {name: 1, name: 2}\n', ['m', 'name']]
  ])('a duplicate key: the last one counts, as go-yaml v2 (kubectl) reads it: %s', (_name, text, path) => {
    const { documents, problems } = parseSources([{ text, file: 'dup.yaml' }])
    expect(problems).toEqual([])
    let value = documents[0].value
    for (const key of path) value = value instanceof Map ? (value.get(key) ?? null) : null
    expect(plain(value)).toEqual({ number: '2' })
  })

  test("syntax errors are go-yaml's, with the place; kubectl stops reading at the first", () => {
    const { documents, problems } = parseSources([
      { text: 'ok: 1\n---\nlist: [1, 2\n---\nnot: [read\n', file: 'bad.yaml' },
      { text: 'a:\n  b: 1\n c: 2\n', file: 'indent.yaml' },
      { text: '--- x\na: 1\n', file: 'separator.yaml' },
      { text: 'a: "\u0001"\n', file: 'control.yaml' }
    ])
    expect(documents.map(d => d.file)).toEqual(['bad.yaml'])
    expect(problems).toEqual([
      {
        file: 'bad.yaml',
        // go-yaml numbers the lines of the document it was given (the chunk after `---`).
        message: "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'",
        position: { line: 4, column: 1 }
      },
      {
        file: 'indent.yaml',
        // A parser error: go-yaml prints its 0-based line (the mark is on line 3).
        message: 'error converting YAML to JSON: yaml: line 2: did not find expected key',
        position: { line: 3, column: 2 }
      },
      {
        file: 'separator.yaml',
        message: 'invalid Yaml document separator: x',
        position: { line: 1, column: 1 }
      },
      {
        file: 'control.yaml',
        message: 'error converting YAML to JSON: yaml: control characters are not allowed'
      }
    ])
  })

  test('alias bombs and deep nesting are refused instead of exhausting memory or the stack', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 0; i < 8; i++) {
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`
      )
    }
    const bomb = parseSources([{ text: lines.join('\n'), file: 'bomb.yaml' }])
    expect(bomb.problems[0].message).toBe(
      'error converting YAML to JSON: yaml: document contains excessive aliasing'
    )
    // go-yaml refuses more than 10,000 levels; we refuse more than 256 (a listed deviation).
    expect(
      parseSources([{ text: `a: ${'['.repeat(20000)}${']'.repeat(20000)}`, file: 'deep.yaml' }]).problems[0]
        .message
    ).toBe('error converting YAML to JSON: yaml: exceeded max depth of 10000')
    const deepTexts = [
      `a: ${'{"b": '.repeat(300)}1${'}'.repeat(300)}`,
      `${'- '.repeat(5000)}x`,
      Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')
    ]
    for (const text of deepTexts) {
      expect(parseSources([{ text, file: 'deep.yaml' }]).problems[0].message).toBe(
        'document nested too deeply'
      )
    }
    // Ordinary depth, brackets inside quotes and block scalars are not counted as nesting.
    const fine = [
      'a:',
      '  b: "[[[[[[["',
      "  c: '{{{{'",
      '  d: |',
      `    ${'['.repeat(400)}`,
      '  e: [1, [2, [3]]]',
      ''
    ].join('\n')
    expect(parseSources([{ text: fine, file: 'fine.yaml' }]).problems).toEqual([])
  })
})

describe('locate', () => {
  const text = [
    'apiVersion: batch/v1',
    'kind: Job',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app.kubernetes.io/name: x',
    '    spec:',
    '      containers:',
    '      - name: a',
    '        image: busybox',
    '      - name: b',
    ''
  ].join('\n')
  const doc = parseSources([{ text, file: 'm.yaml' }]).documents[0]

  test.each([
    ['spec.template.spec.containers[1].name', { line: 12, column: 9 }],
    ['spec.template.spec.containers[0].image', { line: 11, column: 9 }],
    ['spec.template.metadata.labels[app.kubernetes.io/name]', { line: 7, column: 9 }],
    // A missing field points at its deepest existing ancestor.
    ['spec.template.spec.containers[1].image', { line: 12, column: 9 }],
    ['spec.template.spec.restartPolicy', { line: 8, column: 5 }],
    ['spec.selector', { line: 3, column: 1 }]
  ])('%s', (fieldPath, position) => {
    expect(doc.locate(splitFieldPath(fieldPath))).toEqual(position)
  })

  test('splitFieldPath keeps dots inside keys', () => {
    expect(splitFieldPath('a.b[0].labels[x.y/z].c')).toEqual(['a', 'b', '0', 'labels', 'x.y/z', 'c'])
  })
})
