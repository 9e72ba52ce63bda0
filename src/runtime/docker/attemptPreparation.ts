/**
 * What one container attempt needs before its `docker run`: the pod's sandbox ready, the image there
 * by its pull policy, the container's mounts resolved, and the run's arguments — or the reason the
 * container cannot start (the sandbox's failure, ErrImagePull…, CreateContainerConfigError).
 */
import { join } from 'node:path'
import type { ContainerLaunch } from '../types.js'
import type { PreparedRun, StartFailure } from './containerAttempt.js'
import { containerRunArgs } from './containerArgs.js'
import { dockerSafe, labelsOf } from './dockerNames.js'
import type { ImagePulls } from './imagePulls.js'
import type { PodSandboxes, Sandbox } from './podSandbox.js'
import { containerMounts, MountError } from './podVolumes.js'

export interface PreparationContext {
  runId: string
  dockerPath: string
  /** CPU limits above this are lowered to it. */
  hostCpus: number
  notice(message: string): void
  images: ImagePulls
  sandboxes: PodSandboxes
}

export async function prepareRun(
  launch: ContainerLaunch,
  sandboxReady: Promise<Sandbox>,
  context: PreparationContext
): Promise<PreparedRun | StartFailure> {
  const sandbox = await sandboxReady
  if (sandbox.failure) return sandbox.failure
  const image = launch.container.image ?? ''
  const imageFailure = await context.images.ensure(image, launch.container.imagePullPolicy)
  if (imageFailure) return imageFailure
  let mounts: string[]
  try {
    // A sandbox without a failure has its volumes.
    mounts = await containerMounts(launch.container.volumeMounts ?? [], sandbox.volumes!, context.dockerPath)
  } catch (error) {
    const message = error instanceof MountError ? error.message : String(error)
    return { waitingReason: 'CreateContainerConfigError', reason: 'CreateContainerConfigError', message }
  }
  const namespaceOptions = await context.sandboxes.namespaceOptions(sandbox)
  const name = dockerSafe(`job-action-${launch.pod.podUid}-${launch.container.name}-${launch.attempt}`)
  // In the pod's folder, which endPod removes.
  const cidFile = join(sandbox.dir, `${name}.cid`)
  const runArgs = containerRunArgs(launch, {
    name,
    cidFile,
    labels: labelsOf(context.runId, launch.pod, launch.container.name),
    namespaceOptions,
    mounts,
    hostCpus: context.hostCpus,
    notice: context.notice
  })
  return { runArgs, name, cidFile }
}
