/**
 * Pods with several containers and volumes. Every pod is started at once in beforeAll (docker runs
 * them side by side); its containers run one after the other, as init containers do. Each test then
 * checks what one pod's containers saw and what the engine reported.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { V1Volume } from '@kubernetes/client-node'
import type { PodSpec } from '../../../src/api/model.js'
import type { VolumeSourceData } from '../../../src/runtime/docker/podVolumes.js'
import { describeWithDocker } from '../../support/docker.js'
import { busybox, EngineHarness, type Outcome } from './harness.js'

const configMaps: Record<string, VolumeSourceData> = {
  settings: { data: { 'app.conf': 'mode=fast\n', 'other.txt': 'other' }, binaryData: { 'blob.bin': 'AP8=' } }
}
const secrets: Record<string, VolumeSourceData> = {
  creds: { data: { password: 's3cret' } }
}

const scratch = { name: 'scratch', mountPath: '/scratch' }
const mem = { name: 'mem', mountPath: '/mem' }
const sharedScript = 'hostname; readlink /proc/self/ns/net'

/** A pod whose one container mounts the volume at /v and echoes "ran". */
function mountingPod(volume: V1Volume): PodSpec {
  return {
    restartPolicy: 'Never',
    volumes: [volume],
    containers: [busybox('c', 'echo ran', { volumeMounts: [{ name: volume.name, mountPath: '/v' }] })]
  }
}

const failedMountCases = [
  {
    name: 'a missing configMap',
    volume: { name: 'cfg', configMap: { name: 'absent' } },
    message: 'MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found'
  },
  {
    name: 'a missing secret',
    volume: { name: 'sec', secret: { secretName: 'absent' } },
    message: 'MountVolume.SetUp failed for volume "sec" : secret "absent" not found'
  },
  {
    name: 'a missing key of a configMap',
    volume: { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'nope', path: 'x' }] } },
    message: 'MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: nope'
  },
  {
    name: 'an unsupported volume type',
    volume: { name: 'claim', persistentVolumeClaim: { claimName: 'x' } },
    message:
      'MountVolume.SetUp failed for volume "claim" : persistentVolumeClaim volumes are not supported by the docker runtime (supported: emptyDir, hostPath, configMap, secret, downwardAPI)'
  }
]

const hostPathTypeCases = [
  { type: 'Directory', kind: 'a directory' },
  { type: 'File', kind: 'a file' },
  { type: 'Socket', kind: 'a socket file' }
]

/** The pods, by name: a spec (given the harness, for paths in its folder) and the pod's hostname. */
const pods: Record<string, (harness: EngineHarness) => PodSpec> = {
  emptyDir: () => ({
    restartPolicy: 'Never',
    volumes: [{ name: 'scratch', emptyDir: {} }],
    initContainers: [busybox('writer', 'echo from-writer > /scratch/file', { volumeMounts: [scratch] })],
    containers: [
      busybox(
        'reader',
        'cat /scratch/file; stat -c %a /scratch; echo x > /scratch/mine && stat -c %U /scratch/mine',
        {
          volumeMounts: [scratch],
          securityContext: { runAsUser: 65534 }
        }
      )
    ]
  }),
  memoryEmptyDir: () => ({
    restartPolicy: 'Never',
    volumes: [{ name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }],
    initContainers: [busybox('first', 'echo kept > /mem/f', { volumeMounts: [mem] })],
    containers: [
      busybox('second', 'cat /mem/f; grep " /mem " /proc/mounts | cut -d" " -f3', { volumeMounts: [mem] })
    ]
  }),
  subPath: () => ({
    restartPolicy: 'Never',
    volumes: [{ name: 'data', emptyDir: {} }],
    initContainers: [
      busybox('part', 'echo in-part > /part/f', {
        volumeMounts: [{ name: 'data', mountPath: '/part', subPath: 'a/b' }]
      })
    ],
    containers: [busybox('whole', 'cat /all/a/b/f', { volumeMounts: [{ name: 'data', mountPath: '/all' }] })]
  }),
  sharedNamespaces: () => ({
    restartPolicy: 'Never',
    initContainers: [busybox('one', sharedScript)],
    containers: [busybox('two', sharedScript)]
  }),
  restartedInPlace: () => ({
    restartPolicy: 'OnFailure',
    volumes: [{ name: 'scratch', emptyDir: {} }],
    containers: [
      busybox('c', 'echo run >> /scratch/runs; wc -l < /scratch/runs', { volumeMounts: [scratch] })
    ]
  }),
  single: () => ({
    restartPolicy: 'Never',
    containers: [busybox('c', 'hostname; ls /sys/class/net | tr "\\n" " "')]
  }),
  projections: () => ({
    restartPolicy: 'Never',
    volumes: [
      { name: 'all', configMap: { name: 'settings' } },
      {
        name: 'some',
        configMap: {
          name: 'settings',
          defaultMode: 0o600,
          items: [
            { key: 'app.conf', path: 'conf/app', mode: 0o440 },
            { key: 'other.txt', path: 'o' }
          ]
        }
      },
      { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } }
    ],
    containers: [
      busybox(
        'c',
        [
          'cd /all && for f in *; do echo "$f $(stat -c %a "$f")"; done',
          'od -An -tx1 /all/blob.bin',
          'cat /all/app.conf',
          'cd /some && find . -type f | sort | while read f; do echo "$f $(stat -c %a "$f")"; done',
          'echo "$(cat /creds/password) $(stat -c %a /creds/password)"',
          'touch /all/new 2>/dev/null || echo read-only'
        ].join('; '),
        {
          volumeMounts: [
            { name: 'all', mountPath: '/all' },
            { name: 'some', mountPath: '/some' },
            { name: 'creds', mountPath: '/creds' }
          ]
        }
      )
    ]
  }),
  optionalConfigMap: () => ({
    restartPolicy: 'Never',
    volumes: [{ name: 'cfg', configMap: { name: 'absent', optional: true } }],
    containers: [busybox('c', 'ls -A /v | wc -l', { volumeMounts: [{ name: 'cfg', mountPath: '/v' }] })]
  }),
  hostPath: harness => {
    mkdirSync(join(harness.dir, 'existing'))
    writeFileSync(join(harness.dir, 'existing/in.txt'), 'from host')
    return {
      restartPolicy: 'Never',
      volumes: [
        { name: 'dir', hostPath: { path: join(harness.dir, 'made/a,dir'), type: 'DirectoryOrCreate' } },
        { name: 'file', hostPath: { path: join(harness.dir, 'made-file'), type: 'FileOrCreate' } },
        { name: 'rel', hostPath: { path: 'existing', type: 'Directory' } }
      ],
      containers: [
        busybox('c', 'echo out > /dir/out; echo line > /file; cat /rel/in.txt', {
          volumeMounts: [
            { name: 'dir', mountPath: '/dir' },
            { name: 'file', mountPath: '/file' },
            { name: 'rel', mountPath: '/rel', readOnly: true }
          ]
        })
      ]
    }
  },
  ...Object.fromEntries(failedMountCases.map(c => [c.name, () => mountingPod(c.volume)])),
  ...Object.fromEntries(
    hostPathTypeCases.map(c => [
      `hostPath ${c.type}`,
      (harness: EngineHarness) =>
        mountingPod({ name: 'h', hostPath: { path: join(harness.dir, `absent-${c.type}`), type: c.type } })
    ])
  )
}

describeWithDocker('docker engine: pods share a sandbox and volumes', () => {
  let harness: EngineHarness
  const results = new Map<string, Outcome[]>()
  const outcomes = (name: string): Outcome[] => {
    const found = results.get(name)
    if (!found) throw new Error(`no outcomes for ${name}`)
    return found
  }

  beforeAll(async () => {
    harness = new EngineHarness({
      lookupConfigMap: (namespace, name) => (namespace === 'default' ? configMaps[name] : undefined),
      lookupSecret: async (namespace, name) => (namespace === 'default' ? secrets[name] : undefined)
    })
    await Promise.all(
      Object.entries(pods).map(async ([name, makeSpec]) => {
        const spec = makeSpec(harness)
        const pod = harness.pod('pod', name === 'sharedNamespaces' ? 'my-pod-7' : 'pod')
        await harness.engine.startPod!(pod, spec)
        const ran: Outcome[] = []
        for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
          ran.push(await harness.start(pod, spec, container).outcome)
        }
        // A container restarted in place is a new attempt in the same sandbox.
        if (spec.restartPolicy === 'OnFailure')
          ran.push(await harness.start(pod, spec, spec.containers[0]).outcome)
        await harness.engine.endPod!(pod)
        results.set(name, ran)
      })
    )
  })
  afterAll(async () => {
    await harness.close()
  })

  test('nothing of any pod is left once it ended: containers, pause containers, volumes', () => {
    for (const name of Object.keys(pods)) expect(harness.leftovers(outcomes(name)[0].podUid)).toEqual([])
    expect(harness.leftovers()).toEqual([])
  })

  test('an emptyDir is shared by the containers of a pod, and writable by any user', () => {
    const [writer, reader] = outcomes('emptyDir')
    expect(writer.exit.reason).toBe('Completed')
    expect(reader.log.stdout).toBe('from-writer\n777\nnobody\n')
    expect(reader.log.stderr).toBe('')
  })

  test('a Memory emptyDir is a tmpfs that lives as long as the pod', () => {
    expect(outcomes('memoryEmptyDir')[1].log.stdout).toBe('kept\ntmpfs\n')
  })

  test('a subPath mount of an emptyDir sees one folder of it', () => {
    const [part, whole] = outcomes('subPath')
    expect(part.exit.reason).toBe('Completed')
    expect(whole.log.stdout).toBe('in-part\n')
  })

  test('containers of a pod share its network namespace and hostname', () => {
    const [one, two] = outcomes('sharedNamespaces')
    expect(one.log.stdout).toMatch(/^my-pod-7\nnet:\[\d+\]\n$/)
    expect(two.log.stdout).toBe(one.log.stdout)
  })

  test('a container restarted in place keeps its emptyDir', () => {
    expect(outcomes('restartedInPlace').map(outcome => outcome.log.stdout.trim())).toEqual(['1', '2'])
  })

  test('a single-container pod gets the pod hostname and no network but loopback', () => {
    expect(outcomes('single')[0].log.stdout).toBe('pod\nlo ')
  })

  test('configMap and secret volumes: files from data and binaryData, modes, items, read-only', () => {
    expect(outcomes('projections')[0].log.stdout).toBe(
      [
        'app.conf 644',
        'blob.bin 644',
        'other.txt 644',
        ' 00 ff',
        'mode=fast',
        './conf/app 440',
        './o 600',
        's3cret 400',
        'read-only',
        ''
      ].join('\n')
    )
  })

  test.each(failedMountCases)("$name fails the pod's containers with FailedMount", ({ name, message }) => {
    const [outcome] = outcomes(name)
    expect(outcome.started).toBe(false)
    expect(outcome.waiting).toEqual([['ContainerCreating', message]])
    expect(outcome.exit).toMatchObject({ exitCode: 128, reason: 'FailedMount', message })
  })

  test('an optional missing configMap mounts an empty folder', () => {
    expect(outcomes('optionalConfigMap')[0].log.stdout.trim()).toBe('0')
  })

  test('hostPath: DirectoryOrCreate and FileOrCreate create what is missing (a comma in the path too); relative paths start at the workspace', () => {
    expect(outcomes('hostPath')[0].log.stdout).toBe('from host')
    expect(readFileSync(join(harness.dir, 'made/a,dir/out'), 'utf8')).toBe('out\n')
    expect(readFileSync(join(harness.dir, 'made-file'), 'utf8')).toBe('line\n')
    expect(statSync(join(harness.dir, 'made/a,dir')).mode & 0o777).toBe(0o755)
  })

  test.each(hostPathTypeCases)(
    "hostPath type $type on a missing path fails with the kubelet's check message",
    ({ type, kind }) => {
      const path = join(harness.dir, `absent-${type}`)
      expect(outcomes(`hostPath ${type}`)[0].exit.message).toBe(
        `MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${path} is not ${kind}`
      )
      expect(existsSync(path)).toBe(false)
    }
  )
})
