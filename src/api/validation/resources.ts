/**
 * Container resources (validateResourceRequirements of pkg/apis/core/validation): resource
 * names, non-negative and whole-number quantities, requests within limits, and claims that
 * name the pod's resourceClaims.
 */
import type { V1ResourceRequirements } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import {
  compareQuantities,
  isWholeAtMilli,
  quantityString,
  readQuantity,
  type Quantity
} from '../quantity.js'
import {
  duplicate,
  forbidden,
  invalid,
  invalidNamed,
  isNegativeErrorMsg,
  notFound,
  notSupported,
  required
} from './errorBuilders.js'
import { isQualifiedName, validateDNS1123Label } from './names.js'

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage'])
const standardResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers'
])

const isHugePages = (name: string): boolean => name.startsWith('hugepages-')
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/')
const isExtended = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name)
const isStandardResource = (name: string): boolean =>
  standardResources.has(name) || isHugePages(name) || name.startsWith('requests.hugepages-')

function validateResourceName(name: string, field: string): FieldError[] {
  const errors = isQualifiedName(name).map(msg => invalidNamed(field, name, msg))
  if (errors.length === 0 && !name.includes('/') && !isStandardResource(name)) {
    errors.push(invalidNamed(field, name, 'must be a standard resource type or fully qualified'))
  }
  return errors
}

const podLevelResources = ['cpu', 'hugepages-', 'memory']

/** validatePodResourceName: cpu, memory and huge pages only (IsSupportedPodLevelResource). */
export function validatePodResourceName(name: string, field: string): FieldError[] {
  const errors = validateResourceName(name, field)
  if (errors.length > 0 || name === 'cpu' || name === 'memory' || isHugePages(name)) return errors
  return [notSupported(field, name, podLevelResources)]
}

function validateContainerResourceName(name: string, field: string): FieldError[] {
  // validateResourceName, then the container-specific rule on top of its errors.
  const errors = validateResourceName(name, field)
  if (!name.includes('/')) {
    if (!standardContainerResources.has(name) && !isHugePages(name)) {
      errors.push(invalidNamed(field, name, 'must be a standard resource for containers'))
    }
  } else if (!isNative(name) && !isExtended(name)) {
    errors.push(invalidNamed(field, name, "doesn't follow extended resource name standard"))
  }
  return errors
}

function validateQuantityValue(name: string, quantity: Quantity, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (quantity.mantissa < 0n) errors.push(invalid(field, quantityString(quantity), isNegativeErrorMsg))
  if (isExtended(name) && !isWholeAtMilli(quantity)) {
    errors.push(invalid(field, quantityString(quantity), 'must be an integer'))
  }
  return errors
}

/** validateResourceQuantityHugePageValue: a whole number of pages, after the limit checks. */
function validateHugePageValue(name: string, quantity: Quantity, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (isHugePages(name)) {
    const pageSize = hugePageSize(name)
    const divisible =
      pageSize !== undefined &&
      quantity.mantissa > 0n &&
      remainderIsZero(quantity, pageSize) &&
      pageSize.mantissa > 0n
    if (!divisible) {
      errors.push(
        invalid(
          field,
          quantityString(quantity),
          `${quantityString(quantity)} is not positive integer multiple of ${name}`
        )
      )
    }
  }
  return errors
}

function hugePageSize(name: string): Quantity | undefined {
  try {
    return readQuantity(name.slice('hugepages-'.length))
  } catch {
    return undefined
  }
}

function remainderIsZero(value: Quantity, unit: Quantity): boolean {
  const scale = Math.min(value.scale, unit.scale)
  const a = value.mantissa * 10n ** BigInt(value.scale - scale)
  const b = unit.mantissa * 10n ** BigInt(unit.scale - scale)
  return b !== 0n && a % b === 0n
}

/** validateResourceRequirements; the names are a container's unless told (the pod's). */
export function validateResourceRequirements(
  resources: V1ResourceRequirements | undefined,
  podClaimNames: ReadonlySet<string>,
  field: string,
  validateName: (name: string, field: string) => FieldError[] = validateContainerResourceName
): FieldError[] {
  const errors: FieldError[] = []
  const limits = resources?.limits ?? {}
  const requests = resources?.requests ?? {}
  let cpuOrMemory = false
  let hugePages = false
  for (const name of Object.keys(limits).sort()) {
    const path = `${field}.limits[${name}]`
    errors.push(...validateName(name, path))
    errors.push(...validateQuantityValue(name, readQuantity(limits[name]), path))
    errors.push(...validateHugePageValue(name, readQuantity(limits[name]), path))
    if (isHugePages(name)) hugePages = true
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true
  }
  for (const name of Object.keys(requests).sort()) {
    const path = `${field}.requests[${name}]`
    const quantity = readQuantity(requests[name])
    errors.push(...validateName(name, path))
    errors.push(...validateQuantityValue(name, quantity, path))
    if (Object.hasOwn(limits, name)) {
      const limit = readQuantity(limits[name])
      const order = compareQuantities(quantity, limit)
      if (order !== 0 && !isOvercommitAllowed(name)) {
        errors.push(
          invalid(
            `${field}.requests`,
            quantityString(quantity),
            `must be equal to ${name} limit of ${quantityString(limit)}`
          )
        )
      } else if (order > 0) {
        errors.push(
          invalid(
            `${field}.requests`,
            quantityString(quantity),
            `must be less than or equal to ${name} limit of ${quantityString(limit)}`
          )
        )
      }
    } else if (!isOvercommitAllowed(name)) {
      errors.push(required(`${field}.limits`, 'Limit must be set for non overcommitable resources'))
    }
    errors.push(...validateHugePageValue(name, quantity, path))
    if (isHugePages(name)) hugePages = true
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true
  }
  if (!cpuOrMemory && hugePages) errors.push(forbidden(field, 'HugePages require cpu or memory'))
  errors.push(...validateResourceClaimNames(resources?.claims ?? [], podClaimNames, `${field}.claims`))
  return errors
}

/** validateResourceClaimNames: a claim, or one request of it, once; the claim is the pod's. */
function validateResourceClaimNames(
  claims: ReadonlyArray<{ name: string; request?: string }>,
  podClaimNames: ReadonlySet<string>,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  claims.forEach(({ name, request = '' }, i) => {
    const path = `${field}[${i}]`
    if (!name) {
      errors.push(required(path))
      return
    }
    if (names.has(name)) errors.push(duplicate(path, name))
    else {
      let key = name
      if (request) {
        errors.push(...validateDNS1123Label(request, `${path}.request`))
        key += `/${request}`
      }
      if (names.has(key)) errors.push(duplicate(path, key))
      else if (!request) {
        // A whole claim after one of its requests: Go ranges over a set, one error per request.
        for (const known of names) {
          const slash = known.indexOf('/')
          if (slash >= 0 && known.slice(0, slash) === name) errors.push(duplicate(path, name))
        }
      }
      names.add(key)
    }
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort()
      errors.push(
        notFound(
          path,
          name,
          `must be one of the names in pod.spec.resourceClaims${known.length === 0 ? ' which is empty' : `: ${known.join(', ')}`}`
        )
      )
    }
  })
  return errors
}
