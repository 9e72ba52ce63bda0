/**
 * A Clock whose time only moves when the test says so: timers fire in time order (ties in the
 * order they were set), so minutes of backoff run in microseconds. The conformance harness uses it
 * too: there a timer may be set on lane 0 (the scripted world: container exits, evictions) so that
 * everything the world does at one instant happens before the runner's sync, as the oracle plays it.
 */
import type { Clock, TimerHandle } from '../../src/clock.js'

interface Timer {
  id: number
  at: number
  /** Within one instant, lane 0 (the scripted world: container exits, evictions, actions) fires first. */
  lane: number
  seq: number
  callback: () => void
}

export class VirtualClock implements Clock {
  private time: number
  private seq = 0
  private heap: Timer[] = []
  private cancelled = new Set<number>()

  constructor(start = Date.UTC(2026, 3, 16, 10, 36, 28)) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimer(delayMs: number, callback: () => void, lane = 1): TimerHandle {
    const at = this.time + Math.max(0, delayMs)
    const timer: Timer = { id: ++this.seq, at, lane, seq: this.seq, callback }
    this.push(timer)
    return { id: timer.id }
  }

  clearTimer(handle: TimerHandle): void {
    this.cancelled.add((handle as { id: number }).id)
  }

  /** Timers still to fire (cancelled ones not counted). */
  get pending(): number {
    return this.heap.length - this.cancelled.size
  }

  /** Fire timers in order until none is left (or the step limit is hit). Returns the steps taken. */
  runAll(maxSteps = 10_000_000): number {
    let steps = 0
    while (this.heap.length > 0 && steps < maxSteps) {
      const timer = this.pop()
      if (this.cancelled.delete(timer.id)) continue
      this.time = Math.max(this.time, timer.at)
      timer.callback()
      steps++
    }
    return steps
  }

  /** Fire timers in order until none is left, the next is after `limit`, or `done()` says so. */
  runUntil(limit: number, done: () => boolean): void {
    while (this.heap.length > 0 && !done()) {
      if (this.heap[0].at > limit) return
      const timer = this.pop()
      if (this.cancelled.delete(timer.id)) continue
      this.time = Math.max(this.time, timer.at)
      timer.callback()
    }
  }

  /** Fire the timers due within the next ms milliseconds and move time there. */
  advance(ms: number): void {
    const until = this.time + ms
    while (this.heap.length > 0 && this.heap[0].at <= until) {
      const timer = this.pop()
      if (this.cancelled.delete(timer.id)) continue
      this.time = Math.max(this.time, timer.at)
      timer.callback()
    }
    this.time = until
  }

  private less(a: Timer, b: Timer): boolean {
    if (a.at !== b.at) return a.at < b.at
    return a.lane < b.lane || (a.lane === b.lane && a.seq < b.seq)
  }

  private push(timer: Timer): void {
    const heap = this.heap
    heap.push(timer)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  private pop(): Timer {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop() as Timer
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && this.less(heap[l], heap[m])) m = l
        if (r < heap.length && this.less(heap[r], heap[m])) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m], heap[i]]
        i = m
      }
    }
    return top
  }
}
