/**
 * How a process container attempt ends, whichever way it was started (childProcessContainer.ts,
 * spawnedContainer.ts): its exit is reported exactly once, after its output is in the log, and an
 * attempt that never ran still gets its (empty) log and a StartError. A log failure never keeps an
 * attempt from being reported.
 */
import { constants as osConstants } from 'node:os'
import { Readable } from 'node:stream'
import type { ContainerCallbacks, ContainerExit, ContainerLaunch } from '../types.js'
import type { OutputHolderHunt } from './outputHolders.js'
import type { ProcessStopper } from './processStopper.js'
import { START_ERROR_EXIT_CODE, START_ERROR_REASON } from './startErrors.js'

export interface AttemptEnds {
  /** Resolves when the main process has exited (or never started). */
  readonly exited: Promise<void>
  /** Resolves after onExit has been called. */
  readonly settled: Promise<void>
  markExited(): void
  report(exit: ContainerExit): void
  /** The attempt never ran: its empty log, then a StartError with this message. */
  failToStart(message: string): void
  /** Kills what the attempt's processes left holding its output (outputHolders.ts). */
  readonly holders: OutputHolderHunt
}

export function attemptEnds(
  launch: ContainerLaunch,
  callbacks: ContainerCallbacks,
  holders: OutputHolderHunt
): AttemptEnds {
  let markExited: () => void = () => undefined
  let markSettled: () => void = () => undefined
  const exited = new Promise<void>(resolve => (markExited = resolve))
  const settled = new Promise<void>(resolve => (markSettled = resolve))
  let reported = false
  const report = (exit: ContainerExit): void => {
    if (reported) return
    reported = true
    try {
      callbacks.onExit(exit)
    } finally {
      markSettled()
    }
  }
  const failToStart = (message: string): void => {
    markExited()
    // An attempt that never ran still has its (empty) log, as on a cluster.
    void attachQuietly(launch, [noOutput(), noOutput()]).then(() =>
      report({ exitCode: START_ERROR_EXIT_CODE, reason: START_ERROR_REASON, message, finishedAt: Date.now() })
    )
  }
  return { exited, settled, markExited: () => markExited(), report, failToStart, holders }
}

/**
 * The main process has exited: what is left of the container is killed, and the exit is reported
 * once its output has ended.
 */
export function endAttempt(
  ends: AttemptEnds,
  stopper: ProcessStopper | undefined,
  logged: Promise<void>,
  startedAt: number,
  code: number | null,
  signal: NodeJS.Signals | null
): void {
  const finishedAt = Date.now()
  ends.markExited()
  stopper?.mainExited()
  void logged.then(() => ends.report(exitOf(code, signal, startedAt, finishedAt)))
}

function exitOf(
  code: number | null,
  signal: NodeJS.Signals | null,
  startedAt: number,
  finishedAt: number
): ContainerExit {
  const signalNumber = signal ? osConstants.signals[signal] : undefined
  const exitCode = signalNumber !== undefined ? 128 + signalNumber : (code ?? 0)
  return {
    exitCode,
    ...(signalNumber !== undefined ? { signal: signalNumber } : {}),
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt,
    finishedAt
  }
}

/**
 * A log failure must not keep the attempt from being reported; its streams are drained so the
 * process never blocks on a full pipe.
 */
export function attachQuietly(launch: ContainerLaunch, streams: Readable[]): Promise<void> {
  let attached: Promise<void>
  try {
    attached = launch.log.attach(streams)
  } catch (error) {
    attached = Promise.reject(error)
  }
  return attached.catch(() => {
    for (const stream of streams) stream.resume()
  })
}

function noOutput(): Readable {
  return new Readable({
    read() {
      this.push(null)
    }
  })
}
