/**
 * `docker run` arguments for one container attempt: Kubernetes' command/args semantics over the
 * image's ENTRYPOINT/CMD, environment, working directory, limits, security context and labels.
 */
import type { ContainerLaunch } from '../types.js'
import { cpuCount, memoryBytes } from './quantity.js'

export const LABELS = {
  runId: 'job-action.run-id',
  job: 'job-action.job',
  pod: 'job-action.pod',
  podUid: 'job-action.pod-uid',
  container: 'job-action.container'
} as const

/** Docker refuses a memory limit below 6 MiB ("Minimum memory limit allowed is 6MB"). */
export const DOCKER_MIN_MEMORY = 6 * 1024 * 1024
/** Docker refuses fewer than 0.01 CPUs. */
const DOCKER_MIN_CPUS = 0.01

export interface RunArgsContext {
  /** Unique to the attempt: stop, kill and the OOM event query address the container by it. */
  name: string
  /** Where the client writes the container's id once it is created (see ContainerAttempt). */
  cidFile: string
  labels: Record<string, string>
  /** `--network …` and related options: the pod's pause container, or a network of its own. */
  namespaceOptions: string[]
  /** `--mount` values. */
  mounts: string[]
  hostCpus: number
  notice: (message: string) => void
}

/**
 * The container's ENTRYPOINT override and arguments (containerd's WithProcessArgs):
 * - command set: it replaces ENTRYPOINT, the image's CMD is dropped, args follow command;
 * - args only: the image's ENTRYPOINT stays, args replace CMD;
 * - neither (or both empty): the image's defaults.
 * `--entrypoint` takes one word; the rest of command goes first among the arguments.
 */
export function entrypointAndArgs(
  command: string[] | undefined,
  args: string[] | undefined
): { entrypoint?: string; args: string[] } {
  if (command?.length) return { entrypoint: command[0], args: [...command.slice(1), ...(args ?? [])] }
  return { args: args ?? [] }
}

/**
 * A container with a memory limit is kept after its exit until its state has been read: whether the
 * kernel's OOM killer ended it is in that state, and docker may drop the late `oom` event of a
 * container it has already removed (seen under load).
 */
export function keptForInspection(launch: ContainerLaunch): boolean {
  return launch.container.resources?.limits?.memory !== undefined
}

/**
 * Attached (no --detach, -i or -t): the client's stdout and stderr are the container's, kept apart.
 * --rm (unless keptForInspection): the daemon removes the container, and the client exits once it is
 * removed.
 */
export function containerRunArgs(launch: ContainerLaunch, context: RunArgsContext): string[] {
  const { container } = launch
  const out: string[] = [
    'run',
    ...(keptForInspection(launch) ? [] : ['--rm']),
    `--name=${context.name}`,
    `--cidfile=${context.cidFile}`,
    '--pull=never',
    '--log-driver=none'
  ]
  for (const [key, value] of Object.entries(context.labels)) out.push('--label', `${key}=${value}`)
  out.push(...context.namespaceOptions)
  // Values go in argv, not an --env-file, whose lines cannot hold a newline.
  for (const [name, value] of launch.env) out.push('-e', `${name}=${value}`)
  if (container.workingDir) out.push(`--workdir=${container.workingDir}`)
  out.push(...resourceOptions(launch, context))
  out.push(...securityOptions(launch))
  for (const mount of context.mounts) out.push('--mount', mount)
  const { entrypoint, args } = entrypointAndArgs(launch.command, launch.args)
  if (entrypoint !== undefined) out.push(`--entrypoint=${entrypoint}`)
  out.push('--', container.image ?? '', ...args)
  return out
}

function resourceOptions(launch: ContainerLaunch, context: RunArgsContext): string[] {
  const limits = launch.container.resources?.limits ?? {}
  const name = launch.container.name
  const out: string[] = []
  if (limits.memory !== undefined) {
    let bytes = memoryBytes(limits.memory)
    if (bytes !== undefined && bytes < DOCKER_MIN_MEMORY) {
      context.notice(`container ${name}: memory limit ${limits.memory} raised to docker's minimum of 6Mi`)
      bytes = DOCKER_MIN_MEMORY
    }
    // Swap as large as the memory: none, as kubelets run without swap.
    if (bytes !== undefined) out.push(`--memory=${bytes}`, `--memory-swap=${bytes}`)
  }
  if (limits.cpu !== undefined) {
    let cpus = cpuCount(limits.cpu)
    if (cpus !== undefined && cpus > context.hostCpus) {
      context.notice(
        `container ${name}: CPU limit ${limits.cpu} lowered to the ${context.hostCpus} CPUs of this machine`
      )
      cpus = context.hostCpus
    }
    if (cpus !== undefined && cpus > 0) out.push(`--cpus=${Math.max(cpus, DOCKER_MIN_CPUS)}`)
  }
  return out
}

/** The container's securityContext over the pod's, as the kubelet merges them. */
function securityOptions(launch: ContainerLaunch): string[] {
  const pod = launch.podSpec.securityContext ?? {}
  const own = launch.container.securityContext ?? {}
  const out: string[] = []
  const user = own.runAsUser ?? pod.runAsUser
  const group = own.runAsGroup ?? pod.runAsGroup
  if (user !== undefined) out.push(`--user=${user}${group !== undefined ? `:${group}` : ''}`)
  for (const extra of [
    ...(pod.supplementalGroups ?? []),
    ...(pod.fsGroup !== undefined ? [pod.fsGroup] : [])
  ]) {
    out.push(`--group-add=${extra}`)
  }
  if (own.privileged) out.push('--privileged')
  if (own.readOnlyRootFilesystem) out.push('--read-only')
  if (own.allowPrivilegeEscalation === false) out.push('--security-opt=no-new-privileges')
  for (const capability of own.capabilities?.add ?? []) out.push(`--cap-add=${capability}`)
  for (const capability of own.capabilities?.drop ?? []) out.push(`--cap-drop=${capability}`)
  return out
}
