/**
 * The command line: `job-action run|validate|merge`, kubectl's `create|apply` (names for run) and
 * its read-only `get|describe|logs` over the status files runs left. Reads the command, hands it to its verb and
 * turns a user mistake (src/errors.ts) into one line on stderr and exit code 2; results go to
 * stdout, notices and errors to stderr.
 */
import { exitCodes, userMistake } from '../errors.js'
import { unsupportedPlatform } from '../platform.js'
import { version } from '../version.js'
import { describeVerb } from './describeVerb.js'
import { getVerb } from './getVerb.js'
import { logsVerb } from './logsVerb.js'
import { mergeVerb } from './mergeVerb.js'
import { parseArgs } from './parseArgs.js'
import { quietOnClosedPipe } from './printResult.js'
import { runVerb } from './runVerb.js'
import type { CliIo, CliOptions, Verb } from './types.js'
import { usage } from './usage.js'
import { validateVerb } from './validateVerb.js'

const verbs: Record<Verb, (options: CliOptions, io: CliIo) => number | Promise<number>> = {
  run: runVerb,
  validate: validateVerb,
  merge: mergeVerb,
  create: runVerb,
  apply: runVerb,
  get: getVerb,
  describe: describeVerb,
  logs: logsVerb
}

/** Returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
  quietOnClosedPipe(io.stdout, io.stderr)
  const platformError = unsupportedPlatform()
  if (platformError) {
    io.stderr.write(`error: ${platformError}\n`)
    return exitCodes.usage
  }
  try {
    const command = parseArgs(argv)
    switch (command.kind) {
      case 'help':
        // Asked for: the answer, on stdout. No verb at all: a usage mistake, on stderr.
        if (!command.asked) io.stderr.write(usage())
        else io.stdout.write(usage(command.verb))
        return command.asked ? exitCodes.ok : exitCodes.usage
      case 'version':
        io.stdout.write(`job-action ${version}\n`)
        return exitCodes.ok
      case 'verb':
        return await verbs[command.verb](command.options, io)
    }
  } catch (error) {
    const mistake = userMistake(error)
    if (!mistake) throw error
    io.stderr.write(`${mistake.kind === 'usage' ? 'error: ' : ''}${mistake.message}\n`)
    return exitCodes.usage
  }
}
