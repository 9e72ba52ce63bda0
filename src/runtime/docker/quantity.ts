/**
 * Kubernetes resource quantities (`resource.Quantity`) as docker wants them: memory in whole bytes,
 * CPU in (fractional) CPUs. Values round up, as Quantity.Value() and MilliValue() do.
 */

const SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE])?$/

/** The value of a quantity such as `64Mi`, `500m`, `1.5G` or `1e3`; undefined when it is not one. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined
  const match = QUANTITY.exec(text.trim())
  if (!match) return undefined
  const number = Number(match[1])
  const suffix = match[2] ?? ''
  if (/^[eE]./.test(suffix)) return number * 10 ** Number(suffix.slice(1))
  return number * (SUFFIXES[suffix] ?? 1)
}

/** Whole bytes, rounded up (`500m` of memory is one byte, as in Kubernetes). */
export function memoryBytes(text: string | number): number | undefined {
  const value = parseQuantity(text)
  return value === undefined ? undefined : Math.ceil(value - 1e-9)
}

/** CPUs in millicore steps, rounded up to the next millicore (`1.0001` → 1.001). */
export function cpuCount(text: string | number): number | undefined {
  const value = parseQuantity(text)
  return value === undefined ? undefined : Math.ceil(value * 1000 - 1e-6) / 1000
}
