/**
 * The one door to the shared output (the action's stdout). Every writer hands it whole lines in
 * one Buffer; when the output falls behind, writers are told to stop reading their sources until
 * it drains, so a slow console can never make us buffer a fast pod's output without bound.
 *
 * One 'drain' listener serves every writer (not one per container), and writers only wait once
 * more than `limit` bytes are queued: a pipe's default high-water mark of 16 KiB would stop the
 * sources after almost every chunk.
 */
import { WriteStream } from 'node:fs'
import { Socket } from 'node:net'
import type { Writable } from 'node:stream'

const DEFAULT_LIMIT = 1024 * 1024

export class OutputGate {
  /**
   * The output has copied a chunk out of its Buffer once its write has called back (process.stdout,
   * a file, a socket), so the Buffer may then be filled again; a stream that passes chunks on to
   * readers (a PassThrough) may still hold it.
   */
  readonly copiesWrites: boolean
  private blocked = false
  private broken = false
  private waiters: Array<() => void> = []

  constructor(
    private readonly out: Writable,
    private readonly limit = DEFAULT_LIMIT
  ) {
    // A closed console (EPIPE) must not crash the run or stall the pods: the log files still get
    // everything, only printing stops.
    out.on('error', this.onError)
    this.copiesWrites =
      out === process.stdout || out === process.stderr || out instanceof Socket || out instanceof WriteStream
  }

  /** Stops listening to the output (when the run's logs are closed). */
  detach(): void {
    this.out.off('error', this.onError)
  }

  /**
   * Writes text; returns false when the writer should wait for whenOpen before producing more.
   * `written` is called once the output is done with text (see copiesWrites).
   */
  write(text: Buffer | string, written?: () => void): boolean {
    if (this.broken || this.out.destroyed || this.out.writableEnded) {
      written?.()
      return true
    }
    if (!this.out.write(text, written) && !this.blocked && this.out.writableLength >= this.limit) {
      this.blocked = true
      this.out.once('drain', this.release)
    }
    return !this.blocked
  }

  /** Calls resume once the output accepts more (at once if it already does). */
  whenOpen(resume: () => void): void {
    if (this.blocked) this.waiters.push(resume)
    else resume()
  }

  /** Resolves when the output has no more than limit bytes queued. */
  open(): Promise<void> {
    return new Promise(resolve => this.whenOpen(resolve))
  }

  /** Resolves when everything written so far has left our buffers. */
  async flushed(): Promise<void> {
    if (this.broken || this.out.destroyed || this.out.writableLength === 0) return
    await new Promise<void>(resolve => {
      const done = (): void => {
        this.out.off('drain', done)
        this.out.off('error', done)
        this.out.off('close', done)
        resolve()
      }
      // write('') calls back once everything queued before it has been written.
      this.out.write('', done)
      this.out.once('error', done)
      this.out.once('close', done)
    })
  }

  private readonly onError = (): void => {
    this.broken = true
    this.release()
  }

  private readonly release = (): void => {
    this.blocked = false
    this.out.off('drain', this.release)
    const waiters = this.waiters
    this.waiters = []
    for (const resume of waiters) resume()
  }
}
