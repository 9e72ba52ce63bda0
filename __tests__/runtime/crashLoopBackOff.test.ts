import { describe, expect, test } from '@jest/globals'
import {
  crashLoopDelay,
  crashLoopMessage,
  crashLoopResets,
  goDuration
} from '../../src/runtime/crashLoopBackOff.js'

describe('the kubelet crash-loop back-off', () => {
  test.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [5, 160_000],
    [6, 300_000],
    [40, 300_000]
  ])('after %i back-offs the next restart waits %i ms (base 10 s)', (steps, delay) => {
    expect(crashLoopDelay(10_000, steps)).toBe(delay)
  })

  test.each([
    ['ran 10 min exactly', 600_000, false],
    ['ran just over 10 min', 600_001, true],
    ['never started', undefined, false]
  ])('%s: reset = %s', (_case, ranMs, reset) => {
    const exit = {
      exitCode: 1,
      reason: 'Error',
      finishedAt: 1_000_000,
      ...(ranMs === undefined ? {} : { startedAt: 1_000_000 - ranMs })
    }
    expect(crashLoopResets(10_000, exit)).toBe(reset)
  })

  test.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s']
  ])('Go duration of %i ms: %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text)
  })

  test('the waiting message', () => {
    expect(crashLoopMessage(40_000, 'c', { name: 'pi-abcde', namespace: 'default', uid: 'u-1' })).toBe(
      'back-off 40s restarting failed container=c pod=pi-abcde_default(u-1)'
    )
  })
})
