/**
 * src/api/yaml/goyaml: the port of go-yaml v2.4.4's reader, scanner, parser and decoder, and of
 * sigs.k8s.io/yaml's YAMLToJSON, against go-yaml itself: every case of the golden file carries
 * the error text (and, when the chunk converts, the depth) that YAMLToJSON gave for it
 * (__tests__/golden/README.md; conformance/yamlsyntax/diff.mjs runs fresh cases).
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { goYamlCheck } from '../../src/api/yaml/goyaml/check.js'

interface GoldenCase {
  name: string
  text: string
  error: string
  depth?: number
  /** Every error seen when go-yaml's answer depends on Go's random map order. */
  alternatives?: string[]
}

const here = path.dirname(fileURLToPath(import.meta.url))
const golden: GoldenCase[] = JSON.parse(
  readFileSync(path.join(here, '..', 'golden', 'goyaml-errors.json'), 'utf8')
) as GoldenCase[]

describe('goYamlCheck against go-yaml (golden cases)', () => {
  it('has the golden cases', () => {
    expect(golden.length).toBeGreaterThanOrEqual(500)
  })

  it.each(golden.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const ours = goYamlCheck(c.text)
    if (c.alternatives) expect(c.alternatives).toContain(ours.error ?? '')
    else expect(ours.error ?? '').toBe(c.error)
    if (c.depth !== undefined) expect(ours.depth).toBe(c.depth)
  })
})

const pad = (length: number): string => '#' + 'x'.repeat(length - 2) + '\n'

/** Hand cases: [name, chunk, YAMLToJSON's error ('' for none)], each checked against go-yaml. */
const handCases: [string, string, string][] = [
  [
    'a key without its colon',
    'apiVersion: batch/v1\nkind: Job\nmetadata\n  name: x\n',
    "yaml: line 4: could not find expected ':'"
  ],
  [
    'a control character (no line: the reader has no mark)',
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\u0001b\n',
    'yaml: control characters are not allowed'
  ],
  [
    'a mapping value inside a plain scalar',
    'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a: b\n',
    'yaml: line 4: mapping values are not allowed in this context'
  ],
  [
    'a character that cannot start a token',
    'apiVersion: batch/v1\n' + 'x: 1\n'.repeat(48) + 'y: @z\n',
    'yaml: line 50: found character that cannot start any token'
  ],
  ['an unknown anchor', 'a: 1\nc: *b\n', "yaml: unknown anchor 'b' referenced"],
  [
    '!!binary that is not base64',
    'data: !!binary not*base64\n',
    'yaml: !!binary value contains invalid base64 data'
  ],
  ['a plain scalar with brackets is a string', 'image: ima[[[\n', ''],
  [
    'a syntax error before a control character in a later 512-byte chunk',
    'a: b: c\n' + pad(600) + '\u0001\n',
    'yaml: mapping values are not allowed in this context'
  ],
  [
    'a control character in the chunk already decoded wins over an earlier syntax error',
    'a: b: c\n' + pad(100) + '\u0001\n',
    'yaml: control characters are not allowed'
  ],
  ['only the first document is read', 'a: 1\n---\nb: [\n', ''],
  ['but its raw chunk is decoded whole', 'a: 1\n---\n\u0001\n', 'yaml: control characters are not allowed'],
  ['parser errors name the 0-based line', 'a:\n  b: 1\n c: 2\n', 'yaml: line 2: did not find expected key'],
  ['no line for errors on the first line', 'a: "\\q"\n', 'yaml: found unknown escape character'],
  [
    'an explicit tag that does not fit',
    'replicas: !!int three\n',
    'yaml: cannot decode !!str `three` as a !!int'
  ],
  [
    'a merge of a scalar',
    'a: &a 1\nb:\n  <<: *a\n',
    'yaml: map merge requires map or sequence of maps as the value'
  ],
  ['a map as a key', '? {a: 1}\n: 2\n', 'yaml: invalid map key: map[interface {}]interface {}{"a":1}'],
  ['a null key', '~: 1\n', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: 1'],
  [
    'a uint64 key',
    '18446744073709551615: x\n',
    'unsupported map key of type: uint64, key: 0xffffffffffffffff, value: "x"'
  ],
  ['NaN, which JSON cannot hold', 'a: .nan\n', 'json: unsupported value: NaN'],
  ['an anchor inside its own value', 'a: &a [*a]\n', "yaml: anchor 'a' value contains itself"],
  ['10,001 flow levels', 'a: ' + '['.repeat(10001) + '\n', 'yaml: exceeded max depth of 10000'],
  [
    'a billion laughs',
    'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    'yaml: document contains excessive aliasing'
  ],
  [
    "libyaml's BOM check reads the start of its buffer, not the position",
    'a: ' + 'y'.repeat(503) + '\ufeffz\n[[x]]: 1\n',
    'yaml: invalid map key: []interface {}{[]interface {}{"x"}}'
  ],
  ['YAML 1.2 is refused', '%YAML 1.2\n---\na: 1\n', 'yaml: found incompatible YAML document'],
  ['an empty chunk', '', '']
]

describe('goYamlCheck: hand cases', () => {
  it.each(handCases)('%s', (_name, text, error) => {
    expect(goYamlCheck(text).error ?? '').toBe(error)
  })

  it('gives the nesting depth, an alias counting as what it names', () => {
    expect(goYamlCheck('a:\n  b:\n    - [1, {c: d}]\n').depth).toBe(5)
    expect(goYamlCheck('a: &x [[1]]\nb: [*x]\n').depth).toBe(4)
    expect(goYamlCheck('').depth).toBe(0)
  })

  it('gives the depth read before an error', () => {
    expect(goYamlCheck('a: [[[{b: [\n').depth).toBe(6)
  })

  it('marks where a scanner or parser error was found', () => {
    expect(goYamlCheck('a: b: c\n').mark).toEqual({ line: 0, column: 4 })
    expect(goYamlCheck('a: *b\n').mark).toBeUndefined()
  })
})
