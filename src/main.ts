/**
 * The action: inputs → run → outputs, step summary and failure. All behaviour lives in the layers
 * below; user mistakes become one clear error, never a stack trace.
 */
import * as core from '@actions/core'
import { UsageError } from './duration.js'
import { execute, failureMessage, loadAndCheck } from './execute.js'
import { readInputs } from './inputs.js'
import { onCancel } from './signals.js'
import { ManifestError } from './spec/load.js'
import { unsupportedPlatform } from './platform.js'

export async function run(): Promise<void> {
  const platformError = unsupportedPlatform()
  if (platformError) return core.setFailed(platformError)
  let settings, loaded
  try {
    settings = readInputs()
    loaded = loadAndCheck(settings.sources, settings)
  } catch (error) {
    if (error instanceof ManifestError || error instanceof UsageError) return core.setFailed(error.message)
    throw error
  }
  for (const notice of loaded.notices) core.notice(notice)

  let stopListening = (): void => {}
  const result = await execute(loaded, settings, {
    out: process.stdout,
    color: true,
    notice: message => core.notice(message),
    onSecret: lines => lines.forEach(line => core.setSecret(line)),
    onStarted: jobs => {
      core.saveState('run-id', jobs.runId)
      core.saveState('runtime', settings.runtime)
      stopListening = onCancel(jobs, signal => core.warning(`Received ${signal}: stopping every pod`))
    }
  })
  stopListening()

  for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value)
  if (settings.summary && process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(result.summary(), true).write()
  core.info(`Logs: ${settings.logsDir}`)

  const failure = failureMessage(result.results)
  if (failure) {
    const cancelled = result.results.some(r => r.cancelled)
    if (settings.failOnFailure || cancelled) core.setFailed(result.masker.apply(failure))
    else core.warning(result.masker.apply(failure))
  }
}
