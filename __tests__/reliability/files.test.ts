/**
 * What a run writes under its logs folder, when that folder is hostile or broken: links planted
 * where job-action writes, a folder that cannot be made, a full disk, and two runs of one Job
 * name in one folder at once. Real CLI processes (src/ transpiled) and real files; a read-only
 * place and a full disk are tmpfs mounts (the tests that need them run as root only).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { runCliProcess, transpileCli, type TranspiledCli } from './transpiledCli.js'

const isRoot = process.getuid?.() === 0
const asRoot = isRoot ? test : test.skip

let cli: TranspiledCli
let dir: string
beforeAll(() => {
  cli = transpileCli()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-files-'))
})
afterAll(() => {
  cli?.remove()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A Job whose one pod runs `script` (sh). */
function job(name: string, script: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sh", "-c", ${JSON.stringify(script)}]
`
}

function run(logsDir: string, manifest: string, extra: string[] = [], timeoutMs?: number) {
  return runCliProcess(
    cli.entry,
    ['run', '-f', '-', '--logs', 'none', '--backoff-base', '0', '--logs-dir', logsDir, ...extra],
    { input: manifest, timeoutMs }
  )
}

/** One line on stderr, `error: …`, no stack trace. */
function expectOneErrorLine(stderr: string, text: string): void {
  expect(stderr).not.toMatch(/\n\s+at /)
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toBe(`error: ${text}`)
}

function fresh(name: string): string {
  const place = path.join(dir, name)
  fs.mkdirSync(place)
  return place
}

describe('links already in the logs folder are never written through', () => {
  test('a link at <logs-dir>/<job>: exit 2 naming it, before the pod starts; its target gets nothing', async () => {
    const place = fresh('job-link')
    const logsDir = path.join(place, 'logs')
    const elsewhere = path.join(place, 'elsewhere')
    fs.mkdirSync(logsDir)
    fs.mkdirSync(elsewhere)
    fs.symlinkSync(elsewhere, path.join(logsDir, 'planted'))
    const ran = path.join(place, 'pod-ran')

    const result = await run(logsDir, job('planted', `echo secret; touch ${ran}`))

    expect(result.status).toBe(2)
    expectOneErrorLine(
      result.stderr,
      `cannot use logs folder ${logsDir}: ${path.join(logsDir, 'planted')} is a symbolic link (to ${elsewhere}): job-action never writes through a link it did not make; remove it`
    )
    expect(fs.existsSync(ran)).toBe(false)
    expect(fs.readdirSync(elsewhere)).toEqual([])
    expect(fs.readdirSync(logsDir).sort()).toEqual(['planted'])
  })

  test('a link at <logs-dir>/<job>.status.json: exit 2 naming it; its target keeps its bytes', async () => {
    const place = fresh('status-link')
    const logsDir = path.join(place, 'logs')
    fs.mkdirSync(logsDir)
    const target = path.join(place, 'precious')
    fs.writeFileSync(target, 'keep me\n')
    fs.symlinkSync(target, path.join(logsDir, 'planted.status.json'))
    const ran = path.join(place, 'pod-ran')

    const result = await run(logsDir, job('planted', `touch ${ran}`))

    expect(result.status).toBe(2)
    expectOneErrorLine(
      result.stderr,
      `cannot use logs folder ${logsDir}: ${path.join(logsDir, 'planted.status.json')} is a symbolic link (to ${target}): job-action never writes through a link it did not make; remove it`
    )
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me\n')
    expect(fs.existsSync(ran)).toBe(false)
  })

  asRoot(
    "an earlier run's <job> folder is reused if it is ours (its files stay), refused if another user's",
    async () => {
      const logsDir = path.join(fresh('rerun'), 'logs')
      const first = await run(logsDir, job('again', 'echo one'))
      expect(first.status).toBe(0)
      const firstPods = fs.readdirSync(path.join(logsDir, 'again'))
      const second = await run(logsDir, job('again', 'echo two'))
      expect(second.status).toBe(0)
      const pods = fs.readdirSync(path.join(logsDir, 'again'))
      expect(pods).toHaveLength(2)
      expect(pods).toEqual(expect.arrayContaining(firstPods))
      const status = JSON.parse(fs.readFileSync(path.join(logsDir, 'again.status.json'), 'utf8'))
      expect(status.pods.map((p: { name: string }) => p.name)).toEqual(
        pods.filter(p => !firstPods.includes(p))
      )
      // Nothing else is left beside them: no lock, no temporary status file.
      expect(fs.readdirSync(logsDir).sort()).toEqual(['again', 'again.status.json'])

      // Another user's folder under that name could be swapped for a link at any moment.
      fs.chownSync(path.join(logsDir, 'again'), 65534, 65534)
      const third = await run(logsDir, job('again', 'echo three'))
      expect(third.status).toBe(2)
      expectOneErrorLine(
        third.stderr,
        `cannot use logs folder ${logsDir}: ${path.join(logsDir, 'again')} belongs to user 65534: job-action only reuses its own folders`
      )
      expect(fs.readdirSync(path.join(logsDir, 'again'))).toHaveLength(2)
    }
  )
})

describe('a logs folder that cannot be made: one line with the OS error, exit 2, no hang', () => {
  test('under /proc (where a recursive mkdir spins for ever)', async () => {
    const result = await run('/proc/x/logs', job('p', 'true'), [], 15_000)
    expect(result.timedOut).toBe(false)
    expect(result.status).toBe(2)
    expectOneErrorLine(
      result.stderr,
      'cannot use logs folder /proc/x/logs: ENOENT: no such file or directory'
    )
  })

  test('under a file', async () => {
    const result = await run('/etc/passwd/x', job('p', 'true'))
    expect(result.status).toBe(2)
    expectOneErrorLine(result.stderr, 'cannot use logs folder /etc/passwd/x: ENOTDIR: not a directory')
  })

  test('through a dangling link', async () => {
    const place = fresh('dangling')
    fs.symlinkSync(path.join(place, 'gone'), path.join(place, 'logs'))
    const logsDir = path.join(place, 'logs')
    const result = await run(logsDir, job('p', 'true'))
    expect(result.status).toBe(2)
    expectOneErrorLine(
      result.stderr,
      `cannot use logs folder ${logsDir}: ${logsDir} is a dangling symbolic link`
    )
    expect(fs.existsSync(path.join(place, 'gone'))).toBe(false)
  })

  asRoot('in a read-only place', async () => {
    const place = fresh('read-only')
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', place])
    try {
      const logsDir = path.join(place, 'logs')
      const result = await run(logsDir, job('p', 'true'))
      expect(result.status).toBe(2)
      expectOneErrorLine(result.stderr, `cannot use logs folder ${logsDir}: EROFS: read-only file system`)
    } finally {
      execFileSync('umount', [place])
    }
  })
})

describe('a full disk under the logs folder', () => {
  asRoot(
    'the cut log is a FailedLogWrite Warning event and an error line; the status file is whole or absent',
    async () => {
      const place = fresh('full')
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', place])
      try {
        const side = path.join(dir, 'full-side')
        fs.mkdirSync(side)
        const summary = path.join(side, 'summary.md')
        // The container writes its own log file: on a full disk its writes fail, as any program's
        // whose stdout is a full disk. It says so in a side file, and the Job still completes.
        const script = `head -c 300000 /dev/zero; echo $? > ${side}/head-exit; exit 0`
        const result = await run(place, job('full', script), ['--summary', summary])

        expect(result.status).toBe(0)
        const logFile = fs
          .readdirSync(path.join(place, 'full'))
          .map(pod => path.join(place, 'full', pod, 'main.log'))[0]
        expect(fs.statSync(logFile).size).toBeLessThan(300_000)
        expect(fs.readFileSync(path.join(side, 'head-exit'), 'utf8').trim()).not.toBe('0')
        const message = `cannot write log ${logFile}: ENOSPC: no space left on device; the log is cut there`
        expect(result.stderr).toMatch(
          new RegExp(`^error: Job full: Pod full-\\w{5}, container main: ${escape(message)}$`, 'm')
        )
        expect(result.stdout).toMatch(
          new RegExp(
            `Warning +FailedLogWrite +\\S+ +job-controller +Pod full-\\w{5}, container main: ${escape(message)}`
          )
        )
        expect(fs.readFileSync(summary, 'utf8')).toContain(
          '⚠️ 1 container log could not be written whole (FailedLogWrite events below)'
        )
        // Whole or absent: never a cut file, never a temporary one left behind.
        const statusFile = path.join(place, 'full.status.json')
        if (fs.existsSync(statusFile))
          expect(JSON.parse(fs.readFileSync(statusFile, 'utf8')).kind).toBe('JobRunStatus')
        expect(fs.readdirSync(place).filter(f => f.endsWith('.tmp'))).toEqual([])
      } finally {
        execFileSync('umount', [place])
      }
    }
  )
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe('two runs of one Job name in one logs folder', () => {
  test('the second, while the first runs, is refused with exit 2; the first completes and keeps its status file', async () => {
    const logsDir = path.join(fresh('twice'), 'logs')
    const started = path.join(dir, 'twice-started')
    const first = run(logsDir, job('same', `touch ${started}; sleep 3; echo first`))
    for (let i = 0; i < 200 && !fs.existsSync(started); i++) await new Promise(r => setTimeout(r, 50))
    expect(fs.existsSync(started)).toBe(true)

    const second = await run(logsDir, job('same', 'echo second'))
    expect(second.status).toBe(2)
    expect(second.stderr).not.toMatch(/\n\s+at /)
    expect(second.stderr.trim()).toMatch(
      new RegExp(
        `^error: cannot use logs folder ${escape(logsDir)}: Job same is already running with this logs folder \\(pid \\d+, started [^;]+; lock ${escape(path.join(logsDir, 'same.lock'))}\\): wait for it, or give this run its own logs folder \\(--logs-dir, input logs-dir\\)$`
      )
    )

    const done = await first
    expect(done.status).toBe(0)
    const status = JSON.parse(fs.readFileSync(path.join(logsDir, 'same.status.json'), 'utf8'))
    expect(status.status).toBe('Complete')
    expect(fs.readdirSync(path.join(logsDir, 'same'))).toHaveLength(1)
    expect(fs.existsSync(path.join(logsDir, 'same.lock'))).toBe(false)
  })

  test('the lock of a run that died is taken over, and released at the end', async () => {
    const logsDir = path.join(fresh('stale'), 'logs')
    fs.mkdirSync(logsDir)
    const dead = spawn('true')
    const pid = await new Promise<number>(resolve => dead.on('exit', () => resolve(dead.pid as number)))
    fs.writeFileSync(
      path.join(logsDir, 'left.lock'),
      JSON.stringify({ pid, processStart: '1', host: os.hostname(), startedAt: '2020-01-01T00:00:00Z' })
    )
    const result = await run(logsDir, job('left', 'echo ok'))
    expect(result.status).toBe(0)
    expect(fs.readdirSync(logsDir).sort()).toEqual(['left', 'left.status.json'])
  })
})
