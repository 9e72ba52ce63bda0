/**
 * What get, describe and logs read: the runs in the logs folder (the same folder and flag as run),
 * the Jobs and pods of one namespace, and the resource type and names on the command line, as
 * kubectl resolves `jobs`, `job.batch/NAME`, `po`, … Nothing is run and nothing is written.
 */
import { UsageError } from '../errors.js'
import type { DefaultedJob } from '../api/model.js'
import type { JobEvent } from '../api/jobEvent.js'
import { matchesSelector, parseSelector, SelectorError, type Requirement } from '../report/labelSelector.js'
import type { PodOfJob } from '../report/kubeObjects.js'
import { compareStrings } from '../report/describeFields.js'
import { readStatusDir, type StoredRun } from '../shard/statusDir.js'
import { cliLogsDir } from './cliSettings.js'
import type { CliOptions } from './types.js'

export type ResourceKind = 'jobs' | 'pods'

/** kubectl's names for them: the one in NotFound errors, the one `-o name` prints. */
export const resourceNames: Record<ResourceKind, { errorName: string; nameOutput: string }> = {
  jobs: { errorName: 'jobs.batch', nameOutput: 'job.batch' },
  pods: { errorName: 'pods', nameOutput: 'pod' }
}

const aliases: Record<string, ResourceKind> = {
  job: 'jobs',
  jobs: 'jobs',
  'job.batch': 'jobs',
  'jobs.batch': 'jobs',
  pod: 'pods',
  pods: 'pods',
  po: 'pods'
}

/** kubectl's exit code for every error it reports (NotFound among them). */
export const errorExit = 1

export function resourceKind(word: string): ResourceKind {
  const kind = aliases[word.toLowerCase()]
  if (!kind) throw new UsageError(`the server doesn't have a resource type "${word}"`)
  return kind
}

/** `TYPE [NAME...]` or `TYPE/NAME...` (one type for all). */
export function resourceArgs(operands: readonly string[]): { kind: ResourceKind; names: string[] } {
  const [first, ...rest] = operands
  if (!first.includes('/')) {
    if (rest.some(name => name.includes('/')))
      throw new UsageError(
        'there is no need to specify a resource type as a separate argument when passing arguments in resource/name form'
      )
    return { kind: resourceKind(first), names: rest }
  }
  const pairs = operands.map(operand => {
    const slash = operand.indexOf('/')
    if (slash < 0)
      throw new UsageError(`arguments in resource/name form must have a single resource and name`)
    return { kind: resourceKind(operand.slice(0, slash)), name: operand.slice(slash + 1) }
  })
  if (pairs.some(pair => pair.kind !== pairs[0].kind))
    throw new UsageError('only one resource type at a time: jobs or pods')
  return { kind: pairs[0].kind, names: pairs.map(pair => pair.name) }
}

export function selectorOf(options: Pick<CliOptions, 'selector'>): Requirement[] {
  try {
    return parseSelector(options.selector ?? '')
  } catch (error) {
    if (error instanceof SelectorError) throw new UsageError(error.message)
    throw error
  }
}

export interface RunsView {
  namespace: string
  logsDir: string
  runs: StoredRun[]
  /** The namespace's Jobs and pods, sorted by name as the API lists them. */
  jobs: DefaultedJob[]
  pods: PodOfJob[]
  eventsOf(job: DefaultedJob): JobEvent[]
}

export function readRuns(options: Pick<CliOptions, 'logsDir' | 'namespace'>): RunsView {
  const logsDir = cliLogsDir(options)
  const runs = readStatusDir(logsDir).filter(run => run.status.job.metadata.namespace === options.namespace)
  const jobs = runs
    .map(run => run.status.job)
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name))
  const pods = runs
    .flatMap(run => run.status.pods.map(pod => ({ pod, job: run.status.job })))
    .filter(({ pod }) => pod.namespace === options.namespace)
    .sort((a, b) => compareStrings(a.pod.name, b.pod.name))
  const events = new Map(runs.map(run => [run.status.job, run.status.events]))
  return { namespace: options.namespace, logsDir, runs, jobs, pods, eventsOf: job => events.get(job) ?? [] }
}

export interface Picked<T> {
  found: T[]
  /** The names asked for that are not there. */
  missing: string[]
}

/** The objects named (in the order named), else those the selector matches. */
export function pick<T>(
  all: readonly T[],
  names: readonly string[],
  selector: readonly Requirement[],
  nameOf: (item: T) => string,
  labelsOf: (item: T) => Record<string, string> | undefined
): Picked<T> {
  if (names.length > 0 && selector.length > 0)
    throw new UsageError('name cannot be provided when a selector is specified')
  if (names.length === 0)
    return { found: all.filter(item => matchesSelector(selector, labelsOf(item))), missing: [] }
  const found: T[] = []
  const missing: string[] = []
  for (const name of names) {
    const item = all.find(candidate => nameOf(candidate) === name)
    if (item) found.push(item)
    else missing.push(name)
  }
  return { found, missing }
}

export function notFound(kind: ResourceKind, name: string): string {
  return `Error from server (NotFound): ${resourceNames[kind].errorName} "${name}" not found\n`
}

export function noResources(namespace: string): string {
  return `No resources found in ${namespace} namespace.\n`
}
