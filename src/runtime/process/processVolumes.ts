/**
 * Volumes without a container. A process sees the runner's own file system, and there is no mount
 * namespace to put a volume at its mountPath, so the process runtime honours a mount in one of two
 * ways, and rejects every other mount before anything runs (processRuntimeRules.ts):
 *
 * - in place: a hostPath volume whose path is the mountPath (no subPath). The files are where the
 *   process looks; the hostPath `type` is checked (or the path created) as the kubelet does.
 * - by a link: an emptyDir, or a hostPath mounted elsewhere or with a subPath. For the pod's
 *   lifetime the runtime puts a symbolic link at the mountPath, pointing to the volume (plus
 *   subPath): for an emptyDir a new, empty folder of the pod's own under
 *   `<RUNNER_TEMP or the temp folder>/job-action-volumes/<run>/<pod uid>/<volume>`, removed with
 *   the pod; for a hostPath its path. The mountPath must not exist yet and its parent must be a
 *   writable folder; the link is removed when the pod ends (the post step removes any left by a
 *   killed run). Pods that would need the same link at once take turns: a pod waits until the one
 *   before it released the path — an emptyDir Job therefore needs parallelism 1.
 *
 * What a link cannot give: a container that does not mount the volume still sees the link while
 * its pod runs (the file system is shared); readOnly is not enforced; `medium: Memory` and
 * `sizeLimit` of an emptyDir are not applied.
 */
import { existsSync, lstatSync, readlinkSync, type Stats } from 'node:fs'
import { appendFile, lstat, mkdir, readFile, readlink, rm, rmdir, symlink, unlink } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { V1Volume, V1VolumeMount } from '@kubernetes/client-node'
import type { Container, PodSpec } from '../../api/model.js'
import { checkHostPathType, HostPathTypeError } from '../hostPathType.js'

export interface MountUse {
  /** e.g. spec.template.spec.containers[0].volumeMounts[1] */
  field: string
  mount: V1VolumeMount
  volume: V1Volume
}

export type MountKind = 'inPlace' | 'link' | 'unsupported'

/** How the process runtime can honour one mount. */
export function mountKind(use: MountUse): MountKind {
  const { volume, mount } = use
  // subPathExpr would need the container's environment to pick the folder: not offered.
  if (mount.subPathExpr) return 'unsupported'
  if (volume.hostPath && volume.hostPath.path === mount.mountPath && !mount.subPath) return 'inPlace'
  if (volume.emptyDir || volume.hostPath) return 'link'
  return 'unsupported'
}

/** Every volume mount of the pod's containers (init containers first), with its volume. */
export function mountUses(spec: PodSpec, fieldPrefix = 'spec.template.spec'): MountUse[] {
  const volumes = new Map((spec.volumes ?? []).map(v => [v.name, v]))
  const uses: MountUse[] = []
  const add = (containers: Container[] | undefined, kind: string): void =>
    (containers ?? []).forEach((container, i) =>
      (container.volumeMounts ?? []).forEach((mount, j) => {
        const volume = volumes.get(mount.name)
        if (volume) uses.push({ field: `${fieldPrefix}.${kind}[${i}].volumeMounts[${j}]`, mount, volume })
      })
    )
  add(spec.initContainers, 'initContainers')
  add(spec.containers, 'containers')
  return uses
}

/** The root of the run's emptyDir folders, the same for the main step and its post step. */
export function volumesRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), 'job-action-volumes')
}

/**
 * Why a link at this mountPath cannot be made now, or undefined. Checked before anything runs; an
 * existing link of an earlier, killed run is named as such.
 */
export function linkProblem(mountPath: string, root = volumesRoot()): string | undefined {
  if (!path.isAbsolute(mountPath)) return 'must be an absolute path'
  let existing: Stats | undefined
  try {
    existing = lstatSync(mountPath)
  } catch {
    existing = undefined
  }
  if (existing) {
    if (existing.isSymbolicLink() && readlinkSync(mountPath).startsWith(root + path.sep))
      return `already exists: a link left by an interrupted job-action run (remove it)`
    return 'already exists on the runner'
  }
  const parent = path.dirname(mountPath)
  if (!existsSync(parent)) return `cannot be created: ${parent} does not exist`
  try {
    if (!lstatSync(parent).isDirectory()) return `cannot be created: ${parent} is not a directory`
  } catch {
    return `cannot be created: ${parent} cannot be read`
  }
  return undefined
}

export class MountError extends Error {}

interface LinkHolder {
  target: string
  holders: number
  /** Resolves once the link exists (rejects if it could not be made). */
  made: Promise<void>
  /** Resolves when the path is free again. */
  released: Promise<void>
  release: () => void
}

/**
 * The run's links, shared by all its pods: one link per mountPath at a time; pods needing the same
 * target share it, others wait their turn. A registry file lets the post step remove what a killed
 * run left.
 */
export class PodVolumes {
  private readonly links = new Map<string, LinkHolder>()
  private readonly runDir: string

  constructor(
    runId: string,
    private readonly workspace: string,
    private readonly root = volumesRoot()
  ) {
    this.runDir = path.join(root, runId)
  }

  /** Sets up the pod's volumes; returns what endPod undoes. Throws MountError with the kubelet's words. */
  async prepare(podUid: string, spec: PodSpec): Promise<() => Promise<void>> {
    const podDir = path.join(this.runDir, podUid)
    const held: string[] = []
    const undo = async (): Promise<void> => {
      for (const mountPath of held.splice(0)) await this.drop(mountPath)
      await rm(podDir, { recursive: true, force: true })
    }
    try {
      const targets = new Map<string, { volume: string; target: string }>()
      for (const use of mountUses(spec)) {
        const kind = mountKind(use)
        const { volume, mount } = use
        if (kind === 'inPlace') {
          await this.checkHostPath(volume)
          continue
        }
        if (kind !== 'link' || targets.has(mount.mountPath)) continue
        const base = volume.hostPath ? await this.checkHostPath(volume) : path.join(podDir, volume.name)
        // The kubelet creates a missing subPath folder, in a hostPath too.
        const target = path.join(base, mount.subPath ?? '')
        await mkdir(target, { recursive: true })
        targets.set(mount.mountPath, { volume: volume.name, target })
      }
      for (const [mountPath, { volume, target }] of targets) {
        await this.hold(mountPath, target, volume)
        held.push(mountPath)
      }
    } catch (error) {
      await undo()
      throw error
    }
    return undo
  }

  /** Removes every link and folder of the run (shutdown). */
  async removeAll(): Promise<void> {
    for (const [mountPath, holder] of this.links) {
      await unlinkIfOurs(mountPath, holder.target)
      holder.release()
    }
    this.links.clear()
    await removeRunDir(this.root, this.runDir)
  }

  private async hold(mountPath: string, target: string, volume: string): Promise<void> {
    for (;;) {
      const current = this.links.get(mountPath)
      if (!current) break
      if (current.target === target) {
        current.holders++
        await current.made
        return
      }
      await current.released
    }
    let release: () => void = () => undefined
    const released = new Promise<void>(resolve => (release = resolve))
    const made = this.link(mountPath, target, volume)
    // Taken before the first await, so that a pod preparing at the same moment waits or shares.
    const holder: LinkHolder = { target, holders: 1, released, release, made }
    this.links.set(mountPath, holder)
    try {
      await made
    } catch (error) {
      this.links.delete(mountPath)
      release()
      throw error
    }
  }

  private async link(mountPath: string, target: string, volume: string): Promise<void> {
    // Registered first, so that the post step knows of the link even if the run dies right after.
    await mkdir(this.runDir, { recursive: true })
    await appendFile(path.join(this.runDir, 'links'), `${mountPath}\0${target}\n`)
    try {
      await symlink(target, mountPath)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const reason =
        code === 'EEXIST'
          ? `${mountPath} already exists on the runner`
          : `cannot create ${mountPath}: ${code ?? String(error)}`
      throw new MountError(`MountVolume.SetUp failed for volume "${volume}" : ${reason}`)
    }
  }

  private async drop(mountPath: string): Promise<void> {
    const holder = this.links.get(mountPath)
    if (!holder || --holder.holders > 0) return
    this.links.delete(mountPath)
    await unlinkIfOurs(mountPath, holder.target)
    holder.release()
  }

  /** The hostPath's type checked (or its path created) as the kubelet does; returns the path. */
  private async checkHostPath(volume: V1Volume): Promise<string> {
    const hostPath = volume.hostPath as NonNullable<V1Volume['hostPath']>
    const target = path.resolve(this.workspace, hostPath.path)
    try {
      await checkHostPathType(target, hostPath.type ?? '')
    } catch (error) {
      if (!(error instanceof HostPathTypeError)) throw error
      throw new MountError(`MountVolume.SetUp failed for volume "${volume.name}" : ${error.message}`)
    }
    return target
  }
}

async function unlinkIfOurs(mountPath: string, target: string): Promise<boolean> {
  try {
    if (!(await lstat(mountPath)).isSymbolicLink() || (await readlink(mountPath)) !== target) return false
    await unlink(mountPath)
    return true
  } catch {
    return false
  }
}

/**
 * The post step's cleanup: the links a killed run left (found in its registry, removed only if
 * they still point where the run put them) and its emptyDir folders. Returns the links removed.
 */
export async function removeRunVolumes(runId: string, root = volumesRoot()): Promise<number> {
  const runDir = path.join(root, runId)
  let registry: string
  try {
    registry = await readFile(path.join(runDir, 'links'), 'utf8')
  } catch {
    registry = ''
  }
  let removed = 0
  for (const line of registry.split('\n')) {
    const [mountPath, target] = line.split('\0')
    if (mountPath && target && (await unlinkIfOurs(mountPath, target))) removed++
  }
  await removeRunDir(root, runDir)
  return removed
}

/** The run's folder, and the root too once no other run uses it. */
async function removeRunDir(root: string, runDir: string): Promise<void> {
  await rm(runDir, { recursive: true, force: true })
  await rmdir(root).catch(() => undefined)
}
