/**
 * The last lines of a log file, read from its end so that a 1 GiB log costs one small read.
 *
 * A line that began before the bytes read (a long JSON blob, a progress bar without newlines) is
 * never dropped: it is shown by its end, which is where an error message usually is, after a
 * note of how many bytes were cut, as `… (70,000 bytes cut) <end of the line>`.
 */
import * as fs from 'node:fs'

/** The end of a cut line that is kept: room for the note within a printable line of 1000. */
export const cutLineKeep = 900

/** How far back the start of a cut line is looked for; beyond, the note says "more than". */
const maxScanBack = 16 * 1024 * 1024

export function tailLines(file: string, lines: number, maxBytes = 64 * 1024): string[] {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, 'r')
    const size = fs.fstatSync(fd).size
    const length = Math.min(size, maxBytes)
    const start = size - length
    const buffer = Buffer.alloc(length)
    fs.readSync(fd, buffer, 0, length, start)
    const body = buffer.at(-1) === 0x0a ? buffer.subarray(0, -1) : buffer
    if (start === 0) return body.toString('utf8').split('\n').slice(-lines)
    // The read began inside the first line, unless exactly at its start.
    const newline = body.indexOf(0x0a)
    const rest =
      newline === -1
        ? []
        : body
            .subarray(newline + 1)
            .toString('utf8')
            .split('\n')
    if (rest.length >= lines) return rest.slice(-lines)
    const first = cutLine(fd, start, newline === -1 ? body : body.subarray(0, newline))
    return [first, ...rest].slice(-lines)
  } catch {
    return []
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** The line whose last bytes, from offset `start` of the file on, are `end`. */
function cutLine(fd: number, start: number, end: Buffer): string {
  const before = bytesBackToLineStart(fd, start)
  if (before === 0) return end.toString('utf8')
  let from = Math.max(0, end.length - cutLineKeep)
  // Start on a character, not inside one: a cut UTF-8 sequence would print as U+FFFD.
  while (from < end.length && (end[from] & 0xc0) === 0x80) from++
  const cut = before === Infinity ? `more than ${count(maxScanBack)}` : count(before + from)
  return `… (${cut} bytes cut) ${end.subarray(from).toString('utf8')}`
}

/** Bytes between the start of the line that offset `start` is in and `start` (Infinity: too far). */
function bytesBackToLineStart(fd: number, start: number): number {
  const chunk = Buffer.alloc(Math.min(start, 64 * 1024))
  let at = start
  while (at > 0) {
    if (start - at >= maxScanBack) return Infinity
    const length = Math.min(at, chunk.length)
    fs.readSync(fd, chunk, 0, length, at - length)
    const newline = chunk.subarray(0, length).lastIndexOf(0x0a)
    if (newline !== -1) return start - (at - length + newline + 1)
    at -= length
  }
  return start
}

function count(n: number): string {
  // What toLocaleString('en-US') writes for an integer, without loading ICU's locale data: that
  // costs about 14 ms of CPU at the first call in a run.
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US')
}
