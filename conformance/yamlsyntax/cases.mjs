// The corpus of the YAML syntax oracle: single-document chunks, broken and unusual, made from
// realistic Job manifests by seeded mutations (the same seed gives the same cases).
//
//   import { yamlCases } from './cases.mjs'
//   yamlCases(seed, count) → [{ name, text }]
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')

/** mulberry32: a small seeded generator. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const inlineBases = [
  `apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
  labels:
    app: demo
    tier: "batch"
spec:
  backoffLimit: 4
  activeDeadlineSeconds: 600
  template:
    metadata:
      annotations:
        note: 'single quoted'
    spec:
      restartPolicy: Never
      containers:
        - name: abc
          image: image
          args: ["--flag", "value", '--other']
          env:
            - name: A
              value: "1"
            - name: B
              valueFrom:
                fieldRef: {fieldPath: metadata.name}
          resources:
            limits: {cpu: 500m, memory: 128Mi}
`,
  `# A Job with a script
apiVersion: batch/v1
kind: Job
metadata: {name: script, namespace: default}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: sh
        image: busybox:1.36
        command:
        - sh
        - -c
        - |
          echo "start"
          for i in 1 2 3; do
            echo $i
          done
        workingDir: /tmp
      volumes:
      - name: data
        emptyDir: {}
`,
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  config.yaml: >
    folded text
    on two lines

  key: value # comment
  empty: ""
  number: "0644"
`,
  `apiVersion: batch/v1
kind: Job
metadata:
  name: anchors
  labels: &labels
    app: anchored
spec:
  template:
    metadata:
      labels: *labels
    spec:
      restartPolicy: Never
      containers:
        - &container
          name: one
          image: alpine
        - <<: *container
          name: two
`,
  `{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "json"},
 "spec": {"template": {"spec": {"restartPolicy": "Never",
  "containers": [{"name": "c", "image": "busybox", "command": ["true"]}]}}}}
`,
  `apiVersion: batch/v1
kind: Job
metadata:
  name: podfailure
spec:
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [1, 2, 3]
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: "docker.io/library/bash:5"
        command: ["bash"]
        args:
        - -c
        - echo "Hello world!" && sleep 5 && exit 42
`
]

function bases() {
  const list = [...inlineBases]
  const dir = path.join(root, 'examples')
  for (const name of readdirSync(dir).sort())
    if (name.endsWith('.yaml')) list.push(readFileSync(path.join(dir, name), 'utf8'))
  return list
}

const indicatorChars = ':[]{}\'"&*!%|>-?#,@`\t '
const controlChars = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter(c => c !== '\t' && c !== '\n'),
  '\x7f',
  '\x85',
  '\u0080',
  '\u009f',
  '\ufffe',
  '\uffff',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\ud800',
  '\u00a0',
  '\r'
]
const tags = [
  '!!int ',
  '!!binary ',
  '!foo ',
  '!!str ',
  '!!float ',
  '!!bool ',
  '!!null ',
  '!!timestamp ',
  '!!map ',
  '!!seq ',
  '!!merge ',
  '! ',
  '!<tag:yaml.org,2002:int> ',
  '!e!x ',
  '!!in%74 ',
  '!<> ',
  '!! ',
  '!a!b!c '
]
const scalars = [
  '.nan',
  '.inf',
  '-.Inf',
  '~',
  'null',
  '',
  '18446744073709551615',
  '9223372036854775808',
  '-9223372036854775809',
  '0b101',
  '0b-1',
  '-0b11',
  '0o17',
  '0x1F',
  '0755',
  '08',
  '1e400',
  '1_000',
  '.5',
  '+.5e3',
  '._5',
  '1.',
  '2001-12-14',
  '2001-02-29',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '2001-12-14T25:00:00Z',
  'yes',
  'Off',
  '<<',
  'aGVsbG8=',
  'aGVsbG8',
  'aGVs\nbG8=',
  '"\\x41\\u00e9\\U0001F600"',
  '"\\q"',
  '"\\uD800"',
  '"\\x4"',
  "'it''s'",
  'ima[[[',
  'a: b',
  '*x',
  '&x v',
  '[1, {a: b}, [c]]',
  '{a: 1, b: [2, 3], ? c : d}',
  '[a: 1, b]',
  '{: x}',
  '- x'
]

function pick(rnd, list) {
  return list[Math.floor(rnd() * list.length)]
}

function int(rnd, n) {
  return Math.floor(rnd() * n)
}

/** An offset at the start of a line, or after its indentation, or at a value. */
function lineStarts(text) {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n' && i + 1 < text.length) starts.push(i + 1)
  return starts
}

/** The offset just after ": " on some line (a value), or a random offset. */
function valueOffset(rnd, text) {
  const offsets = []
  for (let i = text.indexOf(': '); i >= 0; i = text.indexOf(': ', i + 1)) offsets.push(i + 2)
  return offsets.length > 0 ? pick(rnd, offsets) : int(rnd, text.length + 1)
}

function insert(text, at, what) {
  return text.slice(0, at) + what + text.slice(at)
}

/** Replace the value on the line at `at` (from at to the end of the line). */
function replaceValue(text, at, what) {
  const end = text.indexOf('\n', at)
  return text.slice(0, at) + what + (end < 0 ? '' : text.slice(end))
}

const longText = (rnd, n) => {
  const words = ['alpha', 'beta', 'gamma', 'é', 'ü', '日本', '😀', 'x', 'long-word-here']
  let s = ''
  while (s.length < n) s += pick(rnd, words) + (rnd() < 0.8 ? ' ' : '')
  return s.trimEnd()
}

/** Pieces of YAML syntax, for token soup: short texts that stress the scanner and parser. */
const soupPieces = [
  'a',
  'b',
  'k',
  '1',
  '.5',
  '~',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\n    ',
  '- ',
  '-',
  '? ',
  '?',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ',',
  "'",
  '"',
  '# c',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!int ',
  '!!str ',
  '!!binary ',
  '!x ',
  '!',
  '| ',
  '|-',
  '>',
  '\t',
  '\ufeff',
  '--- ',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '%TAG !x! y\n',
  '\\',
  '\\n',
  'é',
  '\r\n',
  '\r',
  '<<: ',
  '\u2028',
  '\x85'
]

function soup(rnd) {
  let s = ''
  const n = 3 + int(rnd, 40)
  for (let i = 0; i < n; i++) s += pick(rnd, soupPieces)
  return s
}

/** The mutations: each takes (rnd, text) and returns new text. */
const mutations = {
  insertIndicator: (rnd, t) => insert(t, int(rnd, t.length + 1), pick(rnd, indicatorChars)),
  deleteChars: (rnd, t) => {
    const at = int(rnd, t.length)
    return t.slice(0, at) + t.slice(at + 1 + int(rnd, 3))
  },
  replaceChar: (rnd, t) => {
    const at = int(rnd, t.length)
    return t.slice(0, at) + pick(rnd, indicatorChars) + t.slice(at + 1)
  },
  control: (rnd, t) => insert(t, int(rnd, t.length + 1), pick(rnd, controlChars)),
  crlf: (rnd, t) => (rnd() < 0.5 ? t.replace(/\n/g, '\r\n') : t.replace(/\n/, '\r\n')),
  bom: (rnd, t) => (rnd() < 0.7 ? '\ufeff' : '\ufeff\ufeff') + t,
  indent: (rnd, t) => {
    const starts = lineStarts(t)
    const at = pick(rnd, starts)
    if (rnd() < 0.5) return insert(t, at, rnd() < 0.7 ? ' '.repeat(1 + int(rnd, 3)) : '\t')
    return t[at] === ' ' ? t.slice(0, at) + t.slice(at + 1 + int(rnd, 2)) : t
  },
  unterminatedQuote: (rnd, t) => insert(t, valueOffset(rnd, t), pick(rnd, ['"', "'", '"a', "'a"])),
  unterminatedFlow: (rnd, t) =>
    insert(t, valueOffset(rnd, t), pick(rnd, ['[', '{', '[a, ', '{a: ', '[[', ']', '}'])),
  anchorAlias: (rnd, t) => {
    const what = pick(rnd, ['&a ', '*a', '*b', '&a [*a]', '&x', '*', '& ', '&a &b ', '*a:', '&a\n', '*a\n'])
    return insert(t, valueOffset(rnd, t), what)
  },
  tag: (rnd, t) => insert(t, valueOffset(rnd, t), pick(rnd, tags)),
  scalar: (rnd, t) => replaceValue(t, valueOffset(rnd, t), pick(rnd, scalars)),
  directive: (rnd, t) => {
    const d = pick(rnd, [
      '%YAML 1.1\n---\n',
      '%YAML 1.2\n---\n',
      '%YAML 2.0\n---\n',
      '%YAML 1.1\n%YAML 1.1\n---\n',
      '%TAG !e! tag:example.com,2000:\n---\n',
      '%TAG !e! tag:example.com,2000:\n%TAG !e! x\n---\n',
      '%FOO bar\n---\n',
      '%YAML\n---\n',
      '%TAG ! \n---\n',
      '%YAML 1.123\n',
      '%TAG e! x\n---\n',
      '--- \n',
      '--- # start\n'
    ])
    return rnd() < 0.8 ? d + t : insert(t, pick(rnd, lineStarts(t)), d)
  },
  blockScalar: (rnd, t) =>
    replaceValue(
      t,
      valueOffset(rnd, t),
      pick(rnd, [
        '|0',
        '|10',
        '>+-',
        '|x',
        '| # c',
        '|2-',
        '>-',
        '|+',
        '|\n\tx',
        '|2\n x',
        '>\n  a\n b',
        '|1',
        '|9'
      ])
    ),
  documentMarker: (rnd, t) =>
    insert(
      t,
      pick(rnd, lineStarts(t)),
      pick(rnd, ['--- x\n', '---\n', '...\n', '... x\n', '--- |\n  a\n', '---x\n'])
    ),
  longLine: (rnd, t) => {
    const n = 480 + int(rnd, 120)
    const style = int(rnd, 5)
    const body = longText(rnd, n)
    const value =
      style === 0
        ? body
        : style === 1
          ? `"${body}"`
          : style === 2
            ? `'${body}'`
            : style === 3
              ? `# ${body}`
              : body.replace(/ /g, '')
    return style === 3
      ? insert(t, pick(rnd, lineStarts(t)), value + '\n')
      : replaceValue(t, valueOffset(rnd, t), value)
  },
  padding: (rnd, t) => insert(t, 0, '#' + 'x'.repeat(400 + int(rnd, 240)) + '\n'),
  deepFlow: (rnd, t) => {
    const n = rnd() < 0.05 ? 10000 + int(rnd, 3) : 1 + int(rnd, 300)
    return replaceValue(t, valueOffset(rnd, t), '['.repeat(n) + (rnd() < 0.8 ? ']'.repeat(n) : ''))
  },
  deepBlock: (rnd, t) => {
    const n = 1 + int(rnd, 120)
    let s = ''
    for (let i = 0; i < n; i++) s += '\n' + ' '.repeat(2 * (i + 1)) + (rnd() < 0.3 ? '- ' : `k${i}:`)
    return replaceValue(t, valueOffset(rnd, t), s + ' leaf')
  },
  merge: (rnd, t) =>
    insert(
      t,
      pick(rnd, lineStarts(t)),
      pick(rnd, [
        '<<: *a\n',
        '<<: [*a]\n',
        '<<: 1\n',
        '<<: {x: 1}\n',
        '"<<": 1\n',
        '<<: [1]\n',
        '!!merge <<: {y: 2}\n'
      ])
    ),
  special: (rnd, t) =>
    insert(
      t,
      pick(rnd, lineStarts(t)),
      pick(rnd, [
        '~: 1\n',
        '? [a]\n: 1\n',
        '? {a: 1}\n: 2\n',
        '18446744073709551615: x\n',
        '.nan: 1\n',
        '1.5: x\n',
        'null: x\n',
        ': x\n',
        'x: .nan\n',
        'y: -.inf\n',
        '? \n: z\n'
      ])
    ),
  laughs: () => {
    let s = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    const names = 'abcdefgh'
    for (let i = 1; i < names.length; i++)
      s += `${names[i]}: &${names[i]} [${Array(9)
        .fill('*' + names[i - 1])
        .join(',')}]\n`
    return s
  },
  tabs: (rnd, t) => {
    const starts = lineStarts(t)
    const at = pick(rnd, starts)
    return insert(t, at, '\t')
  },
  multibyte: (rnd, t) => insert(t, int(rnd, t.length + 1), pick(rnd, ['é', '日', '😀', '\u0085', '\u00a0x'])),
  // A character near a 512-byte boundary of the reader's raw chunks, after a long line.
  chunkEdge: (rnd, t) => {
    const padded = insert(t, pick(rnd, lineStarts(t)), '#' + 'x'.repeat(int(rnd, 700)) + '\n')
    const at = Math.min(padded.length, 512 * (1 + int(rnd, 2)) - 6 + int(rnd, 12))
    return insert(
      padded,
      at,
      pick(rnd, ['\x01', 'é', '😀', '\ufeff', '\x85', '\u2028', ': x', '\t', '\ufeff\n'])
    )
  },
  // A BOM where the working buffer may start (libyaml checks for one at its start, not at the position).
  bomEdge: (rnd, t) => {
    const padded = 'a: ' + 'y'.repeat(400 + int(rnd, 200)) + '\n' + t
    return insert(padded, 500 + int(rnd, 30), '\ufeff')
  },
  longKey: (rnd, t) =>
    insert(
      t,
      pick(rnd, lineStarts(t)),
      'k'.repeat(1000 + int(rnd, 60)) + pick(rnd, [': v\n', ':\n  x: 1\n', '\n'])
    ),
  deepDash: rnd =>
    pick(rnd, ['- ', '? ', '- ? ']).repeat(rnd() < 0.2 ? 10000 + int(rnd, 3) : 1 + int(rnd, 200)) + 'x\n',
  soup: rnd => soup(rnd),
  soupInsert: (rnd, t) => insert(t, rnd() < 0.5 ? valueOffset(rnd, t) : pick(rnd, lineStarts(t)), soup(rnd)),
  empty: rnd =>
    pick(rnd, ['', '\n', '# only a comment\n', '   \n\n', '---\n', '...\n', '--- # c\n...\n', '\ufeff']),
  keyValue: (rnd, t) =>
    insert(
      t,
      pick(rnd, lineStarts(t)),
      pick(rnd, [
        'key: value: x\n',
        '- - x\n',
        '- a\nb: c\n',
        'a:b\n',
        'a :b\n',
        '? a\n? b\n',
        '-\n',
        'a: - b\n',
        '  - x\n',
        '"a" b: c\n',
        "'a\n  b': c\n"
      ])
    )
}

const names = Object.keys(mutations)
const weights = {
  chunkEdge: 3,
  bomEdge: 2,
  soup: 6,
  soupInsert: 4,
  insertIndicator: 4,
  deleteChars: 3,
  replaceChar: 4,
  control: 3,
  scalar: 3,
  tag: 3,
  longLine: 3,
  padding: 2
}

function chooseMutation(rnd) {
  const total = names.reduce((n, name) => n + (weights[name] ?? 1), 0)
  let x = rnd() * total
  for (const name of names) {
    x -= weights[name] ?? 1
    if (x < 0) return name
  }
  return names[names.length - 1]
}

/** `count` cases from `seed`. */
export function yamlCases(seed, count) {
  const rnd = random(seed)
  const all = bases()
  const cases = []
  for (let i = 0; i < count; i++) {
    let text = pick(rnd, all)
    const applied = []
    const n = 1 + int(rnd, 3)
    for (let k = 0; k < n; k++) {
      const name = chooseMutation(rnd)
      text = mutations[name](rnd, text)
      applied.push(name)
    }
    cases.push({ name: `s${seed}-${i}-${applied.join('+')}`, text })
  }
  return cases
}
