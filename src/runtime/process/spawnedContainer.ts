/**
 * A process container started through the spawner (spawner.ts): the process writes its log file
 * itself, so the attempt ends when its main process does, and whatever it left holding that file is
 * hunted down in the next scan (outputHolders.ts). The pid is known only once the spawner has
 * answered: a stop asked for before then is carried out at that moment, with what is left of its
 * grace period. A spawner that turns out unusable hands the attempt to child_process.
 */
import type { WrittenByProcess } from '../../logs/containerLog.js'
import type { ContainerCallbacks } from '../types.js'
import { endAttempt, type AttemptEnds } from './attemptEnds.js'
import { processStopper, type ProcessStopper } from './processStopper.js'
import type { SpawnFailureStage, SpawnRequest, Spawner } from './spawner.js'
import { chdirFailed, errnoText, execError, runtimeStartMessage } from './startErrors.js'

type Stoppable = Pick<ProcessStopper, 'stop'>

export function startThroughSpawner(
  spawner: Spawner,
  request: SpawnRequest,
  log: WrittenByProcess,
  callbacks: ContainerCallbacks,
  ends: AttemptEnds,
  withChildProcess: () => Stoppable
): Stoppable {
  let markEnded: () => void = () => undefined
  const ended = new Promise<void>(resolve => (markEnded = resolve))
  let logged = ended
  let fallback: Stoppable | undefined
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
    failed: (code, stage, reason) => {
      over = true
      markEnded()
      ends.failToStart(spawnFailure(request, log, stage, reason ?? errnoText({ code })))
    },
    exited: (code, signal) => {
      over = true
      markEnded()
      ends.holders.ended(log.path)
      endAttempt(ends, stopper, logged, startedAt, code, signal)
    }
  })
  return {
    stop: graceMs => {
      if (over) return
      if (fallback) return fallback.stop(graceMs)
      if (stopper) return stopper.stop(graceMs)
      stopDeadline = Math.min(stopDeadline, Date.now() + Math.max(0, graceMs))
    }
  }
}

/** The message of a start the spawner could not make, by the step that failed. */
function spawnFailure(
  request: SpawnRequest,
  log: WrittenByProcess,
  stage: SpawnFailureStage,
  cause: string
): string {
  // The request could not be carried out as sent: the cause is the spawner's reason.
  if (stage === 'request') return runtimeStartMessage(cause)
  if (stage === 'chdir') return runtimeStartMessage(chdirFailed(request.cwd, cause))
  if (stage === 'spawn') return runtimeStartMessage(execError(request.argv[0], cause))
  return `open ${log.path}: ${cause}`
}
