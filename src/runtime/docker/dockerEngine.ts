/**
 * The docker runtime: each container attempt is one `docker run` (containerAttempt.ts), in the pod's
 * sandbox (podSandbox.ts), with its image pulled by policy (imagePulls.ts) and its arguments prepared
 * (attemptPreparation.ts). This module keeps the run's pods and their attempts, and shuts everything
 * down: every container and volume carries the labels of LABELS, so that shutdown() — and the action's
 * post step, through removeLabelledContainers() — find whatever is left (removal.ts).
 *
 * startPod never rejects: a sandbox that cannot be made fails each of the pod's containers at start
 * (FailedMount, FailedCreatePodSandBox), which the kubelet layer reports like any other failure.
 */
import { rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import type { PodSpec } from '../../api/model.js'
import type { ContainerEngine, PodIdentity } from '../types.js'
import { prepareRun, type PreparationContext } from './attemptPreparation.js'
import { ContainerAttempt, type AttemptEnvironment } from './containerAttempt.js'
import { ImagePulls } from './imagePulls.js'
import { PodSandboxes, type Sandbox } from './podSandbox.js'
import type { VolumeSourceLookup } from './podVolumes.js'
import { ContainerRemovals, removeLabelled, runFilesDir } from './removal.js'

export interface DockerEngineOptions {
  runId: string
  /** Where relative hostPath paths start. */
  workspace: string
  /** CPU limits above this are lowered to it (docker refuses more CPUs than the machine has). */
  hostCpus?: number
  /** Told about every adjustment made to a pod (CPU or memory limits docker would refuse). */
  notice?: (message: string) => void
  dockerPath?: string
  /** The ConfigMaps and Secrets that configMap and secret volumes read. */
  lookupConfigMap?: VolumeSourceLookup
  lookupSecret?: VolumeSourceLookup
  /**
   * The docker network of pods that do not ask for hostNetwork; default loopback only (`none`, or no
   * option where the daemon has no bridge: see PodSandboxes.networkOptions).
   */
  network?: string
  /** Parent folder of the run's own files (configMap and secret volumes); default the system temp folder. */
  tempDir?: string
}

interface PodEntry {
  sandbox: Promise<Sandbox>
  attempts: Set<ContainerAttempt>
}

/** How long shutdown waits for the attempts to report once their containers are removed. */
const SHUTDOWN_REPORT_MS = 5000

export function createDockerEngine(options: DockerEngineOptions): ContainerEngine {
  const dockerPath = options.dockerPath ?? 'docker'
  const runDir = runFilesDir(options.runId, options.tempDir)
  const pods = new Map<string, PodEntry>()
  const removals = new ContainerRemovals(dockerPath)
  let closed = false
  const notice = noticeOnce(options.notice)
  const sandboxes = new PodSandboxes({ ...options, dockerPath, runDir, removals, closed: () => closed })
  const preparation: PreparationContext = {
    runId: options.runId,
    dockerPath,
    hostCpus: options.hostCpus ?? availableParallelism(),
    notice,
    images: new ImagePulls(dockerPath, notice),
    sandboxes
  }
  const environment = (entry: PodEntry): AttemptEnvironment => ({
    dockerPath,
    prepare: launch => prepareRun(launch, entry.sandbox, preparation),
    closed: () => closed,
    remove: container => removals.remove(container)
  })
  const podEntry = (identity: PodIdentity, spec: PodSpec): PodEntry => {
    let entry = pods.get(identity.podUid)
    if (!entry) {
      entry = { sandbox: sandboxes.make(identity, spec), attempts: new Set() }
      pods.set(identity.podUid, entry)
    }
    return entry
  }

  return {
    name: 'docker',

    async startPod(pod, spec) {
      await podEntry(pod, spec).sandbox
    },

    async endPod(pod) {
      const entry = pods.get(pod.podUid)
      if (!entry) return
      await Promise.all([...entry.attempts].map(attempt => attempt.done))
      // Released once, however often endPod is called.
      const current = pods.get(pod.podUid)
      if (!current) return
      pods.delete(pod.podUid)
      await sandboxes.release(await current.sandbox)
    },

    startContainer(launch, callbacks) {
      const entry = podEntry(launch.pod, launch.podSpec)
      const attempt = new ContainerAttempt(launch, callbacks, environment(entry))
      entry.attempts.add(attempt)
      void attempt.done.then(() => entry.attempts.delete(attempt))
      return attempt
    },

    async shutdown() {
      closed = true
      const live = [...pods.values()]
      await sweep(live, dockerPath, options.runId, removals)
      pods.clear()
      await rm(runDir, { recursive: true, force: true })
    }
  }
}

/** Every adjustment is told once: every attempt of every pod would repeat it. */
function noticeOnce(notice: ((message: string) => void) | undefined): (message: string) => void {
  const noticed = new Set<string>()
  return message => {
    if (noticed.has(message)) return
    noticed.add(message)
    notice?.(message)
  }
}

/** Removes the run's containers and volumes, and waits (a while) for the attempts to report. */
async function sweep(
  live: PodEntry[],
  dockerPath: string,
  runId: string,
  removals: ContainerRemovals
): Promise<void> {
  await Promise.all(live.map(entry => entry.sandbox))
  for (const entry of live) for (const attempt of entry.attempts) attempt.beforeSweep()
  await removeLabelled(dockerPath, runId)
  if (live.length > 0) {
    // The attempts see their containers gone and report; a pull in progress is not waited for.
    const attempts = live.flatMap(entry => [...entry.attempts].map(attempt => attempt.done))
    const timeout = new Promise(resolve => setTimeout(resolve, SHUTDOWN_REPORT_MS).unref())
    await Promise.race([Promise.all(attempts), timeout])
    await removals.settled()
    // Containers created while the first sweep ran.
    await removeLabelled(dockerPath, runId)
  }
  await removals.settled()
}
