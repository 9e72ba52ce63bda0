/** Real processes, real files and a real Writable for the log layer's tests. */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { canBeWrittenByProcess } from '../../src/logs/containerLog.js'
import type { LogManager } from '../../src/logs/logManager.js'
import type { ContainerLog } from '../../src/logs/types.js'

export function makeTempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'job-action-logs-'))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/**
 * How an attempt's output reaches its log: through pipes the log reads (attach), or written by the
 * process itself into the log's file (attachWritten, as the process engine's spawner does).
 */
export type Delivery = 'pipes' | 'file'

/** Runs `sh -c script` as one attempt of a container, its stdout and stderr delivered to the attempt's log. */
export async function runContainer(
  logs: LogManager,
  pod: string,
  container: string,
  attempt: number,
  script: string,
  delivery: Delivery = 'pipes'
): Promise<ContainerLog> {
  const log = logs.open(pod, container, attempt)
  if (delivery === 'file') {
    if (!canBeWrittenByProcess(log)) throw new Error('this log cannot be written by a process')
    const fd = openSync(log.path, 'a')
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', fd, fd] })
    closeSync(fd)
    const exited = new Promise<number | null>(resolve => child.on('close', resolve))
    await log.attachWritten(exited.then(() => undefined))
    const code = await exited
    if (code !== 0) throw new Error(`${script} exited with ${code}`)
    return log
  }
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>(resolve => child.on('close', resolve))
  await log.attach([child.stdout, child.stderr])
  const code = await exited
  if (code !== 0) throw new Error(`${script} exited with ${code}`)
  return log
}

/** sha256 of a command's stdout, read straight from its pipe (a reference run that needs no file). */
export async function sha256OfCommand(script: string): Promise<string> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const hash = createHash('sha256')
  for await (const chunk of child.stdout) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}

/** A console that keeps what it is given, one entry per write call. */
export class CollectingOutput extends Writable {
  readonly writes: Buffer[] = []

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.writes.push(chunk)
    done()
  }

  get text(): string {
    return Buffer.concat(this.writes).toString('utf8')
  }
}
