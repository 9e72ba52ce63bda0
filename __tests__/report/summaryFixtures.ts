/**
 * Finished Jobs for the report's tests, laid out by hand the way the controller leaves them
 * (status, conditions, events, pods with their container states), so that the goldens change only
 * when the report does. Each pod's log files are written for real under a temp folder.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { formatIndexes } from '../../src/controller/indexedJobUtils.js'
import type { PodRecord } from '../../src/api/podRecord.js'
import type { JobEvent } from '../../src/api/jobEvent.js'
import { finishedCondition } from '../../src/controller/conditions.js'
import { describeJob } from '../../src/report/describe.js'
import { formatRFC3339 } from '../../src/report/timeFormat.js'
import type { JobRunResult, RunStatus } from '../../src/runner/jobRun.js'
import type { Container, JobCondition, JobSpec } from '../../src/api/model.js'
import { container, containerStatus, defaultedJob, event, pod } from './fixtures.js'

export const secret = 's3cr3t-T0ken'
export const mask = (text: string): string => text.replaceAll(secret, '***')

/** The instant every fixture Job starts. */
export const jobStart = Date.UTC(2026, 3, 16, 10, 36, 28)

export function tempLogsRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-summary-'))
}

export function cleanupLogs(root: string): void {
  fs.rmSync(root, { recursive: true, force: true })
}

export interface PodPlan {
  index?: number
  /** Seconds after the Job's start. */
  start: number
  seconds: number
  exitCode: number
  /** Container termination reason; default Completed / Error. */
  reason?: string
  signal?: number
  /** The pod's own reason (DeadlineExceeded). */
  podReason?: string
  podMessage?: string
  /** Stopped by the controller as the Job failed. */
  stopped?: boolean
  /** Still running when the run ended. */
  running?: boolean
  restarts?: number
}

export interface JobPlan {
  name: string
  spec?: Partial<JobSpec>
  container: Container
  pods: PodPlan[]
  status: RunStatus
  reason: string
  /** The terminal condition's message (Failed) — Complete has none. */
  message?: string
  failedIndexes?: string
  cancelled?: boolean
  /** Seconds after the start the run ended; default: when the last pod ended. */
  endedAfter?: number
  /** Log text of one attempt of a pod; none: no file is written. */
  log?: (pod: PodRecord, attempt: number) => string
}

export interface ReportCase {
  result: JobRunResult
  logsDir: string
  describe: string
}

const suffixes = ['p4564', 'wzbbk', 'x7k2q', 'm9d3f', 'c8vtn', 'r2hzl', 'b6wqs', 'n5jfd', 'k3pxa', 't8gmv']
const suffix = (i: number): string =>
  suffixes[i % suffixes.length].slice(0, 5 - String(Math.floor(i / suffixes.length) || '').length) +
  (Math.floor(i / suffixes.length) || '')

const seconds = (s: number): number => jobStart + s * 1000

/** The Job, its pods, events and status, with the plan's logs written under `logsRoot/<job>`. */
export function buildCase(plan: JobPlan, logsRoot: string): ReportCase {
  const uid = '5e7f0a9c-2b1d-4c3e-8f6a-1d2c3b4a5e6f'
  const indexed = plan.spec?.completionMode === 'Indexed'
  const logsDir = path.join(logsRoot, plan.name)
  const events: JobEvent[] = []
  const pods: PodRecord[] = plan.pods.map((p, i) => {
    const name = indexed ? `${plan.name}-${p.index}-${suffix(i)}` : `${plan.name}-${suffix(i)}`
    const created = seconds(p.start)
    const finished = seconds(p.start + p.seconds)
    const logs = Array.from({ length: (p.restarts ?? 0) + 1 }, (_, attempt) =>
      path.join(logsDir, plan.name, name, `${plan.container.name}${attempt > 0 ? `.${attempt}` : ''}.log`)
    )
    events.push(event('Normal', 'SuccessfulCreate', `Created pod: ${name}`, created))
    const failed = p.exitCode !== 0 || p.podReason !== undefined
    const record = pod({
      name,
      index: indexed ? (p.index ?? 0) : null,
      creationTimestamp: created,
      startTime: created,
      hostname: indexed ? `${plan.name}-${p.index}` : name,
      phase: p.running ? 'Running' : failed ? 'Failed' : 'Succeeded',
      reason: p.podReason,
      message: p.podMessage,
      ...(p.running ? {} : { finishTime: finished }),
      ...(p.stopped ? { deletionTimestamp: finished - 1000, deletionCause: 'JobFailing' as const } : {}),
      containerStatuses: [
        containerStatus({
          name: plan.container.name,
          ...(p.running
            ? { state: 'running', exitCode: undefined, reason: undefined, ready: true }
            : {
                exitCode: p.exitCode,
                signal: p.signal,
                reason: p.reason ?? (p.exitCode === 0 ? 'Completed' : 'Error'),
                finishedAt: finished
              }),
          startedAt: created,
          restartCount: p.restarts ?? 0,
          logs
        })
      ]
    })
    const log = plan.log
    if (log)
      logs.forEach((file, attempt) => {
        fs.mkdirSync(path.dirname(file), { recursive: true })
        fs.writeFileSync(file, log(record, attempt))
      })
    return record
  })

  const endedAfter = plan.endedAfter ?? Math.max(0, ...plan.pods.map(p => p.start + p.seconds))
  const ended = seconds(endedAfter)
  const succeeded = pods.filter(p => p.phase === 'Succeeded')
  const condition = (type: string, reason: string, message: string): JobCondition => ({
    type,
    status: 'True',
    lastProbeTime: formatRFC3339(ended),
    lastTransitionTime: formatRFC3339(ended),
    reason,
    message
  })
  const conditions: JobCondition[] =
    plan.status === 'Complete'
      ? [condition('SuccessCriteriaMet', plan.reason, ''), condition('Complete', plan.reason, '')]
      : plan.status === 'Failed' && !plan.cancelled
        ? [
            condition('FailureTarget', plan.reason, plan.message ?? ''),
            condition('Failed', plan.reason, plan.message ?? '')
          ]
        : []
  if (plan.status === 'Complete') events.push(event('Normal', 'Completed', 'Job completed', ended))
  if (plan.status === 'Failed' && !plan.cancelled)
    events.push(event('Warning', plan.reason, plan.message ?? '', ended))
  if (plan.status === 'Suspended') events.push(event('Normal', 'Suspended', 'Job suspended', jobStart))

  const job = defaultedJob({
    name: plan.name,
    uid,
    containers: [plan.container],
    spec: { ...plan.spec, ...(plan.status === 'Suspended' ? { suspend: true } : {}) },
    status: {
      ...(conditions.length > 0 ? { conditions } : {}),
      ...(plan.status === 'Suspended' ? {} : { startTime: formatRFC3339(jobStart) }),
      ...(plan.status === 'Complete' ? { completionTime: formatRFC3339(ended) } : {}),
      active: pods.filter(p => p.phase === 'Running').length || undefined,
      ready: 0,
      terminating: 0,
      succeeded: succeeded.length || undefined,
      failed: pods.filter(p => p.phase === 'Failed').length || undefined,
      ...(indexed ? { completedIndexes: formatIndexes(succeeded.map(p => p.index ?? 0)) } : {}),
      ...(plan.failedIndexes ? { failedIndexes: plan.failedIndexes } : {}),
      uncountedTerminatedPods: {}
    }
  })
  job.metadata.creationTimestamp = formatRFC3339(jobStart)
  const result: JobRunResult = {
    job,
    pods,
    events,
    status: plan.status,
    reason: plan.reason,
    terminal: finishedCondition(job.status.conditions),
    cancelled: plan.cancelled ?? false,
    startedAt: jobStart,
    endedAt: ended
  }
  const describe = mask(describeJob({ job, events, now: ended, utcOffsetMinutes: 0 }))
  return { result, logsDir, describe }
}

const lines = (n: number, make: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => make(i + 1) + '\n').join('')

/**
 * A test suite sharded over 10 indexes, 3 at a time, one retry per index: shards 3 and 7 fail
 * both attempts. The Job fails with FailedIndexes once every index has ended.
 */
export function indexedFailed(logsRoot: string): ReportCase {
  const pods: PodPlan[] = []
  const free = [0, 0, 0]
  const queue: Array<{ index: number; attempt: number }> = Array.from({ length: 10 }, (_, index) => ({
    index,
    attempt: 0
  }))
  while (queue.length > 0) {
    const { index, attempt } = queue.shift() as { index: number; attempt: number }
    const slot = free.indexOf(Math.min(...free))
    const fails = index === 3 || index === 7
    const start = free[slot] + (attempt > 0 ? 1 : 0)
    const duration = 4 + ((index * 13 + attempt * 7) % 9) / 2
    pods.push({ index, start, seconds: duration, exitCode: fails ? 1 : 0 })
    free[slot] = start + duration
    if (fails && attempt === 0) queue.splice(2, 0, { index, attempt: 1 })
  }
  return buildCase(
    {
      name: 'shards',
      spec: {
        completionMode: 'Indexed',
        completions: 10,
        parallelism: 3,
        backoffLimitPerIndex: 1,
        backoffLimit: 2147483647
      },
      container: container({
        name: 'tests',
        image: 'node:24',
        command: ['npm', 'test', '--', '--shard=$(JOB_COMPLETION_INDEX)']
      }),
      pods,
      status: 'Failed',
      reason: 'FailedIndexes',
      message: 'Job has failed indexes',
      failedIndexes: '3,7',
      log: (pod, attempt) => {
        const shard = pod.index ?? 0
        const head = lines(40, i => `  ✓ shard ${shard} test ${i} (${i * 3} ms)`)
        if (pod.phase !== 'Failed') return head + `\n  40 passing\n`
        return (
          head +
          `\n  40 passing\n  1 failing\n\n  1) shard ${shard} (attempt ${attempt + 1}): checkout total\n` +
          `     AssertionError: expected 41 to equal 42\n      at Context.<anonymous> (test/cart.test.js:17:12)\n`
        )
      }
    },
    logsRoot
  )
}

/** Every attempt fails, and its output holds everything that could break the Markdown around it. */
export function hostile(logsRoot: string): ReportCase {
  return buildCase(
    {
      name: 'migrate',
      spec: { backoffLimit: 2 },
      container: container({ name: 'db', image: 'postgres:17', command: ['psql', '-f', 'migrate.sql'] }),
      pods: [
        { start: 0, seconds: 1.5, exitCode: 3 },
        { start: 11.5, seconds: 1.5, exitCode: 3 },
        { start: 33, seconds: 1.5, exitCode: 3 }
      ],
      status: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      log: pod =>
        `connecting as ${pod.name}\n` +
        `\x1b[31mERROR\x1b[0m:  relation "users" does not exist\n` +
        'a ``` fence, a ```` longer one, a | pipe and a </details> tag\n' +
        `<script>alert(1)</script> **bold** _it_ [link](http://example.com)\n` +
        `password=${secret}\n` +
        `carriage\rreturn and a bell\x07\n`
    },
    logsRoot
  )
}

/** Three completions, two at a time, all passing. */
export function complete(logsRoot: string): ReportCase {
  return buildCase(
    {
      name: 'pi',
      spec: { completions: 3, parallelism: 2 },
      container: container({
        name: 'pi',
        image: 'perl:5.34.0',
        command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']
      }),
      pods: [
        { start: 0, seconds: 2.34, exitCode: 0 },
        { start: 0, seconds: 2.51, exitCode: 0 },
        { start: 2.34, seconds: 2.2, exitCode: 0 }
      ],
      status: 'Complete',
      reason: 'CompletionsReached',
      log: () => '3.14159\n'
    },
    logsRoot
  )
}

/** Created with suspend: true: nothing ran. */
export function suspended(logsRoot: string): ReportCase {
  return buildCase(
    {
      name: 'later',
      container: container({ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-e', '1'] }),
      pods: [],
      status: 'Suspended',
      reason: 'JobSuspended'
    },
    logsRoot
  )
}

/** A deadline: the running pods are stopped (SIGTERM, exit 143) and counted as failed. */
export function deadline(logsRoot: string): ReportCase {
  return buildCase(
    {
      name: 'nightly',
      spec: { completions: 4, parallelism: 2, activeDeadlineSeconds: 30 },
      container: container({ name: 'etl', image: 'busybox:1.36', command: ['sh', '-c', 'etl --all'] }),
      pods: [
        { start: 0, seconds: 12, exitCode: 0 },
        { start: 0, seconds: 30, exitCode: 143, signal: 15, stopped: true },
        { start: 12, seconds: 18, exitCode: 143, signal: 15, stopped: true, restarts: 0 }
      ],
      status: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
      log: pod => lines(3, i => `${pod.name}: batch ${i}`) + 'Terminated\n'
    },
    logsRoot
  )
}

/**
 * `total` pods of an Indexed Job, one index in ten failing once before passing: big enough to cut
 * every part of the report.
 */
export function many(logsRoot: string, total = 300, writeLogs = true): ReportCase {
  const pods: PodPlan[] = []
  const completions = Math.round(total / 1.1)
  for (let index = 0; index < completions; index++) {
    const start = Math.floor(index / 50) * 2
    if (index % 10 === 3) {
      pods.push({ index, start, seconds: 0.5, exitCode: 1 })
      pods.push({ index, start: start + 1, seconds: 0.6, exitCode: 0 })
    } else pods.push({ index, start, seconds: 0.5 + (index % 7) / 10, exitCode: 0 })
  }
  return buildCase(
    {
      name: 'many',
      spec: { completionMode: 'Indexed', completions, parallelism: 50, backoffLimit: 1_000_000 },
      container: container({ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'work'] }),
      pods,
      status: 'Complete',
      reason: 'CompletionsReached',
      log: writeLogs ? p => lines(50, i => `${p.name} line ${i}`) : undefined
    },
    logsRoot
  )
}

/** Interrupted (SIGINT): the pods were stopped within the shortened grace period. */
export function cancelled(logsRoot: string): ReportCase {
  return buildCase(
    {
      name: 'soak',
      spec: { completions: 3, parallelism: 3 },
      container: container({ name: 'load', image: 'busybox:1.36', command: ['sh', '-c', 'soak'] }),
      pods: [
        { start: 0, seconds: 4, exitCode: 0 },
        { start: 0, seconds: 9, exitCode: 143, signal: 15, podReason: undefined, stopped: false },
        { start: 4, seconds: 5, exitCode: 0, running: true }
      ],
      status: 'Failed',
      reason: 'Cancelled',
      cancelled: true,
      endedAfter: 9,
      log: pod => `${pod.name}: request 1\n${pod.name}: request 2\n`
    },
    logsRoot
  )
}
