/**
 * A minimal ContainerLog for the engine's tests: every chunk goes to one file in arrival order, and
 * each stream's text is kept apart so that tests can tell stdout from stderr.
 */
import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { ContainerLog } from '../../../src/logs/types.js'

export class FileContainerLog implements ContainerLog {
  readonly streams: string[] = []

  constructor(readonly path: string) {}

  attach(streams: Readable[]): Promise<void> {
    const file = createWriteStream(this.path)
    const ended = streams.map(
      (stream, index) =>
        new Promise<void>((resolve, reject) => {
          this.streams[index] = ''
          stream.on('data', (chunk: Buffer) => {
            this.streams[index] += chunk.toString('utf8')
            file.write(chunk)
          })
          stream.on('end', resolve)
          stream.on('error', reject)
        })
    )
    return Promise.all(ended).then(
      () =>
        new Promise<void>((resolve, reject) =>
          file.end((error?: Error | null) => (error ? reject(error) : resolve()))
        )
    )
  }

  get stdout(): string {
    return this.streams[0] ?? ''
  }

  get stderr(): string {
    return this.streams[1] ?? ''
  }
}
