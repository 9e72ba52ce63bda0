/**
 * What we write of a run stays readable and safe: a failed pod's long last line is shown by its
 * end (summary, annotation, status file), Secret values are masked in their common encodings in
 * every file and output we write (never in the raw log files), and a reader that closes our stdout
 * early stops the printing, not the run.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { setOutputs } from '../../src/actionReport.js'
import { failedPodAnnotations } from '../../src/report/annotations.js'
import { readStatusFile, statusFilePath } from '../../src/shard/statusFile.js'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'
import { transpileCli, type TranspiledCli } from './transpiledCli.js'

const secret = `Pa55 "w0rd"/&ä+x<y>'z`
const longLine = `${'x'.repeat(70_000)} ERROR: disk full at the very end`

/** What a program may print a secret as: raw, base64 at each alignment, URL-encoded, JSON. */
function leaks(): Record<string, string> {
  const b64 = (prefix: string): string => Buffer.from(prefix + secret).toString('base64')
  return {
    base64: b64(''),
    'base64 after 1 byte': b64('u:'.slice(0, 1)),
    'base64 after 2 bytes': b64('u:'),
    'base64 of user:secret': b64('user:'),
    'URL-encoded': encodeURIComponent(secret),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1)
  }
}

/** 8 characters from the middle of a leak: what a partly masked leak would still show. */
function middle(text: string): string {
  const at = Math.floor(text.length / 2) - 4
  return text.slice(at, at + 8)
}

let dir: string
let run: RealRun
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-output-'))
  fs.writeFileSync(path.join(dir, 'long.txt'), `first line\n${longLine}`)
  fs.writeFileSync(path.join(dir, 'leaks.txt'), `${Object.values(leaks()).join('\n')}\n`)
  const job = (name: string, file: string): string => `apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sh", "-c", "cat ${path.join(dir, file)}; exit 3"]
`
  run = await runReal(
    `${job('long', 'long.txt')}---
${job('leaky', 'leaks.txt')}---
apiVersion: v1
kind: Secret
metadata: { name: token }
data:
  token: ${Buffer.from(secret).toString('base64')}
`,
    { logs: 'none', backoffBase: 0 }
  )
})
afterAll(() => {
  cleanup(run)
  fs.rmSync(dir, { recursive: true, force: true })
})

function annotations(): string[] {
  return failedPodAnnotations(run.results, [], {
    mask: text => run.masker.apply(text),
    workspace: run.dir
  }).map(a => `${a.title}\n${a.message}`)
}

describe('a failed pod whose last line is longer than 64 KiB', () => {
  const shown = /… \(69,\d{3} bytes cut\) x+ ERROR: disk full at the very end/

  test('the summary shows the end of the line, saying how much was cut', () => {
    const summary = run.summary()
    expect(summary).not.toMatch(/long-\w{5}<\/code>[^\n]*no output/)
    expect(summary).toMatch(shown)
  })

  test('the annotation holds it', () => {
    const long = annotations().find(a => a.startsWith('Job long:'))
    expect(long).toMatch(shown)
  })

  test("the status file's log tail holds it", () => {
    const status = readStatusFile(statusFilePath(run.logsDir, 'long'))
    const tails = Object.values(status.logTails)
    expect(tails).toHaveLength(1)
    expect(tails[0].at(-1)).toMatch(shown)
    expect(tails[0].at(-1)!.length).toBeLessThanOrEqual(1000)
  })
})

describe('Secret values in their encodings', () => {
  /** The step outputs as the runner reads them: the GITHUB_OUTPUT file setOutputs writes. */
  function outputsFile(): string {
    const file = path.join(dir, 'github-output')
    fs.writeFileSync(file, '')
    const saved = process.env.GITHUB_OUTPUT
    process.env.GITHUB_OUTPUT = file
    try {
      setOutputs(run)
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT
      else process.env.GITHUB_OUTPUT = saved
    }
    return fs.readFileSync(file, 'utf8')
  }

  const written = (): Record<string, string> => ({
    summary: run.summary(),
    annotations: annotations().join('\n'),
    'status file': fs.readFileSync(statusFilePath(run.logsDir, 'leaky'), 'utf8'),
    outputs: outputsFile()
  })

  test.each(Object.entries(leaks()))(
    '%s: masked in the summary, annotations, status file and outputs',
    (_, leak) => {
      const found = Object.entries(written()).filter(
        ([, text]) => text.includes(leak) || text.includes(middle(leak))
      )
      expect(found.map(([where]) => where)).toEqual([])
      expect(run.summary()).toContain('***')
      // The raw log file keeps every byte.
      const pod = run.results.find(r => r.job.metadata.name === 'leaky')!.pods[0]
      expect(fs.readFileSync(pod.containerStatuses[0].logs[0], 'utf8')).toContain(leak)
    }
  )
})

describe('stdout closed early (`job-action run … | head -2`)', () => {
  let compiled: TranspiledCli
  beforeAll(() => {
    compiled = transpileCli()
  })
  afterAll(() => compiled.remove())

  test('printing stops quietly, the Job runs to its end and the exit code is its own', async () => {
    const logsDir = path.join(dir, 'pipe-logs')
    fs.writeFileSync(
      path.join(dir, 'talk.yaml'),
      `apiVersion: batch/v1
kind: Job
metadata: { name: talk }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sh", "-c", "for i in $(seq 1 40); do echo line $i; sleep 0.01; done"]
`
    )
    const child = spawn(process.execPath, [compiled.entry, 'run', '-f', 'talk.yaml', '--logs-dir', logsDir], {
      cwd: dir,
      env: { ...process.env, GITHUB_ACTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    let seen = ''
    // Like head -2: read two lines, then close the pipe.
    await new Promise<void>(resolve =>
      child.stdout.on('data', chunk => {
        seen += chunk
        if (seen.split('\n').length > 2) {
          child.stdout.destroy()
          resolve()
        }
      })
    )
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    expect(seen).toMatch(/^\[talk-\w{5}\/main\] line 1\n/)
    expect(stderr).not.toMatch(/EPIPE|Error| {4}at /)
    expect(code).toBe(0)
    const [podDir] = fs.readdirSync(path.join(logsDir, 'talk')).filter(f => f.startsWith('talk-'))
    expect(fs.readFileSync(path.join(logsDir, 'talk', podDir, 'main.log'), 'utf8')).toMatch(/line 40\n$/)
  })
})
