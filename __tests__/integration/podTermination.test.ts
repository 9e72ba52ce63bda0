/**
 * Stopping pods with real processes: SIGTERM to everything of a container, SIGKILL when the grace
 * period ends, and nothing left running once the run is over — whether the Job completed, hit its
 * deadline, or its pods hit theirs. Processes are found by a token in their command line
 * (`sleep 300.<token>`), the way the acceptance check scans /proc.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'
import { eventually, processesWithToken, uniqueSleep } from '../runtime/process/support/harness.js'

let run: RealRun | undefined
const tokens: string[] = []
afterEach(() => {
  cleanup(run)
  run = undefined
  for (const token of tokens.splice(0))
    for (const pid of processesWithToken(token)) process.kill(pid, 'SIGKILL')
})

function token(): string {
  const t = uniqueSleep()
  tokens.push(t)
  return t
}

const leftovers = (...all: string[]): number[] => all.flatMap(t => processesWithToken(t))

describe('the grace period', () => {
  test.each([
    ['the pod deadline', 'activeDeadlineSeconds', 'template'],
    ['the Job deadline', 'activeDeadlineSeconds', 'job']
  ])(
    '%s: a pod that ignores SIGTERM is killed when its grace period ends (within 300 ms)',
    async (_case, field, level) => {
      const t = token()
      const deadline = `${field}: 1`
      run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: stubborn }
spec:
  backoffLimit: 0
  ${level === 'job' ? deadline : ''}
  template:
    spec:
      ${level === 'template' ? deadline : ''}
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
        - { name: c, image: busybox, command: [sh, -c, "trap '' TERM; echo ignoring; sleep ${t} & sleep ${t}"] }
`)
      const pod = run.results[0].pods[0]
      const status = pod.containerStatuses[0]
      expect(status).toMatchObject({ exitCode: 137, signal: 9, reason: 'Error' })
      // SIGTERM went out when the deadline struck; SIGKILL one grace period (1 s) later.
      const terminatedAt = (pod.startTime as number) + 1000
      const killedAfter = (status.finishedAt as number) - terminatedAt
      expect(killedAfter).toBeGreaterThanOrEqual(1000)
      expect(killedAfter).toBeLessThan(1300)
      if (level === 'job') expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'DeadlineExceeded' })
      else {
        // The kubelet fails the pod; for the Job that is one more failed pod.
        expect(pod).toMatchObject({
          reason: 'DeadlineExceeded',
          message: 'Pod was active on the node longer than the specified deadline'
        })
        expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded' })
      }
      expect(await eventually(() => leftovers(t).length === 0, 200)).toBe(true)
    }
  )
})

describe("`sh -c 'sleep 300 & sleep 300'` pods leave no process behind", () => {
  test('after the Job completes while other pods still run (successPolicy)', async () => {
    const t = token()
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: first-wins }
spec:
  completionMode: Indexed
  completions: 4
  parallelism: 4
  successPolicy:
    rules: [{ succeededIndexes: "0" }]
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [sh, -c, 'if [ "$JOB_COMPLETION_INDEX" = 0 ]; then sleep 0.3; exit 0; fi; sleep ${t} & sleep ${t}']
`)
    expect(run.outputs).toMatchObject({ status: 'Complete', reason: 'SuccessPolicy' })
    expect(leftovers(t)).toEqual([])
  })

  test('after completion: sidecars running it, and descendants a main container left behind', async () => {
    const inSidecar = token()
    const inGroup = token()
    const escaped = token()
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: leaves-things }
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - { name: sidecar, image: busybox, restartPolicy: Always, command: [sh, -c, "sleep ${inSidecar} & sleep ${inSidecar}"] }
      containers:
        - name: main
          image: busybox
          command: [sh, -c, "sleep ${inGroup} & setsid sleep ${escaped} > /dev/null 2>&1 & sleep 0.2; echo done"]
`)
    expect(run.outputs.status).toBe('Complete')
    expect(await eventually(() => leftovers(inSidecar, inGroup, escaped).length === 0, 200)).toBe(true)
  })

  test('after the Job deadline', async () => {
    const t = token()
    const ignoring = token()
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: too-slow }
spec:
  activeDeadlineSeconds: 1
  parallelism: 3
  completions: 3
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
        - name: c
          image: busybox
          command: [sh, -c, "sleep ${t} & sleep ${t} & (trap '' TERM; setsid sleep ${ignoring} > /dev/null 2>&1) & wait"]
`)
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'DeadlineExceeded' })
    expect(run.results[0].pods.every(p => p.phase === 'Failed')).toBe(true)
    expect(await eventually(() => leftovers(t, ignoring).length === 0, 200)).toBe(true)
  })
})
