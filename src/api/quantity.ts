/**
 * resource.Quantity from k8s.io/apimachinery/pkg/api/resource: parsing with the same errors,
 * the same rounding (up to 1n) and cap (2^63-1, binary only), and the canonical string the API server
 * stores ("0.5" → "500m", "1024Mi" → "1Gi"). Values are exact: mantissa × 10^scale.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI'

export interface Quantity {
  mantissa: bigint
  scale: number
  format: QuantityFormat
  /** The input, when ParseQuantity keeps it (it is already canonical, or harmlessly not: "+1"). */
  original?: string
}

export const quantityFormatError =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
const suffixError = "unable to parse quantity's suffix"

export class QuantityError extends Error {}

const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18
}
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const suffixChars = 'eEinumkKMGTP'
const maxAllowed = (1n << 63n) - 1n
const nanoScale = -9

interface QuantityParts {
  positive: boolean
  num: string
  denom: string
  suffix: string
}

/** parseQuantityString: sign, digits, optional fraction, then a suffix. */
function splitQuantity(str: string): QuantityParts {
  let pos = 0
  let positive = true
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+'
    pos++
  }
  while (pos < str.length && str[pos] === '0') pos++
  const numStart = pos
  while (pos < str.length && isDigit(str[pos])) pos++
  const num = str.slice(numStart, pos) || '0'
  let denom = ''
  if (str[pos] === '.') {
    pos++
    const denomStart = pos
    while (pos < str.length && isDigit(str[pos])) pos++
    denom = str.slice(denomStart, pos)
  }
  const suffixStart = pos
  while (pos < str.length && suffixChars.includes(str[pos])) pos++
  if (pos < str.length && (str[pos] === '-' || str[pos] === '+')) pos++
  while (pos < str.length && isDigit(str[pos])) pos++
  if (pos < str.length) throw new QuantityError(quantityFormatError)
  return { positive, num, denom, suffix: str.slice(suffixStart) }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (suffix in decimalSuffixes) return { base: 10, exponent: decimalSuffixes[suffix], format: 'DecimalSI' }
  if (suffix in binarySuffixes) return { base: 2, exponent: binarySuffixes[suffix], format: 'BinarySI' }
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1))
    if (Number.isSafeInteger(exponent)) return { base: 10, exponent, format: 'DecimalExponent' }
  }
  throw new QuantityError(suffixError)
}

/** ParseQuantity. Throws QuantityError with the apimachinery message. */
export function readQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(quantityFormatError)
  if (str === '0') return { mantissa: 0n, scale: 0, format: 'DecimalSI', original: str }
  const { positive, num, denom, suffix } = splitQuantity(str)
  const { base, exponent, format } = interpretSuffix(suffix)
  const digits = BigInt(num + denom)
  const sign = positive ? 1n : -1n

  // Fast path of ParseQuantity: short decimal numbers at nano precision or coarser, and whole
  // binary numbers; it keeps the input as the string form when that is already canonical.
  if (base === 10) {
    const scale = exponent - denom.length
    if (num.length + denom.length <= 18 && scale >= nanoScale) {
      const shifted = num + denom
      const canonicalInput = mod(scale, 3) === 0 && !shifted.endsWith('000') && shifted[0] !== '0'
      return { mantissa: sign * digits, scale, format, original: canonicalInput ? str : undefined }
    }
  } else if (denom.length === 0) {
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1
    const value = digits << BigInt(exponent)
    if (precision >= 0 && value <= maxAllowed) {
      const canonicalInput = exponent % 10 === 0 && (digits & 7n) !== 0n
      return { mantissa: sign * value, scale: 0, format, original: canonicalInput ? str : undefined }
    }
  }
  return slowPath(digits, sign, base, exponent, denom.length, format)
}

/**
 * The inf.Dec path: round up to 1n; only BinarySI is capped at 2^63-1 (a decimal quantity beyond
 * int64 keeps its exact value and canonical form, "111111111111111110k"); binary below 1 becomes
 * decimal. A decimal value is kept as digits × 10^scale, so a huge exponent costs nothing.
 */
function slowPath(
  digits: bigint,
  sign: bigint,
  base: 2 | 10,
  exponent: number,
  fractionDigits: number,
  format: QuantityFormat
): Quantity {
  if (digits === 0n) return { mantissa: 0n, scale: 0, format }
  if (base === 10) {
    const scale = exponent - fractionDigits
    if (scale >= nanoScale) return { mantissa: sign * digits, scale, format }
    return { mantissa: sign * roundUpToNano(digits, nanoScale - scale), scale: nanoScale, format }
  }
  // magnitude = (digits << exponent) / 10^fractionDigits, at nano precision rounded up
  const mantissa = roundUpToNano(digits << BigInt(exponent), fractionDigits - 9)
  if (mantissa > maxAllowed * 1_000_000_000n) return { mantissa: sign * maxAllowed, scale: 0, format }
  const finalFormat = mantissa < 1_000_000_000n ? 'DecimalSI' : format
  return { mantissa: sign * mantissa, scale: nanoScale, format: finalFormat }
}

/** numerator / 10^power rounded up (inf.RoundUp); a negative power multiplies. */
function roundUpToNano(numerator: bigint, power: number): bigint {
  if (power <= 0) return numerator * 10n ** BigInt(-power)
  if (power > numerator.toString().length) return 1n
  const divisor = 10n ** BigInt(power)
  return (numerator + divisor - 1n) / divisor
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n
}

function removeFactors(value: bigint, factor: bigint): { value: bigint; times: number } {
  let times = 0
  let magnitude = value < 0n ? -value : value
  while (magnitude >= factor && magnitude % factor === 0n) {
    magnitude /= factor
    times++
  }
  return { value: value < 0n ? -magnitude : magnitude, times }
}

/** Quantity.String(): the form the API server stores. */
export function quantityString(q: Quantity): string {
  if (q.original !== undefined) return q.original
  if (q.mantissa === 0n) return '0'
  let format = q.format
  if (format === 'BinarySI') {
    const whole = integerValue(q)
    if (whole === undefined || (whole > -1024n && whole < 1024n)) format = 'DecimalSI'
    else {
      const { value, times } = removeFactors(whole, 1024n)
      return `${value}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][times] ?? ''}`
    }
  }
  const stripped = removeFactors(q.mantissa, 10n)
  let amount = stripped.value
  let exponent = q.scale + stripped.times
  const remainder = mod(exponent, 3)
  amount *= 10n ** BigInt(remainder)
  exponent -= remainder
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0]
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`
}

/** The value when it is a whole number. */
function integerValue(q: Quantity): bigint | undefined {
  if (q.scale >= 0) return q.mantissa * 10n ** BigInt(q.scale)
  const divisor = 10n ** BigInt(-q.scale)
  return q.mantissa % divisor === 0n ? q.mantissa / divisor : undefined
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  // Orders of magnitude first, so that 1e1000000 is not multiplied out.
  const sign = (q: Quantity): number => (q.mantissa > 0n ? 1 : q.mantissa < 0n ? -1 : 0)
  if (sign(a) !== sign(b)) return sign(a) < sign(b) ? -1 : 1
  const magnitude = (q: Quantity): number => q.mantissa.toString().replace('-', '').length + q.scale
  const difference = magnitude(a) - magnitude(b)
  if (sign(a) !== 0 && Math.abs(difference) > 1) return difference > 0 === sign(a) > 0 ? 1 : -1
  const scale = Math.min(a.scale, b.scale)
  const left = a.mantissa * 10n ** BigInt(a.scale - scale)
  const right = b.mantissa * 10n ** BigInt(b.scale - scale)
  return left < right ? -1 : left > right ? 1 : 0
}

/** MilliValue() % 1000 == 0, i.e. the quantity is a whole number at milli precision (rounded up). */
export function isWholeAtMilli(q: Quantity): boolean {
  if (q.scale >= 0) return true
  if (q.scale >= -3) return (q.mantissa * 10n ** BigInt(q.scale + 3)) % 1000n === 0n
  const divisor = 10n ** BigInt(-3 - q.scale)
  let milli = q.mantissa / divisor
  if (q.mantissa % divisor !== 0n && q.mantissa > 0n) milli += 1n
  return milli % 1000n === 0n
}

/** The value as a JS number (for runtimes: --cpus, --memory). */
export function quantityToNumber(q: Quantity): number {
  return Number(q.mantissa) * 10 ** q.scale
}

/** The value of a quantity as a JS number; undefined when the text is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  try {
    return quantityToNumber(readQuantity(text.trim()))
  } catch (error) {
    if (error instanceof QuantityError) return undefined
    throw error
  }
}
