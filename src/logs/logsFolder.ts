/**
 * The logs folder made ready before any pod starts, so that every problem with it is one line and
 * exit code 2 (a failed step), never a stack trace halfway through a run: the folder is made,
 * each Job's lock is taken, its `<job>` folder made (or an earlier run's reused, if it is ours)
 * and the place of its status file checked.
 *
 * An earlier run's files in a reused `<job>` folder are kept: this run's pods have new names (a
 * random suffix, Indexed pods too), so they never mix; a log file that does happen to share a
 * name is replaced, never appended to.
 */
import * as path from 'node:path'
import { lockJob } from './runLock.js'
import { checkReplaceable, makeLogsFolder, makeOwnFolder, LogsFolderError } from './safeFiles.js'

/** The status file's name beside the Job's folder (src/shard/statusFile.ts writes it). */
const statusSuffix = '.status.json'

export interface PreparedLogsFolder {
  /** Gives up the Jobs' locks: the run is over. */
  release(): void
}

export function prepareLogsFolder(dir: string, jobNames: readonly string[]): PreparedLogsFolder {
  const absolute = path.resolve(dir)
  makeLogsFolder(absolute)
  const releases: (() => void)[] = []
  const release = (): void => {
    for (const done of releases.splice(0)) done()
  }
  try {
    for (const jobName of jobNames) {
      const jobPath = path.join(absolute, jobName)
      releases.push(lockJob(jobPath, jobName))
      checkReplaceable(jobPath + statusSuffix)
      makeOwnFolder(jobPath)
    }
  } catch (error) {
    release()
    if (error instanceof LogsFolderError) throw new LogsFolderError(inFolder(absolute, error.message))
    throw error
  }
  return { release }
}

/** Every message names the logs folder first, as a folder that cannot be made does. */
function inFolder(dir: string, message: string): string {
  return message.startsWith(`cannot use logs folder ${dir}`)
    ? message
    : `cannot use logs folder ${dir}: ${message}`
}
