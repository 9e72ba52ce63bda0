/** What the process runtime refuses before anything runs: commands it cannot exec, mounts it cannot offer. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { processRuntimeErrors } from '../../../src/runtime/process/processRuntimeRules.js'
import { volumesRoot } from '../../../src/runtime/process/processVolumes.js'
import type { DefaultedJob, PodSpec } from '../../../src/api/model.js'
import { setJobDefaults } from '../../../src/api/defaults.js'

// Made when the module loads: the test tables below are built before any hook runs.
const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-rules-')))
beforeAll(() => {
  fs.mkdirSync(path.join(base, 'exists'))
  fs.writeFileSync(path.join(base, 'file'), '')
})
afterAll(() => fs.rmSync(base, { recursive: true, force: true }))

function job(spec: Partial<PodSpec>, parallelism = 1): DefaultedJob {
  return setJobDefaults({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default', uid: 'u' },
    spec: { parallelism, template: { spec: { restartPolicy: 'Never', containers: [], ...spec } } },
    status: {}
  }).job
}

const c = (extra: Record<string, unknown> = {}) => ({
  name: 'c',
  image: 'busybox',
  command: ['true'],
  ...extra
})
const at = (mountPath: string, name = 'v', extra: Record<string, unknown> = {}) => ({
  volumeMounts: [{ name, mountPath: mountPath.replace('<base>', base), ...extra }]
})
const details = (j: DefaultedJob): string[] =>
  processRuntimeErrors(j).map(e => `${e.field}: ${e.detail}`.replaceAll(base, '<base>'))

describe('commands', () => {
  test.each([
    ['no command, no args', c({ command: undefined }), 'has no image entrypoint to fall back on'],
    [
      'args without command',
      c({ command: undefined, args: ['x'] }),
      'args without command cannot run under the process runtime'
    ],
    ['an empty command', c({ command: [] }), 'has no image entrypoint to fall back on']
  ])('%s: Required value on command', (_case, container, detail) => {
    const errors = processRuntimeErrors(job({ containers: [container as never] }))
    expect(errors).toEqual([
      {
        type: 'Required value',
        field: 'spec.template.spec.containers[0].command',
        detail: expect.stringContaining(detail)
      }
    ])
  })

  test('init containers are checked too, with their own path', () => {
    const errors = processRuntimeErrors(
      job({ initContainers: [c({ command: undefined }) as never], containers: [c() as never] })
    )
    expect(errors.map(e => e.field)).toEqual(['spec.template.spec.initContainers[0].command'])
  })
})

describe('volume mounts', () => {
  const emptyDir = [{ name: 'v', emptyDir: {} }]
  const hostPath = (p: string, type?: string) => [
    { name: 'v', hostPath: { path: p.replace('<base>', base), ...(type ? { type } : {}) } }
  ]

  test.each([
    ['hostPath in place', hostPath('<base>/exists'), [c(at('<base>/exists'))], 1],
    [
      'hostPath in place, not there yet',
      hostPath('<base>/later', 'DirectoryOrCreate'),
      [c(at('<base>/later'))],
      1
    ],
    ['hostPath in place, pods side by side', hostPath('<base>/exists'), [c(at('<base>/exists'))], 4],
    [
      'hostPath through a link, pods side by side',
      hostPath('<base>/exists'),
      [c(at('<base>/view', 'v', { subPath: 'x' }))],
      4
    ],
    ['emptyDir through a link', emptyDir, [c(at('<base>/scratch'))], 1],
    [
      'one emptyDir, two paths, two containers',
      emptyDir,
      [c(at('<base>/a')), { ...c(at('<base>/b', 'v', { subPath: 's' })), name: 'd' }],
      1
    ],
    [
      'one emptyDir, the same path in two containers',
      emptyDir,
      [c(at('<base>/a')), { ...c(at('<base>/a')), name: 'd' }],
      1
    ]
  ])('honoured: %s', (_case, volumes, containers, parallelism) => {
    expect(details(job({ volumes, containers: containers as never }, parallelism))).toEqual([])
  })

  test.each([
    [
      'a configMap volume',
      [{ name: 'v', configMap: { name: 'x' } }],
      [c(at('<base>/conf'))],
      1,
      'the process runtime cannot mount volume "v" (configMap)'
    ],
    [
      'a persistentVolumeClaim',
      [{ name: 'v', persistentVolumeClaim: { claimName: 'x' } }],
      [c(at('<base>/pvc'))],
      1,
      '(persistentVolumeClaim)'
    ],
    [
      'subPathExpr',
      emptyDir,
      [c(at('<base>/s', 'v', { subPathExpr: '$(POD)' }))],
      1,
      'cannot mount volume "v" with subPathExpr'
    ],
    ['a relative mountPath', emptyDir, [c(at('data'))], 1, 'the mountPath must be an absolute path'],
    [
      'a mountPath that exists',
      emptyDir,
      [c(at('<base>/exists'))],
      1,
      'the mountPath already exists on the runner'
    ],
    [
      'a mountPath that is a file',
      emptyDir,
      [c(at('<base>/file'))],
      1,
      'the mountPath already exists on the runner'
    ],
    [
      'a missing parent folder',
      emptyDir,
      [c(at('<base>/no/such'))],
      1,
      'the mountPath cannot be created: <base>/no does not exist'
    ],
    [
      'a parent that is a file',
      emptyDir,
      [c(at('<base>/file/x'))],
      1,
      'the mountPath cannot be created: <base>/file is not a directory'
    ],
    [
      'an emptyDir with parallelism 2',
      emptyDir,
      [c(at('<base>/scratch'))],
      2,
      '2 pods side by side (parallelism 2) cannot each have their own at one path'
    ],
    [
      'two volumes at one path in two containers',
      [...emptyDir, { name: 'w', emptyDir: {} }],
      [c(at('<base>/a')), { ...c(at('<base>/a', 'w')), name: 'd' }],
      1,
      'offers volume "v" at this path for the whole pod (spec.template.spec.containers[0].volumeMounts[0])'
    ]
  ])('refused: %s', (_case, volumes, containers, parallelism, detail) => {
    const found = details(job({ volumes: volumes as never, containers: containers as never }, parallelism))
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(detail)
    expect(found[0]).toMatch(/^spec\.template\.spec\.containers\[\d\]\.volumeMounts\[0\]\.mountPath: /)
  })

  test('a link left by an interrupted run is named as such', () => {
    const root = volumesRoot()
    const mountPath = path.join(base, 'stale')
    fs.symlinkSync(path.join(root, 'some-run', 'pod', 'v'), mountPath)
    try {
      expect(details(job({ volumes: emptyDir, containers: [c(at(mountPath)) as never] }))).toEqual([
        expect.stringContaining(
          'the mountPath already exists: a link left by an interrupted job-action run (remove it)'
        )
      ])
    } finally {
      fs.unlinkSync(mountPath)
    }
  })

  test('the error reads as the API server would print it', () => {
    const [error] = processRuntimeErrors(
      job({ volumes: emptyDir, containers: [c(at('<base>/exists')) as never] })
    )
    expect(error).toMatchObject({
      type: 'Invalid value',
      field: 'spec.template.spec.containers[0].volumeMounts[0].mountPath',
      value: `${base}/exists`
    })
  })
})
