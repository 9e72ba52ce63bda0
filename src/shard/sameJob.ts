/**
 * Whether status files can be merged: runs of one Job (same namespace, name and spec — the uids
 * the API server gives each run aside), split the same way, each shard once. Each refusal names
 * the files and what differs.
 */
import { controllerUidLabel, legacyControllerUidLabel, type DefaultedJob } from '../api/model.js'
import { formatShard } from './shard.js'
import { StatusFileError, type ShardRun, type StatusFile } from './statusFile.js'

const controllerUidLabels = [controllerUidLabel, legacyControllerUidLabel]

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The spec without what differs between two runs of one manifest: the uid in the generated labels. */
function comparableSpec(job: DefaultedJob): unknown {
  const spec = structuredClone(job.spec)
  const uid = job.metadata.uid
  for (const labels of [spec.selector?.matchLabels, spec.template.metadata?.labels])
    for (const key of controllerUidLabels) if (labels && labels[key] === uid) delete labels[key]
  return spec
}

interface Difference {
  at: string
  a: unknown
  b: unknown
}

function fieldPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${key}]`
}

/** The first field, in key order, where two JSON values differ. */
export function firstDifference(a: unknown, b: unknown, at: string): Difference | undefined {
  if (Object.is(a, b)) return undefined
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = firstDifference(a[i], b[i], `${at}[${i}]`)
      if (found) return found
    }
    return undefined
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifference(a[key], b[key], fieldPath(at, key))
      if (found) return found
    }
    return undefined
  }
  return { at, a, b }
}

function shownValue(value: unknown): string {
  if (value === undefined) return 'absent'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

function shardText(status: StatusFile): string {
  return status.shard ? `shard ${formatShard(status.shard)}` : 'a run of every index (no shard)'
}

/** The files must be runs of one Job, split the same way, each shard once. */
export function checkShardRuns(runs: readonly ShardRun[]): void {
  if (runs.length === 0) throw new StatusFileError('merge: no status file to merge')
  const reference = runs[0]
  const ref = reference.status
  const refName = `${ref.job.metadata.namespace}/${ref.job.metadata.name}`
  const refSpec = comparableSpec(ref.job)
  const seen = new Map<number, ShardRun>()
  for (const run of runs) {
    const { status } = run
    const name = `${status.job.metadata.namespace}/${status.job.metadata.name}`
    if (name !== refName)
      throw new StatusFileError(
        `merge: ${run.shown} is Job "${name}", but ${reference.shown} is Job "${refName}": merge the status files of one Job at a time (a glob such as **/${ref.job.metadata.name}.status.json picks them)`
      )
    const difference = firstDifference(refSpec, comparableSpec(status.job), 'spec')
    if (difference)
      throw new StatusFileError(
        `merge: ${run.shown} is not the same Job "${refName}" as ${reference.shown}: ` +
          `its ${difference.at} is ${shownValue(difference.b)}, not ${shownValue(difference.a)}`
      )
    if (
      (status.shard?.count ?? 1) !== (ref.shard?.count ?? 1) ||
      (status.shard === null) !== (ref.shard === null)
    )
      throw new StatusFileError(
        `merge: ${run.shown} is ${shardText(status)}, but ${reference.shown} is ${shardText(ref)}: ` +
          'every shard must split the Job the same way'
      )
    const index = status.shard?.index ?? 1
    const twin = seen.get(index)
    if (twin)
      throw new StatusFileError(
        `merge: ${twin.shown} and ${run.shown} are both ${shardText(status)}: ` +
          'a shard was uploaded twice, or two matrix jobs ran the same shard'
      )
    seen.set(index, run)
  }
}
