/**
 * The loader's fuzz cases through the CLI, as a user meets them: `job-action run` on a mutated
 * manifest either runs the Job (exit 0 or 1) or refuses it with exit code 2 and a message — no
 * stack trace, and not one pod started.
 */
import { afterAll, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { runCli } from '../../src/cli/runCli.js'
import { mutatedManifest, random } from '../api/mutations.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-cli-fuzz-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function collect(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text }
}

/** A JavaScript stack frame (our own `  at file:line:column` locations are manifest files). */
const stackFrame = /^\s+at .*(\.[cm]?[jt]s|node:[\w/]+):\d+(:\d+)?\)?$/m

/** Folders of pods that started: the log layer makes one when a pod's first container starts. */
function podFolders(logsDir: string): string[] {
  if (!fs.existsSync(logsDir)) return []
  return fs
    .readdirSync(logsDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(job => fs.readdirSync(path.join(logsDir, job.name)))
}

test('the stack-frame check sees a real stack trace', () => {
  expect(stackFrame.test(new Error('x').stack ?? '')).toBe(true)
  expect(stackFrame.test('error: bad\n  at job.yaml:3:7\n')).toBe(false)
})

test('300 mutated manifests: the Job runs, or exit code 2 with a message and nothing started', async () => {
  const rnd = random(20261127)
  const codes = new Map<number, number>()
  for (let i = 0; i < 300; i++) {
    const file = path.join(dir, `case-${i}.yaml`)
    const logsDir = path.join(dir, `logs-${i}`)
    fs.writeFileSync(file, mutatedManifest(i, rnd))
    const stdout = collect()
    const stderr = collect()
    const argv = [
      'run',
      '-f',
      file,
      '--logs-dir',
      logsDir,
      '--logs',
      'none',
      '-o',
      'none',
      '--backoff-base',
      '0'
    ]
    const code = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream })
    codes.set(code, (codes.get(code) ?? 0) + 1)
    const context = `case ${i} (exit ${code}):\n${stderr.text()}`
    expect([context, [0, 1, 2].includes(code)]).toEqual([context, true])
    expect([context, stackFrame.test(stderr.text() + stdout.text())]).toEqual([context, false])
    if (code === 2) {
      expect([context, stderr.text().trim().length > 0]).toEqual([context, true])
      expect([context, podFolders(logsDir)]).toEqual([context, []])
    }
  }
  // Both ends occur: refusals, and (fewer: most bases have no command) Jobs that ran.
  expect(codes.get(2) ?? 0).toBeGreaterThan(200)
  expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0)
}, 120_000)
