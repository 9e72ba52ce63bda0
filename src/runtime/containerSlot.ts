/**
 * One container of a pod on the node, as the kubelet's pod worker (kubelet.ts) keeps it: its kind
 * (init, sidecar, main), its status as the API shows it, and the start of one attempt — its
 * environment resolved (environment.ts), its log opened, the engine asked to run it — with the
 * status changes its start and its exit make — and the events the kubelet records for them
 * (podEvents.ts).
 */
import type { Clock, TimerHandle } from '../clock.js'
import type { ContainerStatusRecord, PodRecord, TerminatedState } from '../api/podRecord.js'
import type { Container, PodSpec } from '../api/model.js'
import type { LogManager } from '../logs/logManager.js'
import { ContainerConfigError, resolveContainer, type ConfigLookup } from './environment.js'
import { containerEvent, startFailureEvents, waitingEvents } from './podEvents.js'
import type { ContainerEngine, ContainerExit, PodIdentity, RunningContainer } from './types.js'

export type ContainerKind = 'init' | 'sidecar' | 'main'

export interface ContainerSlot {
  /** The pod it belongs to: its events are recorded there. */
  pod: PodRecord
  container: Container
  kind: ContainerKind
  status: ContainerStatusRecord
  /** The attempt in progress, from launch until its exit is reported. */
  running?: RunningContainer
  attemptInProgress: boolean
  restartTimer?: TimerHandle
  /** Set once the slot will never run again. */
  settled: boolean
  /** We asked it to stop: its exit ends it rather than restarting it. */
  stopRequested: boolean
  /** A sidecar counts as started (and the next init container may start) once it has run once. */
  everStarted: boolean
  /** Consecutive crash-loop back-offs (the kubelet's per-container back-off entry). */
  backOffSteps: number
}

/** The pod's init containers (sidecars among them) and main containers, in order. */
export function podSlots(pod: PodRecord, spec: PodSpec): { init: ContainerSlot[]; main: ContainerSlot[] } {
  const slot = (container: Container, kind: ContainerKind, status: ContainerStatusRecord): ContainerSlot => ({
    pod,
    container,
    kind,
    status,
    attemptInProgress: false,
    settled: false,
    stopRequested: false,
    everStarted: false,
    backOffSteps: 0
  })
  return {
    init: (spec.initContainers ?? []).map((container, i) =>
      slot(container, container.restartPolicy === 'Always' ? 'sidecar' : 'init', pod.initContainerStatuses[i])
    ),
    main: spec.containers.map((container, i) => slot(container, 'main', pod.containerStatuses[i]))
  }
}

/** What starting an attempt needs of the pod and the node. */
export interface AttemptContext {
  identity: PodIdentity
  spec: PodSpec
  engine: ContainerEngine
  logs: LogManager
  lookup: ConfigLookup
  onSecret?(value: string): void
  /** The kubelet's clock, for the events of what happens before the engine reports a time. */
  clock: Clock
}

export interface AttemptHandlers {
  started(at: number): void
  exited(exit: ContainerExit): void
  /** The environment cannot be built (a missing ConfigMap, Secret or key): nothing was started. */
  configFailed(message: string): void
}

/**
 * Starts the slot's next attempt. Returns the running attempt, or undefined when it never started
 * (configFailed was called) or already ended (exited was called).
 */
export function launchAttempt(
  slot: ContainerSlot,
  context: AttemptContext,
  handlers: AttemptHandlers
): RunningContainer | undefined {
  let resolved
  try {
    resolved = resolveContainer(context.identity, slot.container, context.lookup)
  } catch (error) {
    if (!(error instanceof ContainerConfigError)) throw error
    containerEvent(slot, 'Failed', context.clock.now(), `Error: ${error.message}`)
    handlers.configFailed(error.message)
    return undefined
  }
  for (const value of resolved.secretValues) context.onSecret?.(value)
  const status = slot.status
  const attempt = status.logs.length
  if (attempt > 0) keepLastState(status)
  const log = context.logs.open(context.identity.podName, slot.container.name, attempt)
  // concat, not push: a pushed-to empty array reserves 17 slots, for every pod a Job ever had.
  status.logs = status.logs.concat(log.path)
  status.state = 'waiting'
  status.waitingReason = 'ContainerCreating'
  status.waitingMessage = undefined
  slot.attemptInProgress = true
  let exited = false
  const running = context.engine.startContainer(
    {
      pod: context.identity,
      container: slot.container,
      podSpec: context.spec,
      command: resolved.command,
      args: resolved.args,
      env: resolved.env,
      attempt,
      log
    },
    {
      onStart: at => {
        if (!exited) handlers.started(at)
      },
      onWaiting: (reason, message) => {
        status.waitingReason = reason
        status.waitingMessage = message
        waitingEvents(slot, reason, message, context.clock.now())
      },
      onExit: exit => {
        if (exited) return
        exited = true
        handlers.exited(exit)
      }
    }
  )
  // An engine may report the exit before startContainer returns.
  return exited ? undefined : running
}

/** The attempt runs. Returns whether it is the slot's first start. */
export function recordStart(slot: ContainerSlot, at: number): boolean {
  const status = slot.status
  status.state = 'running'
  status.waitingReason = undefined
  status.waitingMessage = undefined
  status.startedAt = at
  status.ready = slot.kind !== 'init'
  // Created is implied by Started (api/podEvent.ts): one event stored per start, not two.
  containerEvent(slot, 'Started', at)
  const firstStart = !slot.everStarted
  slot.everStarted = true
  return firstStart
}

/** The attempt is over: its terminated state. */
export function recordExit(slot: ContainerSlot, exit: ContainerExit): void {
  slot.running = undefined
  slot.attemptInProgress = false
  const status = slot.status
  // Still waiting: the attempt never ran, and the kubelet says why.
  if (status.state === 'waiting' && status.waitingReason === 'ContainerCreating')
    startFailureEvents(slot, exit)
  status.state = 'terminated'
  status.waitingReason = undefined
  status.waitingMessage = undefined
  status.exitCode = exit.exitCode
  status.signal = exit.signal
  status.reason = exit.reason
  status.message = exit.message
  status.startedAt = exit.startedAt ?? status.startedAt
  status.finishedAt = exit.finishedAt
  status.ready = false
}

/**
 * The attempt that just ended becomes lastState once the container restarts or waits to (the
 * kubelet's lastTerminationState); called again for the same attempt, it keeps the same values.
 */
export function keepLastState(status: ContainerStatusRecord): void {
  if (status.finishedAt === undefined) return
  const last: TerminatedState = { exitCode: status.exitCode ?? 0 }
  if (status.signal !== undefined) last.signal = status.signal
  if (status.reason !== undefined) last.reason = status.reason
  if (status.message !== undefined) last.message = status.message
  if (status.startedAt !== undefined) last.startedAt = status.startedAt
  last.finishedAt = status.finishedAt
  status.lastState = last
}

/** The crash-loop wait before a restart: the exit just seen is the last state, and BackOff is recorded. */
export function enterBackOff(slot: ContainerSlot, message: string, at: number): void {
  const status = slot.status
  keepLastState(status)
  status.state = 'waiting'
  status.waitingReason = 'CrashLoopBackOff'
  status.waitingMessage = message
  containerEvent(slot, 'BackOff', at)
}

/** SIGTERM now and SIGKILL after graceMs; the first request to stop a live attempt is its Killing event. */
export function stopAttempt(slot: ContainerSlot, graceMs: number, at: number): void {
  if (!slot.stopRequested && slot.attemptInProgress) containerEvent(slot, 'Killing', at)
  slot.stopRequested = true
  slot.running?.stop(graceMs)
}
