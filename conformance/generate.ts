/**
 * The seeded scenario generator: Jobs over the fields we honour, crossed with random pod
 * behaviour. Only manifests our loadManifests accepts are kept (the validation is ours; a
 * manifest the API server would reject and we accept is a divergence of its own, not looked for
 * here). The same seed gives the same scenarios.
 */
import { loadManifests } from '../src/api/load.js'
import type { Behaviour, Rule, Scenario } from './scenario.js'

/** mulberry32 */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Rand {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
  /** A duration in seconds with milliseconds, so that pods rarely end at the very same instant. */
  seconds(min: number, max: number): number {
    return this.int(min * 1000, max * 1000) / 1000
  }
}

const EXIT_CODES = [0, 0, 0, 1, 1, 2, 3, 42]

function behaviour(r: Rand, onFailure: boolean, containers: string[]): Behaviour {
  const b: Behaviour = {}
  if (r.chance(0.7)) b.durationSeconds = r.seconds(0.5, 12)
  if (r.chance(0.8)) b.exitCode = r.pick(EXIT_CODES)
  if (onFailure && r.chance(0.5)) {
    b.runs = Array.from({ length: r.int(1, 4) }, () => ({
      durationSeconds: r.seconds(0.5, 8),
      exitCode: r.pick(EXIT_CODES)
    }))
  }
  if (containers.length > 1 && r.chance(0.4)) {
    const name = r.pick(containers)
    b.containers = { [name]: [{ exitCode: r.pick(EXIT_CODES), durationSeconds: r.seconds(0.5, 10) }] }
  }
  if (r.chance(0.1)) b.evictAfterSeconds = r.seconds(0.2, 6)
  else if (r.chance(0.05)) b.deleteAfterSeconds = r.seconds(0.2, 6)
  if (r.chance(0.08)) b.ignoresSigterm = true
  return b
}

function jobSpec(r: Rand): {
  spec: Record<string, unknown>
  indexed: boolean
  completions?: number
  onFailure: boolean
  containers: string[]
} {
  const indexed = r.chance(0.6)
  const onFailure = r.chance(0.2)
  const spec: Record<string, unknown> = {}
  let completions: number | undefined
  if (indexed || r.chance(0.85)) completions = r.int(1, 6)
  if (completions !== undefined) spec.completions = completions
  if (r.chance(0.85)) spec.parallelism = r.int(1, (completions ?? 3) + 1)
  if (indexed) spec.completionMode = 'Indexed'
  else if (r.chance(0.2)) spec.completionMode = 'NonIndexed'
  const perIndex = indexed && !onFailure && r.chance(0.4)
  if (perIndex) {
    spec.backoffLimitPerIndex = r.int(0, 2)
    if (r.chance(0.5)) spec.maxFailedIndexes = r.int(0, completions ?? 1)
    if (r.chance(0.3)) spec.backoffLimit = r.int(0, 6)
  } else if (r.chance(0.8)) spec.backoffLimit = r.int(0, 4)
  let pfp = false
  if (!onFailure && r.chance(0.35)) {
    pfp = true
    const actions = perIndex ? ['FailJob', 'FailIndex', 'Ignore', 'Count'] : ['FailJob', 'Ignore', 'Count']
    spec.podFailurePolicy = {
      rules: Array.from({ length: r.int(1, 3) }, () => {
        const action = r.pick(actions)
        if (r.chance(0.35)) return { action, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }
        const operator = r.chance(0.7) ? 'In' : 'NotIn'
        const pool = operator === 'In' ? [1, 2, 3, 42, 137, 143] : [0, 1, 2, 3, 42]
        const values = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(pool)))].sort(
          (a, b) => a - b
        )
        return { action, onExitCodes: { operator, values } }
      })
    }
  }
  if (indexed && completions !== undefined && r.chance(0.25)) {
    const rule: Record<string, unknown> = {}
    if (r.chance(0.6)) {
      const first = r.int(0, completions - 1)
      const last = r.int(first, completions - 1)
      rule.succeededIndexes = first === last ? `${first}` : `${first}-${last}`
      if (r.chance(0.3)) rule.succeededCount = r.int(1, last - first + 1)
    } else rule.succeededCount = r.int(1, completions)
    spec.successPolicy = { rules: [rule] }
  }
  if (r.chance(0.15)) spec.activeDeadlineSeconds = r.int(3, 60)
  if (pfp) spec.podReplacementPolicy = 'Failed'
  else if (r.chance(0.3)) spec.podReplacementPolicy = r.pick(['Failed', 'TerminatingOrFailed'])
  const containers = r.chance(0.2) ? ['main', 'helper'] : ['main']
  const podSpec: Record<string, unknown> = {
    restartPolicy: onFailure ? 'OnFailure' : 'Never',
    containers: containers.map(name => ({ name, image: 'busybox', command: ['true'] }))
  }
  if (r.chance(0.7)) podSpec.terminationGracePeriodSeconds = r.int(0, 5)
  if (r.chance(0.1)) podSpec.activeDeadlineSeconds = r.int(2, 10)
  spec.template = { spec: podSpec }
  return { spec, indexed, completions, onFailure, containers }
}

export function scenario(r: Rand, name: string): Scenario {
  const { spec, indexed, completions, onFailure, containers } = jobSpec(r)
  const actions: Scenario['actions'] = []
  const suspendedAtCreation = r.chance(0.08)
  if (suspendedAtCreation) {
    spec.suspend = true
    actions.push({ atSeconds: r.seconds(1, 20), suspend: false })
  }
  if (!suspendedAtCreation && r.chance(0.08)) {
    const at = r.seconds(0.5, 10)
    actions.push({ atSeconds: at, suspend: true }, { atSeconds: at + r.seconds(1, 30), suspend: false })
  }
  const rules: Rule[] = []
  for (let i = r.int(0, 4); i > 0; i--) {
    const rule: Rule = behaviour(r, onFailure, containers)
    if (indexed && r.chance(0.8)) rule.index = r.int(0, (completions ?? 1) - 1)
    if (r.chance(0.7)) rule.attempt = r.chance(0.5) ? r.int(0, 2) : [0, 1]
    rules.push(rule)
  }
  const out: Scenario = {
    name,
    // An hour of virtual time at most: a Job that replaces failing pods for ever stays short.
    maxSeconds: 3600,
    job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'gen' }, spec },
    pods: { default: behaviour(r, onFailure, containers), rules }
  }
  if (actions.length > 0) out.actions = actions
  return out
}

function valid(s: Scenario): boolean {
  try {
    loadManifests([{ text: JSON.stringify(s.job), file: 'job.json' }], { namespace: 'default', now: 0 })
    return true
  } catch {
    return false
  }
}

export function generate(seed: number, count: number): Scenario[] {
  const out: Scenario[] = []
  for (let i = 0; i < count; i++) {
    // Each scenario has a seed of its own, so that one can be regenerated alone.
    const r = new Rand(prng(seed * 100_003 + i))
    for (let tries = 0; tries < 100; tries++) {
      const s = scenario(r, `gen-${seed}-${i}`)
      if (valid(s)) {
        out.push(s)
        break
      }
    }
  }
  return out
}
