/**
 * The log layer's entry point: hands each container attempt its ContainerLog (file, and live
 * lines in stream mode), prints a pod's group when it ends in group mode, and flushes at the end.
 */
import { dirname } from 'node:path'
import type { Writable } from 'node:stream'
import { ContainerLogFile } from './containerLog.js'
import { printPodGroup } from './groupPrinter.js'
import { containerLogPath } from './logPaths.js'
import { OutputGate } from './outputGate.js'
import { linePrefix } from './prefix.js'
import { createNewFile, errnoText, makeLogsFolder, makeOwnFolder } from './safeFiles.js'
import type { ContainerLog, LogSettings } from './types.js'

export interface LogManager {
  /** One attempt of one container; creates <dir>/<job>/<pod>/ as needed. attempt 0 → <container>.log, n → <container>.<n>.log */
  open(podName: string, containerName: string, attempt: number): ContainerLog
  /**
   * Called once when the pod ends: group mode prints its whole output now as one ::group::; then
   * the pod is forgotten. Resolves once the pod's output has been printed (never rejects).
   */
  podEnded(podName: string): Promise<void> | void
  /** Flush everything; resolves when all printed text has been handed to the output. */
  close(): Promise<void>
}

/**
 * LogSettings with a Writable in place of `write`: printing has to know when the output falls
 * behind (backpressure), which a plain `(text) => void` cannot tell.
 */
export interface LogManagerSettings extends Omit<LogSettings, 'write'> {
  /** Where printed log text goes (the action's stdout). */
  out: Writable
  /** Colour each pod's `[pod/container]` prefix with ANSI codes (default true). */
  color?: boolean
  /**
   * Group mode: `::group::` and stop-commands lines, for the runner's log (default true); false
   * for anything else (a terminal), which would show them as text.
   */
  workflowCommands?: boolean
}

interface Attempt {
  containerName: string
  attempt: number
  log: ContainerLogFile
  printed: boolean
}

interface PodLogs {
  /** Order in which the pod first opened a log: picks its prefix colour. */
  order: number
  attempts: Attempt[]
}

export function createLogManager(settings: LogManagerSettings): LogManager {
  return new Logs(settings)
}

class Logs implements LogManager {
  /** Pods that have not ended: an ended pod is forgotten (a Job may have 100,000 of them). */
  private readonly pods = new Map<string, PodLogs>()
  private podsSeen = 0
  private jobFolderMade = false
  /** Ended pods whose output is still being written. */
  private readonly ending = new Set<Promise<unknown>>()
  private readonly gate: OutputGate | undefined
  /** Group printing, one pod after another so groups never interleave. */
  private groups: Promise<void> = Promise.resolve()
  private groupFailure: unknown

  constructor(private readonly settings: LogManagerSettings) {
    this.gate = settings.mode === 'none' ? undefined : new OutputGate(settings.out)
  }

  open(podName: string, containerName: string, attempt: number): ContainerLog {
    const { dir, jobName, mode, mask } = this.settings
    const path = containerLogPath(dir, jobName, podName, containerName, attempt)
    let pod = this.pods.get(podName)
    let reported = false
    const failed = (error: unknown): void => {
      if (reported) return
      reported = true
      this.settings.onWriteFailure?.({ podName, containerName, path, error: errnoText(error) })
    }
    try {
      // Every attempt of a pod shares its folder. <dir>/<job> was made before the run; made (or
      // checked) here too for a LogManager used on its own.
      if (!this.jobFolderMade) {
        makeLogsFolder(this.settings.dir)
        makeOwnFolder(dirname(dirname(path)))
        this.jobFolderMade = true
      }
      if (!pod) makeOwnFolder(dirname(path))
      // The file exists from the start, so its path is valid even if the attempt never writes.
      createNewFile(path)
    } catch (error) {
      // The attempt still runs (as a kubelet whose log disk is full): its output is what is lost.
      failed(error)
    }
    if (!pod) {
      pod = { order: this.podsSeen++, attempts: [] }
      this.pods.set(podName, pod)
    }

    const colour = this.settings.color === false ? undefined : pod.order
    const live =
      mode === 'stream' && this.gate
        ? { gate: this.gate, prefix: linePrefix(podName, containerName, colour), mask }
        : undefined
    const log = new ContainerLogFile(path, live, failed)
    pod.attempts.push({ containerName, attempt, log, printed: false })
    return log
  }

  podEnded(podName: string): Promise<void> {
    const pod = this.pods.get(podName)
    if (!pod) return Promise.resolve()
    if (this.settings.mode === 'group') this.printGroup(podName)
    this.pods.delete(podName)
    const ending = Promise.allSettled(pod.attempts.map(a => a.log.done))
    this.ending.add(ending)
    void ending.then(() => this.ending.delete(ending))
    // Group mode: printed once the group chain (which now holds this pod) has run.
    const groups = this.groups
    return this.settings.mode === 'group' ? groups : ending.then(() => undefined)
  }

  async close(): Promise<void> {
    const attempts = [...this.pods.values()].flatMap(pod => pod.attempts)
    await Promise.allSettled([...attempts.map(a => a.log.done), ...this.ending])
    // Pods that never ended (a cancelled run) still get their output shown.
    if (this.settings.mode === 'group') for (const podName of this.pods.keys()) this.printGroup(podName)
    await this.groups
    await this.gate?.flushed()
    this.gate?.detach()
    if (this.groupFailure !== undefined) throw this.groupFailure
  }

  private printGroup(podName: string): void {
    const gate = this.gate
    const attempts = this.pods.get(podName)?.attempts.filter(a => !a.printed) ?? []
    if (!gate || attempts.length === 0) return
    for (const a of attempts) a.printed = true
    const printed = attempts.map(a => ({
      containerName: a.containerName,
      attempt: a.attempt,
      path: a.log.path
    }))
    this.groups = this.groups
      .then(() => Promise.allSettled(attempts.map(a => a.log.done)))
      .then(() =>
        printPodGroup(gate, podName, printed, this.settings.mask, this.settings.workflowCommands !== false)
      )
      .catch((error: unknown) => {
        this.groupFailure ??= error
      })
  }
}
