/**
 * The merge's own status file: the merged run written as `<logs-dir>/<job>.status.json` (shard
 * null), so that get, describe and logs over the merge's logs folder show the whole Job. A later
 * merge that searches a folder holding it must not take it for one more run of the Job, and a
 * shard's file that happens to sit at that very path is never overwritten.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { JobRunResult } from '../report/runResult.js'
import { statusFilePath, writeStatusFile, type StatusFile } from './statusFile.js'

interface ReadRun {
  file: string
  status: StatusFile
}

function samePath(a: string, b: string): boolean {
  const real = (file: string): string => {
    try {
      return fs.realpathSync.native(file)
    } catch {
      return path.resolve(file)
    }
  }
  return real(a) === real(b)
}

function isOutput(run: ReadRun, logsDir: string): boolean {
  return samePath(run.file, statusFilePath(logsDir, run.status.job.metadata.name))
}

/** The runs without an earlier merge's output (a run of every index at the output path), unless it is all there is. */
export function withoutMergeOutput<T extends ReadRun>(runs: readonly T[], logsDir: string): T[] {
  const rest = runs.filter(run => !(run.status.shard === null && isOutput(run, logsDir)))
  return rest.length > 0 ? rest : [...runs]
}

export type MergedStatusFile = { file: string } | { skipped: string } | { problem: string }

/**
 * Writes the merged run into `logsDir` (absolute). Everything in it was masked when the shards
 * wrote their files. Not written over one of the merge's own inputs; a failure to write is
 * returned, not thrown: the merge's report stands without it.
 */
export function writeMergedStatusFile(
  result: JobRunResult,
  runs: readonly ReadRun[],
  logsDir: string
): MergedStatusFile {
  const target = statusFilePath(logsDir, result.job.metadata.name)
  if (runs.some(run => samePath(run.file, target)))
    return { skipped: `${target} is one of the files merged: it was not replaced` }
  try {
    return { file: writeStatusFile(result, { logsDir, mask: text => text }) }
  } catch (error) {
    return {
      problem: `The status file of Job ${result.job.metadata.name} was not written: ${error instanceof Error ? error.message : String(error)}`
    }
  }
}
