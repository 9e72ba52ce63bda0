/**
 * One container attempt as a child process: exec'd directly in its own process group, its
 * stdout and stderr handed to the attempt's log, stopped with SIGTERM then SIGKILL, and
 * reported once its process has exited and its output is in the log.
 *
 * A container is over when its main process exits; as in a pod, where the end of PID 1
 * takes down the container's PID namespace, whatever it left behind is killed at that moment.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { constants as osConstants } from 'node:os'
import { Readable } from 'node:stream'
import type { ContainerCallbacks, ContainerExit, ContainerLaunch } from '../types.js'
import { canBeWrittenByProcess, type WrittenByProcess } from '../../logs/containerLog.js'
import { buildContainerEnv, containerEnvEntries, containerPath } from './containerEnv.js'
import { checkWorkingDir, lookPath, resolveWorkingDir } from './lookPath.js'
import { findHoldersOf, readDescriptorLink } from './markedProcesses.js'
import {
  readProcessTable,
  selectContainerProcesses,
  sendSignal,
  signalGroup,
  signalIfStillThere,
  type ProcessEntry
} from './processTree.js'
import type { LeftoverHunt } from './leftoverHunt.js'
import type { SpawnRequest, Spawner } from './spawner.js'
import {
  chdirFailed,
  errnoText,
  execError,
  runtimeStartMessage,
  START_ERROR_EXIT_CODE,
  START_ERROR_REASON
} from './startErrors.js'

/** A process to start: the spawner's request, whose output is a file only the spawner takes. */
type ProcessRequest = Omit<SpawnRequest, 'output'>

/** A log written by the process itself has no pipe that escaped holders could keep open. */
const NO_LINKS: ReadonlySet<string> = new Set()

export interface ProcessContainerSettings {
  workspace: string
  /** The runner's environment as pods may see it (filterRunnerEnv). */
  runnerEnv: Readonly<Record<string, string>>
  runId: string
  /** Starts processes that write their log file themselves, while it is usable (spawner.ts). */
  spawner?: Spawner
  /** Kills what such a process left behind outside its group (with the spawner). */
  leftovers?: LeftoverHunt
}

export interface ProcessContainer {
  stop(graceMs: number): void
  /** Resolves when the main process has exited (or never started). */
  readonly exited: Promise<void>
  /** Resolves after onExit has been called. */
  readonly settled: Promise<void>
}

/** After the main process exits, how long its output may take to end before we look for holders. */
const FIRST_HOLDER_CHECK_MS = 50
const MAX_HOLDER_CHECK_INTERVAL_MS = 2000

export function startProcessContainer(
  launch: ContainerLaunch,
  callbacks: ContainerCallbacks,
  settings: ProcessContainerSettings
): ProcessContainer {
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

  const failToStart = (message: string): ProcessContainer => {
    markExited()
    // An attempt that never ran still has its (empty) log, as on a cluster.
    attachQuietly(launch, [noOutput(), noOutput()]).then(() =>
      report({
        exitCode: START_ERROR_EXIT_CODE,
        reason: START_ERROR_REASON,
        message,
        finishedAt: Date.now()
      })
    )
    return { stop: () => undefined, exited, settled }
  }

  const command = launch.command
  if (!command || command.length === 0) return failToStart('no command specified')
  const cwd = resolveWorkingDir(settings.workspace, launch.container.workingDir)
  const cwdFailure = checkWorkingDir(cwd)
  if (cwdFailure) return failToStart(runtimeStartMessage(cwdFailure))
  const executable = lookPath(command[0], cwd, containerPath(settings.runnerEnv, launch.env))
  if (!executable.ok) return failToStart(runtimeStartMessage(executable.message))

  const ends: AttemptEnds = {
    exited,
    settled,
    markExited,
    report,
    failToStart,
    runId: settings.runId,
    leftovers: settings.leftovers
  }
  const request: ProcessRequest = {
    file: executable.path,
    argv: [command[0], ...command.slice(1), ...(launch.args ?? [])],
    cwd,
    baseEnv: settings.runnerEnv,
    env: containerEnvEntries(launch.env, settings.runId)
  }
  const withChildProcess = (): Pick<ProcessContainer, 'stop'> =>
    startWithChildProcess(request, launch, callbacks, ends, settings)
  const spawner = settings.spawner
  // A helper still starting takes requests too (they wait in its pipe): a Job's first pods, often
  // its only one, then get the helper's cheap start and a log file written without Node.
  const log = launch.log
  if (spawner?.usable && canBeWrittenByProcess(log))
    return startThroughSpawner(
      spawner,
      { ...request, output: log.path },
      log,
      callbacks,
      ends,
      withChildProcess
    )
  return { ...withChildProcess(), exited, settled }
}

/** Node's child_process: where the spawner cannot be used. */
function startWithChildProcess(
  request: ProcessRequest,
  launch: ContainerLaunch,
  callbacks: ContainerCallbacks,
  ends: AttemptEnds,
  settings: ProcessContainerSettings
): Pick<ProcessContainer, 'stop'> {
  const [argv0, ...args] = request.argv
  const env = buildContainerEnv(settings.runnerEnv, launch.env, settings.runId)
  let child: ChildProcess
  try {
    child = spawn(request.file, args, {
      argv0,
      cwd: request.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
  } catch (error) {
    return ends.failToStart(runtimeStartMessage(execError(argv0, errnoText(error))))
  }
  const pid = child.pid
  if (pid === undefined) {
    // The file changed between lookup and exec; spawn reports it asynchronously.
    child.once('error', error => ends.failToStart(runtimeStartMessage(execError(argv0, errnoText(error)))))
    return { stop: () => undefined }
  }
  // Later errors would only concern signals we send with process.kill, never through child.
  child.on('error', () => undefined)

  const startedAt = Date.now()
  const outputLinks = descriptorLinks(pid)
  const logged = attachQuietly(launch, [child.stdout as Readable, child.stderr as Readable])
  child.once('spawn', () => callbacks.onStart(startedAt))

  const stopper = processStopper(pid)

  child.once('exit', (code, signal) =>
    endAttempt(ends, stopper, outputLinks, logged, startedAt, code, signal)
  )

  return { stop: stopper.stop }
}

interface AttemptEnds extends Pick<ProcessContainer, 'exited' | 'settled'> {
  markExited(): void
  report(exit: ContainerExit): void
  /** The attempt never ran: its empty log, then a StartError with this message. */
  failToStart(message: string): ProcessContainer
  runId: string
  leftovers?: LeftoverHunt
}

/**
 * Through the spawner (spawner.ts): the process writes its log file itself, so the attempt ends when
 * its main process does. The pid is known only once the spawner has answered: a stop asked for
 * before then is carried out at that moment, with what is left of its grace period.
 */
function startThroughSpawner(
  spawner: Spawner,
  request: SpawnRequest,
  log: WrittenByProcess,
  callbacks: ContainerCallbacks,
  ends: AttemptEnds,
  withChildProcess: () => Pick<ProcessContainer, 'stop'>
): ProcessContainer {
  let markEnded: () => void = () => undefined
  const ended = new Promise<void>(resolve => (markEnded = resolve))
  let logged = ended
  let fallback: Pick<ProcessContainer, 'stop'> | undefined
  let stopper: ProcessStopper | undefined
  let stopDeadline = Infinity
  let over = false
  let startedAt = 0
  spawner.spawn(request, {
    spawned: pid => {
      logged = log.attachWritten(ended)
      startedAt = Date.now()
      stopper = processStopper(pid, spawner.killsGroupAtExit)
      callbacks.onStart(startedAt)
      if (stopDeadline !== Infinity) stopper.stop(stopDeadline - Date.now())
    },
    unavailable: () => {
      fallback = withChildProcess()
      if (stopDeadline !== Infinity) fallback.stop(stopDeadline - Date.now())
    },
    failed: (code, stage) => {
      over = true
      markEnded()
      const cause = errnoText({ code })
      ends.failToStart(
        stage === 'chdir'
          ? runtimeStartMessage(chdirFailed(request.cwd, cause))
          : stage === 'spawn'
            ? runtimeStartMessage(execError(request.argv[0], cause))
            : `open ${log.path}: ${cause}`
      )
    },
    exited: (code, signal) => {
      over = true
      markEnded()
      ends.leftovers?.ended(log.path)
      endAttempt(ends, stopper, NO_LINKS, logged, startedAt, code, signal)
    }
  })
  return {
    stop: graceMs => {
      if (over) return
      if (fallback) return fallback.stop(graceMs)
      if (stopper) return stopper.stop(graceMs)
      stopDeadline = Math.min(stopDeadline, Date.now() + Math.max(0, graceMs))
    },
    exited: ends.exited,
    settled: ends.settled
  }
}

/**
 * The main process has exited: what is left of the container is killed, and the exit is reported
 * once its output has ended (holders of that output that escaped the container are hunted down).
 */
function endAttempt(
  ends: AttemptEnds,
  stopper: ProcessStopper | undefined,
  outputLinks: ReadonlySet<string>,
  logged: Promise<void>,
  startedAt: number,
  code: number | null,
  signal: NodeJS.Signals | null
): void {
  const finishedAt = Date.now()
  ends.markExited()
  stopper?.mainExited()
  const stopHunting = huntOutputHolders(outputLinks, ends.runId)
  void logged.then(() => {
    stopHunting()
    ends.report(exitOf(code, signal, startedAt, finishedAt))
  })
}

/** What the process's stdout and stderr point at, to find escaped holders if the output never ends. */
function descriptorLinks(pid: number): Set<string> {
  return new Set(
    [readDescriptorLink(pid, 1), readDescriptorLink(pid, 2)].filter(
      (link): link is string => link !== undefined
    )
  )
}

interface ProcessStopper {
  /** SIGTERM to every process of the container now (the first time), SIGKILL after graceMs. */
  stop(graceMs: number): void
  /** The main process has exited: whatever is left of the container is killed. */
  mainExited(): void
}

/** groupKilledAtExit: whoever reaped the main process killed its group first (the spawner does). */
function processStopper(pid: number, groupKilledAtExit = false): ProcessStopper {
  let mainExited = false
  let killTimer: ReturnType<typeof setTimeout> | undefined
  let killDeadline = Infinity
  /**
   * The container's processes as found when it was stopped, group members included: one may
   * leave the group (setsid) between the look and the kill.
   */
  let tracked: ProcessEntry[] = []

  const findContainerProcesses = (): ProcessEntry[] =>
    selectContainerProcesses(readProcessTable(), pid, [pid, ...tracked.map(entry => entry.pid)])

  const killAll = (): void => {
    if (killTimer) clearTimeout(killTimer)
    killTimer = undefined
    // Once the main process is reaped its id is free: the group may be a new container's.
    if (!(mainExited && groupKilledAtExit)) signalGroup(pid, 'SIGKILL')
    // Once stopped, look again: the tree may have grown or moved since stop() looked.
    if (tracked.length === 0 && mainExited) return
    tracked = mergeByPid(tracked, findContainerProcesses())
    for (const entry of tracked) if (entry.pid !== pid) signalIfStillThere(entry, 'SIGKILL')
  }

  const stop = (graceMs: number): void => {
    if (mainExited) return
    const deadline = Date.now() + Math.max(0, graceMs)
    if (killDeadline === Infinity) {
      tracked = findContainerProcesses()
      signalGroup(pid, 'SIGTERM')
      for (const entry of tracked) if (entry.pgid !== pid) sendSignal(entry.pid, 'SIGTERM')
    }
    if (deadline >= killDeadline) return
    killDeadline = deadline
    if (killTimer) clearTimeout(killTimer)
    if (graceMs <= 0) killAll()
    else killTimer = setTimeout(killAll, graceMs)
  }

  return {
    stop,
    mainExited: () => {
      mainExited = true
      killAll()
    }
  }
}

function mergeByPid(known: ProcessEntry[], found: ProcessEntry[]): ProcessEntry[] {
  const merged = new Map(known.map(entry => [entry.pid, entry]))
  for (const entry of found) merged.set(entry.pid, entry)
  return [...merged.values()]
}

function noOutput(): Readable {
  return new Readable({
    read() {
      this.push(null)
    }
  })
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
function attachQuietly(launch: ContainerLaunch, streams: Readable[]): Promise<void> {
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

/**
 * The main process is gone and its group killed, yet its output may stay open because a
 * descendant that left the group still holds it; such a process belongs to the container and
 * dies with it. Checks with growing pauses until the output ends.
 */
function huntOutputHolders(links: ReadonlySet<string>, runId: string): () => void {
  // A process that writes its log file itself leaves no output to hold open.
  if (links.size === 0) return () => undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let pause = FIRST_HOLDER_CHECK_MS
  const check = (): void => {
    for (const holder of findHoldersOf(links, runId)) sendSignal(holder, 'SIGKILL')
    pause = Math.min(pause * 2, MAX_HOLDER_CHECK_INTERVAL_MS)
    timer = setTimeout(check, pause)
  }
  timer = setTimeout(check, pause)
  return () => clearTimeout(timer)
}
