/**
 * Time is injected everywhere below the adapters so that the controller and the kubelet
 * can be driven through minutes of backoff in virtual time (see __tests__/support/virtualClock.ts).
 */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimer(delayMs: number, callback: () => void): TimerHandle
  clearTimer(handle: TimerHandle): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) => setTimeout(callback, Math.max(0, delayMs)),
  clearTimer: handle => clearTimeout(handle as ReturnType<typeof setTimeout>)
}
