import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { followFile } from '../../src/logs/fileFollower.js'
import { makeTempDir } from './helpers.js'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.remove())

/** Runs `sh -c script` with its stdout and stderr appended to path; resolves when it has exited. */
function writeInto(path: string, script: string): Promise<void> {
  const fd = openSync(path, 'a')
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', fd, fd] })
  closeSync(fd)
  return new Promise(resolve => child.on('close', () => resolve()))
}

test.each([
  ['bursts with pauses between them', 'for i in 1 2 3 4 5; do seq 1 20000; sleep 0.15; done', 0],
  ['a fast writer and a consumer slower than it', 'seq 1 400000', 5],
  ['nothing at all', 'true', 0],
  ['a last line without a newline, after a pause', "sleep 0.3; printf 'last'", 0]
])('%s: every byte read once, in order', async (_name, script, consumerDelayMs) => {
  const path = join(temp.path, 'main.log')
  writeFileSync(path, '')
  const chunks: Buffer[] = []
  const ended = writeInto(path, script)
  await followFile(path, ended, chunk => {
    // The Buffer is reused: keep a copy.
    chunks.push(Buffer.from(chunk))
    return consumerDelayMs > 0 ? sleep(consumerDelayMs) : undefined
  })
  expect(Buffer.concat(chunks).equals(readFileSync(path))).toBe(true)
})

test('lines are read while the writer is still writing, not only at its end', async () => {
  const path = join(temp.path, 'main.log')
  writeFileSync(path, '')
  const readAt: number[] = []
  let writerEndedAt = 0
  const ended = writeInto(path, 'echo first; sleep 1; echo second').then(() => {
    writerEndedAt = Date.now()
  })
  await followFile(path, ended, () => {
    readAt.push(Date.now())
    return undefined
  })
  expect(readAt.length).toBe(2)
  expect(writerEndedAt - readAt[0]).toBeGreaterThan(500)
})

test('a file that does not exist rejects', async () => {
  await expect(
    followFile(join(temp.path, 'missing.log'), Promise.resolve(), () => undefined)
  ).rejects.toThrow(/ENOENT/)
})
