/**
 * Turns one output stream's chunks into whole printable lines: each line gets the prefix, a line
 * that has not ended yet waits for its end, and a line longer than maxLineBytes is printed in
 * pieces of at most that size so memory stays bounded whatever a pod prints.
 *
 * Plain lines (nothing to mask, no `\r`, no `##[`, none too long: nearly all output) are copied
 * with their prefixes from the chunk into the output Buffer. The rest goes through latin1 strings:
 * a latin1 string holds one byte per char, so any bytes (UTF-8 or not) pass through unchanged, and
 * masking, `\r` and legacy commands are string work. All of one chunk's lines come out as a single
 * Buffer, ready for a single write.
 */
import { breakLegacyCommands } from './workflowCommands.js'

const NEWLINE = 10
const CARRIAGE_RETURN = 13
const LEGACY_COMMAND = Buffer.from('##[', 'latin1')
export const MAX_LINE_BYTES = 64 * 1024

export interface LineSplitterOptions {
  /** Put in front of every printed line; latin1 (one char per byte). Empty for raw output. */
  prefix: string
  /**
   * The runner also ends a line at a lone `\r` (one not followed by `\n`); put the prefix after
   * each of those too, so every line the runner sees starts with it.
   */
  prefixAfterCarriageReturn: boolean
  /** Applied to the text of every printed line (as UTF-8 text). */
  mask?: (text: string) => string
  /** Longest line printed whole; longer lines are cut into pieces of at most this many bytes. */
  maxLineBytes?: number
}

/** Lines of a chunk, chunk[from..end], to be copied by render; their ends are in LineSplitter.newlines. */
interface PlainLines {
  chunk: Buffer
  from: number
  end: number
  lines: number
}

export class LineSplitter {
  private readonly prefix: string
  private readonly prefixAfterCarriageReturn: boolean
  private readonly mask: ((text: string) => string) | undefined
  private readonly maxLineBytes: number
  /** The start of a line whose end has not arrived; never reaches maxLineBytes between calls. */
  private partial: Buffer | undefined
  private partialLength = 0
  private readonly prefixBytes: Buffer
  /** latin1 text and bytes printed by the current push, joined only into the output Buffer. */
  private printable: Array<string | PlainLines> = []
  private printableLength = 0
  /** Where the noted plain lines of the chunk at hand end (reused from chunk to chunk). */
  private newlines = new Int32Array(1024)

  constructor(options: LineSplitterOptions) {
    this.prefix = options.prefix
    this.prefixAfterCarriageReturn = options.prefixAfterCarriageReturn
    this.mask = options.mask
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES
    this.prefixBytes = Buffer.from(this.prefix, 'latin1')
  }

  /**
   * The printable text of the lines this chunk completes, or undefined if it completes none; in
   * `into` when it fits there.
   */
  push(chunk: Buffer, into?: Buffer): Buffer | undefined {
    const max = this.maxLineBytes
    let rest = 0
    const lastNewline = chunk.lastIndexOf(NEWLINE)
    if (lastNewline >= 0) {
      let from = 0
      if (this.partial && this.partialLength > 0) {
        // The line begun in earlier chunks goes apart, so the rest of the chunk is read as one flat string.
        const firstNewline = chunk.indexOf(NEWLINE)
        const line =
          this.partial.toString('latin1', 0, this.partialLength) + chunk.toString('latin1', 0, firstNewline)
        this.format(line, line.length > max)
        this.partialLength = 0
        from = firstNewline + 1
      }
      if (from <= lastNewline && !this.notePlainLines(chunk, from, lastNewline))
        this.format(chunk.toString('latin1', from, lastNewline), lastNewline - from > max)
      rest = lastNewline + 1
    }
    if (rest < chunk.length) this.keepPartial(chunk, rest)
    return this.render(into)
  }

  /** The stream has ended: its last line, if it had no newline, printed with one (in `into` if it fits). */
  end(into?: Buffer): Buffer | undefined {
    if (this.partial && this.partialLength > 0) {
      this.format(this.partial.toString('latin1', 0, this.partialLength), false)
    }
    this.partialLength = 0
    this.partial = undefined
    return this.render(into)
  }

  /** Keeps chunk[from..] as the start of the next line, printing whole pieces of it once it is too long. */
  private keepPartial(chunk: Buffer, from: number): void {
    const max = this.maxLineBytes
    const partial = (this.partial ??= Buffer.allocUnsafe(max))
    while (from < chunk.length) {
      const n = Math.min(chunk.length - from, max - this.partialLength)
      chunk.copy(partial, this.partialLength, from, from + n)
      this.partialLength += n
      from += n
      if (this.partialLength === max) {
        const cut = utf8CharBoundary(i => partial[i], max)
        this.format(partial.toString('latin1', 0, cut), false)
        partial.copy(partial, 0, cut, max)
        this.partialLength = max - cut
      }
    }
  }

  /**
   * The common case without strings: nothing to mask, no `\r`, no `##[` and no line too long in
   * chunk[from..end] (end: a newline). Its lines are noted, to be copied with their prefixes by
   * render straight from the chunk, about three times faster than format's latin1 strings
   * (bench/RESULTS.md, Logs). False, having done nothing, when format must do it.
   */
  private notePlainLines(chunk: Buffer, from: number, end: number): boolean {
    if (this.mask) return false
    const carriageReturn = chunk.indexOf(CARRIAGE_RETURN, from)
    if (carriageReturn >= 0 && carriageReturn < end) return false
    const legacy = chunk.indexOf(LEGACY_COMMAND, from)
    if (legacy >= 0 && legacy < end) return false
    let lines = 0
    for (let start = from; start <= end; lines++) {
      const newline = chunk.indexOf(NEWLINE, start)
      if (newline - start > this.maxLineBytes) return false
      if (lines === this.newlines.length) {
        const more = new Int32Array(lines * 2)
        more.set(this.newlines)
        this.newlines = more
      }
      this.newlines[lines] = newline
      start = newline + 1
    }
    const part: PlainLines = { chunk, from, end, lines }
    this.printable.push(part)
    this.printableLength += end + 1 - from + lines * this.prefixBytes.length
    return true
  }

  /**
   * Copies noted lines with their prefixes into out at `at`; returns where they end. The lines go
   * first to the end of their place, then each moves to its own spot behind its prefix (copyWithin:
   * no view to make per line).
   */
  private copyPlainLines(part: PlainLines, out: Buffer, at: number): number {
    const prefix = this.prefixBytes
    const base = at + part.lines * prefix.length
    out.set(part.chunk.subarray(part.from, part.end + 1), base)
    if (prefix.length === 0) return base + part.end + 1 - part.from
    let offset = at
    let start = base
    for (let i = 0; i < part.lines; i++) {
      const next = base + this.newlines[i] + 1 - part.from
      out.set(prefix, offset)
      offset += prefix.length
      out.copyWithin(offset, start, next)
      offset += next - start
      start = next
    }
    return offset
  }

  /** Adds lines (whole lines joined by `\n`, without the final `\n`) to the text to print. */
  private format(lines: string, mayHaveLongLine: boolean): void {
    if (this.mask) lines = maskLatin1(lines, this.mask)
    if (mayHaveLongLine) lines = cutLongLines(lines, this.maxLineBytes)
    lines = breakLegacyCommands(lines)
    const prefix = this.prefix
    if (prefix !== '') {
      if (this.prefixAfterCarriageReturn && lines.includes('\r')) {
        lines = lines.replace(/\r(?!\n|$)/g, '\r' + prefix)
      }
      lines = lines.replaceAll('\n', '\n' + prefix)
      this.print(prefix)
    }
    this.print(lines)
    this.print('\n')
  }

  private print(text: string): void {
    this.printable.push(text)
    this.printableLength += text.length
  }

  /** Everything printed since the last render, as one Buffer (written part by part: no joined string). */
  private render(into?: Buffer): Buffer | undefined {
    if (this.printable.length === 0) return undefined
    const length = this.printableLength
    const text = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length)
    let offset = 0
    for (const part of this.printable) {
      if (typeof part === 'string') offset += text.write(part, offset, 'latin1')
      else offset = this.copyPlainLines(part, text, offset)
    }
    this.printable = []
    this.printableLength = 0
    return text
  }
}

/** Masking works on text, so decode the bytes as UTF-8 for it (invalid sequences print as U+FFFD). */
function maskLatin1(lines: string, mask: (text: string) => string): string {
  const masked = mask(Buffer.from(lines, 'latin1').toString('utf8'))
  return Buffer.from(masked, 'utf8').toString('latin1')
}

/** Every line of lines (joined by `\n`) longer than max cut into pieces of at most max bytes. */
function cutLongLines(lines: string, max: number): string {
  let start = 0
  let long = false
  while (start <= lines.length) {
    let end = lines.indexOf('\n', start)
    if (end < 0) end = lines.length
    if (end - start > max) {
      long = true
      break
    }
    start = end + 1
  }
  if (!long) return lines
  return lines
    .split('\n')
    .map(line => {
      if (line.length <= max) return line
      const pieces: string[] = []
      let from = 0
      while (line.length - from > max) {
        const cut = from + utf8CharBoundary(i => line.charCodeAt(from + i), max)
        pieces.push(line.slice(from, cut))
        from = cut
      }
      pieces.push(line.slice(from))
      return pieces.join('\n')
    })
    .join('\n')
}

/**
 * Where to cut bytes [0, end) so no UTF-8 character is split: end, or the start of the last
 * character when that character is not complete before end. Bytes that are not UTF-8 are cut at end.
 */
function utf8CharBoundary(byteAt: (index: number) => number, end: number): number {
  let start = end - 1
  while (start > end - 4 && start > 0 && (byteAt(start) & 0xc0) === 0x80) start--
  const lead = byteAt(start)
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return end - start >= length || start === 0 ? end : start
}
