/**
 * Pod-level resources (validatePodResources and validatePodResourceConsistency of
 * pkg/apis/core/validation/validation.go): PodLevelResources is beta and on in 1.37. With
 * PodLevelResourcesFixDefaulting (beta, on) the pod's requests are not defaulted for a template,
 * so they are checked as written. The containers' totals are AggregateContainerRequests and
 * AggregateContainerLimits of k8s.io/component-helpers resource/helpers.go.
 */
import type { V1Container, V1PodSpec } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { compareQuantities, quantityString, readQuantity, type Quantity } from '../quantity.js'
import { forbidden, invalid } from './errorBuilders.js'
import { validatePodResourceName, validateResourceRequirements } from './resources.js'

type Totals = Map<string, Quantity>

/** Quantity.Add: the sum keeps the first one's format, unless that one is zero. */
function add(a: Quantity, b: Quantity): Quantity {
  const scale = Math.min(a.scale, b.scale)
  const mantissa = a.mantissa * 10n ** BigInt(a.scale - scale) + b.mantissa * 10n ** BigInt(b.scale - scale)
  return { mantissa, scale, format: a.mantissa === 0n ? b.format : a.format }
}

function addList(totals: Totals, list: Record<string, string> | undefined): void {
  for (const [name, text] of Object.entries(list ?? {})) {
    const quantity = readQuantity(text)
    const known = totals.get(name)
    totals.set(name, known ? add(known, quantity) : quantity)
  }
}

function maxList(totals: Totals, other: Totals): void {
  for (const [name, quantity] of other) {
    const known = totals.get(name)
    if (!known || compareQuantities(quantity, known) > 0) totals.set(name, quantity)
  }
}

/** aggregateContainerResourcesByFn: containers and sidecars add up, init containers peak. */
function aggregate(spec: V1PodSpec, pick: (c: V1Container) => Record<string, string> | undefined): Totals {
  const result: Totals = new Map()
  for (const container of spec.containers ?? []) addList(result, pick(container))
  const sidecars: Totals = new Map()
  const initPeak: Totals = new Map()
  for (const container of spec.initContainers ?? []) {
    let own: Totals = new Map()
    addList(own, pick(container))
    if (container.restartPolicy === 'Always') {
      addList(result, pick(container))
      addList(sidecars, pick(container))
      own = sidecars
    } else {
      for (const [name, quantity] of sidecars)
        own.set(name, own.has(name) ? add(own.get(name)!, quantity) : quantity)
    }
    maxList(initPeak, own)
  }
  maxList(result, initPeak)
  return result
}

export function validatePodResources(
  spec: V1PodSpec,
  podClaimNames: ReadonlySet<string>,
  field: string
): FieldError[] {
  const resources = spec.resources
  if (!resources) return []
  const path = `${field}.resources`
  if (spec.os?.name === 'windows') return [forbidden(path, 'may not be set for a windows pod')]
  const errors: FieldError[] = []
  if (resources.claims !== undefined) {
    errors.push(forbidden(`${path}.claims`, 'claims may not be set for Resources at pod-level'))
  }
  errors.push(...validateResourceRequirements(resources, podClaimNames, path, validatePodResourceName))
  errors.push(...validatePodResourceConsistency(spec, path))
  return errors
}

/** Go's map order, taken as sorted. */
const sorted = (totals: Totals): [string, Quantity][] =>
  [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

function validatePodResourceConsistency(spec: V1PodSpec, path: string): FieldError[] {
  const errors: FieldError[] = []
  const podRequests = spec.resources?.requests ?? {}
  const podLimits = spec.resources?.limits ?? {}
  for (const [name, total] of sorted(aggregate(spec, c => c.resources?.requests))) {
    if (!Object.hasOwn(podRequests, name)) continue
    const own = readQuantity(podRequests[name])
    if (compareQuantities(total, own) > 0) {
      const message = `must be greater than or equal to aggregate container requests of ${quantityString(total)}`
      errors.push(invalid(`${path}.requests[${name}]`, quantityString(own), message))
    }
  }
  for (const [name, total] of sorted(aggregate(spec, c => c.resources?.limits))) {
    if (!name.startsWith('hugepages-') || !Object.hasOwn(podLimits, name)) continue
    const own = readQuantity(podLimits[name])
    if (compareQuantities(total, own) > 0) {
      const message = `must be greater than or equal to aggregate container limits of ${quantityString(total)}`
      errors.push(invalid(`${path}.limits[${name}]`, quantityString(own), message))
    }
  }
  ;(spec.containers ?? []).forEach((container, i) => {
    const limits = container.resources?.limits ?? {}
    for (const name of Object.keys(limits).sort()) {
      if (!Object.hasOwn(podLimits, name)) continue
      const own = readQuantity(limits[name])
      const pod = readQuantity(podLimits[name])
      if (compareQuantities(own, pod) > 0) {
        const message = `must be less than or equal to pod limits of ${quantityString(pod)}`
        errors.push(invalid(`${path}.containers[${i}][${name}].limits`, quantityString(own), message))
      }
    }
  })
  return errors
}
