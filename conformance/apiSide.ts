/**
 * Our side of the API oracle (conformance/apivalidation): the manifests it checks — generated Jobs
 * (the scenario generator without its validity filter, so that invalid specs come too) and the
 * mutated manifests of the loader's fuzz test (__tests__/api/mutations.ts) — and what our
 * loadManifests makes of each, in the oracle's shape: problems by stage, field errors as
 * `field: message` lines. compareApi says where the two differ.
 */
import { stringify } from 'yaml'
import { loadManifests, ManifestError } from '../src/api/load.js'
import { mutatedManifest, random } from '../__tests__/api/mutations.js'
import { prng, Rand, scenario } from './generate.js'

export interface ApiCase {
  name: string
  text: string
}

export interface ApiProblem {
  stage: string
  kind?: string
  lines?: string[]
}

export interface ApiResult {
  name: string
  jobs: number
  problems: ApiProblem[]
}

/** `count` cases of seed `seed`: one in three a generated Job, the others mutated manifests. */
export function apiCases(seed: number, count: number): ApiCase[] {
  const cases: ApiCase[] = []
  const rnd = random(seed)
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) {
      const job = scenario(new Rand(prng(seed * 100_003 + i)), `api-${seed}-${i}`).job
      cases.push({ name: `api-${seed}-${i}-generated`, text: stringify(job, { lineWidth: 0 }) })
    } else {
      // A manifest is read from a file: its text never holds a lone surrogate, which the mutations
      // can make (Go and Node replace those differently).
      const text = Buffer.from(mutatedManifest(i, rnd), 'utf8').toString('utf8')
      cases.push({ name: `api-${seed}-${i}-mutated`, text })
    }
  }
  return cases
}

const stages: Array<[RegExp, string]> = [
  [/^error parsing /, 'syntax'],
  [/^(error validating|unable to decode) /, 'typemeta'],
  [/^resource mapping not found /, 'mapping'],
  [/^Error from server \(BadRequest\)/, 'badrequest'],
  [/^Error from server \(AlreadyExists\)/, 'exists'],
  [/^no Job in the manifest/, 'nojob'],
  [/^internal error|^the manifest is nested too deeply/, 'internal']
]

/** Our loader's verdict in the oracle's shape. */
export function ourApiResult(c: ApiCase): ApiResult {
  try {
    const loaded = loadManifests([{ text: c.text, file: 'job.yaml' }], {
      namespace: 'default',
      now: Date.UTC(2026, 3, 16),
      newUid: () => '00000000-0000-4000-8000-000000000001',
      randomSuffix: () => 'x7k2p'
    })
    return { name: c.name, jobs: loaded.jobs.length, problems: [] }
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error
    return { name: c.name, jobs: 0, problems: parseProblems(error.message) }
  }
}

/** A ManifestError's text back into problems: `The Job "x" is invalid: ` blocks and the others. */
function parseProblems(message: string): ApiProblem[] {
  const problems: ApiProblem[] = []
  let invalid: ApiProblem | undefined
  for (const line of message.split('\n')) {
    if (/^ {2}at \S+:\d+:\d+/.test(line)) continue
    const header = /^The (\w+) "(?:[^"\\]|\\.)*" is invalid: (.*)$/.exec(line)
    if (header) {
      invalid = { stage: 'invalid', kind: header[1], lines: header[2] ? [header[2]] : [] }
      problems.push(invalid)
      continue
    }
    if (invalid && line.startsWith('* ')) {
      invalid.lines?.push(line.slice(2))
      continue
    }
    const stage = stages.find(([re]) => re.test(line))
    if (stage) {
      invalid = undefined
      problems.push({ stage: stage[1], lines: [line] })
    } else if (invalid?.lines?.length) {
      // A field message that runs over several lines.
      invalid.lines[invalid.lines.length - 1] += `\n${line}`
    }
  }
  for (const p of problems) if (p.lines && p.stage === 'invalid') p.lines = [...new Set(p.lines)].sort()
  return problems
}

/**
 * Where the oracle and we differ on one manifest, or undefined: whether it is accepted, the stages
 * of the problems, and their lines — field errors, syntax errors (ours without `error parsing
 * FILE: `), strict decoding errors (ours without kubectl's `Error from server (BadRequest): …
 * cannot be handled as a Job: `) and kubectl's own checks of apiVersion, kind and metadata (without
 * its advice to turn validation off, which job-action cannot). Kubernetes reports "no Job" nowhere
 * (kubectl would apply nothing); we refuse a manifest without a Job: the oracle's verdict is taken
 * as a refusal there too.
 */
export function compareApi(real: ApiResult, ours: ApiResult): string | undefined {
  const realProblems = real.jobs === 0 && real.problems.length === 0 ? [{ stage: 'nojob' }] : real.problems
  const accepted = (problems: ApiProblem[]): boolean => problems.length === 0
  if (accepted(realProblems) !== accepted(ours.problems))
    return `accepted: kubernetes ${accepted(realProblems)}, job-action ${accepted(ours.problems)}`
  const stagesOf = (problems: ApiProblem[]): string =>
    [...new Set(problems.map(p => (p.stage === 'invalid' ? `${p.stage} ${p.kind}` : p.stage)))]
      .sort()
      .join(', ')
  if (stagesOf(realProblems) !== stagesOf(ours.problems))
    return `stages: kubernetes [${stagesOf(realProblems)}], job-action [${stagesOf(ours.problems)}]`
  const a = comparableLines(realProblems, 'kubernetes')
  const b = comparableLines(ours.problems, 'job-action')
  const onlyReal = a.filter(l => !b.includes(l))
  const onlyOurs = b.filter(l => !a.includes(l))
  if (onlyReal.length === 0 && onlyOurs.length === 0) return undefined
  return [...onlyReal.map(l => `kubernetes only: ${l}`), ...onlyOurs.map(l => `job-action only: ${l}`)].join(
    '\n'
  )
}

/** The lines of the stages that have comparable words, in one form for both sides. */
function comparableLines(problems: ApiProblem[], side: 'kubernetes' | 'job-action'): string[] {
  const lines = problems.flatMap(p => {
    const own = p.lines ?? []
    if (p.stage === 'invalid') return own.map(l => `${p.kind} ${l}`)
    if (p.stage === 'syntax') return own.map(l => `syntax ${l.replace(/^error parsing \S+: /, '')}`)
    if (p.stage === 'badrequest')
      return own.map(
        l =>
          `badrequest ${l.replace(/^Error from server \(BadRequest\): .*? cannot be handled as an? \w+: /, '')}`
      )
    if (p.stage === 'typemeta' && side === 'kubernetes')
      return own.map(l => `typemeta ${l.replace(/; if you choose to ignore these errors, .*$/, '')}`)
    if (p.stage === 'typemeta')
      return own
        .filter(l => /^(unable to decode|error validating) "/.test(l))
        .map(
          l =>
            `typemeta ${l.replace(/^error validating "[^"]*": /, '').replace(/^unable to decode "[^"]*": /, 'unable to decode: ')}`
        )
    return []
  })
  return [...new Set(lines)].sort()
}

/**
 * The listed API differences (docs/conformance.md), by id: a difference one of them explains is
 * reported, and does not fail the run.
 */
export const knownApiDifferences: Array<{
  id: string
  explains: (real: ApiResult, ours: ApiResult) => boolean
}> = [
  {
    // We refuse what nests deeper than 256 levels (our reader recurses); go-yaml allows 10,000.
    id: 'depth-256',
    explains: (_real, ours) =>
      ours.problems.some(p => p.lines?.some(l => l.endsWith('document nested too deeply')))
  },
  {
    // Kubernetes' own validation panics (a nil spec.completions dereferenced for an Indexed Job
    // with a successPolicy: the API server answers 500); we report the field errors.
    id: 'upstream-panic',
    explains: real => real.problems.some(p => p.stage === 'panic')
  },
  {
    // A Job (ConfigMap, Secret) of a group a CustomResourceDefinition could declare (a DNS name
    // with a dot) is skipped as someone else's kind; the oracle's cluster knows no CRDs.
    id: 'crd-group',
    explains: (real, ours) =>
      real.problems.some(p => p.stage === 'mapping') &&
      !ours.problems.some(p => p.stage === 'mapping') &&
      real.problems.every(p => p.stage === 'mapping' || ours.problems.some(o => o.stage === p.stage))
  }
]

export function explainApi(real: ApiResult, ours: ApiResult): string | undefined {
  return knownApiDifferences.find(k => k.explains(real, ours))?.id
}
