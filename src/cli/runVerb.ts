/**
 * `job-action run`: the Jobs run with live logs on stdout, then the result; SIGINT/SIGTERM stop
 * every pod and still print the report.
 */
import { exitCodes } from '../errors.js'
import { execute, failureMessage, loadAndCheck, type ExecuteResult } from '../execute.js'
import { onCancel } from '../signals.js'
import { cliRunSettings } from './cliSettings.js'
import { printResult } from './printResult.js'
import type { CliIo, CliOptions } from './types.js'

export async function runVerb(options: CliOptions, io: CliIo): Promise<number> {
  const settings = cliRunSettings(options)
  const loaded = loadAndCheck(settings.sources, settings)
  for (const notice of loaded.notices) io.stderr.write(`notice: ${notice}\n`)

  let interrupted = false
  let stopListening = (): void => {}
  let result: ExecuteResult
  try {
    result = await execute(loaded, settings, {
      out: io.stdout,
      // Colour where a person reads it: a terminal, or a workflow log (which renders ANSI).
      color: io.stdout.isTTY === true || process.env.GITHUB_ACTIONS === 'true',
      notice: message => io.stderr.write(`notice: ${message}\n`),
      onStarted: jobs => {
        stopListening = onCancel(jobs, signal => {
          interrupted = true
          io.stderr.write(`\nReceived ${signal}: stopping every pod\n`)
        })
      }
    })
  } finally {
    stopListening()
  }

  printResult(result, options, io)
  io.stderr.write(`Logs: ${settings.logsDir}\n`)
  const failure = failureMessage(result.results)
  if (failure) io.stderr.write(`${result.masker.apply(failure)}\n`)
  if (interrupted) return exitCodes.interrupted
  return failure ? exitCodes.jobFailed : exitCodes.ok
}
