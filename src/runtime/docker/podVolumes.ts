/**
 * A pod's volumes as docker mounts, set up the way the kubelet's volume plugins do:
 * - emptyDir: a docker volume per pod (tmpfs for `medium: Memory`), mounted by the pause container so
 *   it lives as long as the pod, made world-writable (0777) by it, and removed with the pod. A docker
 *   volume rather than a host folder: files a root container writes there need root to delete.
 * - hostPath: the host path (relative paths: the workspace), checked or created by its `type`.
 * - configMap / secret: files written from the ConfigMap's or Secret's data into a host folder of the
 *   pod's, with `items`, `defaultMode` and per-item `mode`, mounted read-only.
 * - downwardAPI: the pod's fields rendered into files the same way (downwardApiVolume.ts).
 * A volume that cannot be set up fails the pod with the kubelet's FailedMount message.
 */
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import type { V1KeyToPath, V1Volume } from '@kubernetes/client-node'
import type { PodSpec } from '../../api/model.js'
import { checkHostPathType } from '../hostPathType.js'
import type { PodIdentity } from '../types.js'
import { downwardApiFiles } from './downwardApiVolume.js'
import { docker } from './dockerCli.js'
import { labelOptions } from './dockerNames.js'
import { memoryBytes } from './quantity.js'

/** A ConfigMap's or Secret's contents: `data` as UTF-8 text, `binaryData` base64-encoded. */
export interface VolumeSourceData {
  data?: Record<string, string>
  binaryData?: Record<string, string>
}

export type VolumeSourceLookup = (
  namespace: string,
  name: string
) => VolumeSourceData | undefined | Promise<VolumeSourceData | undefined>

export interface PodVolumeSettings {
  dockerPath: string
  namespace: string
  /** Host folder of this pod's own files (configMap and secret volumes). */
  podDir: string
  /** Where relative hostPath paths start. */
  workspace: string
  /** Put on every docker volume, so that leftovers can be found by run. */
  labels: Record<string, string>
  /** Docker volume names start with this (unique per pod). */
  volumePrefix: string
  lookupConfigMap?: VolumeSourceLookup
  lookupSecret?: VolumeSourceLookup
  /** The pod whose fields downwardAPI volumes show. */
  pod?: PodIdentity
}

export type PreparedVolume =
  | { kind: 'volume'; dockerVolume: string; pausePath: string; mountpoint?: string }
  | { kind: 'bind'; source: string; readOnly: boolean }

export interface PodVolumes {
  volumes: Map<string, PreparedVolume>
  /** Docker volumes created for the pod (to remove with it). */
  dockerVolumes: string[]
  /** `--mount` values of the pause container, and the folders it creates (emptyDirs and their subPaths). */
  pauseMounts: string[]
  pauseDirs: string[]
  /** The kubelet's message for the first volume that could not be set up. */
  failure?: string
}

export const SUPPORTED_VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'configMap',
  'secret',
  'downwardAPI'
] as const

export class MountError extends Error {}

export async function preparePodVolumes(spec: PodSpec, settings: PodVolumeSettings): Promise<PodVolumes> {
  const result: PodVolumes = { volumes: new Map(), dockerVolumes: [], pauseMounts: [], pauseDirs: [] }
  const subPaths = subPathsByVolume(spec)
  for (const [index, volume] of (spec.volumes ?? []).entries()) {
    try {
      result.volumes.set(volume.name, await prepareVolume(volume, index, settings, result, subPaths, spec))
    } catch (error) {
      const reason = error instanceof MountError ? error.message : String((error as Error).message ?? error)
      result.failure ??= `MountVolume.SetUp failed for volume "${volume.name}" : ${reason}`
    }
  }
  return result
}

async function prepareVolume(
  volume: V1Volume,
  index: number,
  settings: PodVolumeSettings,
  result: PodVolumes,
  subPaths: Map<string, Set<string>>,
  spec: PodSpec
): Promise<PreparedVolume> {
  if (volume.emptyDir) {
    const dockerVolume = `${settings.volumePrefix}-${index}`
    const labels = labelOptions(settings.labels)
    const options: string[] = []
    if (volume.emptyDir.medium === 'Memory') {
      const size =
        volume.emptyDir.sizeLimit === undefined ? undefined : memoryBytes(volume.emptyDir.sizeLimit)
      options.push('--opt', 'type=tmpfs', '--opt', 'device=tmpfs')
      if (size !== undefined) options.push('--opt', `o=size=${size}`)
    }
    await docker(settings.dockerPath, ['volume', 'create', ...labels, ...options, dockerVolume])
    result.dockerVolumes.push(dockerVolume)
    const pausePath = `/v/${index}`
    result.pauseMounts.push(mountOption({ type: 'volume', source: dockerVolume, target: pausePath }))
    result.pauseDirs.push(pausePath, ...subPathDirs(pausePath, subPaths.get(volume.name)))
    return { kind: 'volume', dockerVolume, pausePath }
  }
  if (volume.hostPath) {
    const path = resolve(settings.workspace, volume.hostPath.path)
    await checkHostPathType(path, volume.hostPath.type ?? '')
    return { kind: 'bind', source: path, readOnly: false }
  }
  if (volume.configMap) {
    const name = volume.configMap.name ?? ''
    const data = await settings.lookupConfigMap?.(settings.namespace, name)
    if (!data && !volume.configMap.optional) throw new MountError(`configmap "${name}" not found`)
    const dir = join(settings.podDir, 'volumes', volume.name)
    await writeProjection(dir, data ?? {}, volume.configMap, 'configmap references non-existent config key')
    return { kind: 'bind', source: dir, readOnly: true }
  }
  if (volume.secret) {
    const name = volume.secret.secretName ?? ''
    const data = await settings.lookupSecret?.(settings.namespace, name)
    if (!data && !volume.secret.optional) throw new MountError(`secret "${name}" not found`)
    const dir = join(settings.podDir, 'volumes', volume.name)
    await writeProjection(dir, data ?? {}, volume.secret, 'secret references non-existent secret key')
    return { kind: 'bind', source: dir, readOnly: true }
  }
  if (volume.downwardAPI) {
    const files = downwardApiFiles(volume.downwardAPI, spec, settings.pod)
    if ('error' in files) throw new MountError(files.error)
    const dir = join(settings.podDir, 'volumes', volume.name)
    await mkdir(dir, { recursive: true, mode: 0o755 })
    for (const file of files)
      await writeVolumeFile(dir, file.path, Buffer.from(file.content, 'utf8'), file.mode)
    return { kind: 'bind', source: dir, readOnly: true }
  }
  const source = Object.keys(volume).find(key => key !== 'name') ?? 'unknown'
  throw new MountError(
    `${source} volumes are not supported by the docker runtime (supported: ${SUPPORTED_VOLUME_SOURCES.join(', ')})`
  )
}

interface Projection {
  items?: V1KeyToPath[]
  defaultMode?: number
  optional?: boolean
}

/** The files of a configMap or secret volume, as the kubelet's MakePayload lays them out. */
async function writeProjection(
  dir: string,
  source: VolumeSourceData,
  projection: Projection,
  missingKeyMessage: string
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 })
  const contents = (key: string): Buffer | undefined => {
    const text = source.data?.[key]
    if (text !== undefined) return Buffer.from(text, 'utf8')
    const base64 = source.binaryData?.[key]
    return base64 === undefined ? undefined : Buffer.from(base64, 'base64')
  }
  const defaultMode = projection.defaultMode ?? 0o644
  const files: Array<{ path: string; key: string; mode: number }> = projection.items?.length
    ? projection.items.map(item => ({ path: item.path, key: item.key, mode: item.mode ?? defaultMode }))
    : [...Object.keys(source.data ?? {}), ...Object.keys(source.binaryData ?? {})].map(key => ({
        path: key,
        key,
        mode: defaultMode
      }))
  for (const file of files) {
    const content = contents(file.key)
    if (content === undefined) {
      if (projection.optional) continue
      throw new MountError(`${missingKeyMessage}: ${file.key}`)
    }
    await writeVolumeFile(dir, file.path, content, file.mode)
  }
}

/** One file of a projected volume, kept inside the volume's folder. */
async function writeVolumeFile(dir: string, path: string, content: Buffer, mode: number): Promise<void> {
  const target = resolve(dir, path)
  if (!isInside(dir, target)) throw new MountError(`invalid path ${JSON.stringify(path)}`)
  await mkdir(dirname(target), { recursive: true, mode: 0o755 })
  await writeFile(target, content)
  await chmod(target, mode & 0o7777) // modes are not subject to the umask
}

function isInside(dir: string, target: string): boolean {
  const path = relative(dir, target)
  return path !== '' && !path.startsWith('..') && !isAbsolute(path)
}

function subPathsByVolume(spec: PodSpec): Map<string, Set<string>> {
  const byVolume = new Map<string, Set<string>>()
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const mount of container.volumeMounts ?? []) {
      if (!mount.subPath) continue
      const paths = byVolume.get(mount.name) ?? new Set<string>()
      paths.add(mount.subPath)
      byVolume.set(mount.name, paths)
    }
  }
  return byVolume
}

/** `a/b` → `<root>/a`, `<root>/a/b`: parents first, since the pause program creates one level per path. */
function subPathDirs(root: string, subPaths: Set<string> | undefined): string[] {
  const dirs = new Set<string>()
  for (const subPath of subPaths ?? []) {
    const parts = subPath.split('/').filter(part => part !== '' && part !== '.')
    if (parts.includes('..')) continue
    for (let depth = 1; depth <= parts.length; depth++) dirs.add(`${root}/${parts.slice(0, depth).join('/')}`)
  }
  return [...dirs]
}

/** One `--mount` value; fields holding a comma or a quote are CSV-quoted, as docker parses them. */
export function mountOption(mount: {
  type: 'bind' | 'volume'
  source: string
  target: string
  readOnly?: boolean
  noCopy?: boolean
}): string {
  const field = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)
  const fields = [`type=${mount.type}`, field(`source=${mount.source}`), field(`target=${mount.target}`)]
  if (mount.readOnly) fields.push('readonly')
  if (mount.noCopy) fields.push('volume-nocopy')
  return fields.join(',')
}

/**
 * The `--mount` values of one container. An emptyDir mount with a subPath binds the folder inside the
 * docker volume's mountpoint (docker volumes have no subpath mounts before API 1.45).
 */
export async function containerMounts(
  mounts: Array<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>,
  volumes: PodVolumes,
  dockerPath: string
): Promise<string[]> {
  const options: string[] = []
  for (const mount of mounts) {
    const volume = volumes.volumes.get(mount.name)
    if (!volume) throw new MountError(`volume "${mount.name}" is not a volume of the pod`)
    const subPath = mount.subPath ?? ''
    if (subPath.split('/').includes('..')) throw new MountError(`invalid subPath ${JSON.stringify(subPath)}`)
    if (volume.kind === 'volume' && !subPath) {
      options.push(
        mountOption({
          type: 'volume',
          source: volume.dockerVolume,
          target: mount.mountPath,
          noCopy: true,
          readOnly: mount.readOnly
        })
      )
      continue
    }
    let source: string
    let readOnly = mount.readOnly
    if (volume.kind === 'volume') {
      volume.mountpoint ??= await docker(dockerPath, [
        'volume',
        'inspect',
        '--format',
        '{{.Mountpoint}}',
        volume.dockerVolume
      ])
      source = join(volume.mountpoint, subPath)
    } else {
      source = join(volume.source, subPath)
      readOnly ||= volume.readOnly
      // The kubelet creates a missing subPath as a directory.
      if (subPath && !(await stat(source).catch(() => undefined)))
        await mkdir(source, { recursive: true, mode: 0o755 })
    }
    options.push(mountOption({ type: 'bind', source, target: mount.mountPath, readOnly }))
  }
  return options
}
