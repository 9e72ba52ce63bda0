import { parseQuantity } from '../../api/quantity.js'

/**
 * Kubernetes resource quantities (`resource.Quantity`) as docker wants them: memory in whole bytes,
 * CPU in (fractional) CPUs. Values round up, as Quantity.Value() and MilliValue() do.
 */

export { parseQuantity }

/** Whole bytes, rounded up (`500m` of memory is one byte, as in Kubernetes). */
export function memoryBytes(text: string | number): number | undefined {
  const value = parseQuantity(String(text))
  return value === undefined ? undefined : Math.ceil(value - 1e-9)
}

/** CPUs in millicore steps, rounded up to the next millicore (`1.0001` → 1.001). */
export function cpuCount(text: string | number): number | undefined {
  const value = parseQuantity(String(text))
  return value === undefined ? undefined : Math.ceil(value * 1000 - 1e-6) / 1000
}
