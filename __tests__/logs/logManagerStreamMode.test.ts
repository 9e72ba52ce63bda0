/**
 * The log manager (src/logs/logManager.ts) in stream and none modes: real processes, real files and
 * a real console stream — prefixes and colours, restarts, masking, heavy and slow output, through
 * pipes or written by the process itself, and what a failing file or console stops.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { closeSync, createWriteStream, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { canBeWrittenByProcess } from '../../src/logs/containerLog.js'
import { createLogManager } from '../../src/logs/logManager.js'
import {
  CollectingOutput,
  makeTempDir,
  runContainer,
  sha256OfCommand,
  type Delivery,
  sha256OfFile,
  stripAnsi
} from './helpers.js'
import { runnerCommands } from './runnerCommands.js'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.remove())

describe.each<[Delivery]>([['pipes'], ['file']])('stream mode, output through %s', delivery => {
  test.each([
    ['whole lines', "printf 'a\\nb\\n'", 'a\nb\n', '[pod-0/main] a\n[pod-0/main] b\n'],
    ['final line without newline', "printf 'a\\nlast'", 'a\nlast', '[pod-0/main] a\n[pod-0/main] last\n'],
    ['CRLF', "printf 'a\\r\\nb\\r\\n'", 'a\r\nb\r\n', '[pod-0/main] a\r\n[pod-0/main] b\r\n'],
    ['lone CR', "printf '10%%\\r20%%\\n'", '10%\r20%\n', '[pod-0/main] 10%\r[pod-0/main] 20%\n'],
    ['empty output', 'true', '', ''],
    [
      'stdout and stderr in arrival order',
      "printf 'one\\n'; sleep 0.1; printf 'two\\n' >&2; sleep 0.1; printf 'three\\n'",
      'one\ntwo\nthree\n',
      '[pod-0/main] one\n[pod-0/main] two\n[pod-0/main] three\n'
    ],
    [
      'partial stdout line and a stderr line',
      "printf 'out-start'; sleep 0.1; printf 'err\\n' >&2; sleep 0.1; printf ' out-end\\n'",
      'out-starterr\n out-end\n',
      // Pipes keep the streams apart; one file holds them as written, as `kubectl logs` shows them.
      delivery === 'pipes'
        ? '[pod-0/main] err\n[pod-0/main] out-start out-end\n'
        : '[pod-0/main] out-starterr\n[pod-0/main]  out-end\n'
    ]
  ])('%s', async (_name, script, file, printed) => {
    const out = new CollectingOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out })
    const log = await runContainer(logs, 'pod-0', 'main', 0, script, delivery)
    await logs.close()

    expect(log.path).toBe(join(temp.path, 'job', 'pod-0', 'main.log'))
    expect(readFileSync(log.path, 'utf8')).toBe(file)
    expect(stripAnsi(out.text)).toBe(printed)
    for (const write of out.writes) expect(write.toString().endsWith('\n')).toBe(true)
  })

  test('the prefix is coloured per pod, and plain with color: false', async () => {
    const coloured = new CollectingOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out: coloured })
    await runContainer(logs, 'pod-0', 'main', 0, 'echo hi', delivery)
    await runContainer(logs, 'pod-1', 'main', 0, 'echo hi', delivery)
    await logs.close()
    const [first, second] = coloured.text.split('\n')
    expect([stripAnsi(first), stripAnsi(second)]).toEqual(['[pod-0/main] hi', '[pod-1/main] hi'])
    const colour = (line: string): string => line.slice(0, line.indexOf('[pod'))
    expect(colour(first).startsWith('\x1b[')).toBe(true)
    expect(colour(second).startsWith('\x1b[')).toBe(true)
    expect(colour(first)).not.toBe(colour(second))

    const plain = new CollectingOutput()
    const plainLogs = createLogManager({
      mode: 'stream',
      dir: temp.path,
      jobName: 'job',
      out: plain,
      color: false
    })
    await runContainer(plainLogs, 'pod-0', 'main', 0, 'echo hi', delivery)
    await plainLogs.close()
    expect(plain.text).toBe('[pod-0/main] hi\n')
  })

  test('restarts get their own files', async () => {
    const out = new CollectingOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out })
    const first = await runContainer(logs, 'pod-0', 'main', 0, 'echo first', delivery)
    const second = await runContainer(logs, 'pod-0', 'main', 1, 'echo second', delivery)
    await logs.close()
    expect(second.path).toBe(join(temp.path, 'job', 'pod-0', 'main.1.log'))
    expect(readFileSync(first.path, 'utf8')).toBe('first\n')
    expect(readFileSync(second.path, 'utf8')).toBe('second\n')
  })

  test('pod output cannot act as a workflow command', async () => {
    const podOutput = [
      '::set-output name=status::hacked',
      '::error::x',
      '::add-mask::y',
      '   ::warning::indented',
      '##[set-output name=status;]legacy',
      'text ##[error]legacy mid-line',
      'progress\r::error::after a carriage return',
      '::stop-commands::abc',
      '::error::after stop-commands'
    ].join('\n')
    // Printed raw, the runner would take them (and stop taking any after stop-commands).
    expect(runnerCommands(podOutput)).toEqual([
      'set-output:hacked',
      'error:x',
      'add-mask:y',
      'warning:indented',
      'set-output:legacy',
      'error:legacy mid-line',
      'error:after a carriage return',
      'stop-commands'
    ])

    const out = new CollectingOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out })
    const log = await runContainer(logs, 'pod-0', 'main', 0, `cat <<'EOF'\n${podOutput}\nEOF`, delivery)
    await logs.close()

    expect(runnerCommands(out.text)).toEqual([])
    for (const line of out.text.split(/\r\n|\r|\n/).slice(0, -1)) {
      expect(stripAnsi(line).startsWith('[pod-0/main] ')).toBe(true)
    }
    // Stripped of colour codes, the pod's text reads as it was written.
    expect(stripAnsi(out.text)).toBe(
      podOutput
        .split('\n')
        .map(line => `[pod-0/main] ${line.replace('\r', '\r[pod-0/main] ')}\n`)
        .join('')
    )
    expect(readFileSync(log.path, 'utf8')).toBe(`${podOutput}\n`)
  })

  test('masking applies to printed lines, not to files', async () => {
    const out = new CollectingOutput()
    const mask = (text: string): string => text.replaceAll('s3cr3t', '***')
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out, mask })
    const log = await runContainer(
      logs,
      'pod-0',
      'main',
      0,
      "echo 'password=s3cr3t'; printf 's3c' >&2; printf 'r3t' >&2",
      delivery
    )
    await logs.close()
    expect(stripAnsi(out.text)).toBe('[pod-0/main] password=***\n[pod-0/main] ***\n')
    expect(readFileSync(log.path, 'utf8')).toBe('password=s3cr3t\ns3cr3t')
  })

  test('16 pods × 200,000 lines: every line once, whole, prefixed; files byte-identical', async () => {
    const pods = 16
    const lines = 200_000
    // Two kinds of writers with different buffering.
    const writer = (i: number): string =>
      i % 2 === 0
        ? `seq -f 'p${podId(i)} L%09.0f' 1 ${lines}`
        : `awk 'BEGIN { for (i = 1; i <= ${lines}; i++) printf "p${podId(i)} L%09d\\n", i }'`
    const outPath = join(temp.path, 'out.txt')
    const out = createWriteStream(outPath)
    const logs = createLogManager({ mode: 'stream', dir: join(temp.path, 'logs'), jobName: 'job', out })

    const ids = Array.from({ length: pods }, (_, i) => i)
    const runs = ids.map(i => runContainer(logs, `pod-${podId(i)}`, 'main', 0, writer(i), delivery))
    const references = ids.map(async i => {
      const path = join(temp.path, `reference-${i}.txt`)
      await runScript(`${writer(i)} > ${path}`)
      return sha256OfFile(path)
    })
    const podLogs = await Promise.all(runs)
    await logs.close()
    await new Promise<void>(resolve => out.end(resolve))

    for (const i of ids) expect(await sha256OfFile(podLogs[i].path)).toBe(await references[i])

    // Checked by awk, like the benchmarks' verify16.awk: each line well-formed, its prefix naming the
    // pod that wrote it, each pod's numbers 1..lines in order.
    const verdict = await outputOf(`awk '
      { gsub(/\\033\\[[0-9;]*m/, "") }
      NF != 3 || length($3) != 10 || $1 != "[pod-" substr($2, 2) "/main]" { malformed++; next }
      { id = substr($2, 2); n = substr($3, 2) + 0; if (n != last[id] + 1) disorder++; last[id] = n; count[id]++ }
      END { printf "malformed=%d disorder=%d", malformed, disorder; for (id in count) printf " %s=%d/%d", id, count[id], last[id]; print "" }
    ' ${outPath}`)
    const [summary, ...perPod] = verdict.trim().split(' ')
    expect(summary).toBe('malformed=0')
    expect(perPod[0]).toBe('disorder=0')
    expect(perPod.slice(1).sort()).toEqual(ids.map(i => `${podId(i)}=${lines}/${lines}`))
  })

  test('a console that fails stops printing, not logging', async () => {
    const out = new Writable({
      write(_chunk: Buffer, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
      }
    })
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out })
    const log = await runContainer(logs, 'pod-0', 'main', 0, 'seq 1 100000', delivery)
    await logs.close()
    expect(await sha256OfFile(log.path)).toBe(await sha256OfCommand('seq 1 100000'))
  })
})

describe('stream mode, output through pipes', () => {
  test('a log file that cannot be written fails attach and stops the reading', async () => {
    const logs = createLogManager({
      mode: 'stream',
      dir: temp.path,
      jobName: 'job',
      out: new CollectingOutput()
    })
    const log = logs.open('pod-0', 'main', 0)
    rmSync(join(temp.path, 'job'), { recursive: true })
    const child = spawn('yes', { stdio: ['ignore', 'pipe', 'pipe'] })
    const exit = new Promise(resolve => child.on('exit', (code, signal) => resolve(signal ?? code)))
    await expect(log.attach([child.stdout, child.stderr])).rejects.toThrow(/ENOENT/)
    // Its stdout closed, the writer ends (SIGPIPE, or exit 1 on EPIPE) rather than blocking forever.
    expect([1, 'SIGPIPE']).toContain(await exit)
    await logs.close()
  })

  test('a slow console holds the pod back instead of filling memory', async () => {
    const out = new HeldOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out, color: false })
    const total = 64 * 1024 * 1024
    const running = runContainer(logs, 'pod-0', 'main', 0, `yes 0123456789abcdef | head -c ${total}`)
    const path = join(temp.path, 'job', 'pod-0', 'main.log')

    let size = -1
    for (let i = 0; i < 100 && statSync(path).size !== size; i++) {
      size = statSync(path).size
      await sleep(100)
    }
    // Held back: about the console's 1 MiB allowance plus what the pipe and a few chunks hold.
    expect(size).toBeGreaterThan(0)
    expect(size).toBeLessThan(8 * 1024 * 1024)

    out.release()
    await running
    await logs.close()
    expect(statSync(path).size).toBe(total)
    const lines = Math.ceil(total / 17)
    const addedNewline = total % 17 === 0 ? 0 : 1
    expect(out.printed).toBe(total + lines * '[pod-0/main] '.length + addedNewline)
  })
})

describe('stream mode, output written by the process', () => {
  test('a slow console does not hold the process back; every line is printed once it takes them', async () => {
    const out = new HeldOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out, color: false })
    const total = 64 * 1024 * 1024
    const script = `yes 0123456789abcdef | head -c ${total}`
    const log = logs.open('pod-0', 'main', 0)
    if (!canBeWrittenByProcess(log)) throw new Error('a stream-mode log can be written by its process')
    const fd = openSync(log.path, 'a')
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', fd, fd] })
    closeSync(fd)
    const exited = new Promise<void>(resolve => child.on('close', () => resolve()))
    const followed = log.attachWritten(exited)

    await exited
    // The process wrote everything while the console took nothing (beyond its first write).
    expect(statSync(log.path).size).toBe(total)
    const heldBack = out.printed
    expect(heldBack).toBeLessThan(8 * 1024 * 1024)

    out.release()
    await followed
    await logs.close()
    const lines = Math.ceil(total / 17)
    const addedNewline = total % 17 === 0 ? 0 : 1
    expect(out.printed).toBe(total + lines * '[pod-0/main] '.length + addedNewline)
  })

  test('a log file that cannot be read stops the printing, not the attempt', async () => {
    const out = new CollectingOutput()
    const logs = createLogManager({ mode: 'stream', dir: temp.path, jobName: 'job', out })
    const log = logs.open('pod-0', 'main', 0)
    if (!canBeWrittenByProcess(log)) throw new Error('a stream-mode log can be written by its process')
    rmSync(join(temp.path, 'job'), { recursive: true })
    await expect(log.attachWritten(Promise.resolve())).resolves.toBeUndefined()
    await logs.close()
    expect(out.text).toBe('')
  })
})

describe('none mode', () => {
  test('files only, nothing printed', async () => {
    const out = new CollectingOutput()
    const logs = createLogManager({ mode: 'none', dir: temp.path, jobName: 'job', out })
    const log = await runContainer(logs, 'pod-0', 'main', 0, "echo out; echo '::error::x' >&2")
    logs.podEnded('pod-0')
    await logs.close()
    expect(readFileSync(log.path, 'utf8')).toBe('out\n::error::x\n')
    expect(out.writes).toEqual([])
  })

  test('an attempt that never ran still has its (empty) file', async () => {
    const logs = createLogManager({
      mode: 'none',
      dir: temp.path,
      jobName: 'job',
      out: new CollectingOutput()
    })
    const log = logs.open('pod-0', 'main', 0)
    await logs.close()
    expect(readFileSync(log.path, 'utf8')).toBe('')
  })
})

/** A console that takes nothing until released. */
class HeldOutput extends Writable {
  printed = 0
  private held: Array<() => void> | undefined = []

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.printed += chunk.length
    if (this.held) this.held.push(done)
    else done()
  }

  release(): void {
    const held = this.held ?? []
    this.held = undefined
    for (const done of held) done()
  }
}

function podId(i: number): string {
  return String(i).padStart(2, '0')
}

async function outputOf(script: string): Promise<string> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let text = ''
  for await (const chunk of child.stdout) text += String(chunk)
  return text
}

function runScript(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    spawn('sh', ['-c', script], { stdio: 'inherit' }).on('close', code =>
      code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))
    )
  })
}
