/**
 * A pod's sandbox under docker, as the kubelet makes one: the pod's folder, its volumes
 * (podVolumes.ts), and a "pause" container that holds the pod's network and IPC namespaces (loopback
 * only unless told otherwise, `host` for hostNetwork pods) and its hostname, and mounts the pod's
 * emptyDir volumes so they live as long as the pod. The pod's containers join it with
 * `--network container:<pause>` (a pod of one container without emptyDir needs no pause container:
 * see needsPauseContainer).
 *
 * Making a sandbox never rejects: one that cannot be made carries the failure (FailedMount,
 * FailedCreatePodSandBox) that each of the pod's containers then fails with at start.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { PodSpec } from '../../api/model.js'
import type { PodIdentity } from '../types.js'
import type { StartFailure } from './containerAttempt.js'
import { docker, runDocker } from './dockerCli.js'
import { dockerSafe, labelOptions, labelsOf } from './dockerNames.js'
import { ensurePauseImage, PAUSE_IMAGE } from './pauseImage.js'
import { preparePodVolumes, type PodVolumes, type VolumeSourceLookup } from './podVolumes.js'
import type { ContainerRemovals } from './removal.js'

export interface Sandbox {
  identity: PodIdentity
  spec: PodSpec
  /** The pod's own folder (configMap and secret volumes, the attempts' cidfiles), removed with it. */
  dir: string
  pauseId?: string
  volumes?: PodVolumes
  failure?: StartFailure
}

export interface SandboxSettings {
  runId: string
  dockerPath: string
  /** The run's own folder, holding each pod's. */
  runDir: string
  /** Where relative hostPath paths start. */
  workspace: string
  /** The docker network of pods that do not ask for hostNetwork (see networkOptions). */
  network?: string
  lookupConfigMap?: VolumeSourceLookup
  lookupSecret?: VolumeSourceLookup
  removals: ContainerRemovals
  /** The engine is shutting down: nothing more is made. */
  closed(): boolean
}

export class PodSandboxes {
  private loopbackByDefault: Promise<boolean> | undefined

  constructor(private readonly settings: SandboxSettings) {}

  async make(identity: PodIdentity, spec: PodSpec): Promise<Sandbox> {
    const { settings } = this
    const sandbox: Sandbox = { identity, spec, dir: join(settings.runDir, dockerSafe(identity.podUid)) }
    void this.defaultIsLoopback() // asked now, answered by the time the first container needs it
    try {
      if (settings.closed()) throw new Error('the docker runtime is shutting down')
      await mkdir(sandbox.dir, { recursive: true, mode: 0o700 })
      const volumes = await preparePodVolumes(spec, {
        dockerPath: settings.dockerPath,
        namespace: identity.namespace,
        podDir: sandbox.dir,
        workspace: settings.workspace,
        labels: labelsOf(settings.runId, identity, 'POD'),
        volumePrefix: `job-action-${dockerSafe(identity.podUid)}`,
        lookupConfigMap: settings.lookupConfigMap,
        lookupSecret: settings.lookupSecret,
        pod: identity
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
      if (needsPauseContainer(spec, volumes)) await this.startPause(sandbox, volumes)
    } catch (error) {
      sandbox.failure ??= {
        waitingReason: 'ContainerCreating',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create pod sandbox: ${error instanceof Error ? error.message : String(error)}`
      }
    }
    return sandbox
  }

  /** The namespace options of one of the pod's containers: the pause container's, or its own. */
  async namespaceOptions(sandbox: Sandbox): Promise<string[]> {
    const pause = sandbox.pauseId
    if (!pause) return this.networkOptions(sandbox.spec, sandbox.identity)
    const options = [`--network=container:${pause}`, `--ipc=container:${pause}`]
    if (sandbox.spec.shareProcessNamespace) options.push(`--pid=container:${pause}`)
    return options
  }

  /** Removes the pause container, the docker volumes and the folder of a pod whose containers are gone. */
  async release(sandbox: Sandbox): Promise<void> {
    const { dockerPath, removals } = this.settings
    if (sandbox.pauseId) await removals.remove(sandbox.pauseId)
    if (sandbox.volumes?.dockerVolumes.length) {
      await runDocker(dockerPath, ['volume', 'rm', '--force', ...sandbox.volumes.dockerVolumes])
    }
    await rm(sandbox.dir, { recursive: true, force: true })
  }

  private async startPause(sandbox: Sandbox, volumes: PodVolumes): Promise<void> {
    const { dockerPath, runId, removals } = this.settings
    await ensurePauseImage(dockerPath)
    const labels = labelOptions(labelsOf(runId, sandbox.identity, 'POD'))
    const network = await this.networkOptions(sandbox.spec, sandbox.identity)
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
    sandbox.pauseId = await docker(dockerPath, [...args, ...mounts, '--', PAUSE_IMAGE, ...volumes.pauseDirs])
    if (this.settings.closed()) await removals.remove(sandbox.pauseId) // shutdown's sweep may have run before it existed
  }

  private async networkOptions(spec: PodSpec, identity: PodIdentity): Promise<string[]> {
    if (spec.hostNetwork) return ['--network=host']
    const hostname = `--hostname=${identity.hostname}`
    if (this.settings.network !== undefined) return [`--network=${this.settings.network}`, hostname]
    return (await this.defaultIsLoopback()) ? [hostname] : ['--network=none', hostname]
  }

  /**
   * `--network=none` costs the daemon a network sandbox and endpoint per container (~60 ms of its time
   * on a 2-core machine, the largest part of a short pod). A daemon without its default bridge
   * (`dockerd --bridge=none`) gives a container of the default network mode a namespace with loopback
   * only, as `none` does, without that work: there the option is left out.
   */
  private defaultIsLoopback(): Promise<boolean> {
    const args = ['network', 'inspect', '--format={{.Name}}', 'bridge']
    return (this.loopbackByDefault ??= runDocker(this.settings.dockerPath, args).then(
      result => result.code !== 0 && /\bnot found\b/.test(result.stderr)
    ))
  }
}

/**
 * A pod of one container and no emptyDir has nothing to share between containers or across in-place
 * restarts that the container's own namespaces would not give it: it runs without a pause container,
 * which saves a container start and removal (~0.3 s) per pod.
 */
function needsPauseContainer(spec: PodSpec, volumes: PodVolumes): boolean {
  const containers = spec.containers.length + (spec.initContainers?.length ?? 0)
  return containers > 1 || volumes.dockerVolumes.length > 0 || spec.shareProcessNamespace === true
}
