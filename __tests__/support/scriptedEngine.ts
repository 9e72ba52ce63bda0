/**
 * An engine for virtual-time tests: each container attempt "runs" for a scripted time on the
 * VirtualClock and exits with a scripted code; stop() behaves like SIGTERM (exit 143 at once) or,
 * for a TERM-ignoring container, SIGKILL at the end of the grace period (137).
 */
import type { TimerHandle } from '../../src/clock.js'
import type { LogManager } from '../../src/logs/logManager.js'
import type { ContainerEngine, ContainerLaunch } from '../../src/runtime/types.js'
import type { VirtualClock } from './virtualClock.js'

export interface ScriptedAttempt {
  exitCode: number
  /** How long the attempt runs; Infinity: until stopped. */
  durationMs: number
  ignoresSigterm?: boolean
  /** The terminated state's reason and message (a start error, OOMKilled); default Completed / Error. */
  reason?: string
  message?: string
}

export type Script = (launch: ContainerLaunch) => ScriptedAttempt

export interface ScriptedEngine extends ContainerEngine {
  running: number
  maxRunning: number
  launches: ContainerLaunch[]
}

export function scriptedEngine(clock: VirtualClock, script: Script): ScriptedEngine {
  const engine: ScriptedEngine = {
    name: 'process',
    running: 0,
    maxRunning: 0,
    launches: [],
    startContainer(launch, callbacks) {
      engine.launches.push(launch)
      const attempt = script(launch)
      let startedAt = 0
      let exitTimer: TimerHandle | undefined
      let done = false
      const exit = (exitCode: number, signal?: number): void => {
        if (done) return
        done = true
        if (exitTimer) clock.clearTimer(exitTimer)
        engine.running--
        const own: Partial<ScriptedAttempt> = signal === undefined ? attempt : {}
        const reason = own.reason ?? (exitCode === 0 ? 'Completed' : 'Error')
        callbacks.onExit({
          exitCode,
          signal,
          reason,
          message: own.message,
          startedAt,
          finishedAt: clock.now()
        })
      }
      clock.setTimer(0, () => {
        if (done) return
        startedAt = clock.now()
        engine.running++
        engine.maxRunning = Math.max(engine.maxRunning, engine.running)
        callbacks.onStart(startedAt)
        if (Number.isFinite(attempt.durationMs))
          exitTimer = clock.setTimer(attempt.durationMs, () => exit(attempt.exitCode))
      })
      return {
        stop(graceMs) {
          if (done) return
          if (!attempt.ignoresSigterm) {
            clock.setTimer(0, () => exit(143, 15))
            return
          }
          clock.setTimer(graceMs, () => exit(137, 9))
        }
      }
    },
    async shutdown() {}
  }
  return engine
}

/** Log files are not the subject of virtual-time tests: attempts get a path and no output. */
export function virtualLogs(): LogManager {
  return {
    open: (pod, container, attempt) => ({
      path: `/virtual/${pod}/${container}${attempt ? `.${attempt}` : ''}.log`,
      attach: async () => {}
    }),
    podEnded: () => {},
    close: async () => {}
  }
}
