/**
 * A pod's lifecycle with real processes, checked by what its containers observably did: init
 * containers one after another, sidecars around the main containers, main containers side by side,
 * restarts in place with their own log files, and container states as Kubernetes reports them.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ContainerStatusRecord } from '../../src/api/podRecord.js'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'

let run: RealRun | undefined
afterEach(() => {
  cleanup(run)
  run = undefined
})

const trace = (run: RealRun): string[] =>
  fs.readFileSync(path.join(run.dir, 'trace'), 'utf8').trim().split('\n')

/** A Job of one pod; `pod` is the pod spec's YAML indented by 6. TRACE is a file in the run's folder. */
function job(name: string, pod: string, extra = ''): string {
  return `
apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
  backoffLimit: 0
${extra}
  template:
    spec:
${pod}
`
}

/** Each container appends to $TRACE (relative: the workspace is the run's folder). */
const traceEnv = 'env: [{ name: TRACE, value: trace }]'

describe('init containers and sidecars', () => {
  test('init containers in order, sidecars around the main containers, which run side by side', async () => {
    // A sidecar notes when it comes up and, from its SIGTERM handler, when it goes down.
    const sidecar = (name: string): string =>
      `echo ${name} up >> $TRACE; trap 'echo ${name} down >> $TRACE; exit 0' TERM; while :; do sleep 0.02; done`
    // Each main container waits for the other to have started: they can only both succeed side by side.
    const main = (me: string, other: string): string =>
      `echo ${me} start >> $TRACE; i=0; until grep -q '${other} start' $TRACE; do i=$((i+1)); [ $i -lt 250 ] || exit 9; sleep 0.02; done; sleep 0.1; echo ${me} end >> $TRACE`
    run = await runReal(
      job(
        'lifecycle',
        `      restartPolicy: Never
      initContainers:
        - { name: proxy, image: envoy, restartPolicy: Always, command: [sh, -c, "${sidecar('proxy')}"], ${traceEnv} }
        - { name: setup, image: busybox, command: [sh, -c, "echo setup >> $TRACE; sleep 0.1; echo setup done >> $TRACE"], ${traceEnv} }
        - { name: metrics, image: otel, restartPolicy: Always, command: [sh, -c, "${sidecar('metrics')}"], ${traceEnv} }
      containers:
        - { name: a, image: busybox, command: [sh, -c, "${main('a', 'b')}"], ${traceEnv} }
        - { name: b, image: busybox, command: [sh, -c, "${main('b', 'a')}"], ${traceEnv} }`
      )
    )
    // A sidecar counts as started once its process runs (no startupProbe), so its own first line
    // may land after the next container's: the start order is read from the statuses instead.
    const all = trace(run)
    expect(all.filter(line => line.endsWith(' up')).sort()).toEqual(['metrics up', 'proxy up'])
    const lines = all.filter(line => !line.endsWith(' up'))
    expect(lines.slice(0, 2)).toEqual(['setup', 'setup done'])
    expect(lines.slice(2, 4).sort()).toEqual(['a start', 'b start'])
    expect(lines.slice(4, 6).sort()).toEqual(['a end', 'b end'])
    expect(lines.slice(6)).toEqual(['metrics down', 'proxy down'])
    const [proxy, setup, metrics] = run.results[0].pods[0].initContainerStatuses
    const [a, b] = run.results[0].pods[0].containerStatuses
    expect(proxy.startedAt ?? Infinity).toBeLessThanOrEqual(setup.startedAt ?? -Infinity)
    expect(setup.finishedAt ?? Infinity).toBeLessThanOrEqual(metrics.startedAt ?? -Infinity)
    expect(metrics.startedAt ?? Infinity).toBeLessThanOrEqual(Math.min(a.startedAt ?? -1, b.startedAt ?? -1))

    expect(run.outputs.status).toBe('Complete')
    const pod = run.results[0].pods[0]
    expect(pod.phase).toBe('Succeeded')
    const states = (statuses: ContainerStatusRecord[]) =>
      statuses.map(s => [s.name, s.state, s.exitCode, s.reason, s.restartCount])
    expect(states(pod.initContainerStatuses)).toEqual([
      ['proxy', 'terminated', 0, 'Completed', 0],
      ['setup', 'terminated', 0, 'Completed', 0],
      ['metrics', 'terminated', 0, 'Completed', 0]
    ])
    expect(states(pod.containerStatuses)).toEqual([
      ['a', 'terminated', 0, 'Completed', 0],
      ['b', 'terminated', 0, 'Completed', 0]
    ])
    // The sidecars outlived every main container.
    const finished = (s: ContainerStatusRecord) => s.finishedAt ?? NaN
    const mainsDone = Math.max(...pod.containerStatuses.map(finished))
    for (const sidecar of [pod.initContainerStatuses[0], pod.initContainerStatuses[2]])
      expect(finished(sidecar)).toBeGreaterThanOrEqual(mainsDone)
  })

  test('a sidecar that exits is restarted, each run with its own log; a sidecar killed at the end does not fail the pod', async () => {
    run = await runReal(
      job(
        'sidecar-restart',
        `      restartPolicy: Never
      initContainers:
        - name: flappy
          image: busybox
          restartPolicy: Always
          command: [sh, -c, "echo run >> $TRACE; n=$(grep -c run $TRACE); echo flappy run $n; [ $n -ge 3 ] && exec sleep 300; exit 1"]
          ${traceEnv}
      containers:
        - { name: main, image: busybox, command: [sh, -c, "until [ $(grep -c run $TRACE) -ge 3 ]; do sleep 0.02; done; echo main saw 3 runs"], ${traceEnv} }`
      )
    )
    expect(run.outputs.status).toBe('Complete')
    const pod = run.results[0].pods[0]
    const flappy = pod.initContainerStatuses[0]
    expect(flappy).toMatchObject({
      restartCount: 2,
      state: 'terminated',
      exitCode: 143,
      signal: 15,
      reason: 'Error'
    })
    expect(flappy.logs.map(file => path.basename(file))).toEqual([
      'flappy.log',
      'flappy.1.log',
      'flappy.2.log'
    ])
    expect(flappy.logs.map(file => fs.readFileSync(file, 'utf8'))).toEqual([
      'flappy run 1\n',
      'flappy run 2\n',
      'flappy run 3\n'
    ])
    expect(run.output).toContain(`[${pod.name}/main] main saw 3 runs\n`)
    expect(pod.phase).toBe('Succeeded')
  })

  test('a failing init container under Never fails the pod; nothing after it runs', async () => {
    run = await runReal(
      job(
        'init-fails',
        `      restartPolicy: Never
      initContainers:
        - { name: fetch, image: busybox, command: [sh, -c, "echo fetch >> $TRACE; echo cannot fetch >&2; exit 3"], ${traceEnv} }
        - { name: migrate, image: busybox, command: [sh, -c, "echo migrate >> $TRACE"], ${traceEnv} }
      containers:
        - { name: main, image: busybox, command: [sh, -c, "echo main >> $TRACE"], ${traceEnv} }`
      )
    )
    expect(trace(run)).toEqual(['fetch'])
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', failed: '1' })
    const pod = run.results[0].pods[0]
    expect(pod.phase).toBe('Failed')
    expect(pod.initContainerStatuses[0]).toMatchObject({ state: 'terminated', exitCode: 3, reason: 'Error' })
    expect(fs.readFileSync(pod.initContainerStatuses[0].logs[0], 'utf8')).toBe('cannot fetch\n')
    expect(pod.initContainerStatuses[1]).toMatchObject({ state: 'waiting', logs: [] })
    expect(pod.containerStatuses[0]).toMatchObject({ state: 'waiting', logs: [] })
  })
})

describe('restartPolicy OnFailure', () => {
  test('failed containers restart in place after the crash-loop delay; every attempt keeps its own log', async () => {
    // Base 300 ms: the first restart at once, the second after 300 ms, the third after 600 ms.
    const attempt = `n=$(grep -c . $TRACE 2>/dev/null || echo 0); n=$((n+1)); echo "$n $(date +%s%N)" >> $TRACE; echo "attempt $n"; echo "stderr $n" >&2; [ $n -ge 4 ]`
    run = await runReal(
      job(
        'restarts',
        `      restartPolicy: OnFailure
      initContainers:
        - { name: init, image: busybox, command: [sh, -c, "[ -f init-ran ] && exit 0; touch init-ran; exit 1"] }
      containers:
        - { name: c, image: busybox, command: [sh, -c, '${attempt}'], ${traceEnv} }`,
        '  backoffLimit: 6'
      ).replace('  backoffLimit: 0\n', ''),
      { backoffBase: 300 }
    )
    expect(run.outputs.status).toBe('Complete')
    const pods = run.results[0].pods
    expect(pods).toHaveLength(1)
    const [pod] = pods
    expect(pod.initContainerStatuses[0]).toMatchObject({ restartCount: 1, exitCode: 0 })
    const c = pod.containerStatuses[0]
    expect(c).toMatchObject({ restartCount: 3, state: 'terminated', exitCode: 0, reason: 'Completed' })
    const dir = path.join(run.logsDir, 'restarts', pod.name)
    expect(c.logs).toEqual(['c.log', 'c.1.log', 'c.2.log', 'c.3.log'].map(file => path.join(dir, file)))
    c.logs.forEach((file, i) => {
      const text = fs.readFileSync(file, 'utf8')
      expect(text.split('\n').sort()).toEqual(['', `attempt ${i + 1}`, `stderr ${i + 1}`])
    })
    const starts = trace(run).map(line => Number(line.split(' ')[1]) / 1e6)
    const gaps = starts.slice(1).map((t, i) => t - starts[i])
    expect(gaps[0]).toBeLessThan(300)
    expect(gaps[1]).toBeGreaterThanOrEqual(300)
    expect(gaps[2]).toBeGreaterThanOrEqual(600)
    const json = JSON.parse(run.podsJson)
    expect(json[0]).toMatchObject({ phase: 'Succeeded', restarts: 4 })
    expect(json[0].containers[1]).toMatchObject({ name: 'c', restarts: 3, logs: c.logs })
  })
})

describe('container states as Kubernetes reports them', () => {
  test('exit codes, signals, reasons, the start error of a missing executable, start and finish times', async () => {
    const before = Date.now()
    run = await runReal(
      job(
        'states',
        `      restartPolicy: Never
      containers:
        - { name: ok, image: busybox, command: ["true"] }
        - { name: fails, image: busybox, command: [sh, -c, "exit 3"] }
        - { name: terminated, image: busybox, command: [sh, -c, "kill -TERM $$$$"] }
        - { name: killed, image: busybox, command: [sh, -c, "kill -KILL $$$$"] }
        - { name: missing, image: busybox, command: ["foo"] }`
      )
    )
    const after = Date.now()
    const pod = run.results[0].pods[0]
    expect(pod.phase).toBe('Failed')
    const byName = Object.fromEntries(pod.containerStatuses.map(s => [s.name, s]))
    expect(byName.ok).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(byName.ok.signal).toBeUndefined()
    expect(byName.fails).toMatchObject({ exitCode: 3, reason: 'Error' })
    expect(byName.terminated).toMatchObject({ exitCode: 143, signal: 15, reason: 'Error' })
    expect(byName.killed).toMatchObject({ exitCode: 137, signal: 9, reason: 'Error' })
    expect(byName.missing).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown'
    })
    for (const status of pod.containerStatuses) {
      expect(status.state).toBe('terminated')
      expect(status.finishedAt).toBeGreaterThanOrEqual(before)
      expect(status.finishedAt).toBeLessThanOrEqual(after)
      if (status.name === 'missing') continue
      expect(status.startedAt).toBeGreaterThanOrEqual(before)
      expect(status.startedAt).toBeLessThanOrEqual(status.finishedAt as number)
    }
    const json = JSON.parse(run.podsJson)[0]
    expect(
      json.containers.map((c: { name: string; exitCode: number; signal: number | null; reason: string }) => [
        c.name,
        c.exitCode,
        c.signal,
        c.reason
      ])
    ).toEqual([
      ['ok', 0, null, 'Completed'],
      ['fails', 3, null, 'Error'],
      ['terminated', 143, 15, 'Error'],
      ['killed', 137, 9, 'Error'],
      ['missing', 128, null, 'StartError']
    ])
  })
})
