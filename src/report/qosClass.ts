/**
 * A pod's QoS class, as pkg/apis/core/helper/qos.GetPodQOS computes it from its containers'
 * requests and limits: Guaranteed when every container limits CPU and memory and requests
 * equal limits, BestEffort when none requests or limits either, else Burstable.
 */
import type { Container, PodSpec } from '../api/model.js'
import { readQuantity } from '../api/quantity.js'

const supported = ['cpu', 'memory']

function same(a: string, b: string): boolean {
  try {
    const x = readQuantity(a)
    const y = readQuantity(b)
    return (
      x.mantissa * 10n ** BigInt(Math.max(0, x.scale - y.scale)) ===
      y.mantissa * 10n ** BigInt(Math.max(0, y.scale - x.scale))
    )
  } catch {
    return a === b
  }
}

export function qosClass(spec: Pick<PodSpec, 'containers' | 'initContainers'>): string {
  const containers: Container[] = [...(spec.initContainers ?? []), ...spec.containers]
  let anySet = false
  let guaranteed = true
  for (const container of containers) {
    const requests = container.resources?.requests ?? {}
    const limits = container.resources?.limits ?? {}
    for (const name of supported) {
      const request = requests[name]
      const limit = limits[name]
      if (request !== undefined || limit !== undefined) anySet = true
      if (limit === undefined) guaranteed = false
      // A request left out defaults to the limit.
      else if (request !== undefined && !same(String(request), String(limit))) guaranteed = false
    }
  }
  if (!anySet) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}
