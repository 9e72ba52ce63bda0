/**
 * The environment of a process-runtime container (README, "Under the process runtime"): the
 * runner's environment without the action's own inputs and credentials, then the container's
 * resolved variables, then the run marker that lets the safety net find stray descendants.
 *
 * The step's command files (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY) are withheld too: they are the action's own channels to the runner, the
 * file form of the workflow commands no pod may issue. A pod writing to GITHUB_STATE could, for
 * one, replace the run id the post step uses to find what the run left behind.
 */

/** Carried by every pod process; the safety net (runProcesses.ts) finds leftovers by it. */
export const RUN_MARKER_NAME = 'JOB_ACTION_RUN_ID'

const WITHHELD_NAMES = new Set([
  'GITHUB_OUTPUT',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL'
])
const WITHHELD_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_']

export function isWithheldFromContainers(name: string): boolean {
  return WITHHELD_NAMES.has(name) || WITHHELD_PREFIXES.some(prefix => name.startsWith(prefix))
}

/** The runner's environment as a pod may see it. */
export function filterRunnerEnv(baseEnv: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(baseEnv)) {
    if (value !== undefined && !isWithheldFromContainers(name)) env[name] = value
  }
  return env
}

/**
 * `runnerEnv` is `filterRunnerEnv`'s result, computed once per run. Later entries of
 * `launchEnv` win over earlier ones and over the runner's, as in a pod where `env` overrides
 * `envFrom`. The marker is set last so a manifest cannot hide a process from the safety net.
 */
export function buildContainerEnv(
  runnerEnv: Readonly<Record<string, string>>,
  launchEnv: ReadonlyArray<readonly [string, string]>,
  runId: string
): Record<string, string> {
  const env = { ...runnerEnv }
  for (const [name, value] of containerEnvEntries(launchEnv, runId)) env[name] = value
  return env
}

/** What buildContainerEnv sets on top of the runner's environment, in order. */
export function containerEnvEntries(
  launchEnv: ReadonlyArray<readonly [string, string]>,
  runId: string
): Array<readonly [string, string]> {
  return [...launchEnv, [RUN_MARKER_NAME, runId]]
}

/** The PATH buildContainerEnv would give, without building the whole environment. */
export function containerPath(
  runnerEnv: Readonly<Record<string, string>>,
  launchEnv: ReadonlyArray<readonly [string, string]>
): string | undefined {
  let path = runnerEnv.PATH
  for (const [name, value] of launchEnv) if (name === 'PATH') path = value
  return path
}
