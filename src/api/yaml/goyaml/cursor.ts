/**
 * scannerc.go's moves through the working buffer: cache, skip, skip_line, read, read_line, and the
 * growable byte strings ([]byte in Go) that scalars, anchors and tags are read into.
 */
import { width } from './chars.js'
import type { YamlParser } from './parserState.js'
import { updateBuffer } from './reader.js'

/** scannerc.go cache: ensure `length` characters are decoded ahead of the scanner. */
export function cache(parser: YamlParser, length: number): boolean {
  return parser.unread >= length || updateBuffer(parser, length)
}

/** scannerc.go skip. */
export function skip(parser: YamlParser): void {
  parser.mark.index++
  parser.mark.column++
  parser.unread--
  parser.pos += width(parser.input[parser.pos])
}

/** scannerc.go skip_line. */
export function skipLine(parser: YamlParser): void {
  const b = parser.input
  const pos = parser.pos
  if (b[pos] === 0x0d && b[pos + 1] === 0x0a) {
    parser.mark.index += 2
    parser.mark.column = 0
    parser.mark.line++
    parser.unread -= 2
    parser.pos += 2
  } else if (isBreakAt(b, pos)) {
    parser.mark.index++
    parser.mark.column = 0
    parser.mark.line++
    parser.unread--
    parser.pos += width(b[pos])
  }
}

function isBreakAt(b: Uint8Array, i: number): boolean {
  const c = b[i]
  if (c === 0x0d || c === 0x0a) return true
  if (c === 0xc2) return b[i + 1] === 0x85
  return c === 0xe2 && b[i + 1] === 0x80 && (b[i + 2] === 0xa8 || b[i + 2] === 0xa9)
}

/** A Go []byte being appended to; a Buffer, whose latin1 decoding makes the Go string. */
export class ByteBuf {
  bytes: Buffer = Buffer.alloc(64)
  length = 0

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return
    const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + extra))
    this.bytes.copy(grown, 0, 0, this.length)
    this.bytes = grown
  }

  push(byte: number): void {
    if (this.length === this.bytes.length) this.room(1)
    this.bytes[this.length++] = byte
  }

  pushRange(source: Uint8Array, start: number, end: number): void {
    this.room(end - start)
    if (end - start < 16) for (let i = start; i < end; i++) this.bytes[this.length++] = source[i]
    else {
      this.bytes.set(source.subarray(start, end), this.length)
      this.length += end - start
    }
  }

  append(other: ByteBuf): void {
    this.pushRange(other.bytes, 0, other.length)
  }

  clear(): void {
    this.length = 0
  }

  /** The bytes as a Go string (a byte string: one char per byte). */
  toString(): string {
    if (this.length === 1) return String.fromCharCode(this.bytes[0])
    return this.bytes.toString('latin1', 0, this.length)
  }
}

/**
 * The scanners' working byte strings, reused from one token to the next (a scan never runs
 * inside another): allocating them per scalar made the garbage collector the biggest cost.
 */
const scratch = new Map<string, ByteBuf>()

/** The scratch buffer of one role, emptied (and shrunk after a very long token). */
export function scratchBuf(role: string): ByteBuf {
  let buf = scratch.get(role)
  if (buf === undefined || buf.bytes.length > 1 << 20) {
    buf = new ByteBuf()
    scratch.set(role, buf)
  }
  buf.clear()
  return buf
}

/** scannerc.go read: copy one character to s and advance. */
export function read(parser: YamlParser, s: ByteBuf): void {
  const c = parser.input[parser.pos]
  if (c < 0x80) {
    s.push(c)
    parser.pos++
  } else {
    const w = width(c)
    s.pushRange(parser.input, parser.pos, parser.pos + w)
    parser.pos += w
  }
  parser.mark.index++
  parser.mark.column++
  parser.unread--
}

/** scannerc.go read_line: copy a line break (as LF, or LS/PS as they are) and advance. */
export function readLine(parser: YamlParser, s: ByteBuf): void {
  const b = parser.input
  const pos = parser.pos
  if (b[pos] === 0x0d && b[pos + 1] === 0x0a) {
    // CR LF -> LF
    s.push(0x0a)
    parser.pos += 2
    parser.mark.index++
    parser.unread--
  } else if (b[pos] === 0x0d || b[pos] === 0x0a) {
    s.push(0x0a)
    parser.pos += 1
  } else if (b[pos] === 0xc2 && b[pos + 1] === 0x85) {
    // NEL -> LF
    s.push(0x0a)
    parser.pos += 2
  } else if (b[pos] === 0xe2 && b[pos + 1] === 0x80 && (b[pos + 2] === 0xa8 || b[pos + 2] === 0xa9)) {
    s.pushRange(b, pos, pos + 3)
    parser.pos += 3
  } else {
    return
  }
  parser.mark.index++
  parser.mark.column = 0
  parser.mark.line++
  parser.unread--
}
