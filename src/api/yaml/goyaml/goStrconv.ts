/**
 * The parts of Go's strconv that resolve.go and the error messages rely on: ParseInt and
 * ParseUint with base prefixes, ParseFloat's decimal syntax, FormatFloat's shortest 'g' and Quote.
 * Strings are Go strings: byte strings, one char per byte.
 */

const maxUint64 = (1n << 64n) - 1n

function lower(c: number): number {
  return c | 0x20
}

/** strconv.ParseUint(s, base, 64); undefined on a syntax or range error. */
export function parseUint(s: string, base: number): bigint | undefined {
  if (s.length === 0) return undefined
  const base0 = base === 0
  let digits = s
  if (base0) {
    base = 10
    if (s.charCodeAt(0) === 0x30) {
      const prefix = s.length >= 3 ? lower(s.charCodeAt(1)) : 0
      base = prefix === 0x62 ? 2 : prefix === 0x6f ? 8 : prefix === 0x78 ? 16 : 8
      digits = base === 8 && prefix !== 0x6f ? s.slice(1) : s.slice(2)
    }
  }
  // Up to 13 digits in any base below 37 stay under 2^53: counted exactly in a number.
  if (digits.length <= 13) return smallUint(digits, base, base0, s)
  const big = BigInt(base)
  let n = 0n
  let underscores = false
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i)
    if (c === 0x5f && base0) {
      underscores = true
      continue
    }
    const d = digitValue(c)
    if (d >= base) return undefined
    n = n * big + BigInt(d)
    if (n > maxUint64) return undefined
  }
  if (underscores && !underscoreOK(s)) return undefined
  return n
}

/** A digit's value in bases up to 36 (strconv's lower(c) - 'a' + 10); 36 for no digit. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const l = lower(c)
  return l >= 0x61 && l <= 0x7a ? l - 0x61 + 10 : 36
}

/** parseUint's loop for a few digits, in a number. */
function smallUint(digits: string, base: number, base0: boolean, s: string): bigint | undefined {
  let n = 0
  let underscores = false
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i)
    if (c === 0x5f && base0) {
      underscores = true
      continue
    }
    const d = digitValue(c)
    if (d >= base) return undefined
    n = n * base + d
  }
  if (underscores && !underscoreOK(s)) return undefined
  return BigInt(n)
}

/** strconv.ParseInt(s, base, 64); undefined on a syntax or range error. */
export function parseInt64(s: string, base: number): bigint | undefined {
  if (s.length === 0) return undefined
  let neg = false
  let rest = s
  if (s[0] === '+') rest = s.slice(1)
  else if (s[0] === '-') {
    rest = s.slice(1)
    neg = true
  }
  const un = parseUint(rest, base)
  if (un === undefined) return undefined
  const cutoff = 1n << 63n
  if (!neg && un >= cutoff) return undefined
  if (neg && un > cutoff) return undefined
  return neg ? -un : un
}

/** strconv underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^'
  let i = 0
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1)
  let hex = false
  if (
    s.length >= 2 &&
    s[0] === '0' &&
    (lower(s.charCodeAt(1)) === 0x62 || lower(s.charCodeAt(1)) === 0x6f || lower(s.charCodeAt(1)) === 0x78)
  ) {
    i = 2
    saw = '0'
    hex = lower(s.charCodeAt(1)) === 0x78
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0'
      continue
    }
    if (c === 0x5f) {
      if (saw !== '0') return false
      saw = '_'
      continue
    }
    if (saw === '_') return false
    saw = '!'
  }
  return saw !== '_'
}

/**
 * strconv.ParseFloat(s, 64) for decimal text (readFloat without the hexadecimal and special
 * forms, which resolve.go never hands it): undefined on a syntax error or overflow.
 */
export function parseFloatDecimal(s: string): number | undefined {
  let i = 0
  let underscores = false
  if (s[i] === '+' || s[i] === '-') i++
  let sawdot = false
  let sawdigits = false
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x5f) underscores = true
    else if (c === 0x2e && !sawdot) sawdot = true
    else if (c >= 0x30 && c <= 0x39) sawdigits = true
    else break
  }
  if (!sawdigits) return undefined
  if (i < s.length && lower(s.charCodeAt(i)) === 0x65) {
    i++
    if (i >= s.length) return undefined
    if (s[i] === '+' || s[i] === '-') i++
    if (i >= s.length || s.charCodeAt(i) < 0x30 || s.charCodeAt(i) > 0x39) return undefined
    for (; i < s.length && ((s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) || s[i] === '_'); i++) {
      if (s[i] === '_') underscores = true
    }
  }
  if (i !== s.length) return undefined
  if (underscores && !underscoreOK(s)) return undefined
  const value = Number(underscores ? s.replaceAll('_', '') : s)
  return Number.isFinite(value) ? value : undefined
}

/** The shortest digits and decimal exponent of a finite non-zero float (for float32 when single). */
function shortestDigits(f: number, single: boolean): { digits: string; exp: number } {
  let text = Math.abs(f).toExponential()
  if (single) {
    for (let p = 1; p <= 9; p++) {
      const candidate = Math.abs(f).toExponential(p - 1)
      if (Math.fround(Number(candidate)) === Math.abs(f)) {
        text = candidate
        break
      }
    }
  }
  const [mantissa, exponent] = text.split('e')
  return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exp: Number(exponent) }
}

/** strconv.FormatFloat(f, 'g', -1, bitSize). */
export function formatFloatG(f: number, bitSize: 32 | 64): string {
  if (bitSize === 32) f = Math.fround(f)
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  const sign = f < 0 || Object.is(f, -0) ? '-' : ''
  if (f === 0) return sign + '0'
  const { digits, exp } = shortestDigits(f, bitSize === 32)
  const nd = digits.length
  if (exp < -4 || exp >= 6) {
    const mantissa = nd > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const e = Math.abs(exp)
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
  }
  const dp = exp + 1
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`
  if (dp >= nd) return sign + digits + '0'.repeat(dp - nd)
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

/** strconv.Quote of a Go string (its bytes as a byte string). */
export function quote(s: string): string {
  const bytes = Buffer.from(s, 'latin1')
  let out = '"'
  let i = 0
  while (i < bytes.length) {
    const [rune, size] = decodeRune(bytes, i)
    i += size
    if (rune < 0) {
      out += '\\x' + hex(bytes[i - 1], 2)
    } else if (rune === 0x22 || rune === 0x5c) {
      out += '\\' + String.fromCharCode(rune)
    } else if (rune >= 0x20 && rune < 0x7f) {
      out += String.fromCharCode(rune)
    } else if (rune >= 0x80 && printable.test(String.fromCodePoint(rune))) {
      out += String.fromCodePoint(rune)
    } else {
      const named: Record<number, string> = {
        7: '\\a',
        8: '\\b',
        12: '\\f',
        10: '\\n',
        13: '\\r',
        9: '\\t',
        11: '\\v'
      }
      if (named[rune] !== undefined) out += named[rune]
      else if (rune < 0x20 || rune === 0x7f) out += '\\x' + hex(rune, 2)
      else if (rune < 0x10000) out += '\\u' + hex(rune, 4)
      else out += '\\U' + hex(rune, 8)
    }
  }
  // The result is text: its non-ASCII characters go back to UTF-8 bytes with the rest.
  return Buffer.from(out + '"', 'utf8').toString('latin1')
}

/** utf8.DecodeRune: [rune, size], rune -1 for an invalid byte (size 1). */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i]
  if (c < 0x80) return [c, 1]
  const w = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0
  if (w === 0 || i + w > b.length) return [-1, 1]
  let rune = c & (w === 2 ? 0x1f : w === 3 ? 0x0f : 0x07)
  for (let k = 1; k < w; k++) {
    if ((b[i + k] & 0xc0) !== 0x80) return [-1, 1]
    rune = (rune << 6) | (b[i + k] & 0x3f)
  }
  const min = w === 2 ? 0x80 : w === 3 ? 0x800 : 0x10000
  if (rune < min || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) return [-1, 1]
  return [rune, w]
}
