/**
 * `job-action logs POD [CONTAINER]`, `logs -l SELECTOR` and `logs job/NAME`: the container log
 * files a run left, printed as kubectl logs prints a pod's — the default container (the first, with
 * kubectl's "Defaulted container" notice when there are several), `-c`, `--previous` (the attempt
 * before the last), `--tail`, `--prefix`, `--all-containers`. `job/NAME` prints every pod of the
 * Job, each line prefixed `[pod/NAME/CONTAINER] ` (kubectl picks one pod). Every pod of a run has
 * ended, so `-f` prints the same whole logs.
 */
import * as fs from 'node:fs'
import type { ContainerStatusRecord } from '../api/podRecord.js'
import type { PodOfJob } from '../report/kubeObjects.js'
import { UsageError } from '../errors.js'
import {
  errorExit,
  noResources,
  notFound,
  pick,
  readRuns,
  resourceKind,
  selectorOf,
  type RunsView
} from './readRuns.js'
import type { CliIo, CliOptions } from './types.js'

class LogsError extends Error {}

interface Target {
  pods: PodOfJob[]
  prefix: boolean
  /** kubectl logs -l shows the last 10 lines of each unless --tail says otherwise. */
  tail: number
}

function targets(options: CliOptions, view: RunsView): Target | { missing: string; kind: 'pods' | 'jobs' } {
  const [first, container, ...extra] = options.operands
  if (extra.length > 0) throw new UsageError('logs takes a pod and at most one container name')
  if (first === undefined) {
    const pods = pick(
      view.pods,
      [],
      selectorOf(options),
      p => p.pod.name,
      p => p.pod.labels
    ).found
    return { pods, prefix: options.prefix, tail: options.tail ?? 10 }
  }
  if (options.selector !== undefined) throw new UsageError('only one of a pod name or -l SELECTOR')
  if (container !== undefined) {
    if (options.container !== undefined && options.container !== container)
      throw new UsageError('only one of -c or an inline [CONTAINER] arg is allowed')
    options.container = container
  }
  const slash = first.indexOf('/')
  const kind = slash < 0 ? 'pods' : resourceKind(first.slice(0, slash))
  const name = slash < 0 ? first : first.slice(slash + 1)
  if (kind === 'jobs') {
    if (!view.jobs.some(job => job.metadata.name === name)) return { missing: name, kind }
    const pods = view.pods.filter(p => p.job.metadata.name === name)
    return { pods, prefix: true, tail: options.tail ?? -1 }
  }
  const pod = view.pods.find(p => p.pod.name === name)
  if (!pod) return { missing: name, kind }
  return { pods: [pod], prefix: options.prefix, tail: options.tail ?? -1 }
}

/** The containers to print, as kubectl picks them; a notice for a defaulted one among several. */
function containersOf(
  { pod, job }: PodOfJob,
  options: CliOptions,
  notice: (text: string) => void
): ContainerStatusRecord[] {
  const init = pod.initContainerStatuses
  const main = pod.containerStatuses
  if (options.allContainers) return [...init, ...main]
  if (options.container !== undefined) {
    const found = [...init, ...main].find(c => c.name === options.container)
    if (!found)
      throw new LogsError(
        `Error from server (BadRequest): container ${options.container} is not valid for pod ${pod.name}`
      )
    return [found]
  }
  const annotated = job.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/default-container']
  const chosen = main.find(c => c.name === annotated) ?? main[0]
  if (!chosen) return []
  if (annotated === undefined && main.length + init.length > 1) {
    const all = [...main.map(c => c.name), ...init.map(c => `${c.name} (init)`)]
    notice(`Defaulted container "${chosen.name}" out of: ${all.join(', ')}\n`)
  }
  return [chosen]
}

function logText(pod: PodOfJob, container: ContainerStatusRecord, previous: boolean, view: RunsView): string {
  const file = previous ? container.logs.at(-2) : container.logs.at(-1)
  if (file === undefined) {
    if (previous)
      throw new LogsError(
        `Error from server (BadRequest): previous terminated container "${container.name}" in pod "${pod.pod.name}" not found`
      )
    return ''
  }
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    // A merged shard's status file carries the tail of a failed container's log.
    const run = view.runs.find(r => r.status.job === pod.job)
    const tail = run?.status.logTails[file]
    if (tail) return tail.length > 0 ? `${tail.join('\n')}\n` : ''
    throw new LogsError(
      `error: the log of container "${container.name}" of pod "${pod.pod.name}" is not at ${file}`
    )
  }
}

function shaped(text: string, tail: number, prefix: string): string {
  if (text === '') return ''
  let lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail)
  return lines.map(line => `${prefix}${line}\n`).join('')
}

export function logsVerb(options: CliOptions, io: CliIo): number {
  const view = readRuns(options)
  const target = targets(options, view)
  if ('missing' in target) {
    io.stderr.write(notFound(target.kind, target.missing))
    return errorExit
  }
  if (target.pods.length === 0) {
    io.stderr.write(noResources(options.namespace))
    return 0
  }
  try {
    for (const pod of target.pods)
      for (const container of containersOf(pod, options, text => io.stderr.write(text))) {
        const prefix = target.prefix ? `[pod/${pod.pod.name}/${container.name}] ` : ''
        io.stdout.write(shaped(logText(pod, container, options.previous, view), target.tail, prefix))
      }
  } catch (error) {
    if (!(error instanceof LogsError)) throw error
    io.stderr.write(`${error.message}\n`)
    return errorExit
  }
  return 0
}
