/**
 * The last lines of a log file, read from its end so that a 1 GiB log costs one small read.
 */
import * as fs from 'node:fs'

export function tailLines(file: string, lines: number, maxBytes = 64 * 1024): string[] {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, 'r')
    const size = fs.fstatSync(fd).size
    const length = Math.min(size, maxBytes)
    const buffer = Buffer.alloc(length)
    fs.readSync(fd, buffer, 0, length, size - length)
    const text = buffer.toString('utf8').replace(/\n$/, '')
    const all = text.split('\n')
    // A cut first line is partial unless the read started at the file's beginning.
    if (length < size) all.shift()
    return all.slice(-lines)
  } catch {
    return []
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}
