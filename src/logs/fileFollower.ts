/**
 * Follows a log file that the container's process writes itself (stream mode through the spawner):
 * reads what is appended in large chunks, as `tail -f` does, until the writer has ended and the end
 * of the file is reached. While the consumer is behind (a slow console) reading waits: the file
 * holds what is not printed yet, so memory stays bounded without holding the container back.
 */
import { close, open, read, statSync } from 'node:fs'

/** One read: large, so that 1 GiB costs about a thousand reads. */
const CHUNK_BYTES = 256 * 1024
/**
 * At the end of the file, look again after this long, doubling up to IDLE_MAX_MS while nothing
 * comes: a busy writer is followed closely, a quiet one costs ten reads a second. Polling, not
 * inotify, so that it works on every file system the logs folder may be on.
 */
const IDLE_MIN_MS = 1
const IDLE_MAX_MS = 100
/**
 * Following starts this long after the writer did: most pods of a big Job end sooner, and one that
 * has ended and written nothing costs a stat instead of an open, reads and a close (at 100,000 pods
 * of /bin/true that halved the CPU time of a run).
 */
const FIRST_LOOK_MS = 20

/**
 * Calls consume with each chunk read (the Buffer is reused once consume's promise, if any, has
 * resolved). Resolves once `ended` has resolved and everything written before it has been read.
 */
export async function followFile(
  path: string,
  ended: Promise<void>,
  consume: (chunk: Buffer) => Promise<void> | undefined
): Promise<void> {
  let over = false
  let wake: () => void = () => undefined
  void ended.then(() => {
    over = true
    wake()
  })
  await pause(FIRST_LOOK_MS, next => (wake = next))
  if (over && statSync(path).size === 0) return
  const fd = await new Promise<number>((resolve, reject) =>
    open(path, 'r', (error, opened) => (error ? reject(error) : resolve(opened)))
  )
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let idleMs = IDLE_MIN_MS
  try {
    for (;;) {
      // Seen before the read: a read that finds the end after the writer ended has seen everything.
      const writerEnded = over
      const bytesRead = await readInto(fd, buffer)
      if (bytesRead > 0) {
        await consume(buffer.subarray(0, bytesRead))
        idleMs = IDLE_MIN_MS
        continue
      }
      if (writerEnded) return
      await pause(idleMs, next => (wake = next))
      idleMs = Math.min(idleMs * 2, IDLE_MAX_MS)
    }
  } finally {
    close(fd, () => undefined)
  }
}

/**
 * fs.read with a callback, not FileHandle.read: the copy happens on libuv's thread pool either way,
 * but FileHandle's promise machinery cost the main thread 70 µs a read here (0.15 s per GiB).
 */
function readInto(fd: number, buffer: Buffer): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, buffer.length, null, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead)
    )
  )
}

/** Waits ms, or less if the function given to setWake is called first. */
function pause(ms: number, setWake: (wake: () => void) => void): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms)
    setWake(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
