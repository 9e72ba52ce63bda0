/**
 * Pod volumes (ValidateVolumes and validateVolumeSource of pkg/apis/core/validation): one source
 * per volume, unique DNS-1123 names, and the rules of the sources a Job template can use here.
 * Sources that only make sense on a cluster are counted but not inspected further.
 */
import type { V1Volume } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { readQuantity } from '../quantity.js'
import { duplicate, forbidden, invalid, notSupported, required } from './errorBuilders.js'
import { validateDNS1123Label } from './names.js'
import { validateEphemeralVolume } from './ephemeral.js'
import { validateProjected } from './projected.js'
import {
  fileModeErrorMsg,
  validateDownwardAPIVolumeFile,
  validateFileMode,
  validateKeyToPath,
  validateLocalDescendingPath,
  validatePathNoBacksteps
} from './volumePaths.js'

// Kept here for the modules that import them from the volumes.
export { fileModeErrorMsg, validateLocalDescendingPath, validatePathNoBacksteps }

/** In validateVolumeSource's order, with the path segment each one's errors use. */
const volumeSources: ReadonlyArray<readonly [keyof V1Volume, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'persistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephfs'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwardAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image']
]

/** The Forbidden path names the source with validation.go's spelling (including its typo). */
const forbiddenName: Partial<Record<keyof V1Volume, string>> = { downwardAPI: 'downwarAPI', cephfs: 'cephFS' }

export interface VolumesResult {
  /** Volumes that passed, by name: the ones volumeMounts may refer to. */
  volumes: Map<string, V1Volume>
  errors: FieldError[]
}

export function validateVolumes(volumes: readonly V1Volume[] | undefined, field: string): VolumesResult {
  const errors: FieldError[] = []
  const valid = new Map<string, V1Volume>()
  const names = new Set<string>()
  ;(volumes ?? []).forEach((volume, i) => {
    const path = `${field}[${i}]`
    const volumeErrors = validateVolumeSource(volume, path)
    if (!volume.name) volumeErrors.push(required(`${path}.name`))
    else volumeErrors.push(...validateDNS1123Label(volume.name, `${path}.name`))
    if (names.has(volume.name)) volumeErrors.push(duplicate(`${path}.name`, volume.name))
    if (volumeErrors.length === 0) {
      names.add(volume.name)
      valid.set(volume.name, volume)
    } else errors.push(...volumeErrors)
  })
  return { volumes: valid, errors }
}

function validateVolumeSource(volume: V1Volume, path: string): FieldError[] {
  const errors: FieldError[] = []
  let count = 0
  for (const [key, segment] of volumeSources) {
    if (volume[key] === undefined) continue
    if (count > 0) {
      errors.push(
        forbidden(`${path}.${forbiddenName[key] ?? key}`, 'may not specify more than 1 volume type')
      )
      continue
    }
    count++
    errors.push(...validateSource(volume, key, `${path}.${segment}`))
  }
  if (count === 0) errors.push(required(path, 'must specify a volume type'))
  return errors
}

function validateSource(volume: V1Volume, key: keyof V1Volume, path: string): FieldError[] {
  switch (key) {
    case 'emptyDir': {
      const sizeLimit = volume.emptyDir?.sizeLimit
      if (sizeLimit !== undefined && readQuantity(sizeLimit).mantissa < 0n) {
        return [forbidden(`${path}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')]
      }
      return []
    }
    case 'hostPath': {
      const source = volume.hostPath!
      if (!source.path) return [required(`${path}.path`)]
      const errors = validatePathNoBacksteps(source.path, `${path}.path`)
      if (source.type !== undefined && !hostPathTypes.includes(source.type)) {
        errors.push(notSupported(`${path}.type`, source.type, hostPathTypes))
      }
      return errors
    }
    case 'gitRepo': {
      const errors = volume.gitRepo!.repository ? [] : [required(`${path}.repository`)]
      return [...errors, ...validateLocalDescendingPath(volume.gitRepo!.directory ?? '', `${path}.directory`)]
    }
    case 'secret': {
      const source = volume.secret!
      const errors = source.secretName ? [] : [required(`${path}.secretName`)]
      errors.push(...validateFileMode(source.defaultMode, `${path}.defaultMode`))
      ;(source.items ?? []).forEach((item, i) =>
        errors.push(...validateKeyToPath(item, `${path}.items[${i}]`))
      )
      return errors
    }
    case 'configMap': {
      const source = volume.configMap!
      const errors = source.name ? [] : [required(`${path}.name`)]
      errors.push(...validateFileMode(source.defaultMode, `${path}.defaultMode`))
      ;(source.items ?? []).forEach((item, i) =>
        errors.push(...validateKeyToPath(item, `${path}.items[${i}]`))
      )
      return errors
    }
    case 'persistentVolumeClaim':
      return volume.persistentVolumeClaim!.claimName ? [] : [required(`${path}.claimName`)]
    case 'nfs': {
      const source = volume.nfs!
      const errors: FieldError[] = []
      if (!source.server) errors.push(required(`${path}.server`))
      if (!source.path) errors.push(required(`${path}.path`))
      if (!source.path?.startsWith('/')) {
        errors.push(invalid(`${path}.path`, source.path ?? '', 'must be an absolute path'))
      }
      return errors
    }
    case 'downwardAPI': {
      const source = volume.downwardAPI!
      const errors = validateFileMode(source.defaultMode, `${path}.defaultMode`)
      for (const file of source.items ?? []) errors.push(...validateDownwardAPIVolumeFile(file, path))
      return errors
    }
    case 'projected':
      return validateProjected(volume, path)
    case 'image': {
      // validateImageVolumeSource: AllowEmptyImageVolumeReference is off on create.
      const source = volume.image!
      const errors = source.reference ? [] : [required(`${path}.reference`)]
      const policy = source.pullPolicy ?? ''
      if (!policy) errors.push(required(`${path}.pullPolicy`))
      else if (!imagePullPolicies.includes(policy)) {
        errors.push(notSupported(`${path}.pullPolicy`, policy, imagePullPolicies))
      }
      return errors
    }
    case 'ephemeral':
      return validateEphemeralVolume(volume.ephemeral!, path)
    case 'csi':
      return volume.csi!.driver ? [] : [required(`${path}.driver`)]
  }
  return []
}

const imagePullPolicies = ['Always', 'IfNotPresent', 'Never']

export const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket'
] as const as readonly string[]
