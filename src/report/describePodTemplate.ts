/**
 * describe.go's DescribePodTemplate and describeVolumes, for the `Pod Template:` block of
 * `kubectl describe job`.
 */
import type { V1TopologySpreadConstraint, V1Volume } from '@kubernetes/client-node'
import type { PodTemplateSpec, PodSpec } from '../api/model.js'
import { describeContainers } from './describeContainers.js'
import { canonicalQuantity, tryQuantity } from './quantityText.js'
import {
  compareStrings,
  formatLabelSelector,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline
} from './describeFields.js'
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './tabWriter.js'

export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec & { spec: PodSpec }): void {
  w.write(LEVEL_0, 'Pod Template:\n')
  const { metadata, spec } = template
  printLabelsMultiline(w, '  Labels', metadata?.labels)
  if (Object.keys(metadata?.annotations ?? {}).length > 0) {
    printAnnotationsMultiline(w, '  Annotations', metadata?.annotations)
  }
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`)
  if ((spec.initContainers ?? []).length > 0) {
    describeContainers(w, 'Init Containers', spec.initContainers ?? [], '  ')
  }
  describeContainers(w, 'Containers', spec.containers, '  ')
  describeVolumes(w, spec.volumes ?? [], '  ')
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints ?? [], '  ')
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`)
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector)
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations)
}

function describeTopologySpreadConstraints(
  w: PrefixWriter,
  constraints: V1TopologySpreadConstraint[],
  space: string
): void {
  if (constraints.length === 0) return
  const sorted = [...constraints].sort((a, b) => compareStrings(a.topologyKey, b.topologyKey))
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`)
  sorted.forEach((constraint, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`)
    let text = `${constraint.topologyKey}:${constraint.whenUnsatisfiable} when max skew ${constraint.maxSkew} is exceeded`
    if (constraint.labelSelector) text += ` for selector ${formatLabelSelector(constraint.labelSelector)}`
    w.write(LEVEL_0, `${text}\n`)
  })
}

export function describeVolumes(w: PrefixWriter, volumes: V1Volume[], space: string): void {
  if (volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`)
    return
  }
  w.write(LEVEL_0, `${space}Volumes:\n`)
  for (const volume of volumes) {
    w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${volume.name}:\n`)
    describeVolumeSource(w, volume)
  }
}

// The type lines of each source. Continuation lines carry their own four spaces, as in
// describe.go, where the whole block is one LEVEL_2 format string.
function describeVolumeSource(w: PrefixWriter, volume: V1Volume): void {
  const lines = (type: string, fields: [string, string | number | boolean][]): void => {
    w.write(LEVEL_2, `Type:\t${type}\n` + fields.map(([name, value]) => `    ${name}:\t${value}\n`).join(''))
  }
  if (volume.hostPath) {
    lines('HostPath (bare host directory volume)', [
      ['Path', volume.hostPath.path],
      ['HostPathType', volume.hostPath.type || '<none>']
    ])
  } else if (volume.emptyDir) {
    const limit = volume.emptyDir.sizeLimit
    const parsed = limit !== undefined ? tryQuantity(limit) : undefined
    lines("EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium', volume.emptyDir.medium ?? ''],
      [
        'SizeLimit',
        parsed && parsed.mantissa > 0n && limit !== undefined ? canonicalQuantity(limit) : '<unset>'
      ]
    ])
  } else if (volume.gitRepo) {
    lines('GitRepo (a volume that is pulled from git when the pod is created)', [
      ['Repository', volume.gitRepo.repository],
      ['Revision', volume.gitRepo.revision ?? '']
    ])
  } else if (volume.secret) {
    lines('Secret (a volume populated by a Secret)', [
      ['SecretName', volume.secret.secretName ?? ''],
      ['Optional', volume.secret.optional === true]
    ])
  } else if (volume.configMap) {
    lines('ConfigMap (a volume populated by a ConfigMap)', [
      ['Name', volume.configMap.name ?? ''],
      ['Optional', volume.configMap.optional === true]
    ])
  } else if (volume.nfs) {
    lines('NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', volume.nfs.server],
      ['Path', volume.nfs.path],
      ['ReadOnly', volume.nfs.readOnly === true]
    ])
  } else if (volume.persistentVolumeClaim) {
    lines('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName', volume.persistentVolumeClaim.claimName],
      ['ReadOnly', volume.persistentVolumeClaim.readOnly === true]
    ])
  } else if (volume.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n')
    for (const item of volume.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`)
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`)
    }
  } else if (volume.projected) {
    describeProjectedVolume(w, volume)
  } else if (volume.csi) {
    lines('CSI (a Container Storage Interface (CSI) volume source)', [
      ['Driver', volume.csi.driver],
      ['FSType', volume.csi.fsType ?? ''],
      ['ReadOnly', volume.csi.readOnly === true]
    ])
    printCSIVolumeAttributes(w, volume.csi.volumeAttributes)
  } else if (volume.image) {
    lines('Image (a container image or OCI artifact)', [
      ['Reference', volume.image.reference ?? ''],
      ['PullPolicy', volume.image.pullPolicy ?? '']
    ])
  } else {
    // kubectl's own fallback; it also knows the cloud and legacy in-tree sources, which a
    // runner cannot mount and this report does not detail.
    w.write(LEVEL_1, '<unknown>\n')
  }
}

function describeProjectedVolume(w: PrefixWriter, volume: V1Volume): void {
  w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
  for (const source of volume.projected?.sources ?? []) {
    if (source.secret) {
      w.write(
        LEVEL_2,
        `SecretName:\t${source.secret.name ?? ''}\n    Optional:\t${source.secret.optional === true}\n`
      )
    } else if (source.downwardAPI) {
      w.write(LEVEL_2, 'DownwardAPI:\ttrue\n')
    } else if (source.configMap) {
      w.write(
        LEVEL_2,
        `ConfigMapName:\t${source.configMap.name ?? ''}\n    Optional:\t${source.configMap.optional === true}\n`
      )
    } else if (source.serviceAccountToken) {
      // The API server defaults expirationSeconds to one hour.
      w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`)
    }
  }
}

// printCSIPersistentVolumeAttributesMultilineIndent, quirks included: every write goes
// through LEVEL_2, so values and continuation lines carry four more spaces.
function printCSIVolumeAttributes(w: PrefixWriter, attributes: Record<string, string> | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t')
  const keys = Object.keys(attributes ?? {}).sort(compareStrings)
  if (keys.length === 0) {
    w.writeLine('<none>')
    return
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '')
      w.write(LEVEL_2, '\t')
    }
    const line = `${key}=${attributes?.[key]}`
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`)
  })
}
