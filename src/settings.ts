/**
 * Everything a run needs, read once by an adapter (src/inputs.ts for the action, src/cli.ts for the
 * command line) and passed down; nothing below the adapters reads inputs or flags.
 */
import type { IndexShard } from './controller/indexTracker.js'
import type { LogMode } from './logs/types.js'
import type { ManifestSource } from './api/load.js'
import type { RuntimeName } from './runtime/types.js'

export type { RuntimeName }
export type OutputFormat = 'describe' | 'json' | 'yaml' | 'none'

export interface RunSettings {
  sources: ManifestSource[]
  runtime: RuntimeName
  namespace: string
  logs: LogMode
  /** Absolute path. */
  logsDir: string
  backoffBaseMs: number
  /** Working directory of relative paths (workingDir, logs-dir): the workspace. */
  workspace: string
  /** Run one shard of each (Indexed) Job: input `shard`, flag `--shard`. */
  shard?: IndexShard
}
