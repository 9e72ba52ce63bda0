/**
 * Job semantics with runtime docker: whole Jobs through the real pipeline (loader, controller, kubelet,
 * docker engine, log layer) on the local images — the tests of processJob.test.ts, pods of several
 * containers, volumes, configMaps and secrets, image pull failures, OOM kills and cancellation. The Job
 * policies (backoff, deadlines, podFailurePolicy, per-index backoff, successPolicy, suspend…) are the
 * scenarios of e2eScenarios.test.ts. Every Job starts at once in beforeAll — docker runs them side by
 * side — and each test then looks at what one run left: its outputs, pods, log files and the files its
 * containers wrote. After every run no container or volume of it is left.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { parseAllDocuments, stringify } from 'yaml'
import { execute, loadAndCheck, type ExecuteResult } from '../../src/execute.js'
import type { RunSettings } from '../../src/settings.js'
import { BUSYBOX, describeWithDocker, dockerOutput, labelledIds, twoPodJob } from '../support/docker.js'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'
import { intervals, maxOverlap } from '../support/overlap.js'

const PERL = 'local/perl:5.36'
const ABSENT = 'local/job-action-absent:1'
/** Not present, from a registry that refuses at once (nothing listens on 127.0.0.1:9). */
const UNPULLABLE = '127.0.0.1:9/job-action-test/absent:1'

/** A shell script as a YAML flow sequence: ["sh", "-c", "<script>"]. */
const sh = (script: string) => JSON.stringify(['sh', '-c', script])

/** Waits for SIGTERM (busybox sh interrupts `wait` for a trapped signal), then runs `onTerm`. */
const untilTerm = (onTerm: string) => `trap '${onTerm}' TERM; sleep 60 & wait`

/**
 * Spans of pods, written by each pod to a hostPath file as "<start> <end>" in /proc/uptime seconds (the
 * host's clock: containers share the kernel). A barrier makes pods wait for each other: the k-th pod to
 * start waits (at most 10 s) until 3·⌈k/3⌉ pods have started, so that overlap reaches 3 whenever the
 * controller lets 3 pods run together, however slowly docker starts them.
 */
const overlapScript = [
  'read s _ < /proc/uptime',
  'echo x >> /shared/started',
  'k=$(wc -l < /shared/started)',
  'target=$(( (k + 2) / 3 * 3 ))',
  'n=0',
  'while [ "$(wc -l < /shared/started)" -lt "$target" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done',
  'sleep 0.3',
  'read e _ < /proc/uptime',
  'echo "$s $e" >> /shared/spans'
].join('\n')

/** An example of examples/, made to run under docker: a local image and, where given, extra volumes. */
function example(
  file: string,
  change: { image: string; volumes?: unknown[]; volumeMounts?: unknown[] }
): string {
  const text = fs.readFileSync(path.join(process.cwd(), 'examples', file), 'utf8')
  return parseAllDocuments(text)
    .map(document => {
      const object = document.toJS() as {
        spec: { template: { spec: { containers: Array<Record<string, unknown>>; volumes?: unknown[] } } }
      }
      const pod = object.spec.template.spec
      for (const container of pod.containers) {
        container.image = change.image
        container.imagePullPolicy = 'IfNotPresent'
        if (change.volumeMounts) container.volumeMounts = change.volumeMounts
      }
      if (change.volumes) pod.volumes = change.volumes
      return stringify(object)
    })
    .join('---\n')
}

const cases: Record<string, string> = {
  overlap: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-overlap }
spec:
  completions: 6
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: shared, hostPath: { path: shared } }]
      containers:
        - name: c
          image: ${BUSYBOX}
          command: ${sh(overlapScript)}
          volumeMounts: [{ name: shared, mountPath: /shared }]
`,
  pi: example('pi.yaml', { image: PERL }),
  // The example's pods count their attempts in /tmp, which the pods of the process runtime share; here
  // a hostPath volume is /tmp for every pod.
  flaky: example('flaky.yaml', {
    image: BUSYBOX,
    volumes: [{ name: 'tmp', hostPath: { path: 'flaky-tmp' } }],
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }]
  }),
  indexedExample: example('indexed.yaml', { image: BUSYBOX }),
  deadline: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-deadline }
spec:
  activeDeadlineSeconds: 4
  backoffLimit: 6
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 10
      containers:
        - name: c
          image: ${BUSYBOX}
          command: ${sh(`echo started; ${untilTerm('echo got TERM; exit 143')}`)}
`,
  // The attempt count lives in an emptyDir, which outlives the container's restarts in place.
  onFailure: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-on-failure }
spec:
  backoffLimit: 6
  template:
    spec:
      restartPolicy: OnFailure
      volumes: [{ name: scratch, emptyDir: {} }]
      containers:
        - name: c
          image: ${BUSYBOX}
          command: ${sh('n=$(( $(cat /scratch/n 2>/dev/null || echo 0) + 1 )); echo $n > /scratch/n; echo "attempt $n"; [ $n -ge 3 ]')}
          volumeMounts: [{ name: scratch, mountPath: /scratch }]
`,
  // Init containers, a sidecar and the main container share an emptyDir; the sidecar prints the file
  // when it is stopped, so its log shows what the others had written by then.
  sidecar: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-sidecar }
spec:
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 10
      volumes: [{ name: shared, emptyDir: {} }]
      initContainers:
        - name: init-a
          image: ${BUSYBOX}
          command: ${sh('echo init-a >> /shared/order')}
          volumeMounts: [{ name: shared, mountPath: /shared }]
        - name: init-b
          image: ${BUSYBOX}
          command: ${sh('echo init-b >> /shared/order')}
          volumeMounts: [{ name: shared, mountPath: /shared }]
        - name: sidecar
          image: ${BUSYBOX}
          restartPolicy: Always
          command: ${sh(untilTerm('cat /shared/order; echo sidecar stopped; exit 0'))}
          volumeMounts: [{ name: shared, mountPath: /shared }]
      containers:
        - name: main
          image: ${BUSYBOX}
          command: ${sh('cat /shared/order; sleep 0.5; echo main done >> /shared/order')}
          volumeMounts: [{ name: shared, mountPath: /shared }]
`,
  config: `
apiVersion: v1
kind: ConfigMap
metadata: { name: dj-settings }
data:
  greeting: hello
  settings.ini: |
    a=1
    b=2
---
apiVersion: v1
kind: Secret
metadata: { name: dj-credentials }
data:
  token: ${Buffer.from('s3cr3t-t0ken').toString('base64')}
---
apiVersion: batch/v1
kind: Job
metadata: { name: dj-config }
spec:
  template:
    spec:
      restartPolicy: Never
      volumes:
        - { name: settings, configMap: { name: dj-settings } }
        - { name: credentials, secret: { secretName: dj-credentials, defaultMode: 0400 } }
      containers:
        - name: c
          image: ${BUSYBOX}
          command: ${sh('echo "$GREETING $SECRET_token"; ls /etc/settings; cat /etc/settings/settings.ini; cat /etc/credentials/token; echo; stat -c %a /etc/credentials/token')}
          env:
            - name: GREETING
              valueFrom: { configMapKeyRef: { name: dj-settings, key: greeting } }
          envFrom: [{ prefix: SECRET_, secretRef: { name: dj-credentials } }]
          volumeMounts:
            - { name: settings, mountPath: /etc/settings }
            - { name: credentials, mountPath: /etc/credentials }
`,
  neverPull: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-never-pull }
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: ${ABSENT}, imagePullPolicy: Never }]
`,
  pullFails: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-pull-fails }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: "${UNPULLABLE}" }]
`,
  oom: `
apiVersion: batch/v1
kind: Job
metadata: { name: dj-oom }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hog
          image: ${BUSYBOX}
          command: ${sh('x=a; while :; do x="$x$x"; done')}
          resources: { limits: { memory: 16Mi } }
`
}

/**
 * What docker still has of a run: containers and volumes labelled with the Job's name and the uid of one
 * of the run's pods (the Job's name alone would also find what an interrupted earlier test process left).
 */
function leftovers(run: RealRun): string[] {
  const result = run.results[0]
  const uids = new Set(result.pods.map(pod => pod.uid))
  const filter = `label=job-action.job=${result.job.metadata.name}`
  const list = (args: string[], id: string) =>
    execFileSync(
      'docker',
      [...args, '--filter', filter, '--format', `{{.Label "job-action.pod-uid"}} {{${id}}}`],
      {
        encoding: 'utf8'
      }
    )
      .split('\n')
      .map(line => line.split(' '))
      .filter(([uid]) => uids.has(uid))
      .map(([, id]) => id)
  return [
    ...list(['ps', '--all'], '.ID').map(id => `container ${id}`),
    ...list(['volume', 'ls'], '.Name').map(name => `volume ${name}`)
  ]
}

/** Two pods of two containers and an emptyDir each, cancelled (as on SIGINT) once both are running. */
const cancelledManifest = twoPodJob('dj-cancelled', sh('sleep 60'), sh(untilTerm('exit 143')))

interface CancelledRun {
  result: ExecuteResult
  /** The labels of a running container, as `docker ps` shows them. */
  labels: string
  /** Containers and volumes of the run left after it. */
  left: string[]
  dir: string
}

/** Runs the manifest as the action does and cancels it with a 1 s grace once both main containers run. */
async function runCancelled(manifest: string): Promise<CancelledRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-test-'))
  const settings: RunSettings = {
    sources: [{ text: manifest, file: 'job.yaml' }],
    runtime: 'docker',
    namespace: 'default',
    logs: 'none',
    logsDir: path.join(dir, 'logs'),
    backoffBaseMs: 50,
    workspace: dir
  }
  const loaded = loadAndCheck(settings.sources, settings)
  let runId = ''
  let labels = ''
  const result = await execute(loaded, settings, {
    out: new PassThrough().resume(),
    color: false,
    notice: () => undefined,
    onStarted: jobs => {
      runId = jobs.runId
      const running = [
        'ps',
        '--filter',
        `label=job-action.run-id=${runId}`,
        '--filter',
        'label=job-action.container=main'
      ]
      // A docker error while waiting only means the run is cancelled earlier.
      ;(async () => {
        try {
          for (let tries = 0; tries < 300; tries++) {
            labels = await dockerOutput([...running, '--format', '{{.Labels}}'])
            if (labels.trim().split('\n').length === 2) break
            await new Promise(resolve => setTimeout(resolve, 50))
          }
        } finally {
          jobs.cancel(1000)
        }
      })().catch(() => undefined)
    }
  }).catch((error: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true })
    throw error
  })
  return { result, labels, left: await labelledIds(`job-action.run-id=${runId}`), dir }
}

describeWithDocker('docker runtime: Jobs on real containers', () => {
  // A run that threw is kept as its error, which the tests of that run report.
  const runs = new Map<string, { run: RealRun; left: string[] } | Error>()
  let cancelledRun: CancelledRun | Error = new Error('did not run')
  const found = (name: string) => {
    const entry = runs.get(name) ?? new Error(`no run ${name}`)
    if (entry instanceof Error) throw entry
    return entry
  }
  const get = (name: string) => found(name).run
  const cancelled = () => {
    if (cancelledRun instanceof Error) throw cancelledRun
    return cancelledRun
  }
  const log = (run: RealRun, pod: string, file: string) =>
    fs.readFileSync(path.join(run.logsDir, run.results[0].job.metadata.name, pod, file), 'utf8')
  const failure = (error: unknown) => (error instanceof Error ? error : new Error(String(error)))

  beforeAll(async () => {
    await Promise.all([
      ...Object.entries(cases).map(async ([name, manifest]) => {
        try {
          const run = await runReal(manifest, { runtime: 'docker' })
          runs.set(name, { run, left: leftovers(run) })
        } catch (error) {
          runs.set(name, failure(error))
        }
      }),
      runCancelled(cancelledManifest).then(
        run => (cancelledRun = run),
        error => (cancelledRun = failure(error))
      )
    ])
  }, 120000)
  afterAll(() => {
    for (const entry of runs.values()) if (!(entry instanceof Error)) cleanup(entry.run)
    if (!(cancelledRun instanceof Error)) fs.rmSync(cancelledRun.dir, { recursive: true, force: true })
  })

  test.each(Object.keys(cases))('%s: no container or volume of the Job is left', name => {
    expect(found(name).left).toEqual([])
  })

  test('every container carries the labels of its run, Job, pod and container', () => {
    const runId = /job-action\.run-id=[0-9a-f-]{36}(,|$)/
    const lines = cancelled().labels.trim().split('\n')
    expect(lines).toHaveLength(2)
    for (const line of lines) {
      expect(line).toMatch(runId)
      expect(line).toContain('job-action.job=dj-cancelled')
      expect(line).toMatch(/job-action\.pod=dj-cancelled-\w{5}(,|$)/)
      expect(line).toContain('job-action.container=main')
    }
  })

  test('a cancelled run stops every pod and leaves no container or volume', () => {
    const [result] = cancelled().result.results
    expect(result.cancelled).toBe(true)
    expect(result.pods).toHaveLength(2)
    for (const pod of result.pods) {
      expect(pod.phase).toBe('Failed')
      expect(pod.containerStatuses.map(s => s.state)).toEqual(['terminated', 'terminated'])
      // sleep as PID 1 ignores SIGTERM: killed when the 1 s grace of the cancellation ended
      expect(pod.containerStatuses[0]).toMatchObject({ exitCode: 137, signal: 9 })
    }
    expect(cancelled().left).toEqual([])
  })

  test('completions 6, parallelism 3: exactly 3 pods overlap and 6 succeed', () => {
    const run = get('overlap')
    const spans = intervals(path.join(run.dir, 'shared', 'spans'))
    expect(spans).toHaveLength(6)
    expect(maxOverlap(spans)).toBe(3)
    expect(run.outputs).toMatchObject({ status: 'Complete', reason: 'CompletionsReached', succeeded: '6' })
    expect(run.results[0].pods.filter(p => p.phase === 'Succeeded')).toHaveLength(6)
  })

  test('pi: the log streams with its prefix, the log file holds it, outputs say Complete', () => {
    const run = get('pi')
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.reason).toBe('CompletionsReached')
    const pod = run.results[0].pods[0]
    expect(run.output).toMatch(new RegExp(`^\\[${pod.name}/pi\\] 3\\.14159265358979`, 'm'))
    const logFile = path.join(run.logsDir, 'pi', pod.name, 'pi.log')
    expect(pod.containerStatuses[0].logs).toEqual([logFile])
    expect(fs.readFileSync(logFile, 'utf8')).toMatch(/^3\.14159265358979\d{985}\n$/)
    expect(JSON.parse(run.podsJson)).toEqual([
      expect.objectContaining({ name: pod.name, index: null, phase: 'Succeeded', exitCode: 0, restarts: 0 })
    ])
  })

  test('flaky: two failures, then success on the third attempt', () => {
    const run = get('flaky')
    expect(run.outputs).toMatchObject({ status: 'Complete', failed: '2', succeeded: '1' })
    expect(run.results[0].pods.map(p => p.phase)).toEqual(['Failed', 'Failed', 'Succeeded'])
    const last = run.results[0].pods[2].name
    expect(log(run, last, 'step.log')).toBe('attempt 3\nsucceeded on attempt 3\n')
  })

  test('Indexed example: every pod sees its JOB_COMPLETION_INDEX and HOSTNAME', () => {
    const run = get('indexedExample')
    expect(run.outputs['completed-indexes']).toBe('0-7')
    for (const pod of run.results[0].pods)
      expect(run.output).toContain(`[${pod.name}/worker] index ${pod.index} on indexed-${pod.index}\n`)
  })

  test('activeDeadlineSeconds: the pod is stopped with SIGTERM and the Job fails with DeadlineExceeded', () => {
    const run = get('deadline')
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'DeadlineExceeded', failed: '1' })
    const job = run.results[0].job
    const failed = (job.status?.conditions ?? []).find(c => c.type === 'Failed')
    expect(failed?.message).toBe('Job was active longer than specified deadline')
    const [pod] = run.results[0].pods
    expect(pod.phase).toBe('Failed')
    expect(pod.containerStatuses[0]).toMatchObject({ exitCode: 143, reason: 'Error' })
    // Stopped by the SIGTERM it handles, not by the SIGKILL at the end of its 10 s grace period.
    expect(log(run, pod.name, 'c.log')).toBe('started\ngot TERM\n')
    expect(run.results[0].endedAt - run.results[0].startedAt).toBeGreaterThanOrEqual(4000)
  })

  test('OnFailure: the container restarts in place, one log file per attempt', () => {
    const run = get('onFailure')
    expect(run.outputs).toMatchObject({ status: 'Complete', succeeded: '1', failed: '0' })
    const [pod] = run.results[0].pods
    expect(run.results[0].pods).toHaveLength(1)
    const status = pod.containerStatuses[0]
    expect(status).toMatchObject({ restartCount: 2, exitCode: 0, reason: 'Completed' })
    const dir = path.join(run.logsDir, 'dj-on-failure', pod.name)
    expect(status.logs).toEqual(['c.log', 'c.1.log', 'c.2.log'].map(file => path.join(dir, file)))
    expect(status.logs.map(file => fs.readFileSync(file, 'utf8'))).toEqual([
      'attempt 1\n',
      'attempt 2\n',
      'attempt 3\n'
    ])
    expect(JSON.parse(run.podsJson)[0]).toMatchObject({ phase: 'Succeeded', restarts: 2 })
  })

  test('init containers run in order, share an emptyDir with the main container, the sidecar stops after it', () => {
    const run = get('sidecar')
    expect(run.outputs.status).toBe('Complete')
    const [pod] = run.results[0].pods
    expect(log(run, pod.name, 'main.log')).toBe('init-a\ninit-b\n')
    expect(log(run, pod.name, 'sidecar.log')).toBe('init-a\ninit-b\nmain done\nsidecar stopped\n')
    const [initA, initB, sidecar] = pod.initContainerStatuses
    const [main] = pod.containerStatuses
    expect([initA, initB, sidecar, main].map(s => [s.name, s.state, s.exitCode])).toEqual([
      ['init-a', 'terminated', 0],
      ['init-b', 'terminated', 0],
      ['sidecar', 'terminated', 0],
      ['main', 'terminated', 0]
    ])
    expect(initA.finishedAt!).toBeLessThanOrEqual(initB.startedAt!)
    expect(main.finishedAt!).toBeLessThanOrEqual(sidecar.finishedAt!)
  })

  test('configMap and secret: env, envFrom and volume files; the secret is masked in the stream', () => {
    const run = get('config')
    expect(run.outputs.status).toBe('Complete')
    const [pod] = run.results[0].pods
    expect(log(run, pod.name, 'c.log')).toBe(
      'hello s3cr3t-t0ken\ngreeting\nsettings.ini\na=1\nb=2\ns3cr3t-t0ken\n400\n'
    )
    expect(run.output).toContain(`[${pod.name}/c] hello ***\n`)
    expect(run.output).not.toContain('s3cr3t-t0ken')
  })

  test('imagePullPolicy Never and a missing image: ErrImageNeverPull, each pod counted as failed', () => {
    const run = get('neverPull')
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', failed: '2' })
    const message = `Container image "${ABSENT}" is not present with pull policy of Never`
    for (const pod of run.results[0].pods) {
      expect(pod.phase).toBe('Failed')
      expect(pod.containerStatuses[0]).toMatchObject({ reason: 'ErrImageNeverPull', message })
    }
  })

  test("a failed pull: ErrImagePull with docker's message, the pod counted as failed", () => {
    const run = get('pullFails')
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', failed: '1' })
    const [pod] = run.results[0].pods
    expect(pod.phase).toBe('Failed')
    expect(pod.containerStatuses[0]).toMatchObject({ reason: 'ErrImagePull', exitCode: 128 })
    expect(pod.containerStatuses[0].message).toMatch(
      /^Failed to pull image "127\.0\.0\.1:9\/job-action-test\/absent:1": .+/
    )
  })

  test('a container past its memory limit is OOMKilled with exit code 137', () => {
    const run = get('oom')
    expect(run.outputs).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', failed: '1' })
    expect(run.results[0].pods[0].containerStatuses[0]).toMatchObject({ exitCode: 137, reason: 'OOMKilled' })
    expect(JSON.parse(run.podsJson)[0].containers[0]).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled'
    })
  })
})
