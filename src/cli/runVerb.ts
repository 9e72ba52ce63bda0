/**
 * `job-action run`: the Jobs run with live logs on stdout, then the result and one verdict line
 * per Job; SIGINT/SIGTERM stop every pod and still print the report. With `-o json|yaml` stdout
 * carries the document alone, for a parser: the live lines and the verdict go to stderr.
 */
import { exitCodes } from '../errors.js'
import { execute, failureMessage, loadAndCheck, type ExecuteResult } from '../execute.js'
import { onCancel } from '../signals.js'
import { cliRunSettings } from './cliSettings.js'
import { verdictLines } from '../report/verdict.js'
import { printResult } from './printResult.js'
import type { CliIo, CliOptions } from './types.js'

export async function runVerb(options: CliOptions, io: CliIo): Promise<number> {
  const settings = cliRunSettings(options)
  const loaded = loadAndCheck(settings.sources, settings)
  for (const notice of loaded.notices) io.stderr.write(`notice: ${notice}\n`)

  const machine = options.output === 'json' || options.output === 'yaml'
  const live = (machine ? io.stderr : io.stdout) as NodeJS.WriteStream
  const underActions = process.env.GITHUB_ACTIONS === 'true'

  let interrupted = false
  let stopListening = (): void => {}
  let result: ExecuteResult
  try {
    result = await execute(loaded, settings, {
      out: live,
      // Colour where a person reads it: a terminal, or a workflow log (which renders ANSI).
      color: live.isTTY === true || underActions,
      progress: live,
      // Only the runner reads `::group::`; a terminal would show it as text.
      workflowCommands: underActions,
      notice: message => io.stderr.write(`notice: ${message}\n`),
      error: message => io.stderr.write(`error: ${message}\n`),
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
  // The last word, with every -o (none too): how each Job ended and why.
  live.write(result.masker.apply(verdictLines(result.results)))
  const failure = failureMessage(result.results)
  if (interrupted) return exitCodes.interrupted
  return failure ? exitCodes.jobFailed : exitCodes.ok
}
