/**
 * One container attempt as a child process: exec'd directly in its own process group, its
 * stdout and stderr handed to the attempt's log, stopped with SIGTERM then SIGKILL, and
 * reported once its process has exited and its output is in the log. This module checks what
 * must hold before anything starts (a command, a working directory, an executable) and picks the
 * way to start it: the spawner (spawnedContainer.ts) or child_process (childProcessContainer.ts).
 *
 * A container is over when its main process exits; as in a pod, where the end of PID 1
 * takes down the container's PID namespace, whatever it left behind is killed at that moment
 * (processStopper.ts, outputHolders.ts).
 */
import type { ContainerCallbacks, ContainerLaunch } from '../types.js'
import { canBeWrittenByProcess } from '../../logs/containerLog.js'
import { attemptEnds } from './attemptEnds.js'
import { startWithChildProcess, type ProcessRequest } from './childProcessContainer.js'
import { buildContainerEnv, containerEnvEntries, containerPath } from './containerEnv.js'
import { checkWorkingDir, lookPath, resolveWorkingDir } from './lookPath.js'
import { nulByteFailure } from './nulBytes.js'
import type { OutputHolderHunt } from './outputHolders.js'
import { startThroughSpawner } from './spawnedContainer.js'
import type { Spawner } from './spawner.js'
import { runtimeStartMessage } from './startErrors.js'

export interface ProcessContainerSettings {
  workspace: string
  /** The runner's environment as pods may see it (filterRunnerEnv). */
  runnerEnv: Readonly<Record<string, string>>
  runId: string
  /** Starts processes that write their log file themselves, while it is usable (spawner.ts). */
  spawner?: Spawner
  /** Kills what a container's processes left holding its output, outside its group. */
  holders: OutputHolderHunt
}

export interface ProcessContainer {
  stop(graceMs: number): void
  /** Resolves when the main process has exited (or never started). */
  readonly exited: Promise<void>
  /** Resolves after onExit has been called. */
  readonly settled: Promise<void>
}

export function startProcessContainer(
  launch: ContainerLaunch,
  callbacks: ContainerCallbacks,
  settings: ProcessContainerSettings
): ProcessContainer {
  const ends = attemptEnds(launch, callbacks, settings.holders)
  const { exited, settled } = ends
  const failToStart = (message: string): ProcessContainer => {
    ends.failToStart(message)
    return { stop: () => undefined, exited, settled }
  }

  const command = launch.command
  if (!command || command.length === 0) return failToStart('no command specified')
  const cwd = resolveWorkingDir(settings.workspace, launch.container.workingDir)
  const cwdFailure = checkWorkingDir(cwd)
  if (cwdFailure) return failToStart(runtimeStartMessage(cwdFailure))
  const executable = lookPath(command[0], cwd, containerPath(settings.runnerEnv, launch.env))
  if (!executable.ok) return failToStart(runtimeStartMessage(executable.message))

  const request: ProcessRequest = {
    file: executable.path,
    argv: [command[0], ...command.slice(1), ...(launch.args ?? [])],
    cwd,
    baseEnv: settings.runnerEnv,
    env: containerEnvEntries(launch.env, settings.runId)
  }
  // Neither way of starting can carry a NUL byte: both fail alike, before either is tried.
  const unsendable = nulByteFailure(request)
  if (unsendable !== undefined) return failToStart(runtimeStartMessage(unsendable))
  const withChildProcess = (): Pick<ProcessContainer, 'stop'> => {
    const env = buildContainerEnv(settings.runnerEnv, launch.env, settings.runId)
    return startWithChildProcess(request, env, launch, callbacks, ends)
  }
  const spawner = settings.spawner
  // A helper still starting takes requests too (they wait in its pipe): a Job's first pods, often
  // its only one, then get the helper's cheap start and a log file written without Node.
  const log = launch.log
  if (spawner?.usable && canBeWrittenByProcess(log)) {
    const output = { ...request, output: log.path }
    const started = startThroughSpawner(spawner, output, log, callbacks, ends, withChildProcess)
    return { ...started, exited, settled }
  }
  return { ...withChildProcess(), exited, settled }
}
