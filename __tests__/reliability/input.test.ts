/**
 * Manifest input the way kubectl and the API server take it: nothing over the API server's 3 MiB
 * request limit is parsed (and a 20 MB file costs no more memory than a small one), and a file
 * with a UTF-16 byte order mark is read as kubectl reads it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runCli } from '../../src/cli/runCli.js'
import { readInputs } from '../../src/inputs.js'
import { transpileCli, type TranspiledCli } from './transpiledCli.js'

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: big
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["true"]
`
const limit = 3 * 1024 * 1024
const tooLarge = (file: string): string =>
  `Error from server (RequestEntityTooLarge): error when creating "${file}": Request entity too large: limit is 3145728\n`

let dir: string
let compiled: TranspiledCli

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-input-'))
  compiled = transpileCli()
})
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  compiled.remove()
})

/** A valid Job followed by a comment that brings the file to `size` bytes. */
function jobOfSize(size: number): string {
  const pad = size - job.length - 2
  return `${job}#${'x'.repeat(pad)}\n`
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

/** The CLI in a child process: exit code, stderr and peak RSS in MB. */
function child(command: string): { status: number | null; stdout: string; stderr: string; peakMb: number } {
  const rssFile = path.join(dir, `rss-${Math.random()}`)
  const result = spawnSync('sh', ['-c', command], {
    encoding: 'utf8',
    cwd: dir,
    env: {
      ...process.env,
      GITHUB_ACTIONS: '',
      MAX_RSS_FILE: rssFile,
      CLI: compiled.entry,
      NODE: process.execPath
    }
  })
  const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, peakMb }
}

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: { write: (t: string) => ((stdout += t), true) } as unknown as NodeJS.WriteStream,
    stderr: { write: (t: string) => ((stderr += t), true) } as unknown as NodeJS.WritableStream
  }
  const status = await runCli(args, io)
  return { status, stdout, stderr }
}

describe('input over the API server limit of 3 MiB', () => {
  test('a 20 MB file is refused with the API server message naming the file, exit 2, under 150 MB', () => {
    write('huge.yaml', jobOfSize(20_000_000))
    const result = child('"$NODE" "$CLI" validate -f huge.yaml')
    expect(result.stderr).toBe(tooLarge('huge.yaml'))
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.peakMb).toBeLessThan(150)
  })

  test('`run -f -` with 20 MB piped in is refused the same way, before anything runs', () => {
    write('huge-stdin.yaml', jobOfSize(20_000_000))
    const result = child('cat huge-stdin.yaml | "$NODE" "$CLI" run -f - --logs-dir logs')
    expect(result.stderr).toBe(tooLarge('<stdin>'))
    expect(result.status).toBe(2)
    expect(result.peakMb).toBeLessThan(150)
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false)
  })

  test('one byte over the limit is refused; exactly the limit is parsed', async () => {
    const over = write('over.yaml', jobOfSize(limit + 1))
    expect(await cli(['validate', '-f', over])).toEqual({ status: 2, stdout: '', stderr: tooLarge(over) })
    const at = write('at.yaml', jobOfSize(limit))
    expect(fs.statSync(at).size).toBe(limit)
    expect(await cli(['validate', '-f', at])).toMatchObject({ status: 0, stdout: 'job.batch/big valid\n' })
  })

  test('the action: inline input job over the limit is refused with the same message', () => {
    process.env.INPUT_JOB = jobOfSize(limit + 10)
    try {
      expect(() => readInputs({})).toThrow(tooLarge('<job input>').trimEnd())
    } finally {
      delete process.env.INPUT_JOB
    }
  })

  test('the action: input job-file over the limit is refused naming the file', () => {
    write('action.yaml', jobOfSize(limit + 10))
    process.env['INPUT_JOB-FILE'] = 'action.yaml'
    try {
      expect(() => readInputs({ GITHUB_WORKSPACE: dir })).toThrow(tooLarge('action.yaml').trimEnd())
    } finally {
      delete process.env['INPUT_JOB-FILE']
    }
  })
})

describe('byte order marks, as kubectl decodes them', () => {
  const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16()
  const cases: Array<[string, Buffer]> = [
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(job, 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(job)])]
  ]
  test.each(cases)('%s: the Job is read', async (name, bytes) => {
    const file = write(`${name.replace(/\W/g, '')}.yaml`, bytes)
    expect(await cli(['validate', '-f', file])).toEqual({
      status: 0,
      stdout: 'job.batch/big valid\n',
      stderr: ''
    })
  })

  test('UTF-16 LE on stdin: the Job is read', () => {
    write('stdin16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(job, 'utf16le')]))
    const result = child('cat stdin16.yaml | "$NODE" "$CLI" validate -f -')
    expect(result).toMatchObject({ status: 0, stdout: 'job.batch/big valid\n', stderr: '' })
  })

  test('UTF-32 (which kubectl cannot read either) is refused saying what it is', async () => {
    const bytes = Buffer.alloc(4 + job.length * 4)
    bytes.writeUInt32LE(0xfeff, 0)
    for (let i = 0; i < job.length; i++) bytes.writeUInt32LE(job.charCodeAt(i), 4 + i * 4)
    const file = write('utf32.yaml', bytes)
    const result = await cli(['validate', '-f', file])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe(
      `error parsing ${file}: the file is UTF-32 (it starts with a UTF-32 byte order mark); kubectl reads UTF-8 and UTF-16 only: save it as UTF-8\n`
    )
  })
})
