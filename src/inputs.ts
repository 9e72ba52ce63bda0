/**
 * The action's inputs, read once into RunSettings (and the report options) — the only module
 * below main.ts that reads inputs (`getInput`, src/actionsCore.ts). An empty input takes its default from
 * src/runDefaults.ts, the table the CLI's flags read too.
 */
import * as core from './actionsCore.js'
import * as path from 'node:path'
import { ManifestError } from './api/load.js'
import { inlineManifest, readManifest, type ManifestText } from './api/yaml/manifestText.js'
import { choices, oneOf } from './choices.js'
import { parseDuration } from './duration.js'
import { UsageError } from './errors.js'
import { defaultLogsDir, runDefaults } from './runDefaults.js'
import type { RunSettings } from './settings.js'
import { parseShard } from './shard/shard.js'

export interface ActionSettings extends RunSettings {
  summary: boolean
  comment: boolean
  githubToken: string
  failOnFailure: boolean
  /** The manifest file, for annotations. */
  manifestFile?: string
  /** Merge mode (input `merge`): folders, status files or globs of a Job's shards; nothing runs. */
  merge?: string[]
}

type BooleanInput = 'summary' | 'comment' | 'fail-on-failure'

/** An empty input is its default: a workflow may pass `''` from an unset expression. */
function boolean(name: BooleanInput): boolean {
  if (!core.getInput(name)) return runDefaults[name]
  try {
    return core.getBooleanInput(name)
  } catch {
    throw new UsageError(`input ${name}: "${core.getInput(name)}" is not a boolean (true or false)`)
  }
}

function text(name: 'runtime' | 'namespace' | 'logs' | 'backoff-base'): string {
  return core.getInput(name) || runDefaults[name]
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionSettings {
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const inline = core.getInput('job')
  const file = core.getInput('job-file')
  const merge = core.getMultilineInput('merge')
  const shardInput = core.getInput('shard')
  if (merge.length > 0 && (inline || file || shardInput))
    throw new UsageError(
      `input merge reports the shards' status files and runs nothing: leave out the input ${inline ? 'job' : file ? 'job-file' : 'shard'}`
    )
  if (merge.length === 0 && (inline ? 1 : 0) + (file ? 1 : 0) !== 1)
    throw new UsageError(
      'give exactly one of the inputs job (the manifest inline) and job-file (a path), or merge (status files of shards)'
    )
  let sources: RunSettings['sources'] = []
  if (file) sources = [{ text: manifestText(readJobFile(workspace, file)), file }]
  else if (inline)
    sources = [{ text: manifestText(inlineManifest(inline, '<job input>')), file: '<job input>' }]

  const logsDirInput = core.getInput('logs-dir')
  return {
    sources,
    manifestFile: file || undefined,
    runtime: oneOf('input runtime', text('runtime'), choices.runtime),
    namespace: text('namespace'),
    logs: oneOf('input logs', text('logs'), choices.logs),
    logsDir: logsDirInput ? path.resolve(workspace, logsDirInput) : defaultLogsDir(env),
    backoffBaseMs: parseDuration(text('backoff-base'), 'backoff-base'),
    workspace,
    summary: boolean('summary'),
    comment: boolean('comment'),
    githubToken: core.getInput('github-token'),
    failOnFailure: boolean('fail-on-failure'),
    shard: shardInput ? parseShard(shardInput, 'input shard') : undefined,
    merge: merge.length > 0 ? merge : undefined
  }
}

/** The file of input job-file, read no further than the API server's size limit. */
function readJobFile(workspace: string, file: string): ManifestText {
  try {
    return readManifest(path.resolve(workspace, file), file)
  } catch (error) {
    throw new UsageError(
      `input job-file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
    )
  }
}

/** A manifest too large (or not decodable) is refused as the API server and kubectl refuse it. */
function manifestText(read: ManifestText): string {
  if ('problem' in read) throw new ManifestError(read.problem)
  return read.text
}
