/**
 * The annotations a pod template's metadata carries for the pod: ValidatePodSpecificAnnotations
 * (mirror pod, tolerations, pod-deletion-cost, seccomp and AppArmor), and the checks that the
 * deprecated seccomp and AppArmor annotations agree with the fields
 * (validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate), all
 * of pkg/apis/core/validation/validation.go. Go ranges over the annotations map; we take its
 * keys in order.
 */
import type { V1AppArmorProfile, V1PodSpec, V1SeccompProfile, V1Toleration } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { forbidden, invalid } from './errorBuilders.js'
import { type GoJson, readGoJson } from './goJson.js'
import { validateTolerations } from './tolerations.js'
import { validateLocalDescendingPath } from './volumePaths.js'
import { containersWithPaths } from './windows.js'

type Annotations = Readonly<Record<string, string>>

const mirrorKey = 'kubernetes.io/config.mirror'
const tolerationsKey = 'scheduler.alpha.kubernetes.io/tolerations'
const deletionCostKey = 'controller.kubernetes.io/pod-deletion-cost'
const seccompPodKey = 'seccomp.security.alpha.kubernetes.io/pod'
const seccompContainerPrefix = 'container.seccomp.security.alpha.kubernetes.io/'
const appArmorPrefix = 'container.apparmor.security.beta.kubernetes.io/'

export function validatePodSpecificAnnotations(
  annotations: Annotations | undefined,
  spec: V1PodSpec,
  field: string
): FieldError[] {
  if (!annotations) return []
  const errors: FieldError[] = []
  const has = (key: string): boolean => Object.hasOwn(annotations, key)
  if (has(mirrorKey) && !spec.nodeName) {
    const message = 'must set spec.nodeName if mirror pod annotation is set'
    errors.push(invalid(`${field}[${mirrorKey}]`, annotations[mirrorKey], message))
  }
  if (annotations[tolerationsKey])
    errors.push(...validateTolerationsAnnotation(annotations[tolerationsKey], field))
  // PodDeletionCost is GA: GetDeletionCostFromPodAnnotations must read an int32, without + or 0-padding.
  if (has(deletionCostKey) && !isInt32(annotations[deletionCostKey])) {
    errors.push(
      invalid(`${field}[${deletionCostKey}]`, annotations[deletionCostKey], 'must be a 32bit integer')
    )
  }
  const keys = Object.keys(annotations).sort()
  if (has(seccompPodKey))
    errors.push(...validateSeccompAnnotation(annotations[seccompPodKey], `${field}.${seccompPodKey}`))
  for (const key of keys.filter(k => k.startsWith(seccompContainerPrefix))) {
    errors.push(...validateSeccompAnnotation(annotations[key], `${field}.${key}`))
  }
  const names = new Set(containersWithPaths(spec, 'spec').map(([c]) => c.name))
  for (const key of keys.filter(k => k.startsWith(appArmorPrefix))) {
    const name = key.slice(appArmorPrefix.length)
    if (!names.has(name)) errors.push(invalid(`${field}[${key}]`, name, 'container not found'))
    const profile = annotations[key]
    if (
      profile !== '' &&
      profile !== 'runtime/default' &&
      profile !== 'unconfined' &&
      !profile.startsWith('localhost/')
    ) {
      errors.push(
        invalid(`${field}[${key}]`, profile, `invalid AppArmor profile name: ${JSON.stringify(profile)}`)
      )
    }
  }
  return errors
}

/** validFirstDigit and strconv.ParseInt(value, 10, 32). */
function isInt32(value: string): boolean {
  const first = value[0] ?? ''
  const validFirst = first === '-' || value === '0' || (first >= '1' && first <= '9')
  if (!validFirst || !/^[-+]?[0-9]+$/.test(value)) return false
  const n = BigInt(value)
  return n >= -(2n ** 31n) && n < 2n ** 31n
}

/** ValidateSeccompProfile: the annotation's names of the profiles. */
function validateSeccompAnnotation(profile: string, field: string): FieldError[] {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(profile)) return []
  if (profile.startsWith('localhost/'))
    return validateLocalDescendingPath(profile.slice('localhost/'.length), field)
  return [invalid(field, profile, 'must be a valid seccomp profile')]
}

const kindNames: Record<GoJson['kind'], string> = {
  null: 'null',
  bool: 'bool',
  number: 'number',
  string: 'string',
  array: 'array',
  object: 'object'
}

// The internal core.Toleration has no json tags: its Go field names, matched without case.
const tolerationFields = [
  ['Key', 'key', 'string'],
  ['Operator', 'operator', 'core.TolerationOperator'],
  ['Value', 'value', 'string'],
  ['Effect', 'effect', 'core.TaintEffect'],
  ['TolerationSeconds', 'tolerationSeconds', 'int64']
] as const

/** helper.GetTolerationsFromPodAnnotations (json.Unmarshal into []core.Toleration), then ValidateTolerations. */
function validateTolerationsAnnotation(text: string, field: string): FieldError[] {
  const document = readGoJson(text)
  const fail = (message: string): FieldError[] => [invalid(field, tolerationsKey, message)]
  if (typeof document === 'string') return fail(document)
  if (document.kind === 'null') return []
  if (document.kind !== 'array') {
    return fail(`json: cannot unmarshal ${kindNames[document.kind]} into Go value of type []core.Toleration`)
  }
  const tolerations: V1Toleration[] = []
  let firstError: string | undefined
  for (const item of document.items) {
    const toleration: Record<string, string | number> = {}
    tolerations.push(toleration as V1Toleration)
    if (item.kind === 'null') continue
    if (item.kind !== 'object') {
      firstError ??= `json: cannot unmarshal ${kindNames[item.kind]} into Go value of type core.Toleration`
      continue
    }
    for (const [key, value] of item.entries) {
      const found = tolerationFields.find(([goName]) => goName.toLowerCase() === key.toLowerCase())
      if (!found || value.kind === 'null') continue
      const [goName, name, goType] = found
      const typeError = (shown: string): string =>
        `json: cannot unmarshal ${shown} into Go struct field Toleration.${goName} of type ${goType}`
      if (goType === 'int64') {
        const integer = value.kind === 'number' && /^-?[0-9]+$/.test(value.text)
        const inRange = integer && BigInt(value.text) >= -(2n ** 63n) && BigInt(value.text) < 2n ** 63n
        if (value.kind === 'number' && !inRange) firstError ??= typeError(`number ${value.text}`)
        else if (value.kind !== 'number') firstError ??= typeError(kindNames[value.kind])
        else toleration[name] = Number(value.text)
      } else if (value.kind !== 'string') firstError ??= typeError(kindNames[value.kind])
      else toleration[name] = value.value
    }
  }
  if (firstError) return fail(firstError)
  return tolerations.length > 0 ? validateTolerations(tolerations, `${field}.${tolerationsKey}`) : []
}

/** validateSeccompAnnotationsAndFields and validateAppArmorAnnotationsAndFieldsMatchOnCreate. */
export function validateAnnotationsMatchFields(
  annotations: Annotations | undefined,
  spec: V1PodSpec,
  field: string
): FieldError[] {
  if (!annotations) return []
  const errors: FieldError[] = []
  const podSeccomp = spec.securityContext?.seccompProfile
  if (podSeccomp && Object.hasOwn(annotations, seccompPodKey)) {
    errors.push(
      ...profileMatch(
        'seccomp',
        annotations[seccompPodKey],
        podSeccomp,
        `${field}.securityContext.seccompProfile`
      )
    )
  }
  for (const [container, path] of containersWithPaths(spec, field)) {
    const own = container.securityContext?.seccompProfile
    const key = `${seccompContainerPrefix}${container.name}`
    if (own && Object.hasOwn(annotations, key)) {
      errors.push(...profileMatch('seccomp', annotations[key], own, `${path}.securityContext.seccompProfile`))
    }
  }
  if (spec.os?.name === 'windows') return errors
  for (const [container, path] of containersWithPaths(spec, field)) {
    const profile = container.securityContext?.appArmorProfile ?? spec.securityContext?.appArmorProfile
    const key = `${appArmorPrefix}${container.name}`
    if (profile && Object.hasOwn(annotations, key)) {
      errors.push(
        ...profileMatch('apparmor', annotations[key], profile, `${path}.securityContext.appArmorProfile`)
      )
    }
  }
  return errors
}

/** validateSeccompAnnotationsAndFieldsMatch, and its AppArmor twin. */
function profileMatch(
  kind: 'seccomp' | 'apparmor',
  annotation: string,
  profile: V1SeccompProfile | V1AppArmorProfile,
  field: string
): FieldError[] {
  const typeMismatch = [forbidden(`${field}.type`, `${kind} type in annotation and field must match`)]
  switch (profile.type) {
    case 'Unconfined':
      return annotation === 'unconfined' ? [] : typeMismatch
    case 'RuntimeDefault':
      return annotation === 'runtime/default' || (kind === 'seccomp' && annotation === 'docker/default')
        ? []
        : typeMismatch
    case 'Localhost':
      if (!annotation.startsWith('localhost/')) return typeMismatch
      if (profile.localhostProfile !== annotation.slice('localhost/'.length)) {
        return [forbidden(`${field}.localhostProfile`, `${kind} profile in annotation and field must match`)]
      }
      return []
    default:
      return []
  }
}
