/**
 * The kubelet's pod lifecycle in virtual time: init containers, sidecars, restarts in place with the
 * crash-loop delay, deadlines and graceful termination. The engine is a scripted stand-in whose
 * containers run for a scripted time (the real process engine is tested in runtime/process and
 * the whole pipeline with real processes in integration/pod*.test.ts).
 */
import { describe, expect, test } from '@jest/globals'
import type { PodRecord } from '../../src/api/podRecord.js'
import { newPodFromTemplate } from '../../src/controller/podTemplate.js'
import { Kubelet } from '../../src/runtime/kubelet.js'
import type { ContainerEngine, ContainerLaunch } from '../../src/runtime/types.js'
import type { Container, PodSpec } from '../../src/api/model.js'
import { setJobDefaults } from '../../src/api/defaults.js'
import { virtualLogs } from '../support/scriptedEngine.js'
import { VirtualClock } from '../support/virtualClock.js'

const SECOND = 1000

/** How one attempt of a container behaves: exit code after a time, or run until stopped. */
interface Behaviour {
  exitCode?: number
  runsMs?: number
  ignoresSigterm?: boolean
  /** SIGTERM handled: exits 0 after this long. */
  exitsAfterTermMs?: number
  /** Never runs: StartError. */
  failsToStart?: boolean
}

type Script = (container: string, attempt: number) => Behaviour

interface Recorded {
  pod: PodRecord
  /** `<seconds> <event> <container>[#attempt] [detail]`, in time order. */
  timeline: string[]
  launches: ContainerLaunch[]
  clock: VirtualClock
  kubelet: Kubelet
  finished: boolean
}

function scriptedEngine(
  clock: VirtualClock,
  script: Script,
  note: (line: string) => void
): ContainerEngine & { launches: ContainerLaunch[] } {
  const launches: ContainerLaunch[] = []
  return {
    name: 'process',
    launches,
    startContainer(launch, callbacks) {
      launches.push(launch)
      const name = `${launch.container.name}#${launch.attempt}`
      const behaviour = script(launch.container.name, launch.attempt)
      let done = false
      let startedAt: number | undefined
      const exit = (
        exitCode: number,
        signal?: number,
        reason = exitCode === 0 ? 'Completed' : 'Error'
      ): void => {
        if (done) return
        done = true
        note(`exit ${name} ${exitCode}`)
        callbacks.onExit({
          exitCode,
          ...(signal ? { signal } : {}),
          reason,
          ...(startedAt !== undefined ? { startedAt } : {}),
          finishedAt: clock.now()
        })
      }
      clock.setTimer(0, () => {
        if (behaviour.failsToStart) return exit(128, undefined, 'StartError')
        const at = (startedAt = clock.now())
        note(`start ${name}`)
        callbacks.onStart(at)
        if (behaviour.runsMs !== undefined)
          clock.setTimer(behaviour.runsMs, () => exit(behaviour.exitCode ?? 0))
      })
      let termed = false
      return {
        stop(graceMs) {
          if (done) return
          note(`stop ${name} grace=${graceMs / SECOND}`)
          if (!termed && !behaviour.ignoresSigterm) {
            termed = true
            const after = behaviour.exitsAfterTermMs
            if (after === undefined) clock.setTimer(0, () => exit(143, 15))
            else clock.setTimer(after, () => exit(0))
          }
          clock.setTimer(graceMs, () => exit(137, 9))
        }
      }
    },
    async shutdown() {}
  }
}

function container(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox', command: ['true'], ...extra }
}

function runPod(
  spec: Partial<PodSpec>,
  script: Script,
  options: { crashLoopBaseMs?: number; until?: number } = {}
): Recorded {
  const clock = new VirtualClock()
  const start = clock.now()
  const timeline: string[] = []
  const note = (line: string): void => {
    timeline.push(`${(clock.now() - start) / SECOND} ${line}`)
  }
  const engine = scriptedEngine(clock, script, note)
  const podSpec: PodSpec = { restartPolicy: 'Never', containers: [container('main')], ...spec }
  const { job } = setJobDefaults({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'demo', namespace: 'default', uid: 'job-uid' },
    spec: { template: { spec: podSpec } },
    status: {}
  })
  const pod = newPodFromTemplate(job, {
    index: null,
    failureCount: 0,
    ignoredFailureCount: 0,
    now: start,
    uid: 'pod-uid',
    randomSuffix: () => 'abcde',
    takenNames: new Set()
  })
  const recorded: Recorded = {
    pod,
    timeline,
    launches: engine.launches,
    clock,
    kubelet: undefined as unknown as Kubelet,
    finished: false
  }
  recorded.kubelet = new Kubelet({
    engine,
    logs: virtualLogs(),
    clock,
    runId: 'run',
    jobName: 'demo',
    lookup: { configMap: () => undefined, secret: () => undefined },
    crashLoopBaseMs: options.crashLoopBaseMs ?? 10 * SECOND,
    onPodUpdate: () => {},
    onPodFinished: finished => {
      note(`pod ${finished.phase}${finished.reason ? ` ${finished.reason}` : ''}`)
      recorded.finished = true
    }
  })
  recorded.kubelet.runPod(pod, job.spec.template.spec)
  if (options.until !== undefined) clock.advance(options.until)
  else clock.runAll()
  return recorded
}

const runsFor = (ms: number, exitCode = 0): Behaviour => ({ runsMs: ms, exitCode })
const forever: Behaviour = { ignoresSigterm: false }

describe('init containers', () => {
  test('run one after another, then the main containers side by side', () => {
    const { timeline, pod } = runPod(
      {
        initContainers: [container('fetch'), container('migrate')],
        containers: [container('a'), container('b')]
      },
      name => runsFor({ fetch: 2, migrate: 3, a: 5, b: 1 }[name]! * SECOND)
    )
    expect(timeline).toEqual([
      '0 start fetch#0',
      '2 exit fetch#0 0',
      '2 start migrate#0',
      '5 exit migrate#0 0',
      '5 start a#0',
      '5 start b#0',
      '6 exit b#0 0',
      '10 exit a#0 0',
      '10 pod Succeeded'
    ])
    expect(pod.phase).toBe('Succeeded')
  })

  test('a failing init container under Never fails the pod; nothing after it starts', () => {
    const { timeline, pod } = runPod({ initContainers: [container('fetch'), container('migrate')] }, name =>
      runsFor(SECOND, name === 'fetch' ? 3 : 0)
    )
    expect(timeline).toEqual(['0 start fetch#0', '1 exit fetch#0 3', '1 pod Failed'])
    expect(pod.initContainerStatuses[0]).toMatchObject({ state: 'terminated', exitCode: 3, reason: 'Error' })
    expect(pod.initContainerStatuses[1]).toMatchObject({ state: 'waiting', waitingReason: 'PodInitializing' })
    expect(pod.containerStatuses[0]).toMatchObject({ state: 'waiting', waitingReason: 'PodInitializing' })
  })

  test('under OnFailure a failing init container restarts in place until it succeeds', () => {
    const { timeline, pod } = runPod(
      { restartPolicy: 'OnFailure', initContainers: [container('fetch')] },
      (name, attempt) => runsFor(SECOND, name === 'fetch' && attempt < 2 ? 1 : 0)
    )
    expect(timeline).toEqual([
      '0 start fetch#0',
      '1 exit fetch#0 1',
      '1 start fetch#1',
      '2 exit fetch#1 1',
      '12 start fetch#2',
      '13 exit fetch#2 0',
      '13 start main#0',
      '14 exit main#0 0',
      '14 pod Succeeded'
    ])
    expect(pod.initContainerStatuses[0]).toMatchObject({
      restartCount: 2,
      logs: [expect.any(String), expect.any(String), expect.any(String)]
    })
  })
})

describe('sidecars', () => {
  const spec: Partial<PodSpec> = {
    initContainers: [
      container('proxy', { restartPolicy: 'Always' }),
      container('setup'),
      container('metrics', { restartPolicy: 'Always' })
    ],
    containers: [container('a'), container('b')]
  }

  test('start in order before the main containers, keep running, stop after them in reverse order', () => {
    const { timeline, pod } = runPod(spec, name =>
      name === 'setup'
        ? runsFor(2 * SECOND)
        : name === 'a'
          ? runsFor(5 * SECOND)
          : name === 'b'
            ? runsFor(7 * SECOND)
            : forever
    )
    expect(timeline).toEqual([
      '0 start proxy#0',
      '0 start setup#0',
      '2 exit setup#0 0',
      '2 start metrics#0',
      '2 start a#0',
      '2 start b#0',
      '7 exit a#0 0',
      '9 exit b#0 0',
      '9 stop metrics#0 grace=30',
      '9 exit metrics#0 143',
      '9 stop proxy#0 grace=30',
      '9 exit proxy#0 143',
      '9 pod Succeeded'
    ])
    expect(pod.phase).toBe('Succeeded')
    expect(pod.initContainerStatuses.map(s => [s.name, s.sidecar, s.exitCode])).toEqual([
      ['proxy', true, 143],
      ['setup', false, 0],
      ['metrics', true, 143]
    ])
  })

  test('a sidecar that exits is restarted with the crash-loop delay, whatever the pod restartPolicy', () => {
    const { timeline, pod } = runPod(
      { initContainers: [container('proxy', { restartPolicy: 'Always' })] },
      name => (name === 'proxy' ? runsFor(SECOND, 0) : runsFor(25 * SECOND))
    )
    expect(timeline).toEqual([
      '0 start proxy#0',
      '0 start main#0',
      '1 exit proxy#0 0',
      '1 start proxy#1',
      '2 exit proxy#1 0',
      '12 start proxy#2',
      '13 exit proxy#2 0',
      '25 exit main#0 0',
      '25 pod Succeeded'
    ])
    expect(pod.initContainerStatuses[0].restartCount).toBe(2)
  })

  test('the next container waits until the sidecar has started once', () => {
    const { timeline, pod } = runPod(
      { initContainers: [container('proxy', { restartPolicy: 'Always' })] },
      (name, attempt) =>
        name === 'proxy' ? (attempt < 2 ? { failsToStart: true } : forever) : runsFor(SECOND)
    )
    expect(timeline).toEqual([
      '0 exit proxy#0 128',
      '0 exit proxy#1 128',
      '10 start proxy#2',
      '10 start main#0',
      '11 exit main#0 0',
      '11 stop proxy#2 grace=30',
      '11 exit proxy#2 143',
      '11 pod Succeeded'
    ])
    expect(pod.initContainerStatuses[0]).toMatchObject({ restartCount: 2, exitCode: 143 })
  })

  test('a main container ignoring SIGTERM uses up the pod grace period; sidecars are then killed at once', () => {
    const { timeline } = runPod(
      {
        terminationGracePeriodSeconds: 5,
        activeDeadlineSeconds: 10,
        initContainers: [container('proxy', { restartPolicy: 'Always' })]
      },
      name => (name === 'proxy' ? forever : { ignoresSigterm: true })
    )
    expect(timeline).toEqual([
      '0 start proxy#0',
      '0 start main#0',
      '10 stop main#0 grace=5',
      '15 stop main#0 grace=0',
      '15 stop proxy#0 grace=0',
      '15 exit main#0 137',
      '15 exit proxy#0 143',
      '15 pod Failed DeadlineExceeded'
    ])
  })
})

describe('restartPolicy OnFailure: restarts in place', () => {
  test('at once, then after 10 s doubling to 5 min; every attempt has its own log', () => {
    const { timeline, pod, kubelet } = runPod({ restartPolicy: 'OnFailure' }, () => runsFor(0, 1), {
      until: 20 * 60 * SECOND
    })
    const starts = timeline.filter(line => line.includes('start')).map(line => Number(line.split(' ')[0]))
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    expect(gaps).toEqual([0, 10, 20, 40, 80, 160, 300, 300])
    expect(pod.phase).toBe('Running')
    expect(pod.containerStatuses[0]).toMatchObject({
      state: 'waiting',
      waitingReason: 'CrashLoopBackOff',
      waitingMessage: 'back-off 5m0s restarting failed container=main pod=demo-abcde_default(pod-uid)'
    })
    expect(pod.containerStatuses[0].logs).toHaveLength(pod.containerStatuses[0].restartCount + 1)
    expect(pod.containerStatuses[0].logs.slice(0, 3)).toEqual([
      '/virtual/demo-abcde/main.log',
      '/virtual/demo-abcde/main.1.log',
      '/virtual/demo-abcde/main.2.log'
    ])
    kubelet.stopPod(pod)
  })

  test.each([
    ['250ms base', 250, [0, 250, 500, 1000, 2000, 4000, 7500, 7500]],
    ['zero base', 0, [0, 0, 0, 0, 0, 0, 0, 0]]
  ])('the delays scale with the base: %s', (_name, base, expected) => {
    const { timeline } = runPod(
      { restartPolicy: 'OnFailure' },
      (_c, attempt) => runsFor(0, attempt < 8 ? 1 : 0),
      {
        crashLoopBaseMs: base
      }
    )
    const starts = timeline
      .filter(line => line.includes('start'))
      .map(line => Number(line.split(' ')[0]) * SECOND)
    expect(starts.slice(1).map((t, i) => t - starts[i])).toEqual(expected)
    expect(timeline.at(-1)).toMatch(/pod Succeeded$/)
  })

  test('a container that ran for more than 10 min without failing starts its back-off over', () => {
    const { timeline } = runPod({ restartPolicy: 'OnFailure' }, (_c, attempt) =>
      attempt === 3 ? runsFor(11 * 60 * SECOND, 1) : runsFor(0, attempt < 6 ? 1 : 0)
    )
    const starts = timeline.filter(line => line.includes('start')).map(line => Number(line.split(' ')[0]))
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    // 0, 1 and 2 fail at once; 3 fails after 11 min and 4 restarts at once; 5 after 10 s, 6 after 20 s.
    expect(gaps).toEqual([0, 10, 20, 660, 10, 20])
  })

  test('a successful exit is not restarted; the pod succeeds once every main container has', () => {
    const { timeline, pod } = runPod(
      { restartPolicy: 'OnFailure', containers: [container('a'), container('b')] },
      (name, attempt) => runsFor(SECOND * (name === 'a' ? 1 : 3), name === 'a' && attempt === 0 ? 2 : 0)
    )
    expect(timeline).toEqual([
      '0 start a#0',
      '0 start b#0',
      '1 exit a#0 2',
      '1 start a#1',
      '2 exit a#1 0',
      '3 exit b#0 0',
      '3 pod Succeeded'
    ])
    expect(pod.containerStatuses.map(s => s.restartCount)).toEqual([1, 0])
  })

  test('deleting a pod waiting to restart ends it at once', () => {
    const recorded = runPod({ restartPolicy: 'OnFailure' }, () => runsFor(0, 1), { until: 5 * SECOND })
    recorded.kubelet.stopPod(recorded.pod)
    expect(recorded.finished).toBe(true)
    expect(recorded.pod.phase).toBe('Failed')
  })
})

describe('termination', () => {
  test('pod activeDeadlineSeconds: SIGTERM, SIGKILL at the end of the grace period, reason DeadlineExceeded', () => {
    const { timeline, pod } = runPod(
      {
        activeDeadlineSeconds: 3,
        terminationGracePeriodSeconds: 2,
        containers: [container('a'), container('b')]
      },
      name => (name === 'a' ? forever : { ignoresSigterm: true })
    )
    expect(timeline).toEqual([
      '0 start a#0',
      '0 start b#0',
      '3 stop a#0 grace=2',
      '3 stop b#0 grace=2',
      '3 exit a#0 143',
      '5 stop b#0 grace=0',
      '5 exit b#0 137',
      '5 pod Failed DeadlineExceeded'
    ])
    expect(pod).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline'
    })
    expect(pod.containerStatuses.map(s => [s.exitCode, s.signal, s.reason])).toEqual([
      [143, 15, 'Error'],
      [137, 9, 'Error']
    ])
  })

  test('a container that handles SIGTERM and exits 0 within the grace period succeeds', () => {
    const recorded = runPod({}, () => ({ exitsAfterTermMs: 500 }), { until: SECOND })
    recorded.kubelet.stopPod(recorded.pod)
    recorded.clock.runAll()
    expect(recorded.timeline.slice(-3)).toEqual([
      '1 stop main#0 grace=30',
      '1.5 exit main#0 0',
      '1.5 pod Succeeded'
    ])
  })

  test('a second stop with a shorter grace (cancellation) brings the kill forward', () => {
    const recorded = runPod({}, () => ({ ignoresSigterm: true }), { until: SECOND })
    recorded.kubelet.stopPod(recorded.pod)
    recorded.clock.advance(SECOND)
    recorded.kubelet.stopPod(recorded.pod, 2 * SECOND)
    recorded.clock.runAll()
    expect(recorded.timeline.slice(1)).toEqual([
      '1 stop main#0 grace=30',
      '2 stop main#0 grace=2',
      '4 stop main#0 grace=0',
      '4 exit main#0 137',
      '4 pod Failed'
    ])
  })
})

describe('environment problems', () => {
  test('a missing ConfigMap: CreateContainerConfigError with the kubelet message, the pod fails', () => {
    const { pod, launches } = runPod(
      {
        containers: [
          container('main', {
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'x' } } }]
          })
        ]
      },
      () => runsFor(SECOND)
    )
    expect(launches).toHaveLength(0)
    expect(pod.phase).toBe('Failed')
    expect(pod.containerStatuses[0]).toMatchObject({
      state: 'waiting',
      waitingReason: 'CreateContainerConfigError',
      waitingMessage: 'configmap "settings" not found'
    })
  })
})
