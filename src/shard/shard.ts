/**
 * One Indexed Job split over several runners of a workflow matrix: shard `i/n` (numbered from 1,
 * as a matrix list `[1, 2, 3, 4]` counts) runs the indexes k with k mod n == i − 1, so that
 * neighbouring indexes — often work of similar size — land on different runners.
 */
import { formatIndexes, formatIntervals } from '../controller/indexedJobUtils.js'
import { shardIndexCount, type IndexShard } from '../controller/indexTracker.js'
import { UsageError } from '../errors.js'
import type { LoadedManifests } from '../api/load.js'

export type Shard = IndexShard

/** `2/4` → { index: 2, count: 4 }; `name` says which input or flag the text came from. */
export function parseShard(text: string, name: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (!match)
    throw new UsageError(`${name}: "${text}" is not a shard: write i/n, e.g. 2/4 for the second of 4 shards`)
  const index = Number(match[1])
  const count = Number(match[2])
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count))
    throw new UsageError(`${name}: "${text}" has a number too large`)
  if (count < 1) throw new UsageError(`${name}: "${text}": there must be at least 1 shard`)
  if (index < 1 || index > count)
    throw new UsageError(
      `${name}: "${text}": shards are numbered from 1 to ${count} (a matrix list such as [1, 2, 3, 4], not strategy.job-index, which starts at 0)`
    )
  return { index, count }
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`
}

/** Only an Indexed Job can be split: a NonIndexed Job's pods are interchangeable, with nothing to share out. */
export function checkShardable(loaded: LoadedManifests, shard: Shard): void {
  const messages = loaded.jobs
    .filter(({ job }) => job.spec.completionMode !== 'Indexed')
    .map(
      ({ job }) =>
        `shard ${formatShard(shard)}: Job "${job.metadata.name}" is ${job.spec.completionMode}: ` +
        'only an Indexed Job (spec.completionMode: Indexed) can be split into shards'
    )
  if (messages.length > 0) throw new UsageError(messages.join('\n'))
}

/** The indexes a shard owns, ascending. */
export function shardIndexes(completions: number, shard: Shard): number[] {
  const indexes: number[] = []
  for (let k = shard.index - 1; k < completions; k += shard.count) indexes.push(k)
  return indexes
}

/**
 * The indexes a shard owns, short: `1,5,9,…,37` — they are evenly spaced, so the first two and
 * the last say it all. The whole list, in interval form, when it is short.
 */
export function shardIndexesText(completions: number, shard: Shard): string {
  const total = shardIndexCount(completions, shard)
  if (total === 0) return 'none'
  const first = shard.index - 1
  const last = first + (total - 1) * shard.count
  if (shard.count === 1) return formatIntervals([{ first, last }])
  if (total <= 4) return formatIndexes(shardIndexes(completions, shard))
  return `${first},${first + shard.count},…,${last}`
}
