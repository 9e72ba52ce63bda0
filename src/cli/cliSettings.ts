/**
 * The CLI's flags read into RunSettings — what src/inputs.ts is for the action. Relative paths
 * are relative to the current directory, the CLI's workspace.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ManifestSource } from '../api/load.js'
import { parseDuration } from '../duration.js'
import { UsageError } from '../errors.js'
import { defaultLogsDir } from '../runDefaults.js'
import type { RunSettings } from '../settings.js'
import type { CliOptions } from './types.js'

export function cliLogsDir(options: Pick<CliOptions, 'logsDir'>, workspace = process.cwd()): string {
  return options.logsDir ? path.resolve(workspace, options.logsDir) : defaultLogsDir(process.env)
}

export function cliRunSettings(options: CliOptions): RunSettings {
  const workspace = process.cwd()
  return {
    sources: readManifestFiles(options.files),
    runtime: options.runtime,
    namespace: options.namespace,
    logs: options.logs,
    logsDir: cliLogsDir(options, workspace),
    backoffBaseMs: parseDuration(options.backoffBase, '--backoff-base'),
    workspace,
    shard: options.shard
  }
}

/** `-f -` is standard input. */
function readManifestFiles(files: readonly string[]): ManifestSource[] {
  return files.map(file => {
    try {
      return { file: file === '-' ? '<stdin>' : file, text: fs.readFileSync(file === '-' ? 0 : file, 'utf8') }
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  })
}
