/**
 * Volumes under the process runtime, with real processes (rules in processVolumes.ts): emptyDir and
 * hostPath offered through a link at the mountPath for the pod's lifetime, hostPath in place, and
 * what cannot be honoured refused before anything runs.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { loadAndCheck } from '../../src/execute.js'
import { ManifestError } from '../../src/api/load.js'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'

let run: RealRun | undefined
let base: string
beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-mounts-')))
})
afterEach(() => {
  cleanup(run)
  run = undefined
  fs.rmSync(base, { recursive: true, force: true })
})

const logOf = (run: RealRun, container: string, attempt = 0, pod = 0): string => {
  const statuses = [
    ...run.results[0].pods[pod].initContainerStatuses,
    ...run.results[0].pods[pod].containerStatuses
  ]
  return fs.readFileSync(statuses.find(s => s.name === container)?.logs[attempt] as string, 'utf8')
}

/** Entries of base that are links (none may be left once a run is over). */
const linksLeft = (): string[] =>
  fs.readdirSync(base).filter(name => fs.lstatSync(path.join(base, name)).isSymbolicLink())

describe('emptyDir', () => {
  test('shared by the containers of a pod, at different mountPaths and subPaths; gone when the pod ends', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: scratch }
spec:
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: data, emptyDir: {} }]
      initContainers:
        - name: fetch
          image: busybox
          command: [sh, -c, "echo fetched > ${base}/part/file; ls -A ${base}/part"]
          volumeMounts: [{ name: data, mountPath: ${base}/part, subPath: a/b }]
      containers:
        - name: use
          image: busybox
          command: [sh, -c, "cat ${base}/all/a/b/file; ls -A ${base}/all"]
          volumeMounts: [{ name: data, mountPath: ${base}/all }]
`)
    expect(run.outputs.status).toBe('Complete')
    expect(logOf(run, 'fetch')).toBe('file\n')
    expect(logOf(run, 'use')).toBe('fetched\na\n')
    expect(fs.readdirSync(base)).toEqual([])
  })

  test('new and empty for every pod, kept across restarts in place', async () => {
    const count = `echo run >> ${base}/data/runs; echo "runs: $(wc -l < ${base}/data/runs)"`
    run = await runReal(
      `
apiVersion: batch/v1
kind: Job
metadata: { name: fresh }
spec:
  completions: 2
  template:
    spec:
      restartPolicy: OnFailure
      volumes: [{ name: data, emptyDir: {} }]
      containers:
        - name: c
          image: busybox
          command: [sh, -c, '${count}; [ $(wc -l < ${base}/data/runs) -ge 2 ]']
          volumeMounts: [{ name: data, mountPath: ${base}/data }]
`,
      { backoffBase: 10 }
    )
    expect(run.outputs).toMatchObject({ status: 'Complete', succeeded: '2' })
    for (const pod of [0, 1]) {
      expect(logOf(run, 'c', 0, pod)).toBe('runs: 1\n')
      expect(logOf(run, 'c', 1, pod)).toBe('runs: 2\n')
    }
    expect(fs.readdirSync(base)).toEqual([])
  })
})

describe('hostPath', () => {
  test('in place (path = mountPath): created by DirectoryOrCreate, its files stay', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: in-place }
spec:
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: out, hostPath: { path: ${base}/out, type: DirectoryOrCreate } }]
      containers:
        - name: c
          image: busybox
          command: [sh, -c, "echo result > ${base}/out/result.txt"]
          volumeMounts: [{ name: out, mountPath: ${base}/out }]
`)
    expect(run.outputs.status).toBe('Complete')
    expect(fs.readFileSync(path.join(base, 'out/result.txt'), 'utf8')).toBe('result\n')
  })

  test('elsewhere: through a link to the host path (and a subPath), removed afterwards; the files stay', async () => {
    fs.mkdirSync(path.join(base, 'cache/v1'), { recursive: true })
    fs.writeFileSync(path.join(base, 'cache/v1/seed'), 'seed\n')
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: linked }
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: cache, hostPath: { path: ${base}/cache, type: Directory } }]
      containers:
        - name: c
          image: busybox
          command: [sh, -c, 'cat ${base}/view/seed; echo "$HOSTNAME" > ${base}/view/$HOSTNAME']
          volumeMounts: [{ name: cache, mountPath: ${base}/view, subPath: v1 }]
`)
    expect(run.outputs).toMatchObject({ status: 'Complete', succeeded: '2' })
    for (const [i, pod] of run.results[0].pods.entries()) {
      expect(logOf(run, 'c', 0, i)).toBe('seed\n')
      expect(fs.readFileSync(path.join(base, 'cache/v1', pod.name), 'utf8')).toBe(`${pod.name}\n`)
    }
    expect(linksLeft()).toEqual([])
    expect(fs.existsSync(path.join(base, 'view'))).toBe(false)
  })

  test("a type check that fails fails the pod with the kubelet's message; nothing runs", async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: missing-dir }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: src, hostPath: { path: ${base}/src, type: Directory } }]
      containers:
        - name: c
          image: busybox
          command: [touch, ${base}/ran]
          volumeMounts: [{ name: src, mountPath: ${base}/src }]
`)
    expect(run.outputs.status).toBe('Failed')
    const pod = run.results[0].pods[0]
    expect(pod.phase).toBe('Failed')
    expect(pod.message).toBe(
      `MountVolume.SetUp failed for volume "src" : hostPath type check failed: ${base}/src is not a directory`
    )
    expect(fs.existsSync(path.join(base, 'ran'))).toBe(false)
  })
})

describe('mounts that cannot be honoured are refused before anything runs', () => {
  test.each([
    [
      'a configMap volume',
      '[{ name: v, configMap: { name: settings } }]',
      '<base>/conf',
      'the process runtime cannot mount volume "v" (configMap): a process sees the runner\'s own file system, so only emptyDir and hostPath volumes can be offered (or use runtime: docker)'
    ],
    [
      'an emptyDir at a path that exists',
      '[{ name: v, emptyDir: {} }]',
      '<base>',
      'the process runtime offers volume "v" through a link it creates at the mountPath for the pod\'s lifetime; the mountPath already exists on the runner (or use runtime: docker)'
    ],
    [
      'an emptyDir whose parent folder is missing',
      '[{ name: v, emptyDir: {} }]',
      '<base>/no/such',
      'the process runtime offers volume "v" through a link it creates at the mountPath for the pod\'s lifetime; the mountPath cannot be created: <base>/no does not exist (or use runtime: docker)'
    ]
  ])('%s', (_case, volumes, mountPath, detail) => {
    const manifest = `
apiVersion: batch/v1
kind: Job
metadata: { name: refused }
spec:
  template:
    spec:
      restartPolicy: Never
      volumes: ${volumes}
      containers:
        - name: c
          image: busybox
          command: [touch, ${base}/ran]
          volumeMounts: [{ name: v, mountPath: ${mountPath.replace('<base>', base)} }]
`
    expect(() =>
      loadAndCheck([{ text: manifest, file: 'job.yaml' }], { namespace: 'default', runtime: 'process' })
    ).toThrow(
      new ManifestError(
        `The Job "refused" is invalid: spec.template.spec.containers[0].volumeMounts[0].mountPath: Invalid value: "${mountPath.replace('<base>', base)}": ${detail.replaceAll('<base>', base)}`
      )
    )
  })
})
