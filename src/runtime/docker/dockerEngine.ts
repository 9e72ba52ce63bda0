/**
 * The docker runtime: each container attempt is one `docker run` (see ContainerAttempt).
 *
 * A pod is a sandbox as the kubelet makes one: a "pause" container that holds the pod's network and IPC
 * namespaces (loopback only unless told otherwise, `host` for hostNetwork pods) and its hostname, and
 * mounts the pod's emptyDir volumes so they live as long as the pod. The pod's containers join it with
 * `--network container:<pause>` (a pod of one container without emptyDir needs no pause container: see
 * needsPauseContainer). Every container and volume carries the labels of LABELS, so that
 * shutdown() — and the action's post step, through removeLabelledContainers() — find whatever is left.
 *
 * startPod never rejects: a sandbox that cannot be made fails each of the pod's containers at start
 * (FailedMount, FailedCreatePodSandBox), which the kubelet layer reports like any other failure.
 */
import { mkdir, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PodSpec } from '../../api/model.js'
import type {
  ContainerCallbacks,
  ContainerEngine,
  ContainerLaunch,
  PodIdentity,
  RunningContainer
} from '../types.js'
import {
  ContainerAttempt,
  type AttemptEnvironment,
  type PreparedRun,
  type StartFailure
} from './containerAttempt.js'
import { containerRunArgs, LABELS } from './containerArgs.js'
import { docker, dockerMessage, runDocker } from './dockerCli.js'
import { pullPolicyOf } from './imagePullPolicy.js'
import { ensurePauseImage, PAUSE_IMAGE } from './pauseImage.js'
import {
  containerMounts,
  MountError,
  preparePodVolumes,
  type PodVolumes,
  type VolumeSourceLookup
} from './podVolumes.js'

export { LABELS } from './containerArgs.js'
export type { VolumeSourceData, VolumeSourceLookup } from './podVolumes.js'
export { SUPPORTED_VOLUME_SOURCES } from './podVolumes.js'

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
   * option where the daemon has no bridge: see networkOptions).
   */
  network?: string
  /** Parent folder of the run's own files (configMap and secret volumes); default the system temp folder. */
  tempDir?: string
}

interface Sandbox {
  identity: PodIdentity
  spec: PodSpec
  dir: string
  pauseId?: string
  volumes?: PodVolumes
  failure?: StartFailure
}

interface PodEntry {
  sandbox: Promise<Sandbox>
  attempts: Set<ContainerAttempt>
}

/** The run's own folder, found again by the post step from the run id alone. */
export function runFilesDir(runId: string, tempDir: string = tmpdir()): string {
  return join(tempDir, 'job-action-docker', dockerSafe(runId))
}

export function createDockerEngine(options: DockerEngineOptions): ContainerEngine {
  const dockerPath = options.dockerPath ?? 'docker'
  const hostCpus = options.hostCpus ?? availableParallelism()
  // Every attempt of every pod would repeat the same adjustment: say it once.
  const noticed = new Set<string>()
  const notice = (message: string) => {
    if (noticed.has(message)) return
    noticed.add(message)
    options.notice?.(message)
  }
  const runDir = runFilesDir(options.runId, options.tempDir)
  const pods = new Map<string, PodEntry>()
  const removals = new Map<string, Promise<void>>()
  const pulls = new Map<string, Promise<StartFailure | undefined>>()
  const presentImages = new Set<string>()
  /** Images pulled by this run (pull policy Always). */
  const pulledImages = new Set<string>()
  let closed = false

  const labelsOf = (pod: PodIdentity, container: string): Record<string, string> => ({
    [LABELS.runId]: options.runId,
    [LABELS.job]: pod.jobName,
    [LABELS.pod]: pod.podName,
    [LABELS.podUid]: pod.podUid,
    [LABELS.container]: container
  })

  /** One `docker rm` per container (id or name) however often it is asked for; forgotten once done. */
  const removeContainer = (container: string): Promise<void> => {
    let removal = removals.get(container)
    if (!removal) {
      removal = runDocker(dockerPath, ['rm', '--force', '--volumes', container]).then(
        () => void removals.delete(container)
      )
      removals.set(container, removal)
    }
    return removal
  }

  async function makeSandbox(identity: PodIdentity, spec: PodSpec): Promise<Sandbox> {
    const sandbox: Sandbox = { identity, spec, dir: join(runDir, dockerSafe(identity.podUid)) }
    void defaultIsLoopback() // asked now, answered by the time the first container needs it
    try {
      if (closed) throw new Error('the docker runtime is shutting down')
      await mkdir(sandbox.dir, { recursive: true, mode: 0o700 })
      const volumes = await preparePodVolumes(spec, {
        dockerPath,
        namespace: identity.namespace,
        podDir: sandbox.dir,
        workspace: options.workspace,
        labels: labelsOf(identity, 'POD'),
        volumePrefix: `job-action-${dockerSafe(identity.podUid)}`,
        lookupConfigMap: options.lookupConfigMap,
        lookupSecret: options.lookupSecret
      })
      sandbox.volumes = volumes
      if (volumes.failure) {
        sandbox.failure = {
          waitingReason: 'ContainerCreating',
          reason: 'FailedMount',
          message: volumes.failure
        }
        return sandbox
      }
      if (!needsPauseContainer(spec, volumes)) return sandbox
      await ensurePauseImage(dockerPath)
      const labels = Object.entries(labelsOf(identity, 'POD')).flatMap(([key, value]) => [
        '--label',
        `${key}=${value}`
      ])
      const network = await networkOptions(spec, identity)
      const mounts = volumes.pauseMounts.flatMap(mount => ['--mount', mount])
      const args = [
        'run',
        '--detach',
        '--pull=never',
        '--log-driver=none',
        '--ipc=shareable',
        ...labels,
        ...network
      ]
      sandbox.pauseId = await docker(dockerPath, [
        ...args,
        ...mounts,
        '--',
        PAUSE_IMAGE,
        ...volumes.pauseDirs
      ])
      if (closed) await removeContainer(sandbox.pauseId) // shutdown's sweep may have run before it existed
    } catch (error) {
      sandbox.failure ??= {
        waitingReason: 'ContainerCreating',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create pod sandbox: ${error instanceof Error ? error.message : String(error)}`
      }
    }
    return sandbox
  }

  function podEntry(identity: PodIdentity, spec: PodSpec): PodEntry {
    let entry = pods.get(identity.podUid)
    if (!entry) {
      entry = { sandbox: makeSandbox(identity, spec), attempts: new Set() }
      pods.set(identity.podUid, entry)
    }
    return entry
  }

  /** One `docker image inspect` for the pods that start together and ask for the same image. */
  const presence = new Map<string, Promise<boolean>>()
  const isPresent = (image: string): Promise<boolean> => {
    let present = presence.get(image)
    if (!present) {
      present = runDocker(dockerPath, ['image', 'inspect', '--format={{.Id}}', image]).then(result => {
        presence.delete(image)
        return result.code === 0
      })
      presence.set(image, present)
    }
    return present
  }

  /**
   * The kubelet's image manager: pull by policy; ErrImageNeverPull / ErrImagePull otherwise. `Always`
   * pulls once per run and image, where the kubelet asks the registry at every container start: within
   * one run the answer only changes if the tag is pushed meanwhile, and every pod would pay a registry
   * round trip (and Docker Hub's pull rate limit) for it.
   */
  async function ensureImage(image: string, policy: string | undefined): Promise<StartFailure | undefined> {
    const pullPolicy = pullPolicyOf(image, policy)
    if (pullPolicy === 'Always' ? pulledImages.has(image) : presentImages.has(image)) return undefined
    if (pullPolicy !== 'Always') {
      if (await isPresent(image)) {
        presentImages.add(image)
        return undefined
      }
      if (pullPolicy === 'Never') {
        const message = `Container image "${image}" is not present with pull policy of Never`
        return { waitingReason: 'ErrImageNeverPull', reason: 'ErrImageNeverPull', message }
      }
    }
    let pull = pulls.get(image)
    if (!pull) {
      pull = runDocker(dockerPath, ['pull', '--quiet', image]).then(async result => {
        pulls.delete(image)
        if (result.code === 0) {
          presentImages.add(image)
          pulledImages.add(image)
          return undefined
        }
        if (pullPolicy === 'Always' && (await isPresent(image))) {
          notice(
            `image ${image} is on this machine, but its pull policy is Always (the default for an image ` +
              'without a tag or tagged latest) and the pull failed: set imagePullPolicy: IfNotPresent to ' +
              'run the local image'
          )
        }
        const message = `Failed to pull image "${image}": ${dockerMessage(result)}`
        return { waitingReason: 'ErrImagePull', reason: 'ErrImagePull', message }
      })
      pulls.set(image, pull)
    }
    return pull
  }

  async function prepare(launch: ContainerLaunch, entry: PodEntry): Promise<PreparedRun | StartFailure> {
    const sandbox = await entry.sandbox
    if (sandbox.failure) return sandbox.failure
    const image = launch.container.image ?? ''
    const imageFailure = await ensureImage(image, launch.container.imagePullPolicy)
    if (imageFailure) return imageFailure
    let mounts: string[]
    try {
      mounts = await containerMounts(launch.container.volumeMounts ?? [], sandbox.volumes!, dockerPath)
    } catch (error) {
      const message = error instanceof MountError ? error.message : String(error)
      return { waitingReason: 'CreateContainerConfigError', reason: 'CreateContainerConfigError', message }
    }
    const pause = sandbox.pauseId
    const namespaceOptions = pause
      ? [`--network=container:${pause}`, `--ipc=container:${pause}`]
      : await networkOptions(sandbox.spec, sandbox.identity)
    if (pause && sandbox.spec.shareProcessNamespace) namespaceOptions.push(`--pid=container:${pause}`)
    const name = dockerSafe(`job-action-${launch.pod.podUid}-${launch.container.name}-${launch.attempt}`)
    // In the pod's folder, which endPod removes.
    const cidFile = join(sandbox.dir, `${name}.cid`)
    const runArgs = containerRunArgs(launch, {
      name,
      cidFile,
      labels: labelsOf(launch.pod, launch.container.name),
      namespaceOptions,
      mounts,
      hostCpus,
      notice
    })
    return { runArgs, name, cidFile }
  }

  /**
   * `--network=none` costs the daemon a network sandbox and endpoint per container (~60 ms of its time
   * on a 2-core machine, the largest part of a short pod). A daemon without its default bridge
   * (`dockerd --bridge=none`) gives a container of the default network mode a namespace with loopback
   * only, as `none` does, without that work: there the option is left out.
   */
  let loopbackByDefault: Promise<boolean> | undefined
  const defaultIsLoopback = (): Promise<boolean> =>
    (loopbackByDefault ??= runDocker(dockerPath, ['network', 'inspect', '--format={{.Name}}', 'bridge']).then(
      result => result.code !== 0 && /\bnot found\b/.test(result.stderr)
    ))

  async function networkOptions(spec: PodSpec, identity: PodIdentity): Promise<string[]> {
    if (spec.hostNetwork) return ['--network=host']
    const hostname = `--hostname=${identity.hostname}`
    if (options.network !== undefined) return [`--network=${options.network}`, hostname]
    return (await defaultIsLoopback()) ? [hostname] : ['--network=none', hostname]
  }

  async function releasePod(uid: string): Promise<void> {
    const entry = pods.get(uid)
    if (!entry) return
    pods.delete(uid)
    const sandbox = await entry.sandbox
    if (sandbox.pauseId) await removeContainer(sandbox.pauseId)
    if (sandbox.volumes?.dockerVolumes.length) {
      await runDocker(dockerPath, ['volume', 'rm', '--force', ...sandbox.volumes.dockerVolumes])
    }
    await rm(sandbox.dir, { recursive: true, force: true })
  }

  return {
    name: 'docker',

    async startPod(pod: PodIdentity, spec: PodSpec): Promise<void> {
      await podEntry(pod, spec).sandbox
    },

    async endPod(pod: PodIdentity): Promise<void> {
      const entry = pods.get(pod.podUid)
      if (!entry) return
      await Promise.all([...entry.attempts].map(attempt => attempt.done))
      await releasePod(pod.podUid)
    },

    startContainer(launch: ContainerLaunch, callbacks: ContainerCallbacks): RunningContainer {
      const entry = podEntry(launch.pod, launch.podSpec)
      const environment: AttemptEnvironment = {
        dockerPath,
        prepare: current => prepare(current, entry),
        closed: () => closed,
        remove: removeContainer
      }
      const attempt = new ContainerAttempt(launch, callbacks, environment)
      entry.attempts.add(attempt)
      void attempt.done.then(() => entry.attempts.delete(attempt))
      return attempt
    },

    async shutdown(): Promise<void> {
      closed = true
      const live = [...pods.values()]
      await Promise.all(live.map(entry => entry.sandbox))
      for (const entry of live) for (const attempt of entry.attempts) attempt.beforeSweep()
      await removeLabelled(dockerPath, options.runId)
      if (live.length > 0) {
        // The attempts see their containers gone and report; a pull in progress is not waited for.
        const attempts = live.flatMap(entry => [...entry.attempts].map(attempt => attempt.done))
        await Promise.race([Promise.all(attempts), new Promise(resolve => setTimeout(resolve, 5000).unref())])
        await Promise.all([...removals.values()])
        // Containers created while the first sweep ran.
        await removeLabelled(dockerPath, options.runId)
      }
      await Promise.all([...removals.values()])
      pods.clear()
      await rm(runDir, { recursive: true, force: true })
    }
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

async function removeLabelled(dockerPath: string, runId: string | undefined): Promise<number> {
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

/** Why the docker runtime cannot run here (no client, no engine answering), or undefined when it can. */
export async function dockerEngineProblem(
  dockerPath = 'docker',
  timeoutMs = ENGINE_CHECK_TIMEOUT_MS
): Promise<string | undefined> {
  const result = await runDocker(
    dockerPath,
    ['version', '--format', '{{.Server.Version}}'],
    undefined,
    timeoutMs
  )
  if (result.code === 0 && result.stdout.trim() !== '') return undefined
  const said = result.timedOut
    ? `\`docker version\` did not answer within ${timeoutMs / 1000} s`
    : dockerMessage(result)
  return `the docker runtime needs a running docker engine: ${said}`
}

/** A daemon that accepts connections but does not answer (hung, starting) must not hang the run. */
const ENGINE_CHECK_TIMEOUT_MS = 20_000

/**
 * A pod of one container and no emptyDir has nothing to share between containers or across in-place
 * restarts that the container's own namespaces would not give it: it runs without a pause container,
 * which saves a container start and removal (~0.3 s) per pod.
 */
function needsPauseContainer(spec: PodSpec, volumes: PodVolumes): boolean {
  const containers = spec.containers.length + (spec.initContainers?.length ?? 0)
  return containers > 1 || volumes.dockerVolumes.length > 0 || spec.shareProcessNamespace === true
}

/** Names docker accepts for containers and volumes: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
function dockerSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9_.-]/g, '_').replace(/^[^a-zA-Z0-9]/, 'x')
}
