/**
 * Quantities as describe prints and computes them, on top of the spec layer's
 * resource.Quantity port.
 */
import { QuantityError, quantityString, readQuantity, type Quantity } from '../api/quantity.js'

/** The stored (canonical) form of a quantity; text that is no quantity is shown as written. */
export function canonicalQuantity(text: string): string {
  const q = tryQuantity(text)
  return q ? quantityString(q) : text
}

export function tryQuantity(text: string): Quantity | undefined {
  try {
    return readQuantity(text)
  } catch (error) {
    if (error instanceof QuantityError) return undefined
    throw error
  }
}

/** Quantity.Value() (scale 0) and MilliValue() (scale 3): rounded up, away from zero. */
export function scaledValue(q: Quantity, scale: number): number {
  const exponent = q.scale + scale
  if (exponent >= 0) return Number(q.mantissa * 10n ** BigInt(exponent))
  const divisor = 10n ** BigInt(-exponent)
  const magnitude = q.mantissa < 0n ? -q.mantissa : q.mantissa
  const rounded = Number((magnitude + divisor - 1n) / divisor)
  return q.mantissa < 0n ? -rounded : rounded
}
