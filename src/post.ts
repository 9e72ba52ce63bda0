/**
 * The post step (post-if: always()): kills whatever a crashed or cancelled main step left — pod
 * processes carrying the run's marker, containers carrying its label — and removes the volume links
 * and folders the process runtime made for its pods.
 */
import * as core from '@actions/core'
import { removeLabelledContainers } from './runtime/docker/dockerEngine.js'
import { killMarkedProcesses } from './runtime/process/markedProcesses.js'
import { removeRunVolumes } from './runtime/process/processVolumes.js'

export async function runPost(): Promise<void> {
  const runId = core.getState('run-id')
  if (!runId) return
  const killed = killMarkedProcesses(runId)
  if (killed > 0)
    core.warning(`Stopped ${killed} process${killed === 1 ? '' : 'es'} left behind by the main step`)
  const unlinked = await removeRunVolumes(runId)
  if (unlinked > 0)
    core.warning(`Removed ${unlinked} volume link${unlinked === 1 ? '' : 's'} left behind by the main step`)
  if (core.getState('runtime') === 'docker') {
    const removed = await removeLabelledContainers(runId)
    if (removed > 0)
      core.warning(`Removed ${removed} container${removed === 1 ? '' : 's'} left behind by the main step`)
  }
}
