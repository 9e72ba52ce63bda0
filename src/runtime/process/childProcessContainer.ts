/**
 * A process container started with Node's child_process, where the spawner cannot be used: its
 * stdout and stderr come through pipes into the attempt's log, and the attempt ends once its main
 * process has exited and those pipes have ended. A descendant that left the group and still holds
 * a pipe would keep it open for ever: it is hunted down (outputHolders.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import type { ContainerCallbacks, ContainerLaunch } from '../types.js'
import { attachQuietly, endAttempt, type AttemptEnds } from './attemptEnds.js'
import { readDescriptorLink } from './markedProcesses.js'
import { processStopper, type ProcessStopper } from './processStopper.js'
import type { SpawnRequest } from './spawner.js'
import { errnoText, execError, runtimeStartMessage } from './startErrors.js'

/** A process to start: the spawner's request, whose output is a file only the spawner takes. */
export type ProcessRequest = Omit<SpawnRequest, 'output'>

export function startWithChildProcess(
  request: ProcessRequest,
  env: NodeJS.ProcessEnv,
  launch: ContainerLaunch,
  callbacks: ContainerCallbacks,
  ends: AttemptEnds
): Pick<ProcessStopper, 'stop'> {
  const [argv0, ...args] = request.argv
  const notStarted = { stop: () => undefined }
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
    ends.failToStart(runtimeStartMessage(execError(argv0, errnoText(error))))
    return notStarted
  }
  const pid = child.pid
  if (pid === undefined) {
    // The file changed between lookup and exec; spawn reports it asynchronously.
    child.once('error', error => ends.failToStart(runtimeStartMessage(execError(argv0, errnoText(error)))))
    return notStarted
  }
  // Later errors would only concern signals we send with process.kill, never through child.
  child.on('error', () => undefined)

  const startedAt = Date.now()
  const outputLinks = descriptorLinks(pid)
  const logged = attachQuietly(launch, [child.stdout as Readable, child.stderr as Readable])
  child.once('spawn', () => callbacks.onStart(startedAt))
  const stopper = processStopper(pid)
  child.once('exit', (code, signal) => {
    ends.holders.untilReleased(outputLinks, logged)
    endAttempt(ends, stopper, logged, startedAt, code, signal)
  })
  return { stop: stopper.stop }
}

/** What the process's stdout and stderr point at, to find escaped holders if the output never ends. */
function descriptorLinks(pid: number): Set<string> {
  return new Set(
    [readDescriptorLink(pid, 1), readDescriptorLink(pid, 2)].filter(
      (link): link is string => link !== undefined
    )
  )
}
