/**
 * One container attempt's output: every chunk goes, as it arrived, to the attempt's log file, and
 * in stream mode its whole lines go to the shared output as well. Sources are paused while the
 * file or the output is behind and resumed when both have caught up, so what is held in memory
 * is bounded by a few chunks per container however much the container writes.
 */
import { createWriteStream } from 'node:fs'
import { finished, type Readable } from 'node:stream'
import type { ContainerLog } from './types.js'
import { LineSplitter } from './lineSplitter.js'
import type { OutputGate } from './outputGate.js'

/** The file stream's high-water mark: above the 64 KiB a pipe read gives, so a disk keeping up never pauses a source. */
const FILE_BUFFER_BYTES = 128 * 1024

export interface LivePrinting {
  gate: OutputGate
  /** latin1 `[pod/container] ` prefix. */
  prefix: string
  mask?: (text: string) => string
}

export class ContainerLogFile implements ContainerLog {
  private attached: Promise<void> | undefined

  /** live: print whole lines as they come (stream mode); undefined: file only. */
  constructor(
    readonly path: string,
    private readonly live: LivePrinting | undefined
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

  private copy(streams: Readable[]): Promise<void> {
    const file = createWriteStream(this.path, { flags: 'w', highWaterMark: FILE_BUFFER_BYTES })
    const live = this.live
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
      file.on('error', error => {
        failure ??= error
        // Nothing more can be stored: stop reading, let the sources end, report it.
        for (const source of streams) source.destroy()
      })
      file.on('drain', onFileDrain)
      file.on('close', () => (failure ? reject(failure) : resolve()))

      let open = streams.length
      const sourceEnded = (): void => {
        if (--open === 0) file.end()
      }
      if (open === 0) file.end()
      for (const source of streams) {
        const splitter = live
          ? new LineSplitter({ prefix: live.prefix, prefixAfterCarriageReturn: true, mask: live.mask })
          : undefined
        source.on('data', (chunk: Buffer | string) => {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
          if (!file.write(bytes) && !fileBehind) {
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
