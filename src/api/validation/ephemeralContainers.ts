/**
 * Ephemeral containers (validateEphemeralContainers of pkg/apis/core/validation). A pod template
 * may not have any (ValidatePodTemplateSpec says so last), but ValidatePodSpec validates them
 * all the same, so a Job's template gets every error of theirs before that one.
 */
import type { V1Container, V1EphemeralContainer } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { type ContainerContext, validateContainerCommon } from './containers.js'
import { duplicate, forbidden, invalid, notFound } from './errorBuilders.js'

const notForEphemeral = 'cannot be set for an Ephemeral Container'

/**
 * The fields allowedEphemeralContainerFields leaves out, in the order of
 * core.EphemeralContainerCommon, which validateFieldAllowList walks.
 */
const disallowedFields = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle'
] as const

/**
 * validateFieldAllowList's reflect.DeepEqual against the zero value: an empty list or object is
 * set (it decodes to a non-nil slice or pointer); resources is a struct, zero with no list in it.
 */
function isSet(container: V1EphemeralContainer, key: (typeof disallowedFields)[number]): boolean {
  if (key === 'resources') {
    const { limits, requests, claims } = container.resources ?? {}
    return limits !== undefined || requests !== undefined || claims !== undefined
  }
  return container[key] !== undefined
}

/** strings.TrimSpace: unicode.IsSpace (U+0085 included, U+FEFF not, unlike String.trim). */
const goTrimSpace = (value: string): string =>
  value.replace(
    /^[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]+|[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]+$/gu,
    ''
  )

export function validateEphemeralContainers(
  ephemeralContainers: readonly V1EphemeralContainer[] | undefined,
  otherLists: ReadonlyArray<readonly V1Container[] | undefined>,
  ctx: ContainerContext,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const otherNames = new Set(otherLists.flatMap(list => (list ?? []).map(c => c.name)))
  const allNames = new Set(otherNames)
  ;(ephemeralContainers ?? []).forEach((container, i) => {
    const path = `${field}[${i}]`
    errors.push(...validateContainerCommon(container as V1Container, ctx, path))
    // validateContainerOnlyForPod: ephemeral containers get the pod's own image check.
    const image = container.image ?? ''
    if (image !== goTrimSpace(image)) {
      errors.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'))
    }
    if (allNames.has(container.name)) errors.push(duplicate(`${path}.name`, container.name))
    else allNames.add(container.name)
    const target = container.targetContainerName
    if (target && !otherNames.has(target)) errors.push(notFound(`${path}.targetContainerName`, target))
    for (const key of disallowedFields) {
      if (isSet(container, key)) errors.push(forbidden(`${path}.${key}`, notForEphemeral))
    }
    ;(container.volumeMounts ?? []).forEach((mount, j) => {
      if (mount.subPath) errors.push(forbidden(`${path}.volumeMounts[${j}].subPath`, notForEphemeral))
      if (mount.subPathExpr) {
        errors.push(forbidden(`${path}.volumeMounts[${j}].subPathExpr`, notForEphemeral))
      }
    })
  })
  return errors
}
