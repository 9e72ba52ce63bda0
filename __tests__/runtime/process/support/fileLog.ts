/** A minimal ContainerLog for these tests: both streams into one file, in arrival order. */
import { createWriteStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { ContainerLog } from '../../../../src/logs/types.js'

export function fileLog(path: string): ContainerLog {
  return {
    path,
    attach: (streams: Readable[]) =>
      new Promise<void>((resolve, reject) => {
        const file = createWriteStream(path)
        let open = streams.length
        file.on('finish', resolve).on('error', reject)
        if (open === 0) file.end()
        for (const stream of streams) {
          stream.on('data', chunk => file.write(chunk))
          stream.on('error', reject)
          stream.on('end', () => --open === 0 && file.end())
        }
      })
  }
}
