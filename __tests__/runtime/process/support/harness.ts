/** Starting one container on a real process engine and observing what it reports. */
import { expect } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type {
  ContainerEngine,
  ContainerExit,
  ContainerLaunch,
  RunningContainer
} from '../../../../src/runtime/types.js'
import type { ContainerLog } from '../../../../src/logs/types.js'
import { fileLog } from './fileLog.js'

export interface Started {
  running: RunningContainer
  logPath: string
  started: number[]
  exits: ContainerExit[]
  exit: Promise<ContainerExit>
}

export interface LaunchFields {
  /** The attempt's log (default: fileLog, which takes the streams). */
  log?: (path: string) => ContainerLog
  command?: string[]
  args?: string[]
  env?: Array<[string, string]>
  workingDir?: string
}

let counter = 0

export function launchContainer(engine: ContainerEngine, logDir: string, fields: LaunchFields): Started {
  const name = `c${++counter}`
  const logPath = path.join(logDir, `${name}.log`)
  const launch: ContainerLaunch = {
    pod: {
      runId: 'test',
      jobName: 'job',
      namespace: 'default',
      podName: `job-${name}`,
      podUid: `uid-${name}`,
      hostname: `job-${name}`,
      index: null,
      labels: {},
      annotations: {}
    },
    container: { name, workingDir: fields.workingDir },
    podSpec: { containers: [{ name }] },
    command: fields.command,
    args: fields.args,
    env: fields.env ?? [],
    attempt: 0,
    log: (fields.log ?? fileLog)(logPath)
  }
  const started: number[] = []
  const exits: ContainerExit[] = []
  let resolveExit: (exit: ContainerExit) => void = () => undefined
  const exit = new Promise<ContainerExit>(resolve => (resolveExit = resolve))
  const running = engine.startContainer(launch, {
    onStart: at => started.push(at),
    onExit: reported => {
      exits.push(reported)
      resolveExit(reported)
    }
  })
  return { running, logPath, started, exits, exit }
}

export const readLog = (started: Started): string => readFileSync(started.logPath, 'utf8')

export function makeTempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `job-action-${label}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Live (non-zombie) processes whose command line contains `token`, and named `comm` if given. */
export function processesWithToken(token: string, comm?: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      const nameEnd = stat.lastIndexOf(')')
      const state = stat.charAt(nameEnd + 2)
      if (state === 'Z' || state === 'X') continue
      if (comm !== undefined && stat.slice(stat.indexOf('(') + 1, nameEnd) !== comm) continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(token)) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Poll until `check` holds, for at most `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(10)
  }
  return true
}

/** A token unique to one test, to find its processes by command line (`sleep 300.<n>`). */
export function uniqueSleep(): string {
  return `300.${process.pid}${Math.floor(Math.random() * 1e6)}`
}

/**
 * A container whose shell starts a `setsid sleep` (out of its process group), writes `bye` and exits 3:
 * it ends at once with its own output, and the sleep is gone within goneWithinMs of its end.
 */
export async function expectEscapedDescendantKilled(
  run: (fields: LaunchFields) => Started,
  goneWithinMs: number
): Promise<void> {
  const token = uniqueSleep()
  const startedAt = Date.now()
  // The pause lets setsid leave the group before the shell exits.
  const container = run({
    command: ['sh', '-c', `setsid sleep $T & sleep 0.05; echo bye; exit 3`],
    env: [['T', token]]
  })
  const exit = await container.exit
  expect(exit.exitCode).toBe(3)
  expect(Date.now() - startedAt).toBeLessThan(1000)
  expect(readLog(container)).toBe('bye\n')
  expect(await eventually(() => processesWithToken(token).length === 0, goneWithinMs)).toBe(true)
}
