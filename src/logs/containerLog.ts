/**
 * One container attempt's output: every chunk goes, as it arrived, to the attempt's log file, and
 * in stream mode its whole lines go to the shared output as well. Sources are paused while the
 * file or the output is behind and resumed when both have caught up, so what is held in memory
 * is bounded by a few chunks per container however much the container writes.
 */
import { constants, createWriteStream, statfsSync, type WriteStream } from 'node:fs'
import { constants as os } from 'node:os'
import { dirname } from 'node:path'
import { finished, type Readable } from 'node:stream'
import type { ContainerLog } from './types.js'
import { followFile } from './fileFollower.js'
import { LineSplitter } from './lineSplitter.js'
import type { OutputGate } from './outputGate.js'

/** The file stream's high-water mark: above the 64 KiB a pipe read gives, so a disk keeping up never pauses a source. */
const FILE_BUFFER_BYTES = 128 * 1024

/** A followed file's printed text for one read (CHUNK_BYTES in fileFollower.ts) and its prefixes fits. */
const PRINT_BUFFER_BYTES = 512 * 1024
/** Reads at least this large print into a reused Buffer. */
const REUSE_FROM_BYTES = 64 * 1024

export interface LivePrinting {
  gate: OutputGate
  /** latin1 `[pod/container] ` prefix. */
  prefix: string
  mask?: (text: string) => string
}

/**
 * A log whose file the attempt's process may be handed to write directly: the cheapest way to keep
 * a byte-exact copy (no byte passes through Node; in stream mode the file is followed for the live
 * lines). The process engine uses it when it can (src/runtime/process/spawner.ts); any other
 * ContainerLog gets the streams.
 */
export interface WrittenByProcess extends ContainerLog {
  /** In place of attach: the process appends to the file itself; `ended` resolves once it can write no more. Never rejects. */
  attachWritten(ended: Promise<void>): Promise<void>
}

export function canBeWrittenByProcess(log: ContainerLog): log is WrittenByProcess {
  return typeof (log as Partial<WrittenByProcess>).attachWritten === 'function'
}

/** Never through a link: LogManager.open made the file, and nothing else may stand there. */
function openLogStream(path: string): WriteStream {
  const flags = constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW
  // fs.open takes numeric flags; the stream's typings list only the string ones.
  return createWriteStream(path, { flags: flags as unknown as string, highWaterMark: FILE_BUFFER_BYTES })
}

export class ContainerLogFile implements WrittenByProcess {
  private attached: Promise<void> | undefined

  /**
   * live: print whole lines as they come (stream mode); undefined: file only. onFailure: the file
   * could not be written (it is cut there), reported once the attempt's output has ended.
   */
  constructor(
    readonly path: string,
    private readonly live: LivePrinting | undefined,
    private readonly onFailure: (error: unknown) => void = () => undefined
  ) {}

  /** Resolves when attach's work is done (or at once if attach was never called). */
  get done(): Promise<void> {
    return this.attached ?? Promise.resolve()
  }

  attach(streams: Readable[]): Promise<void> {
    if (this.attached) throw new Error(`log ${this.path} is already attached`)
    this.attached = this.copy(streams)
    return this.attached
  }

  attachWritten(ended: Promise<void>): Promise<void> {
    if (this.attached) throw new Error(`log ${this.path} is already attached`)
    const written = this.live ? this.follow(this.live, ended) : ended
    this.attached = written.then(() => this.checkDiskAfterWrites())
    return this.attached
  }

  /**
   * The process wrote the file itself, so a write that failed failed in the process (ENOSPC, as for
   * any program whose stdout is a file on a full disk): all that can be seen here is that the disk
   * holding the file is full now that the attempt has ended, which is reported as a cut log.
   */
  private checkDiskAfterWrites(): void {
    let free: number
    try {
      const disk = statfsSync(dirname(this.path))
      // Root may write into the blocks reserved for it; anyone else stops at bavail.
      free = process.getuid?.() === 0 ? disk.bfree : disk.bavail
    } catch {
      return
    }
    if (free === 0) this.onFailure({ code: 'ENOSPC', errno: -os.errno.ENOSPC })
  }

  /**
   * Live lines from the file the process writes. A failure to read it stops the printing only.
   * Where the output copies what it is given (process.stdout), the printed text is rendered into
   * Buffers the output has finished with: no new Buffer per chunk, which at 1 GiB of lines was a
   * fifth of the time (allocation and the collections it caused).
   */
  private async follow(live: LivePrinting, ended: Promise<void>): Promise<void> {
    const splitter = new LineSplitter({
      prefix: live.prefix,
      prefixAfterCarriageReturn: true,
      mask: live.mask
    })
    const spare: Buffer[] = []
    const print = (text: Buffer | undefined, into?: Buffer): Promise<void> | undefined => {
      const reused = into !== undefined && text?.buffer === into.buffer
      if (into && !reused) spare.push(into)
      if (text === undefined || live.gate.write(text, reused ? () => spare.push(into) : undefined))
        return undefined
      return new Promise<void>(resolve => live.gate.whenOpen(resolve))
    }
    // Only for large reads: most pods print a few lines or none, which a Buffer of their size serves.
    const spareFor = (chunk: Buffer): Buffer | undefined =>
      live.gate.copiesWrites && chunk.length >= REUSE_FROM_BYTES
        ? (spare.pop() ?? Buffer.allocUnsafe(PRINT_BUFFER_BYTES))
        : undefined
    try {
      await followFile(this.path, ended, chunk => {
        const into = spareFor(chunk)
        return print(splitter.push(chunk, into), into)
      })
      await print(splitter.end())
    } catch {
      await ended
    }
  }

  private copy(streams: Readable[]): Promise<void> {
    const live = this.live
    // Opened at the first byte: an attempt that writes nothing leaves the empty file LogManager.open
    // created, and costs no stream (about 0.2 ms a pod on a 2-CPU runner, bench/RESULTS.md).
    let file: WriteStream | undefined
    let fileBehind = false
    let outputBehind = false
    let paused = false

    const resumeIfCaughtUp = (): void => {
      if (!paused || fileBehind || outputBehind) return
      paused = false
      for (const source of streams) source.resume()
    }
    const pause = (): void => {
      if (paused) return
      paused = true
      for (const source of streams) source.pause()
    }
    const onFileDrain = (): void => {
      fileBehind = false
      resumeIfCaughtUp()
    }
    const onOutputOpen = (): void => {
      outputBehind = false
      resumeIfCaughtUp()
    }
    const print = (text: Buffer | undefined): void => {
      if (text === undefined || live === undefined) return
      if (!live.gate.write(text) && !outputBehind) {
        outputBehind = true
        pause()
        live.gate.whenOpen(onOutputOpen)
      }
    }

    return new Promise<void>((resolve, reject) => {
      let failure: Error | undefined
      const openFile = (): WriteStream => {
        if (file) return file
        file = openLogStream(this.path)
        // Stop reading (a write to the closed pipe fails, as to a full disk), report it once.
        file.on('error', error => {
          if (failure === undefined) this.onFailure((failure = error))
          for (const source of streams) source.destroy()
        })
        file.on('drain', onFileDrain)
        file.on('close', () => (failure ? reject(failure) : resolve()))
        return file
      }
      const allEnded = (): void => {
        if (file) file.end()
        else resolve()
      }

      let open = streams.length
      const sourceEnded = (): void => {
        if (--open === 0) allEnded()
      }
      if (open === 0) allEnded()
      for (const source of streams) {
        const splitter = live
          ? new LineSplitter({ prefix: live.prefix, prefixAfterCarriageReturn: true, mask: live.mask })
          : undefined
        source.on('data', (chunk: Buffer | string) => {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
          if (!openFile().write(bytes) && !fileBehind) {
            fileBehind = true
            pause()
          }
          if (splitter) print(splitter.push(bytes))
        })
        // 'end', an error or a close without end: either way no more bytes will come.
        finished(source, { writable: false }, () => {
          if (splitter) print(splitter.end())
          sourceEnded()
        })
      }
    })
  }
}
