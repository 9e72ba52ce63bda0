/**
 * Downward API selectors shared by env and volumes (validateObjectFieldSelector and
 * validateContainerResourceFieldSelector of pkg/apis/core/validation, with
 * ConvertDownwardAPIFieldLabel's errors).
 */
import type { V1ObjectFieldSelector, V1ResourceFieldSelector } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { readQuantity } from '../quantity.js'
import { invalid, notSupported, required } from './errorBuilders.js'
import { validateQualifiedName } from './names.js'

/** The downward API field paths a pod field selector may name (ConvertDownwardAPIFieldLabel). */
const convertibleFieldPaths = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs'
])

/** `metadata.labels['key']` → ['metadata.labels', 'key']. */
export function splitSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined
  const inner = fieldPath.slice(0, -2)
  const at = inner.indexOf("['")
  if (at <= 0) return undefined
  return [inner.slice(0, at), inner.slice(at + 2)]
}

export function validateObjectFieldSelector(
  selector: V1ObjectFieldSelector,
  expressions: readonly string[],
  path: string
): FieldError[] {
  if (!selector.apiVersion) return [required(`${path}.apiVersion`)]
  if (!selector.fieldPath) return [required(`${path}.fieldPath`)]
  let internal = selector.fieldPath
  let conversionError: string | undefined
  const subscripted = splitSubscriptedPath(selector.fieldPath)
  if (selector.apiVersion !== 'v1') conversionError = `unsupported pod version: ${selector.apiVersion}`
  else if (subscripted) {
    if (subscripted[0] !== 'metadata.annotations' && subscripted[0] !== 'metadata.labels') {
      conversionError = `field label does not support subscript: ${selector.fieldPath}`
    }
  } else if (selector.fieldPath === 'spec.host') internal = 'spec.nodeName'
  else if (!convertibleFieldPaths.has(selector.fieldPath)) {
    conversionError = `field label not supported: ${selector.fieldPath}`
  }
  if (conversionError) {
    return [
      invalid(`${path}.fieldPath`, selector.fieldPath, `error converting fieldPath: ${conversionError}`)
    ]
  }
  if (subscripted) {
    const [base, key] = subscripted
    return base === 'metadata.annotations'
      ? validateQualifiedName(key.toLowerCase(), path)
      : validateQualifiedName(key, path)
  }
  if (!expressions.includes(internal)) {
    return [notSupported(`${path}.fieldPath`, internal, [...expressions].sort(), false)]
  }
  return []
}

const resourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory'
]

const hugePagesPrefixes = ['limits.hugepages-', 'requests.hugepages-']

const memoryDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']

export function validateContainerResourceFieldSelector(
  selector: V1ResourceFieldSelector,
  path: string,
  volume: boolean
): FieldError[] {
  const errors: FieldError[] = []
  if (volume && !selector.containerName) errors.push(required(`${path}.containerName`))
  else if (!selector.resource) errors.push(required(`${path}.resource`))
  else if (
    !resourceFieldPaths.includes(selector.resource) &&
    !hugePagesPrefixes.some(p => selector.resource.startsWith(p))
  ) {
    errors.push(notSupported(`${path}.resource`, selector.resource, resourceFieldPaths, false))
  }
  errors.push(...validateDivisor(selector.resource ?? '', selector.divisor, path))
  return errors
}

function validateDivisor(resource: string, divisor: string | undefined, path: string): FieldError[] {
  if (divisor === undefined || readQuantity(divisor).mantissa === 0n) return []
  const errors: FieldError[] = []
  const check = (allowed: readonly string[], message: string): void => {
    if (!allowed.includes(divisor)) errors.push(invalid(`${path}.divisor`, resource, message))
  }
  const list = memoryDivisors.join(', ')
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    check(['1m', '1'], "only divisor's values 1m and 1 are supported with the cpu resource")
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    check(memoryDivisors, `only divisor's values ${list} are supported with the memory resource`)
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    check(
      memoryDivisors,
      `only divisor's values ${list} are supported with the local ephemeral storage resource`
    )
  }
  if (hugePagesPrefixes.some(p => resource.startsWith(p))) {
    check(memoryDivisors, `only divisor's values ${list} are supported with the hugepages resource`)
  }
  return errors
}
