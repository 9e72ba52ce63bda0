/**
 * The action's inputs, read once into RunSettings (and the report options) — the only module
 * below main.ts that knows about `core.getInput`.
 */
import * as core from '@actions/core'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseDuration, UsageError } from './duration.js'
import { defaultLogsDir } from './execute.js'
import type { LogMode } from './logs/types.js'
import type { RunSettings, RuntimeName } from './settings.js'
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

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`input ${name}: "${value}" is not one of ${allowed.map(a => `"${a}"`).join(', ')}`)
}

function boolean(name: string): boolean {
  try {
    return core.getBooleanInput(name)
  } catch {
    throw new UsageError(`input ${name}: "${core.getInput(name)}" is not a boolean (true or false)`)
  }
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
  if (file) {
    const absolute = path.resolve(workspace, file)
    let text: string
    try {
      text = fs.readFileSync(absolute, 'utf8')
    } catch (error) {
      throw new UsageError(
        `input job-file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
      )
    }
    sources = [{ text, file }]
  } else if (inline) sources = [{ text: inline, file: '<job input>' }]

  const logsDirInput = core.getInput('logs-dir')
  return {
    sources,
    manifestFile: file || undefined,
    runtime: oneOf<RuntimeName>('runtime', core.getInput('runtime') || 'process', ['process', 'docker']),
    namespace: core.getInput('namespace') || 'default',
    logs: oneOf<LogMode>('logs', core.getInput('logs') || 'stream', ['stream', 'group', 'none']),
    logsDir: logsDirInput ? path.resolve(workspace, logsDirInput) : defaultLogsDir(env),
    backoffBaseMs: parseDuration(core.getInput('backoff-base') || '10s', 'backoff-base'),
    workspace,
    summary: core.getInput('summary') ? boolean('summary') : true,
    comment: core.getInput('comment') ? boolean('comment') : false,
    githubToken: core.getInput('github-token'),
    failOnFailure: core.getInput('fail-on-failure') ? boolean('fail-on-failure') : true,
    shard: shardInput ? parseShard(shardInput, 'input shard') : undefined,
    merge: merge.length > 0 ? merge : undefined
  }
}
