/** encoding/base64 as Go's encoding/json uses it for []byte fields (Secret data, ConfigMap binaryData). */

/**
 * encoding/base64 StdEncoding.Decode as encoding/json uses it for []byte (padding required, CR
 * and LF skipped), ported quantum by quantum so that the offset in CorruptInputError matches.
 * Returns the bytes, or the offset of the first illegal byte.
 */
export function decodeBase64(text: string): Buffer | number {
  const src = Buffer.from(text, 'utf8')
  const out: number[] = []
  const isNewline = (byte: number): boolean => byte === 0x0a || byte === 0x0d
  let si = 0
  for (;;) {
    const quantum: number[] = []
    let length = 4
    let trailing: number | undefined
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out)
        return si - j
      }
      const byte = src[si++]
      const sextet = sextetOf(byte)
      if (sextet !== undefined) {
        quantum.push(sextet)
        continue
      }
      if (isNewline(byte)) {
        j--
        continue
      }
      if (byte !== 0x3d) return si - 1
      if (j < 2) return si - 1
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++
        if (si === src.length) return src.length
        if (src[si] !== 0x3d) return si - 1
        si++
      }
      while (si < src.length && isNewline(src[si])) si++
      if (si < src.length) trailing = si
      length = j
      break
    }
    while (quantum.length < 4) quantum.push(0)
    const value = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3]
    out.push(...[(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].slice(0, length - 1))
    if (trailing !== undefined) return trailing
    if (length < 4) return Buffer.from(out)
  }
}

function sextetOf(byte: number): number | undefined {
  if (byte >= 0x41 && byte <= 0x5a) return byte - 0x41
  if (byte >= 0x61 && byte <= 0x7a) return byte - 0x61 + 26
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30 + 52
  if (byte === 0x2b) return 62
  if (byte === 0x2f) return 63
  return undefined
}
