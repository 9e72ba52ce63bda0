/**
 * `job-action merge`: the status files of a Job's shards reported as one run, and written as one
 * status file in the logs folder, which get, describe and logs then read; nothing runs.
 */
import { exitCodes } from '../errors.js'
import { executeMerge } from '../execute.js'
import { checkSummaryFile, cliLogsDir } from './cliSettings.js'
import { printResult } from './printResult.js'
import type { CliIo, CliOptions } from './types.js'

export function mergeVerb(options: CliOptions, io: CliIo): number {
  checkSummaryFile(options.summaryFile)
  const workspace = process.cwd()
  const logsDir = cliLogsDir(options, workspace)
  const merged = executeMerge(options.paths, { logsDir, workspace })
  printResult(merged, options, io)
  io.stderr.write(`Logs: ${logsDir}\n`)
  const written = merged.statusFile
  if ('problem' in written) io.stderr.write(`${written.problem}\n`)
  if ('skipped' in written) io.stderr.write(`${written.skipped}\n`)
  if (!merged.failure) return exitCodes.ok
  io.stderr.write(`${merged.failure}\n`)
  return exitCodes.jobFailed
}
