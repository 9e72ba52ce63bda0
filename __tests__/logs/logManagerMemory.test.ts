/**
 * The log manager (src/logs/logManager.ts) under 200 MiB of output, half without a newline and
 * half in 70,000-character lines: the file is byte-exact and the memory it takes stays bounded.
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { Writable } from 'node:stream'
import { createLogManager } from '../../src/logs/logManager.js'
import { makeTempDir, runContainer, sha256OfCommand, sha256OfFile } from './helpers.js'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.remove())

test('200 MiB without newlines and in long lines: byte-exact file, bounded memory', async () => {
  const half = 100 * 1024 * 1024
  const script = `head -c ${half} /dev/zero; yes "$(head -c 70000 /dev/zero | tr '\\0' x)" | head -c ${half}`
  const reference = sha256OfCommand(script)

  let lines = 0
  let longest = 0
  let wholeLines = true
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      wholeLines &&= chunk[chunk.length - 1] === 10
      let start = 0
      for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
        longest = Math.max(longest, end - start)
        lines++
        start = end + 1
      }
      done()
    }
  })
  const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out, color: false })

  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  try {
    const log = await runContainer(logs, 'pod-0', 'main', 0, script)
    await logs.close()
    expect(await sha256OfFile(log.path)).toBe(await reference)
  } finally {
    clearInterval(sampler)
  }

  expect(peak - before).toBeLessThan(150 * 1024 * 1024)
  const prefix = '[pod-0/main] '.length
  expect(wholeLines).toBe(true)
  expect(longest).toBeLessThanOrEqual(prefix + 64 * 1024)
  expect(lines).toBeGreaterThanOrEqual((2 * half) / (64 * 1024))
})
