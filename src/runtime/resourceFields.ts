/**
 * resourceFieldRef values (pkg/api/v1/resource ExtractContainerResourceValue): the container's
 * limit — or, unset, what the node (this runner) has — divided by the divisor and rounded up.
 */
import type { V1ResourceFieldSelector } from '@kubernetes/client-node'
import type { Container } from '../api/model.js'
import { parseQuantity } from '../api/quantity.js'

export interface NodeCapacity {
  cpus: number
  memoryBytes: number
}

export function formatResourceField(
  ref: V1ResourceFieldSelector,
  container: Container,
  node: NodeCapacity
): string {
  const divisor = parseQuantity(ref.divisor ?? '1') || 1
  const [kind, resource] = ref.resource.split('.', 2) as ['limits' | 'requests', string]
  const limits = container.resources?.limits ?? {}
  const requests = container.resources?.requests ?? {}
  const capacity = resource === 'cpu' ? node.cpus : resource === 'memory' ? node.memoryBytes : 0
  const raw = kind === 'limits' ? limits[resource] : (requests[resource] ?? limits[resource])
  const value = raw !== undefined ? (parseQuantity(raw) ?? 0) : kind === 'limits' ? capacity : 0
  if (resource === 'cpu') return String(Math.ceil(Math.round(value * 1000) / Math.round(divisor * 1000)))
  return String(Math.ceil(value / divisor))
}
