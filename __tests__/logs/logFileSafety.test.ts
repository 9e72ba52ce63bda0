/**
 * The log layer's own files: a full disk is reported once per attempt, whether the output came
 * through pipes or the process wrote the file; a link planted where a pod's folder goes is never
 * written through. A full disk is a 64 KiB tmpfs mount (root only).
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import { join } from 'node:path'
import { createLogManager } from '../../src/logs/logManager.js'
import type { LogWriteFailure } from '../../src/logs/types.js'
import { CollectingOutput, makeTempDir, runContainer, type Delivery } from './helpers.js'

const asRoot = process.getuid?.() === 0 ? test : test.skip

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.remove())

describe.each<Delivery>(['pipes', 'file'])('a full disk, output through %s', delivery => {
  asRoot('the attempt is reported once with ENOSPC and its file is cut', async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', temp.path])
    try {
      const failures: LogWriteFailure[] = []
      const logs = createLogManager({
        mode: 'none',
        dir: temp.path,
        jobName: 'job',
        out: new CollectingOutput(),
        onWriteFailure: failure => failures.push(failure)
      })
      // The writer fails either way (EPIPE on its closed pipe, ENOSPC on the file): not our concern here.
      await runContainer(logs, 'pod-0', 'main', 0, 'head -c 300000 /dev/zero', delivery).catch(
        () => undefined
      )
      await logs.close()
      const path = join(temp.path, 'job', 'pod-0', 'main.log')
      expect(failures).toEqual([
        { podName: 'pod-0', containerName: 'main', path, error: 'ENOSPC: no space left on device' }
      ])
      expect(fs.statSync(path).size).toBeLessThan(300_000)
    } finally {
      execFileSync('umount', [temp.path])
    }
  })
})

test("a link where a pod's folder goes is reported, and its target gets nothing", async () => {
  const elsewhere = join(temp.path, 'elsewhere')
  fs.mkdirSync(elsewhere)
  fs.mkdirSync(join(temp.path, 'logs', 'job'), { recursive: true })
  fs.symlinkSync(elsewhere, join(temp.path, 'logs', 'job', 'pod-0'))
  const failures: LogWriteFailure[] = []
  const logs = createLogManager({
    mode: 'none',
    dir: join(temp.path, 'logs'),
    jobName: 'job',
    out: new CollectingOutput(),
    onWriteFailure: failure => failures.push(failure)
  })
  await runContainer(logs, 'pod-0', 'main', 0, 'echo secret').catch(() => undefined)
  await logs.close()
  expect(failures).toHaveLength(1)
  expect(failures[0].error).toMatch(/pod-0 is a symbolic link \(to .*elsewhere\)/)
  expect(fs.readdirSync(elsewhere)).toEqual([])
})
