/**
 * The CLI's flags read into RunSettings — what src/inputs.ts is for the action. Relative paths
 * are relative to the current directory, the CLI's workspace. Every path is checked here, before
 * anything runs: a mistake found after a long run would cost the run.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ManifestError, type ManifestSource } from '../api/load.js'
import { readManifest } from '../api/yaml/manifestText.js'
import { parseDuration } from '../duration.js'
import { UsageError } from '../errors.js'
import { defaultLogsDir } from '../runDefaults.js'
import type { RunSettings } from '../settings.js'
import type { CliOptions } from './types.js'

export function cliLogsDir(options: Pick<CliOptions, 'logsDir'>, workspace = process.cwd()): string {
  return options.logsDir ? path.resolve(workspace, options.logsDir) : defaultLogsDir(process.env)
}

/** What an errno code means, in the words `ls` and `cat` use; the code itself for the rest. */
const errnoWords: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long'
}

export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code) return errnoWords[code] ?? code
  return error instanceof Error ? error.message : String(error)
}

/**
 * `--summary FILE` can be written: its folder exists, and it is not a folder itself. Written only
 * after the run, so a typo would otherwise cost the whole run and end in a stack trace.
 */
export function checkSummaryFile(file: string | undefined): void {
  if (file === undefined) return
  const folder = path.dirname(path.resolve(file))
  let stat
  try {
    stat = fs.statSync(folder)
  } catch (error) {
    throw new UsageError(`--summary ${file}: cannot use folder ${folder}: ${errnoText(error)}`)
  }
  if (!stat.isDirectory()) throw new UsageError(`--summary ${file}: ${folder} is not a directory`)
  try {
    fs.accessSync(folder, fs.constants.W_OK)
  } catch (error) {
    throw new UsageError(`--summary ${file}: cannot write in ${folder}: ${errnoText(error)}`)
  }
  try {
    if (fs.statSync(file).isDirectory()) throw new UsageError(`--summary ${file}: is a directory`)
  } catch (error) {
    if (error instanceof UsageError) throw error
  }
}

export function cliRunSettings(options: CliOptions): RunSettings {
  const workspace = process.cwd()
  checkSummaryFile(options.summaryFile)
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

/**
 * `-f -` is standard input. Each file is read no further than the API server's size limit and
 * decoded as kubectl decodes it (src/api/yaml/manifestText.ts).
 */
function readManifestFiles(files: readonly string[]): ManifestSource[] {
  return files.map(file => {
    const name = file === '-' ? '<stdin>' : file
    let read
    try {
      read = readManifest(file === '-' ? 0 : file, name)
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${errnoText(error)}`)
    }
    if ('problem' in read) throw new ManifestError(read.problem)
    return { file: name, text: read.text }
  })
}
