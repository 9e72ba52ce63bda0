import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import type { Container, PodSpec } from '../../../src/api/model.js'
import { dockerEngineProblem } from '../../../src/runtime/docker/engineCheck.js'
import { removeLabelledContainers } from '../../../src/runtime/docker/removal.js'
import { BUSYBOX, describeWithDocker } from '../../support/docker.js'
import { busybox, EngineHarness, type Outcome } from './harness.js'

const MISSING_IMAGE = 'local/job-action-no-such-image:1'

/** cgroup v1 or v2, as the container sees its own limits: "<memory bytes> <cpu quota> <cpu period>". */
const READ_LIMITS =
  'if [ -f /sys/fs/cgroup/cpu.max ]; then echo $(cat /sys/fs/cgroup/memory.max) $(cat /sys/fs/cgroup/cpu.max); ' +
  'else echo $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) ' +
  '$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); fi'

/** Each case has an engine of its own (for its notices); all run at once in beforeAll. */
const cases: Record<string, Container> = {
  oom: busybox('hog', 'x=a; while :; do x="$x$x"; done', { resources: { limits: { memory: '16Mi' } } }),
  selfKilled: busybox('c', 'sh -c "kill -9 \\$\\$"; exit $?', { resources: { limits: { memory: '64Mi' } } }),
  limits: busybox('c', READ_LIMITS, { resources: { limits: { memory: '64Mi', cpu: '3' } } }),
  millicores: busybox('c', READ_LIMITS, { resources: { limits: { cpu: '250m' } } }),
  never: { name: 'c', image: MISSING_IMAGE, imagePullPolicy: 'Never' },
  pullFails: { name: 'c', image: MISSING_IMAGE, imagePullPolicy: 'IfNotPresent' },
  present: busybox('c', 'exit 0', { imagePullPolicy: 'IfNotPresent' })
}

describeWithDocker('docker engine: limits and images', () => {
  const runs = new Map<string, { harness: EngineHarness; outcome: Outcome }>()
  const run = (name: string) => {
    const found = runs.get(name)
    if (!found) throw new Error(`no run ${name}`)
    return found
  }

  let repeated: EngineHarness

  beforeAll(async () => {
    repeated = new EngineHarness({ hostCpus: 1 })
    const twice = async () => {
      await repeated.runOne(cases.limits)
      await repeated.runOne(cases.limits)
    }
    await Promise.all([
      twice(),
      ...Object.entries(cases).map(async ([name, container]) => {
        const harness = new EngineHarness({ hostCpus: 1 })
        runs.set(name, { harness, outcome: await harness.runOne(container) })
      })
    ])
  })
  afterAll(async () => {
    await Promise.all(
      [repeated, ...[...runs.values()].map(({ harness }) => harness)].map(harness => harness.close())
    )
  })

  test('nothing is left of any run', () => {
    for (const { harness } of runs.values()) expect(harness.leftovers()).toEqual([])
  })

  test('a process past its memory limit is OOMKilled with exit code 137', () => {
    expect(run('oom').outcome.exit).toMatchObject({ exitCode: 137, reason: 'OOMKilled', signal: 9 })
  })

  test('a SIGKILL under a memory limit that is not the OOM killer is an Error, not OOMKilled', () => {
    expect(run('selfKilled').outcome.exit).toMatchObject({ exitCode: 137, reason: 'Error' })
    expect(run('selfKilled').outcome.exit.signal).toBeUndefined()
  })

  test('memory and CPU limits reach the cgroup; CPUs above the machine are lowered with a notice', () => {
    expect(run('limits').outcome.log.stdout).toBe('67108864 100000 100000\n')
    expect(run('limits').harness.notices).toEqual([
      'container c: CPU limit 3 lowered to the 1 CPUs of this machine'
    ])
  })

  test('an adjustment repeated by every pod is told once', () => {
    expect(repeated.notices).toEqual(['container c: CPU limit 3 lowered to the 1 CPUs of this machine'])
  })

  test('millicores become a CFS quota', () => {
    expect(run('millicores').outcome.log.stdout).toMatch(/ 25000 100000\n$/)
    expect(run('millicores').harness.notices).toEqual([])
  })

  test('pull policy Never and a missing image: ErrImageNeverPull, the container never starts', () => {
    const { outcome } = run('never')
    const message = `Container image "${MISSING_IMAGE}" is not present with pull policy of Never`
    expect(outcome.waiting).toEqual([['ErrImageNeverPull', message]])
    expect(outcome.started).toBe(false)
    expect(outcome.exit).toMatchObject({ exitCode: 128, reason: 'ErrImageNeverPull', message })
  })

  test("pull policy IfNotPresent and a missing image that cannot be pulled: ErrImagePull with docker's message", () => {
    const { outcome } = run('pullFails')
    expect(outcome.started).toBe(false)
    expect(outcome.waiting.map(([reason]) => reason)).toEqual(['ErrImagePull'])
    expect(outcome.exit).toMatchObject({ exitCode: 128, reason: 'ErrImagePull' })
    expect(outcome.exit.message).toMatch(new RegExp(`^Failed to pull image "${MISSING_IMAGE}": .+`))
  })

  test('pull policy IfNotPresent and a present image: no pull (it would fail: no registry has it)', () => {
    const { outcome } = run('present')
    expect(outcome.waiting).toEqual([])
    expect(outcome.exit.reason).toBe('Completed')
  })
})

describeWithDocker('docker engine: stop and cleanup', () => {
  let harness: EngineHarness

  beforeEach(() => {
    harness = new EngineHarness()
  })
  afterEach(async () => {
    try {
      expect(harness.leftovers()).toEqual([])
    } finally {
      await harness.close()
    }
  })

  test('stop: a container ignoring SIGTERM is killed when its grace period ends', async () => {
    const container = busybox('stubborn', 'trap "" TERM; echo ready; while :; do sleep 0.05; done')
    const { pod, run } = await harness.startOne(container)
    await until(() => run.log.stdout === 'ready\n')
    const labels = execFileSync(
      'docker',
      [
        'ps',
        // --all: the daemon may list a container as running only after its process has printed
        '--all',
        '--filter',
        `label=job-action.run-id=${harness.runId}`,
        '--filter',
        'label=job-action.container=stubborn',
        '--format',
        '{{.Labels}}'
      ],
      { encoding: 'utf8' }
    )
    for (const label of ['job-action.job=job', 'job-action.pod=pod', 'job-action.container=stubborn']) {
      expect(labels).toContain(label)
    }
    const stoppedAt = Date.now()
    run.running.stop(1500)
    const outcome = await run.outcome
    const took = Date.now() - stoppedAt
    await harness.engine.endPod!(pod)
    expect(outcome.exit).toMatchObject({ exitCode: 137, reason: 'Error', signal: 9 })
    expect(took).toBeGreaterThanOrEqual(1450)
    expect(took).toBeLessThan(1500 + 700)
  })

  test('stop: a container handling SIGTERM exits at once with its own code', async () => {
    const container = busybox(
      'polite',
      'trap "echo got TERM; exit 143" TERM; echo ready; while :; do sleep 0.05; done'
    )
    const { pod, run } = await harness.startOne(container)
    await until(() => run.log.stdout === 'ready\n')
    const stoppedAt = Date.now()
    run.running.stop(30_000)
    const outcome = await run.outcome
    await harness.engine.endPod!(pod)
    expect(Date.now() - stoppedAt).toBeLessThan(3000)
    expect(outcome.exit).toMatchObject({ exitCode: 143, reason: 'Error', signal: 15 })
    expect(outcome.log.stdout).toBe('ready\ngot TERM\n')
  })

  test('stop before the container runs: it never starts and is reported as the kubelet does', async () => {
    const pod = harness.pod('pod')
    const container = busybox('c', 'echo should not run')
    const spec: PodSpec = { containers: [container], restartPolicy: 'Never' }
    const run = harness.start(pod, spec, container)
    run.running.stop(0)
    const outcome = await run.outcome
    await harness.engine.endPod!(pod)
    expect(outcome.started).toBe(false)
    expect(outcome.exit).toMatchObject({
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: 'The container could not be located when the pod was terminated'
    })
  })

  // onStart comes when `docker run` is spawned: the docker client takes longer to start than that.
  test.each([
    { name: 'handling SIGTERM', graceMs: 20_000, exitCode: 143, signal: 15 },
    { name: 'with no grace period', graceMs: 0, exitCode: 137, signal: 9 }
  ])(
    'stop while docker run is creating the container, $name: the signal reaches it once it runs',
    async ({ graceMs, exitCode, signal }) => {
      const container = busybox('c', 'trap "exit 143" TERM; while :; do sleep 0.05; done')
      const { pod, run } = await harness.startOne(container)
      await run.started
      const stoppedAt = Date.now()
      run.running.stop(graceMs)
      const outcome = await run.outcome
      await harness.engine.endPod!(pod)
      expect(Date.now() - stoppedAt).toBeLessThan(5000)
      expect(outcome.exit).toMatchObject({ exitCode, reason: 'Error', signal })
    }
  )

  test('shutdown while docker run is creating the container: nothing is left, the attempt reports', async () => {
    const container = busybox('sleeper', 'sleep 600')
    const { run } = await harness.startOne(container)
    await run.started
    const shutdownAt = Date.now()
    await harness.engine.shutdown()
    const outcome = await run.outcome
    // Not left to the second sweep, 5 s later.
    expect(Date.now() - shutdownAt).toBeLessThan(4500)
    expect(outcome.exit).toMatchObject({
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: 'The container could not be located when the pod was terminated'
    })
    expect(harness.leftovers()).toEqual([])
  })

  test('shutdown removes running containers and their pod; each attempt still reports its exit', async () => {
    const pods = [harness.pod('a'), harness.pod('b')]
    const runs = await Promise.all(
      pods.map(async pod => {
        const container = busybox('sleeper', 'sleep 600')
        const spec: PodSpec = { containers: [container], restartPolicy: 'Never' }
        await harness.engine.startPod!(pod, spec)
        const run = harness.start(pod, spec, container)
        await run.started
        return run
      })
    )
    await harness.engine.shutdown()
    const outcomes = await Promise.all(runs.map(run => run.outcome))
    expect(outcomes.map(outcome => outcome.exit.exitCode === 0)).toEqual([false, false])
    expect(harness.leftovers()).toEqual([])
  })
})

describeWithDocker('dockerEngineProblem', () => {
  test('is undefined when the engine answers', async () => {
    expect(await dockerEngineProblem()).toBeUndefined()
  })

  test('names the problem when there is no docker client', async () => {
    expect(await dockerEngineProblem('/nonexistent/docker')).toBe(
      'the docker runtime needs a running docker engine: cannot run /nonexistent/docker: spawn /nonexistent/docker ENOENT'
    )
  })
})

describeWithDocker('removeLabelledContainers', () => {
  test.each([
    { name: 'of one run', all: false },
    { name: 'of every run', all: true }
  ])('removes the labelled containers and volumes $name, and nothing else', async ({ all }) => {
    const runId = `test-remove-${process.pid}-${all}`
    const label = `job-action.run-id=${runId}`
    const labelled = execFileSync('docker', ['create', '--network=none', '--label', label, BUSYBOX, 'true'], {
      encoding: 'utf8'
    }).trim()
    const volume = execFileSync('docker', ['volume', 'create', '--label', label], { encoding: 'utf8' }).trim()
    const other = execFileSync(
      'docker',
      ['create', '--network=none', '--label', 'unrelated=1', BUSYBOX, 'true'],
      { encoding: 'utf8' }
    ).trim()
    try {
      const removed = await removeLabelledContainers(all ? undefined : runId)
      expect(removed).toBeGreaterThanOrEqual(1)
      const remaining = execFileSync('docker', ['ps', '--all', '--quiet', '--no-trunc'], { encoding: 'utf8' })
      expect(remaining).not.toContain(labelled)
      expect(remaining).toContain(other)
      expect(execFileSync('docker', ['volume', 'ls', '--quiet'], { encoding: 'utf8' })).not.toContain(volume)
    } finally {
      execFileSync('docker', ['rm', '--force', labelled, other], { stdio: 'pipe' })
      execFileSync('docker', ['volume', 'rm', '--force', volume], { stdio: 'pipe' })
    }
  })
})

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the container')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
