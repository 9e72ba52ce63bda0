/**
 * A container's env and envFrom (ValidateEnv, validateEnvVarValueFrom, validateFileKeySelector,
 * validateFileKeyRefVolumes and ValidateEnvFrom of pkg/apis/core/validation): variable names, and
 * exactly one source per valueFrom. EnvFiles (fileKeyRef) is beta and on by default.
 */
import type {
  V1Container,
  V1EnvFromSource,
  V1EnvVar,
  V1FileKeySelector,
  V1Volume
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { validateContainerResourceFieldSelector, validateObjectFieldSelector } from './downwardAPI.js'
import { invalid, notFound, required } from './errorBuilders.js'
import { isConfigMapKey, isRelaxedEnvVarName, nameIsDNSSubdomain, validateDNS1123Label } from './names.js'
import { validatePathNoBacksteps } from './volumes.js'

const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs'
]

export function validateEnv(env: readonly V1EnvVar[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  ;(env ?? []).forEach((variable, i) => {
    const path = `${field}[${i}]`
    if (!variable.name) errors.push(required(`${path}.name`))
    else
      errors.push(
        ...isRelaxedEnvVarName(variable.name).map(msg => invalid(`${path}.name`, variable.name, msg))
      )
    errors.push(...validateEnvVarValueFrom(variable, `${path}.valueFrom`))
  })
  return errors
}

function validateEnvVarValueFrom(variable: V1EnvVar, field: string): FieldError[] {
  const from = variable.valueFrom
  if (!from) return []
  const errors: FieldError[] = []
  let sources = 0
  if (from.fieldRef) {
    sources++
    errors.push(...validateObjectFieldSelector(from.fieldRef, envFieldPaths, `${field}.fieldRef`))
  }
  if (from.resourceFieldRef) {
    sources++
    errors.push(
      ...validateContainerResourceFieldSelector(from.resourceFieldRef, `${field}.resourceFieldRef`, false)
    )
  }
  if (from.configMapKeyRef) {
    sources++
    errors.push(...validateKeySelector(from.configMapKeyRef, `${field}.configMapKeyRef`))
  }
  if (from.secretKeyRef) {
    sources++
    errors.push(...validateKeySelector(from.secretKeyRef, `${field}.secretKeyRef`))
  }
  if (from.fileKeyRef) {
    sources++
    errors.push(...validateFileKeySelector(from.fileKeyRef, `${field}.fileKeyRef`))
  }
  if (sources === 0) {
    errors.push(
      invalid(
        field,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'
      )
    )
  } else if (variable.value) {
    errors.push(invalid(field, '', 'may not be specified when `value` is not empty'))
  } else if (sources > 1) {
    errors.push(invalid(field, '', 'may not have more than one field specified at a time'))
  }
  return errors
}

/** validateConfigMapKeySelector / validateSecretKeySelector: the name is checked even when empty. */
function validateKeySelector(selector: { name?: string; key: string }, field: string): FieldError[] {
  const name = selector.name ?? ''
  const errors = nameIsDNSSubdomain(name, false).map(msg => invalid(`${field}.name`, name, msg))
  if (!selector.key) errors.push(required(`${field}.key`))
  else errors.push(...isConfigMapKey(selector.key).map(msg => invalid(`${field}.key`, selector.key, msg)))
  return errors
}

function validateFileKeySelector(selector: V1FileKeySelector, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (!selector.key) errors.push(required(`${field}.key`))
  else
    errors.push(...isRelaxedEnvVarName(selector.key).map(msg => invalid(`${field}.key`, selector.key, msg)))
  if (!selector.volumeName) errors.push(required(`${field}.volumeName`))
  else errors.push(...validateDNS1123Label(selector.volumeName, `${field}.volumeName`))
  if (!selector.path) errors.push(required(`${field}.path`))
  else errors.push(...validatePathNoBacksteps(selector.path, `${field}.path`))
  return errors
}

/**
 * validateFileKeyRefVolumes, run last by ValidatePodSpec: a fileKeyRef's volume must be an emptyDir
 * of the pod (any volume of the spec, valid or not), init containers visited first.
 */
export function validateFileKeyRefVolumes(
  volumes: readonly V1Volume[] | undefined,
  containers: Array<[readonly V1Container[] | undefined, string]>
): FieldError[] {
  const byName = new Map((volumes ?? []).map(v => [v.name, v]))
  const errors: FieldError[] = []
  for (const [list, field] of containers) {
    ;(list ?? []).forEach((container, i) => {
      ;(container.env ?? []).forEach((variable, j) => {
        const ref = variable.valueFrom?.fileKeyRef
        if (!ref) return
        const path = `${field}[${i}].env[${j}].valueFrom.fileKeyRef.volumeName`
        const volume = byName.get(ref.volumeName)
        if (!volume) errors.push(notFound(path, ref.volumeName))
        else if (!volume.emptyDir) {
          errors.push(invalid(path, ref.volumeName, 'referenced volume must be of type emptyDir'))
        }
      })
    })
  }
  return errors
}

export function validateEnvFrom(
  envFrom: readonly V1EnvFromSource[] | undefined,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  ;(envFrom ?? []).forEach((source, i) => {
    const path = `${field}[${i}]`
    if (source.prefix) {
      errors.push(
        ...isRelaxedEnvVarName(source.prefix).map(msg => invalid(`${path}.prefix`, source.prefix, msg))
      )
    }
    let sources = 0
    for (const [ref, key] of [
      [source.configMapRef, 'configMapRef'],
      [source.secretRef, 'secretRef']
    ] as const) {
      if (!ref) continue
      sources++
      const name = ref.name ?? ''
      if (!name) errors.push(required(`${path}.${key}.name`))
      else {
        errors.push(...nameIsDNSSubdomain(name, true).map(msg => invalid(`${path}.${key}.name`, name, msg)))
      }
    }
    if (sources === 0) errors.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'))
    else if (sources > 1) {
      errors.push(invalid(field, '', 'may not have more than one field specified at a time'))
    }
  })
  return errors
}
