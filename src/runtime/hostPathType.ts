/**
 * The hostPath volume's `type` check, shared by both runtimes (docker/podVolumes.ts,
 * process/processVolumes.ts), as the kubelet's hostPath volume plugin makes it
 * (pkg/volume/hostpath/host_path.go, checkType): `…OrCreate` types create a missing path, the
 * others require what they name, and '' checks nothing (the container runtime creates a missing
 * path as a directory). The messages are the plugin's.
 */
import type { Stats } from 'node:fs'
import { mkdir, open, stat } from 'node:fs/promises'

/** The path is not what its type says, or the type is not one: the reason, without the volume. */
export class HostPathTypeError extends Error {}

/** The types that require an existing path of one kind: what it must be, and how to tell. */
const REQUIRED = new Map<string, readonly [string, (info: Stats) => boolean]>([
  ['Directory', ['a directory', info => info.isDirectory()]],
  ['File', ['a file', info => info.isFile()]],
  ['Socket', ['a socket file', info => info.isSocket()]],
  ['CharDevice', ['a character device', info => info.isCharacterDevice()]],
  ['BlockDevice', ['a block device', info => info.isBlockDevice()]]
])

/** The type that checks `…OrCreate` types make of an existing path. */
const CREATED_AS = new Map([
  ['DirectoryOrCreate', 'Directory'],
  ['FileOrCreate', 'File']
])

/** Checks (or creates) `path` by the hostPath `type`; throws HostPathTypeError with the kubelet's words. */
export async function checkHostPathType(path: string, type: string): Promise<void> {
  const info = await stat(path).catch(() => undefined)
  if (type === '' || type === 'DirectoryOrCreate') {
    if (!info) return void (await mkdir(path, { recursive: true, mode: 0o755 }))
  } else if (type === 'FileOrCreate') {
    if (!info) return void (await (await open(path, 'a', 0o644)).close())
  }
  if (type === '') return
  const required = REQUIRED.get(CREATED_AS.get(type) ?? type)
  if (!required) throw new HostPathTypeError(`${type} is an invalid volume type`)
  const [what, holds] = required
  if (!info || !holds(info)) throw new HostPathTypeError(`hostPath type check failed: ${path} is not ${what}`)
}
