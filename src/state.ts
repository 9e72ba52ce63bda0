/**
 * What the main step hands to the post step (action.yml `post:`, run with post-if always()):
 * the run's id, which marks its pod processes and containers, and the runtime that made them.
 * The runner keeps it as GITHUB_STATE key/value pairs; the key names stay here only.
 */
import * as core from './actionsCore.js'
import { choices } from './choices.js'
import type { RuntimeName } from './settings.js'

export interface PostState {
  runId: string
  runtime: RuntimeName
}

const keys = { runId: 'run-id', runtime: 'runtime' } as const satisfies Record<keyof PostState, string>

export function savePostState(state: PostState): void {
  core.saveState(keys.runId, state.runId)
  core.saveState(keys.runtime, state.runtime)
}

/** The state the main step saved, or undefined when no pod was started (nothing to clean up). */
export function readPostState(): PostState | undefined {
  const runId = core.getState(keys.runId)
  if (!runId) return undefined
  // Anything but a known runtime: the process runtime's cleanup, which is always safe to do.
  const runtime = choices.runtime.find(name => name === core.getState(keys.runtime)) ?? 'process'
  return { runId, runtime }
}
