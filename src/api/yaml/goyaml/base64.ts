/** Go's encoding/base64 StdEncoding.DecodeString (decodeQuantum), which !!binary values go through. */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const decodeMap = new Int16Array(256).fill(-1)
for (let i = 0; i < alphabet.length; i++) decodeMap[alphabet.charCodeAt(i)] = i

const isNewline = (c: number): boolean => c === 0x0a || c === 0x0d

/** Decodes a Go string (byte string); undefined when Go reports an error. */
export function decodeBase64(src: string): string | undefined {
  const out: number[] = []
  let si = 0
  while (si < src.length) {
    const quantum: number[] = []
    let dlen = 4
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out).toString('latin1')
        return undefined
      }
      const c = src.charCodeAt(si++)
      if (decodeMap[c] >= 0) {
        quantum[j] = decodeMap[c]
        continue
      }
      if (isNewline(c)) {
        j--
        continue
      }
      if (c !== 0x3d /* = */ || j < 2) return undefined
      if (j === 2) {
        // "==" is expected.
        while (si < src.length && isNewline(src.charCodeAt(si))) si++
        if (si === src.length || src.charCodeAt(si) !== 0x3d) return undefined
        si++
      }
      while (si < src.length && isNewline(src.charCodeAt(si))) si++
      // Trailing garbage after the padding.
      if (si < src.length) return undefined
      dlen = j
      break
    }
    const val =
      ((quantum[0] ?? 0) << 18) | ((quantum[1] ?? 0) << 12) | ((quantum[2] ?? 0) << 6) | (quantum[3] ?? 0)
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff]
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k])
  }
  return Buffer.from(out).toString('latin1')
}
