/**
 * The scenario format shared by both sides (README.md): a Job manifest and what its pods do.
 * resolve() is the TypeScript twin of oracle/scenario.go's resolve: keep them in step.
 */
export interface Run {
  durationSeconds?: number
  exitCode?: number
}

export interface Behaviour extends Run {
  /** Container attempts in order (restarts in place under OnFailure); the last one repeats. */
  runs?: Run[]
  /** Per container name: runs replacing `runs` for that container. */
  containers?: Record<string, Run[]>
  /** The Eviction API this long after the pod started: DisruptionTarget, then a graceful deletion. */
  evictAfterSeconds?: number
  /** `kubectl delete pod` this long after the pod started. */
  deleteAfterSeconds?: number
  /** SIGTERM is ignored: the container is killed (137) at the end of the grace period. */
  ignoresSigterm?: boolean
}

export interface Rule extends Behaviour {
  index?: number | number[]
  attempt?: number | number[]
}

export interface Action {
  atSeconds: number
  suspend?: boolean
}

export interface Scenario {
  name: string
  description?: string
  /** Pod-failure backoff base and kubelet crash-loop base (Kubernetes: 10). */
  backoffBaseSeconds?: number
  /** Virtual time limit (default: 7 days). */
  maxSeconds?: number
  job: Record<string, unknown>
  pods?: { default?: Behaviour; rules?: Rule[] }
  actions?: Action[]
  /**
   * The scenario pins a deliberate deviation (docs/conformance.md): it must diverge from the real
   * controller (on `field`, a comparison step of compare.mjs, when given) and agree in full once the
   * oracle is given job-action's choice (run.mjs `deviations`).
   */
  expectDivergence?: { deviation: string; field?: string }
}

export interface EffectiveRun {
  durationMs: number
  exitCode: number
}

export interface Effective {
  runs: Map<string, EffectiveRun[]>
  defaultRuns: EffectiveRun[]
  evictAfterMs?: number
  deleteAfterMs?: number
  ignoresSigterm: boolean
}

const ms = (seconds: number): number => Math.round(seconds * 1000)

const listHas = (list: number | number[], n: number): boolean =>
  Array.isArray(list) ? list.includes(n) : list === n

/**
 * The default behaviour, overridden field by field by the first rule that matches. index is null
 * for a NonIndexed Job (a rule with an index never matches it); attempt counts the pods of the
 * index (NonIndexed: of the Job) from 0, in creation order.
 */
export function resolve(scenario: Scenario, index: number | null, attempt: number): Effective {
  let b: Behaviour = { ...(scenario.pods?.default ?? {}) }
  for (const rule of scenario.pods?.rules ?? []) {
    if (rule.index !== undefined && (index === null || !listHas(rule.index, index))) continue
    if (rule.attempt !== undefined && !listHas(rule.attempt, attempt)) continue
    const { index: _i, attempt: _a, ...behaviour } = rule
    void _i
    void _a
    b = { ...b, ...behaviour }
    break
  }
  const duration = b.durationSeconds ?? 1
  const exit = b.exitCode ?? 0
  const toRuns = (runs: Run[] | undefined): EffectiveRun[] =>
    !runs || runs.length === 0
      ? [{ durationMs: ms(duration), exitCode: exit }]
      : runs.map(r => ({ durationMs: ms(r.durationSeconds ?? duration), exitCode: r.exitCode ?? exit }))
  return {
    runs: new Map(Object.entries(b.containers ?? {}).map(([name, runs]) => [name, toRuns(runs)])),
    defaultRuns: toRuns(b.runs),
    evictAfterMs: b.evictAfterSeconds === undefined ? undefined : ms(b.evictAfterSeconds),
    deleteAfterMs: b.deleteAfterSeconds === undefined ? undefined : ms(b.deleteAfterSeconds),
    ignoresSigterm: b.ignoresSigterm ?? false
  }
}

export function runOf(effective: Effective, container: string, attempt: number): EffectiveRun {
  const runs = effective.runs.get(container) ?? effective.defaultRuns
  return runs[Math.min(attempt, runs.length - 1)]
}
