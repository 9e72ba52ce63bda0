/**
 * `<logs-dir>/<job>.status.json`: everything the reports need of one run of a Job — the Job
 * (spec and status), its pods, its events, which shard it was — in one self-contained file that a
 * workflow uploads as an artifact and a merge job reads back. Secret values are masked before it
 * is written: an artifact can be downloaded by anyone who can read the repository.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { PodRecord } from '../api/podRecord.js'
import type { JobEvent } from '../api/jobEvent.js'
import { UsageError } from '../errors.js'
import { writeFileReplacing } from '../logs/safeFiles.js'
import { containerTail, failedContainers, maxTailedPods, tailLength } from '../report/summaryLogs.js'
import { finishedCondition } from '../controller/conditions.js'
import type { JobRunResult, RunStatus } from '../report/runResult.js'
import type { DefaultedJob } from '../api/model.js'
import type { Shard } from './shard.js'

export const statusApiVersion = 'job-action/v1'
export const statusKind = 'JobRunStatus'
export const statusFileSuffix = '.status.json'

export interface StatusFile {
  apiVersion: typeof statusApiVersion
  kind: typeof statusKind
  /** The shard this run was; null for a run of every index. */
  shard: Shard | null
  /** The run's logs folder (absolute, on the machine that ran it): the pods' log paths are under it. */
  logsDir: string
  status: RunStatus
  reason: string
  cancelled: boolean
  /** Milliseconds since the epoch, as in PodRecord. */
  startedAt: number
  endedAt: number
  job: DefaultedJob
  pods: PodRecord[]
  events: JobEvent[]
  /**
   * The last lines of the failed containers' logs, by log file path: a merge that was given only
   * the status files still shows why pods failed.
   */
  logTails: Record<string, string[]>
}

/** A status file as read, for the merge. */
export interface ShardRun {
  /** How the file is named in messages (relative to the workspace). */
  shown: string
  status: StatusFile
}

/** A status file that cannot be merged; the message names the file. */
export class StatusFileError extends UsageError {}

export function statusFilePath(logsDir: string, jobName: string): string {
  return path.join(logsDir, `${jobName}${statusFileSuffix}`)
}

export interface StatusFileOptions {
  logsDir: string
  shard?: Shard
  mask: (text: string) => string
}

export function statusFileOf(result: JobRunResult, options: StatusFileOptions): StatusFile {
  return {
    apiVersion: statusApiVersion,
    kind: statusKind,
    shard: options.shard ?? null,
    logsDir: options.logsDir,
    status: result.status,
    reason: result.reason,
    cancelled: result.cancelled,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    job: result.job,
    pods: result.pods,
    events: result.events,
    logTails: logTails(result.pods, options.mask)
  }
}

/** The tails the report would show: those of the first failed pods, as many as it shows. */
function logTails(pods: readonly PodRecord[], mask: (text: string) => string): Record<string, string[]> {
  const tails: Record<string, string[]> = {}
  for (const pod of pods.filter(p => p.phase === 'Failed').slice(0, maxTailedPods))
    for (const status of failedContainers(pod)) {
      const file = status.logs.at(-1)
      if (file) tails[file] = containerTail(status, tailLength, mask)
    }
  return tails
}

/**
 * Writes the file and returns its path. Every string in it is masked. The text is what
 * JSON.stringify gives for the whole StatusFile, written a slice of pods at a time: a Job of
 * 100,000 pods makes a file of about 100 MB, which as one string would double the run's memory.
 */
export function writeStatusFile(result: JobRunResult, options: StatusFileOptions): string {
  const file = statusFilePath(options.logsDir, result.job.metadata.name)
  const masked = (_key: string, value: unknown): unknown =>
    typeof value === 'string' ? options.mask(value) : value
  const { pods, events, logTails: tails, ...head } = statusFileOf(result, options)
  // Whole or absent: written under a temporary name and renamed over the file (or a link there,
  // never its target), so a full disk leaves no cut file that a merge would choke on.
  writeFileReplacing(file, fd => {
    // head's keys come first in a StatusFile, then pods, events and logTails, in that order.
    fs.writeSync(fd, JSON.stringify(head, masked).slice(0, -1))
    fs.writeSync(fd, ',"pods":')
    writeArray(fd, pods, masked)
    fs.writeSync(fd, ',"events":')
    writeArray(fd, events, masked)
    fs.writeSync(fd, `,"logTails":${JSON.stringify(tails, masked)}}\n`)
  })
  return file
}

const ITEMS_PER_WRITE = 1000

function writeArray(
  fd: number,
  items: readonly object[],
  replacer: (key: string, value: unknown) => unknown
): void {
  fs.writeSync(fd, '[')
  for (let from = 0; from < items.length; from += ITEMS_PER_WRITE) {
    const slice = items.slice(from, from + ITEMS_PER_WRITE).map(item => JSON.stringify(item, replacer))
    fs.writeSync(fd, (from === 0 ? '' : ',') + slice.join(','))
  }
  fs.writeSync(fd, ']')
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What a field must hold, for the message when it does not. */
function ensure(ok: boolean, what: string): void {
  if (!ok) throw new Error(what)
}

const phases = new Set(['Pending', 'Running', 'Succeeded', 'Failed'])
const runStatuses = new Set(['Complete', 'Failed', 'Suspended'])

function checkPod(pod: unknown, i: number): void {
  ensure(isObject(pod), `pods[${i}] is not an object`)
  const p = pod as Json
  ensure(typeof p.name === 'string', `pods[${i}].name is not a string`)
  ensure(p.index === null || Number.isInteger(p.index), `pods[${i}].index is not an integer or null`)
  ensure(typeof p.phase === 'string' && phases.has(p.phase), `pods[${i}].phase is not a pod phase`)
  ensure(typeof p.creationTimestamp === 'number', `pods[${i}].creationTimestamp is not a number`)
  for (const key of ['initContainerStatuses', 'containerStatuses', 'conditions'])
    ensure(Array.isArray(p[key]), `pods[${i}].${key} is not an array`)
  for (const key of ['initContainerStatuses', 'containerStatuses'])
    (p[key] as unknown[]).forEach((s, j) => {
      ensure(isObject(s) && typeof s.name === 'string', `pods[${i}].${key}[${j}] has no name`)
      ensure(Array.isArray((s as Json).logs), `pods[${i}].${key}[${j}].logs is not an array`)
    })
}

function checkEvent(event: unknown, i: number): void {
  ensure(isObject(event), `events[${i}] is not an object`)
  const e = event as Json
  for (const key of ['type', 'reason', 'message'])
    ensure(typeof e[key] === 'string', `events[${i}].${key} is not a string`)
  for (const key of ['firstTimestamp', 'lastTimestamp', 'count'])
    ensure(typeof e[key] === 'number', `events[${i}].${key} is not a number`)
}

function checkShard(shard: unknown): void {
  if (shard === null) return
  ensure(isObject(shard), 'shard is not an object or null')
  const { index, count } = shard as Json
  ensure(
    Number.isInteger(index) && Number.isInteger(count) && (count as number) >= 1,
    'shard is not {index, count}'
  )
  ensure((index as number) >= 1 && (index as number) <= (count as number), 'shard.index is not in 1..count')
}

/** The fields the merge and the reports rely on, each checked so that a bad file gets a clear error. */
function checkStatusFile(data: unknown): asserts data is StatusFile {
  ensure(isObject(data), 'it is not a JSON object')
  const d = data as Json
  ensure(
    d.apiVersion === statusApiVersion && d.kind === statusKind,
    `it is not apiVersion ${statusApiVersion}, kind ${statusKind}`
  )
  checkShard(d.shard)
  ensure(typeof d.logsDir === 'string', 'logsDir is not a string')
  ensure(
    typeof d.status === 'string' && runStatuses.has(d.status),
    'status is not Complete, Failed or Suspended'
  )
  ensure(typeof d.reason === 'string', 'reason is not a string')
  ensure(typeof d.cancelled === 'boolean', 'cancelled is not a boolean')
  ensure(
    typeof d.startedAt === 'number' && typeof d.endedAt === 'number',
    'startedAt or endedAt is not a number'
  )
  const job = d.job
  ensure(isObject(job), 'job is not an object')
  const j = job as Json
  ensure(
    isObject(j.metadata) && typeof j.metadata.name === 'string' && typeof j.metadata.namespace === 'string',
    'job.metadata has no name or namespace'
  )
  ensure(isObject(j.spec) && isObject(j.spec.template), 'job.spec has no template')
  ensure(isObject(j.status), 'job.status is not an object')
  ensure(Array.isArray(d.pods), 'pods is not an array')
  ;(d.pods as unknown[]).forEach(checkPod)
  ensure(Array.isArray(d.events), 'events is not an array')
  ;(d.events as unknown[]).forEach(checkEvent)
  ensure(
    isObject(d.logTails) &&
      Object.values(d.logTails).every(v => Array.isArray(v) && v.every(l => typeof l === 'string')),
    'logTails is not an object of string arrays'
  )
}

/** Reads and checks one file; `shown` is how the file is named in errors. */
export function readStatusFile(file: string, shown = file): StatusFile {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new StatusFileError(
      `merge: cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new StatusFileError(
      `merge: ${shown} is not a job-action status file: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  try {
    checkStatusFile(data)
  } catch (error) {
    throw new StatusFileError(
      `merge: ${shown} is not a job-action status file: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  return data
}

/** The run as the reports take it. */
export function resultOf(status: StatusFile): JobRunResult {
  return {
    job: status.job,
    pods: status.pods,
    events: status.events,
    status: status.status,
    reason: status.reason,
    // The file keeps the conditions, not which one ended the run: the one definition decides.
    terminal: finishedCondition(status.job.status.conditions),
    cancelled: status.cancelled,
    startedAt: status.startedAt,
    endedAt: status.endedAt
  }
}
