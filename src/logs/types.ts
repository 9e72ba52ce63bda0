/**
 * The log layer's contract with the engines. One ContainerLog per container attempt: a
 * byte-exact file at `<logs-dir>/<job>/<pod>/<container>.log` (restart n: `<container>.<n>.log`)
 * and, by mode, the live `[pod/container] ` stream or a per-pod group printed when the pod ends.
 */
import type { Readable } from 'node:stream'

export type LogMode = 'stream' | 'group' | 'none'

export interface ContainerLog {
  /** Absolute path of this attempt's log file. */
  readonly path: string
  /**
   * Consume the attempt's output streams (stdout and stderr, in arrival order) until both end.
   * Resolves when every byte is in the file and every whole line has been printed.
   */
  attach(streams: Readable[]): Promise<void>
}

export interface LogSettings {
  mode: LogMode
  /** Absolute logs folder. */
  dir: string
  jobName: string
  /** Where printed log text goes (the action's stdout). */
  write: (text: string) => void
  /** Applied to every printed line (secret masking); files stay byte-exact. */
  mask?: (text: string) => string
  /**
   * An attempt's log file could not be made or written (a full disk): the file is cut there.
   * Called at most once per attempt; the run goes on.
   */
  onWriteFailure?: (failure: LogWriteFailure) => void
}

export interface LogWriteFailure {
  podName: string
  containerName: string
  path: string
  /** The OS error, as `ENOSPC: no space left on device`. */
  error: string
}

/**
 * The reason of the Warning event a log file that could not be written gets, named like the
 * kubelet's own failures (FailedMount, FailedCreatePodSandBox): the log is cut where it failed.
 */
export const failedLogWriteReason = 'FailedLogWrite'
