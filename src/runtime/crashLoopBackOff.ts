/**
 * The kubelet's restart back-off for containers restarted in place (OnFailure, and sidecars): the
 * first restart happens at once, the next ones wait 10 s, 20 s, 40 s … up to 5 min, and a
 * container that ran for 10 min without failing starts over with an immediate restart
 * (flowcontrol.Backoff with initial 10 s, max 300 s, entries expiring after 2 × max). Every
 * duration scales with the base (backoff-base), so tests and short runs keep the shape.
 */
import type { ContainerExit } from './types.js'

/** Kubernetes' maximum (300 s) over its initial delay (10 s). */
const MAX_OVER_BASE = 30

/** The delay before a restart, after `steps` earlier back-offs of this container. */
export function crashLoopDelay(baseMs: number, steps: number): number {
  if (steps <= 0) return 0
  return Math.min(baseMs * 2 ** (steps - 1), MAX_OVER_BASE * baseMs)
}

/** A container that ran longer than twice the maximum delay has its back-off forgotten. */
export function crashLoopResets(baseMs: number, exit: ContainerExit): boolean {
  if (exit.startedAt === undefined) return false
  return exit.finishedAt - exit.startedAt > 2 * MAX_OVER_BASE * baseMs
}

/** The waiting message of a container in CrashLoopBackOff, as the kubelet words it. */
export function crashLoopMessage(
  delayMs: number,
  containerName: string,
  pod: { name: string; namespace: string; uid: string }
): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${containerName} pod=${pod.name}_${pod.namespace}(${pod.uid})`
}

/** Go's time.Duration String() for the delays that occur: `250ms`, `10s`, `1m20s`, `5m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = (ms % 60_000) / 1000
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}
