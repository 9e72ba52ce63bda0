/**
 * The `process` runtime: every container attempt is a child process on the runner (see
 * processContainer.ts), a pod's volumes are offered in place or through links (processVolumes.ts),
 * and nothing the run started may outlive it (shutdown()).
 */
import type { ContainerEngine } from '../types.js'
import { filterRunnerEnv } from './containerEnv.js'
import { startProcessContainer, type ProcessContainer } from './processContainer.js'
import { MountError, mountUses, PodVolumes } from './processVolumes.js'
import { OutputHolderHunt } from './outputHolders.js'
import { killRunProcesses, processLedgerPath } from './runProcesses.js'
import { Spawner } from './spawner.js'

export { killMarkedProcesses } from './markedProcesses.js'
export { killRunProcesses } from './runProcesses.js'
export { buildContainerEnv, filterRunnerEnv, RUN_MARKER_NAME } from './containerEnv.js'

export interface ProcessEngineOptions {
  /** Working directory of containers without `workingDir`, and base of relative ones. */
  workspace: string
  /** The runner's environment, read once; the action's inputs and credentials are removed from it. */
  baseEnv: NodeJS.ProcessEnv
  /** Marks every pod process (`JOB_ACTION_RUN_ID`) for the safety net. */
  runId: string
  /** Grace period shutdown() gives containers still running; default 1000 ms. */
  shutdownGraceMs?: number
  /** Where emptyDir folders go (default: processVolumes.volumesRoot()). */
  volumesRoot?: string
  /**
   * Start processes through the spawner helper (spawner.ts) once it is ready, where Python 3.8+ is
   * there; default true. False: always child_process. A Spawner given here stays open at shutdown.
   */
  spawner?: boolean | Spawner
}

const DEFAULT_SHUTDOWN_GRACE_MS = 1000
/** How long shutdown waits for output to end once every process is dead. */
const SHUTDOWN_FLUSH_MS = 1000

export function createProcessEngine(options: ProcessEngineOptions): ContainerEngine {
  const running = new Set<ProcessContainer>()
  const settings = {
    workspace: options.workspace,
    runnerEnv: filterRunnerEnv(options.baseEnv),
    runId: options.runId,
    holders: new OutputHolderHunt(options.runId),
    spawner:
      options.spawner instanceof Spawner
        ? options.spawner
        : options.spawner === false
          ? undefined
          : new Spawner(options.baseEnv, processLedgerPath(options.runId, options.volumesRoot))
  }
  const shutdownGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS
  const volumes = new PodVolumes(options.runId, options.workspace, options.volumesRoot)
  const podVolumes = new Map<string, () => Promise<void>>()

  return {
    name: 'process',

    async startPod(pod, spec) {
      if (mountUses(spec).length === 0) return
      try {
        podVolumes.set(pod.podUid, await volumes.prepare(pod.podUid, spec))
      } catch (error) {
        throw error instanceof MountError ? error : new Error(`MountVolume.SetUp failed: ${String(error)}`)
      }
    },

    async endPod(pod) {
      const release = podVolumes.get(pod.podUid)
      podVolumes.delete(pod.podUid)
      await release?.()
    },

    startContainer(launch, callbacks) {
      const container = startProcessContainer(launch, callbacks, settings)
      running.add(container)
      void container.settled.then(() => running.delete(container))
      return { stop: graceMs => container.stop(graceMs) }
    },

    async shutdown() {
      const containers = [...running]
      for (const container of containers) container.stop(shutdownGraceMs)
      await within(Promise.all(containers.map(container => container.exited)), shutdownGraceMs + 200)
      killRunProcesses(options.runId, options.volumesRoot)
      await within(Promise.all(containers.map(container => container.settled)), SHUTDOWN_FLUSH_MS)
      podVolumes.clear()
      if (!(options.spawner instanceof Spawner)) settings.spawner?.close()
      await volumes.removeAll()
    }
  }
}

async function within(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>(resolve => (timer = setTimeout(resolve, timeoutMs)))
  await Promise.race([work, timeout])
  clearTimeout(timer)
}
