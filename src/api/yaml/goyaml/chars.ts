/**
 * yamlprivateh.go: the character classes of the scanner, on the UTF-8 bytes of the working
 * buffer (b is the padded input, i an offset into it).
 */

/** is_alpha: a digit, a Latin letter, '_' or '-'. */
export function isAlpha(b: Uint8Array, i: number): boolean {
  const c = b[i]
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2d
  )
}

export function isDigit(b: Uint8Array, i: number): boolean {
  return b[i] >= 0x30 && b[i] <= 0x39
}

export function isHex(b: Uint8Array, i: number): boolean {
  const c = b[i]
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

export function asHex(b: Uint8Array, i: number): number {
  const c = b[i]
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10
  return c - 0x30
}

export function isBlank(b: Uint8Array, i: number): boolean {
  return b[i] === 0x20 || b[i] === 0x09
}

/** is_break: CR, LF, NEL (C2 85), LS (E2 80 A8), PS (E2 80 A9). */
export function isBreak(b: Uint8Array, i: number): boolean {
  const c = b[i]
  if (c === 0x0d || c === 0x0a) return true
  if (c === 0xc2) return b[i + 1] === 0x85
  if (c === 0xe2) return b[i + 1] === 0x80 && (b[i + 2] === 0xa8 || b[i + 2] === 0xa9)
  return false
}

export function isBreakz(b: Uint8Array, i: number): boolean {
  return b[i] === 0 || isBreak(b, i)
}

export function isSpacez(b: Uint8Array, i: number): boolean {
  return b[i] === 0x20 || isBreakz(b, i)
}

export function isBlankz(b: Uint8Array, i: number): boolean {
  return b[i] === 0x20 || b[i] === 0x09 || isBreakz(b, i)
}

/** width: the length of the UTF-8 sequence a leading byte starts (0 for a trailing byte). */
export function width(c: number): number {
  if ((c & 0x80) === 0) return 1
  if ((c & 0xe0) === 0xc0) return 2
  if ((c & 0xf0) === 0xe0) return 3
  if ((c & 0xf8) === 0xf0) return 4
  return 0
}
