/** `job-action validate`: parse, default and validate the manifests as `run` would; nothing runs. */
import { exitCodes } from '../errors.js'
import { loadAndCheck } from '../execute.js'
import { cliRunSettings } from './cliSettings.js'
import type { CliIo, CliOptions } from './types.js'

export function validateVerb(options: CliOptions, io: CliIo): number {
  const settings = cliRunSettings(options)
  const loaded = loadAndCheck(settings.sources, settings)
  for (const notice of loaded.notices) io.stderr.write(`notice: ${notice}\n`)
  for (const { job } of loaded.jobs) io.stdout.write(`job.batch/${job.metadata.name} valid\n`)
  return exitCodes.ok
}
