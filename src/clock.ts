/**
 * Time is injected everywhere below the adapters so that the controller and the kubelet
 * can be driven through minutes of backoff in virtual time (see __tests__/support/virtualClock.ts).
 */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout> | SoonHandle

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimer(delayMs: number, callback: () => void): TimerHandle
  clearTimer(handle: TimerHandle): void
}

/**
 * A 0 ms timer of the system clock: setImmediate, which runs once the events at hand are handled,
 * where setTimeout(0) waits for the next timers phase, at least 1 ms — as long again as a short
 * pod takes, for every sync a pod's end asks for.
 */
class SoonHandle {
  constructor(readonly immediate: ReturnType<typeof setImmediate>) {}
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) =>
    delayMs <= 0 ? new SoonHandle(setImmediate(callback)) : setTimeout(callback, delayMs),
  clearTimer: handle => {
    if (handle instanceof SoonHandle) clearImmediate(handle.immediate)
    else clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
}
