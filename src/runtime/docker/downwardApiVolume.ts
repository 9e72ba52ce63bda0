/**
 * downwardAPI volumes under docker, as the kubelet's downwardAPI volume plugin renders them
 * (pkg/volume/downwardapi CollectData): one file per item, its contents the pod field
 * (fieldpath.ExtractFieldPathAsString: labels and annotations as sorted `key="value"` lines) or the
 * container's resource value. A pod's labels and annotations never change here once it is created,
 * so the files are written once, into a host folder of the pod's, and mounted read-only.
 */
import * as os from 'node:os'
import type { V1DownwardAPIVolumeSource } from '@kubernetes/client-node'
import type { PodSpec } from '../../api/model.js'
import { fieldRefValue } from '../environment.js'
import { formatResourceField } from '../resourceFields.js'
import type { PodIdentity } from '../types.js'

/** The file mode the API server defaults downwardAPI volumes to (DownwardAPIVolumeSourceDefaultMode). */
const DEFAULT_MODE = 0o644

/** The fields ExtractFieldPathAsString answers for; validation admits no others in a volume. */
const FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations'
]

export interface DownwardApiFile {
  path: string
  content: string
  mode: number
}

/**
 * The volume's files, or the kubelet's error for the first item it cannot fill. A pod without an
 * identity (a test calling the volume code alone) has no fields to offer.
 */
export function downwardApiFiles(
  source: V1DownwardAPIVolumeSource,
  spec: PodSpec,
  pod: PodIdentity | undefined
): DownwardApiFile[] | { error: string } {
  const files: DownwardApiFile[] = []
  const defaultMode = source.defaultMode ?? DEFAULT_MODE
  for (const item of source.items ?? []) {
    const mode = item.mode ?? defaultMode
    if (item.fieldRef) {
      const fieldPath = item.fieldRef.fieldPath
      const keyed = /^metadata\.(labels|annotations)\['.*'\]$/.test(fieldPath)
      if (!pod || (!keyed && !FIELD_PATHS.includes(fieldPath)))
        return { error: `unsupported fieldPath: ${fieldPath}` }
      files.push({ path: item.path, content: fieldRefValue(fieldPath, pod, ''), mode })
    } else if (item.resourceFieldRef) {
      const ref = item.resourceFieldRef
      const container = [...spec.containers, ...(spec.initContainers ?? [])].find(
        c => c.name === ref.containerName
      )
      if (!container) return { error: `cannot find container "${ref.containerName ?? ''}" in the pod` }
      const node = { cpus: os.cpus().length, memoryBytes: os.totalmem() }
      files.push({ path: item.path, content: formatResourceField(ref, container, node), mode })
    } else {
      // Neither reference: the kubelet writes the file empty.
      files.push({ path: item.path, content: '', mode })
    }
  }
  return files
}
