/**
 * Random mutations of valid manifests (deterministic seed): deleted, retyped and out-of-range
 * fields, unknown keys, random bytes, truncation, deep nesting, huge numbers. Shared by the
 * loader's fuzz test and the CLI's.
 */
import { stringify } from 'yaml'
import { validJob, type Manifest } from './fixtures.js'

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rich = (): Manifest[] => {
  const job = validJob()
  const spec = job.spec as Manifest
  Object.assign(spec, {
    completionMode: 'Indexed',
    completions: 4,
    parallelism: 2,
    backoffLimitPerIndex: 1,
    maxFailedIndexes: 2,
    activeDeadlineSeconds: 600,
    podFailurePolicy: {
      rules: [
        { action: 'FailIndex', onExitCodes: { containerName: 'abc', operator: 'In', values: [3, 4] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }
      ]
    },
    successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] }
  })
  const pod = (spec.template as { spec: Manifest }).spec
  Object.assign(pod, {
    initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
    volumes: [
      { name: 'work', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'mode', path: 'mode.txt' }] } }
    ]
  })
  Object.assign((pod.containers as Manifest[])[0], {
    command: ['sh', '-c', 'echo $(MODE)'],
    env: [
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }
    ],
    envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
    volumeMounts: [{ name: 'work', mountPath: '/work' }],
    resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: 0.25 } }
  })
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      stringData: { token: 'x' },
      data: { other: 'eA==' }
    },
    job
  ]
}

export const bases: Array<() => Manifest[]> = [() => [validJob()], rich]

const values: unknown[] = [
  '',
  'x',
  'Never',
  'Indexed',
  '0644',
  'y',
  '  ',
  'a'.repeat(300),
  '💥',
  -1,
  0,
  1,
  1.5,
  2147483648,
  -2147483649,
  1e308,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  null,
  [],
  {},
  [1, 'two', null],
  { a: 1, b: [true] },
  [[[[[[['deep']]]]]]]
]

const textSnippets = [
  '\t',
  ':',
  '- ',
  '&a ',
  '*a',
  '<<: *b\n',
  '"',
  "'",
  '{',
  ']',
  '\n---\n',
  '99999999999999999999999',
  '-9223372036854775809',
  '.inf',
  '!!binary ',
  '\u0000',
  '\ufeff',
  `${'['.repeat(300)}`,
  '? ',
  '|\n'
]

type Path = Array<string | number>

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out))
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out)
  }
  out.push(at)
  return out
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  // Paths may be stale after an earlier mutation of the same round.
  let node = root
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined
}

export function mutateObject(objects: Manifest[], rnd: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]
  const all = paths(objects).filter(p => p.length > 1)
  const count = 1 + Math.floor(rnd() * 3)
  for (let n = 0; n < count; n++) {
    const path = pick(all)
    const parent = parentOf(objects, path)
    if (!parent || typeof parent !== 'object') continue
    const key = path[path.length - 1]
    const op = rnd()
    if (op < 0.3) {
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete parent[key]
    } else if (op < 0.8) parent[key] = structuredClone(pick(values))
    else if (op < 0.9 && !Array.isArray(parent)) parent[`unknown${Math.floor(rnd() * 10)}`] = pick(values)
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]))
  }
}

export function mutateText(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1))
  const op = rnd()
  if (op < 0.4) {
    return text.slice(0, at) + textSnippets[Math.floor(rnd() * textSnippets.length)] + text.slice(at)
  }
  if (op < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 20))
  if (op < 0.75) return text.slice(0, at)
  if (op < 0.9) return text.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 128)) + text.slice(at + 1)
  return text.replace(/\b\d+\b/, '1'.repeat(1 + Math.floor(rnd() * 40)))
}

/** Mutated manifest number i of a sequence: objects, text, or both, now and then as JSON. */
export function mutatedManifest(i: number, rnd: () => number): string {
  const objects = bases[i % bases.length]()
  if (i % 3 !== 2) mutateObject(objects, rnd)
  let text = objects.map(o => stringify(o, { lineWidth: 0 })).join('---\n')
  if (i % 3 !== 0) text = mutateText(text, rnd)
  if (i % 97 === 0) text = JSON.stringify(objects[objects.length - 1])
  return text
}
