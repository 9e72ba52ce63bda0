/**
 * The defaults of a run, in one table that both adapters read — the action's inputs
 * (src/inputs.ts) and the CLI's flags and usage text (src/cli/) — keyed by the names users write
 * (input `backoff-base`, flag `--backoff-base`). action.yml repeats the action's defaults because
 * the runner shows them; __tests__/adapters/runDefaults.test.ts checks that it repeats these.
 */
import * as os from 'node:os'
import * as path from 'node:path'
import type { LogMode } from './logs/types.js'
import type { OutputFormat, RuntimeName } from './settings.js'

export const runDefaults = {
  runtime: 'process' as RuntimeName,
  namespace: 'default',
  logs: 'stream' as LogMode,
  /** Kubernetes' own base (pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff). */
  'backoff-base': '10s',
  summary: true,
  comment: false,
  'fail-on-failure': true,
  /** CLI only (`-o`): the action sets its outputs instead of printing one. */
  output: 'describe' as OutputFormat
} as const

/** Defaults that only the CLI has; every other key of runDefaults is an action input too. */
export const cliOnlyDefaults: readonly (keyof typeof runDefaults)[] = ['output']

/**
 * The logs folder when none is given (input `logs-dir` empty, no `--logs-dir`): $RUNNER_TEMP,
 * which the runner empties after each job, else the system temp folder; `job-action` in either.
 */
export function defaultLogsDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'job-action')
}
