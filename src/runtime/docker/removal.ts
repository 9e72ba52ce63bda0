/**
 * Removing what the docker runtime made: a container once however often its removal is asked for
 * (ContainerRemovals), and everything of a run found by its label, with the run's own folder — the
 * safety net of shutdown() and of the action's post step (removeLabelledContainers).
 */
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LABELS } from './containerArgs.js'
import { runDocker } from './dockerCli.js'
import { dockerSafe } from './dockerNames.js'

/** The run's own folder, found again by the post step from the run id alone. */
export function runFilesDir(runId: string, tempDir: string = tmpdir()): string {
  return join(tempDir, 'job-action-docker', dockerSafe(runId))
}

/** One `docker rm` per container (id or name) however often it is asked for; forgotten once done. */
export class ContainerRemovals {
  private readonly removals = new Map<string, Promise<void>>()

  constructor(private readonly dockerPath: string) {}

  remove(container: string): Promise<void> {
    let removal = this.removals.get(container)
    if (!removal) {
      removal = runDocker(this.dockerPath, ['rm', '--force', '--volumes', container]).then(
        () => void this.removals.delete(container)
      )
      this.removals.set(container, removal)
    }
    return removal
  }

  /** Resolves once the removals asked for so far are done. */
  async settled(): Promise<void> {
    await Promise.all([...this.removals.values()])
  }
}

/**
 * Removes the containers and volumes of one run (or of every run when no id is given), and that run's
 * files: the safety net of the action's post step and of shutdown(). Returns how many containers it removed.
 */
export async function removeLabelledContainers(
  runId?: string,
  options: { dockerPath?: string; tempDir?: string } = {}
): Promise<number> {
  const removed = await removeLabelled(options.dockerPath ?? 'docker', runId)
  if (runId !== undefined) await rm(runFilesDir(runId, options.tempDir), { recursive: true, force: true })
  return removed
}

/** The containers and volumes labelled with the run's id (any run's without one). */
export async function removeLabelled(dockerPath: string, runId: string | undefined): Promise<number> {
  const filter = `label=${LABELS.runId}${runId === undefined ? '' : `=${runId}`}`
  const list = async (args: string[]) => {
    const result = await runDocker(dockerPath, args)
    return result.code === 0 ? result.stdout.split('\n').filter(line => line.trim() !== '') : []
  }
  const [containers, volumes] = await Promise.all([
    list(['ps', '--all', '--quiet', '--no-trunc', '--filter', filter]),
    list(['volume', 'ls', '--quiet', '--filter', filter])
  ])
  // A volume is removed once no container uses it.
  if (containers.length > 0) await runDocker(dockerPath, ['rm', '--force', '--volumes', ...containers])
  if (volumes.length > 0) await runDocker(dockerPath, ['volume', 'rm', '--force', ...volumes])
  return containers.length
}
