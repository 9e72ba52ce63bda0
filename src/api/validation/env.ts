/**
 * A container's env and envFrom (ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom of
 * pkg/apis/core/validation): variable names, and exactly one source per valueFrom.
 */
import type { V1EnvFromSource, V1EnvVar } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { validateContainerResourceFieldSelector, validateObjectFieldSelector } from './downwardAPI.js'
import { invalid, required } from './errorBuilders.js'
import { isConfigMapKey, isEnvVarName, nameIsDNSSubdomain } from './names.js'

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
    else errors.push(...isEnvVarName(variable.name).map(msg => invalid(`${path}.name`, variable.name, msg)))
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
  if (sources === 0) {
    errors.push(
      invalid(
        field,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'
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

export function validateEnvFrom(
  envFrom: readonly V1EnvFromSource[] | undefined,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  ;(envFrom ?? []).forEach((source, i) => {
    const path = `${field}[${i}]`
    if (source.prefix) {
      errors.push(...isEnvVarName(source.prefix).map(msg => invalid(`${path}.prefix`, source.prefix, msg)))
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
