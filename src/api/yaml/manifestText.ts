/**
 * Manifest bytes → manifest text, with the two things kubectl and the API server decide before any
 * YAML is read: how big a manifest may be, and how its bytes are decoded.
 *
 * Size: the API server refuses a request body over 3 MiB (MaxRequestBodyBytes in
 * staging/src/k8s.io/apiserver/pkg/server/config.go) with 413 RequestEntityTooLarge, "Request
 * entity too large: limit is 3145728", which kubectl prints as `Error from server
 * (RequestEntityTooLarge): error when creating "<file>": …`. A file is refused as a whole when its
 * text is over the limit, before anything is parsed, and never read further than one byte past
 * it: a 20 MB manifest costs what a 3 MiB one does. (The limit is on each object's JSON body,
 * which for a manifest is about the size of its text; a file is the unit a user can act on.)
 *
 * Decoding: kubectl reads every -f file and stdin through unicode.BOMOverride(UTF8 decoder)
 * (k8s.io/cli-runtime/pkg/resource/visitor.go, golang.org/x/text/encoding/unicode): a UTF-8 BOM
 * is skipped, a UTF-16 LE or BE BOM switches to UTF-16, anything else is UTF-8 with invalid bytes
 * replaced. BOMOverride knows no UTF-32: kubectl turns such a file into NUL-riddled text and a
 * confusing YAML error, so a UTF-32 BOM is refused here with a message that says what it is.
 */
import * as fs from 'node:fs'

/** The API server's MaxRequestBodyBytes. */
export const maxManifestBytes = 3 * 1024 * 1024

/** What kubectl prints for a manifest the API server refuses as too large. */
export function tooLargeMessage(file: string): string {
  return `Error from server (RequestEntityTooLarge): error when creating "${file}": Request entity too large: limit is ${maxManifestBytes}`
}

/** The text of a manifest, or why it cannot be read (a complete message for the user). */
export type ManifestText = { text: string } | { problem: string }

type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf32'

function encodingOf(head: Buffer): { encoding: Encoding; bom: number } {
  // UTF-32 LE's BOM starts with UTF-16 LE's: test it first.
  if (head.length >= 4 && head.readUInt32BE(0) === 0xfffe0000) return { encoding: 'utf32', bom: 4 }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x0000feff) return { encoding: 'utf32', bom: 4 }
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf8', bom: 3 }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 }
  return { encoding: 'utf8', bom: 0 }
}

/**
 * The most bytes a file may have: the limit counts the text as UTF-8, and UTF-16 needs at most two
 * bytes for each UTF-8 byte, so a UTF-16 file is read up to twice as far and measured decoded.
 */
function byteCap(encoding: Encoding, bom: number): number {
  return (encoding === 'utf8' ? maxManifestBytes : 2 * maxManifestBytes) + bom
}

/** Decodes manifest bytes as kubectl does; the text has no BOM. */
export function decodeManifest(bytes: Buffer, file: string): ManifestText {
  const { encoding, bom } = encodingOf(bytes)
  if (encoding === 'utf32')
    return {
      problem: `error parsing ${file}: the file is UTF-32 (it starts with a UTF-32 byte order mark); kubectl reads UTF-8 and UTF-16 only: save it as UTF-8`
    }
  const body = bytes.subarray(bom)
  let text: string
  if (encoding === 'utf8') text = body.toString('utf8')
  else if (encoding === 'utf16le') text = new TextDecoder('utf-16le').decode(body)
  else text = new TextDecoder('utf-16be').decode(body)
  return Buffer.byteLength(text, 'utf8') > maxManifestBytes ? { problem: tooLargeMessage(file) } : { text }
}

/** An inline manifest (the action's `job` input): only its size is checked. */
export function inlineManifest(text: string, file: string): ManifestText {
  // A string's UTF-8 length is at least its length: most inputs are decided without counting.
  if (text.length <= maxManifestBytes / 3) return { text }
  return Buffer.byteLength(text, 'utf8') > maxManifestBytes ? { problem: tooLargeMessage(file) } : { text }
}

/**
 * Reads a manifest file (or an open descriptor: 0 is stdin) no further than its limit allows.
 * Errors opening or reading it are thrown as they are (with their `code`).
 */
export function readManifest(pathOrFd: string | number, file: string): ManifestText {
  const fd = typeof pathOrFd === 'number' ? pathOrFd : fs.openSync(pathOrFd, 'r')
  try {
    const head = readUpTo(fd, 4, Buffer.alloc(0))
    const { encoding, bom } = encodingOf(head)
    const cap = byteCap(encoding, bom)
    // A regular file says its size: one fstat refuses a big one without reading it.
    const stat = fs.fstatSync(fd)
    if (stat.isFile() && stat.size > cap) return { problem: tooLargeMessage(file) }
    const bytes = readUpTo(fd, cap + 1, head)
    if (bytes.length > cap) return { problem: tooLargeMessage(file) }
    return decodeManifest(bytes, file)
  } finally {
    if (typeof pathOrFd !== 'number') fs.closeSync(fd)
  }
}

/** `start` followed by what the descriptor gives until EOF or `limit` bytes in all. */
function readUpTo(fd: number, limit: number, start: Buffer): Buffer {
  const chunks: Buffer[] = start.length > 0 ? [start] : []
  let total = start.length
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(limit - total, 1024 * 1024))
    let n: number
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null)
    } catch (error) {
      // A non-blocking stdin (a pipe left so by a parent) has no data yet: wait for it.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
      continue
    }
    if (n === 0) break
    chunks.push(chunk.subarray(0, n))
    total += n
  }
  return Buffer.concat(chunks, total)
}
