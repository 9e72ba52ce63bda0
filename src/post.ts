/**
 * The post step (post-if: always()): kills whatever a crashed or cancelled main step left — pod
 * processes in the run's ledger or carrying its marker, and their descendants; containers carrying
 * its label — and removes the volume links
 * and folders the process runtime made for its pods.
 */
import * as core from './actionsCore.js'
import { killRunProcesses, removeLabelledContainers, removeRunVolumes } from './runtime/leftovers.js'
import { readPostState } from './state.js'

export async function runPost(): Promise<void> {
  const state = readPostState()
  if (!state) return
  // Before removeRunVolumes: the ledger is in the run's folder, which that removes.
  const killed = killRunProcesses(state.runId)
  if (killed > 0)
    core.warning(`Stopped ${killed} process${killed === 1 ? '' : 'es'} left behind by the main step`)
  const unlinked = await removeRunVolumes(state.runId)
  if (unlinked > 0)
    core.warning(`Removed ${unlinked} volume link${unlinked === 1 ? '' : 's'} left behind by the main step`)
  if (state.runtime === 'docker') {
    const removed = await removeLabelledContainers(state.runId)
    if (removed > 0)
      core.warning(`Removed ${removed} container${removed === 1 ? '' : 's'} left behind by the main step`)
  }
}
