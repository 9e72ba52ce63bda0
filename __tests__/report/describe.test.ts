/**
 * describeJob line rules: the assertions of kubectl's describe_test.go TestDescribeJob
 * (jobs built without defaulting, as its fake client returns them) and the rules of §6.2
 * that the goldens do not reach.
 */
import { describe, expect, test } from '@jest/globals'
import type { V1Volume } from '@kubernetes/client-node'
import { describeJob } from '../../src/report/describe.js'
import type { Container, DefaultedJob, Job, JobSpec, JobStatus } from '../../src/api/model.js'
import { at, container, defaultedJob } from './fixtures.js'

const now = at('2026-06-01T12:00:00Z')

function bareJob(spec: Partial<JobSpec> = {}, status: JobStatus = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'bar', namespace: 'foo', uid: 'u' },
    spec: { ...spec, template: { spec: { containers: [] } } },
    status
  }
}

// describe reads what is written, defaulted or not: a bare Job shows what kubectl shows for absent fields.
const render = (job: Job): string =>
  describeJob({ job: job as DefaultedJob, events: [], now, utcOffsetMinutes: 0 })

function withContainer(fields: Partial<Container>, volumes?: V1Volume[]): string {
  const job = defaultedJob({
    name: 'j',
    uid: 'u',
    containers: [container({ name: 'c', image: 'busybox', ...fields })],
    podSpec: volumes ? { volumes } : {},
    status: {}
  })
  return render(job)
}

describe('describe_test.go TestDescribeJob', () => {
  test('empty spec: no Completed Indexes, Suspend, Backoff Limit or TTL lines', () => {
    const text = render(bareJob())
    for (const absent of [
      'Completed Indexes:',
      'Suspend:',
      'Backoff Limit:',
      'TTL Seconds After Finished:'
    ]) {
      expect(text).not.toContain(absent)
    }
  })

  test.each<[string, Partial<JobSpec>, JobStatus, string[]]>([
    ['Indexed, nothing completed', { completionMode: 'Indexed' }, {}, ['Completed Indexes:  <none>']],
    [
      'Indexed, a list that fits',
      { completionMode: 'Indexed' },
      { completedIndexes: '0-5,7,9,10,12,13,15,16,18,20,21,23,24,26,27,29,30,32' },
      ['Completed Indexes:  0-5,7,9,10,12,13,15,16,18,20,21,23,24,26,27,29,30,32\n']
    ],
    [
      'Indexed, a list cut after the first comma past 50 characters',
      { completionMode: 'Indexed' },
      { completedIndexes: '0-5,7,9,10,12,13,15,16,18,20,21,23,24,26,27,29,30,32-34,36,37' },
      ['Completed Indexes:  0-5,7,9,10,12,13,15,16,18,20,21,23,24,26,27,29,30,32-34,...\n']
    ],
    [
      'suspend, TTL and backoff limit',
      { suspend: true, ttlSecondsAfterFinished: 123, backoffLimit: 1 },
      {},
      [
        'Suspend:                     true',
        'TTL Seconds After Finished:  123',
        'Backoff Limit:               1'
      ]
    ],
    ['suspend false only', { suspend: false }, {}, ['Suspend:        false']]
  ])('%s', (_name, spec, status, expected) => {
    const text = render(bareJob(spec, status))
    for (const line of expected) expect(text).toContain(line)
  })
})

describe('describeJob top section', () => {
  test('an undefaulted Job: empty selector, unset completions, no ready count', () => {
    expect(render(bareJob({}, { active: 2, succeeded: 1 }))).toBe(
      [
        'Name:           bar',
        'Namespace:      foo',
        'Selector:       ',
        'Labels:         <none>',
        'Annotations:    <none>',
        'Completions:    <unset>',
        'Pods Statuses:  2 Active / 1 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  <none>',
        '  Containers: <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Events:            <none>',
        ''
      ].join('\n')
    )
  })

  test('the duration is the whole seconds between start and completion', () => {
    const text = render(
      bareJob({}, { startTime: '2026-06-01T10:00:00Z', completionTime: '2026-06-01T10:04:15Z' })
    )
    expect(text).toContain('Start Time:     Mon, 01 Jun 2026 10:00:00 +0000\n')
    expect(text).toContain('Completed At:   Mon, 01 Jun 2026 10:04:15 +0000\n')
    expect(text).toContain('Duration:       4m15s\n')
  })

  test('active deadline and controller', () => {
    const job = bareJob({ activeDeadlineSeconds: 90 })
    job.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-the-controller', uid: 'a' },
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'b', controller: true }
    ]
    const text = render(job)
    expect(text).toContain('Controlled By:            CronJob/nightly\n')
    expect(text).toContain('Active Deadline Seconds:  90s\n')
  })

  test('no failed-indexes line, as kubectl (the Completed Indexes line only)', () => {
    const indexed = render(bareJob({ completionMode: 'Indexed' }, { failedIndexes: '1,3' }))
    expect(indexed).toContain('Completed Indexes:  <none>\n')
    expect(indexed).not.toContain('Failed Indexes')
    expect(render(bareJob({ completionMode: 'NonIndexed' }, { failedIndexes: '1' }))).not.toContain(
      'Failed Indexes'
    )
  })

  test.each<[string, JobSpec['selector'], string]>([
    [
      'match labels and expressions, sorted by key, values sorted',
      {
        matchLabels: { tier: 'batch', app: 'x' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'canary', operator: 'Exists' }
        ]
      },
      'Selector:       app=x,canary,env notin (prod),!legacy,tier=batch,zone in (a,b)\n'
    ],
    [
      'an invalid operator',
      { matchExpressions: [{ key: 'a', operator: 'Bogus' }] },
      'Selector:       Failed to get selector: "Bogus" is not a valid label selector operator\n'
    ]
  ])('selector: %s', (_name, selector, line) => {
    expect(render(bareJob({ selector }))).toContain(line)
  })

  test.each<[string, Record<string, string>, string]>([
    [
      '140 bytes with the key stays inline',
      { k: 'v'.repeat(137) },
      `Annotations:    k: ${'v'.repeat(137)}\n`
    ],
    [
      '141 bytes goes below the key',
      { k: 'v'.repeat(138) },
      `Annotations:    k:\n                  ${'v'.repeat(138)}\n`
    ],
    [
      'a long line is cut at 138 bytes',
      { k: 'v'.repeat(200) },
      `Annotations:    k:\n                  ${'v'.repeat(138)}...\n`
    ],
    ['bytes, not characters, are counted', { k: 'é'.repeat(69) }, `Annotations:    k:\n`],
    ['one trailing newline is dropped', { k: 'value\n' }, 'Annotations:    k: value\n'],
    [
      'the last applied configuration is never shown',
      { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      'Annotations:    <none>\n'
    ]
  ])('annotations: %s', (_name, annotations, expected) => {
    const job = bareJob()
    job.metadata.annotations = annotations
    expect(render(job)).toContain(expected)
  })
})

// The lines of a field, its padding collapsed: widths depend on the whole block and are
// the goldens' business; these tests check what is printed.
function field(text: string, label: string): string[] {
  return text
    .split('\n')
    .filter(line => line.startsWith(label))
    .map(line => line.replace(/:\s+/, ': ').replace(/\s+$/, ''))
}

describe('describeJob container lines', () => {
  test.each<[string, Partial<Container>, [label: string, lines: string[]][]]>([
    [
      'a single port with a host port',
      { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] },
      [
        ['    Port:', ['    Port: 80/TCP']],
        ['    Host Port:', ['    Host Port: 8080/TCP']]
      ]
    ],
    [
      'terminal control characters in a command are made visible',
      { command: ['printf', '\x1b[31mred\r'] },
      [
        ['      printf', ['      printf']],
        ['      ^[', ['      ^[[31mred\\r']]
      ]
    ],
    [
      'resourceFieldRef in units of its divisor, rounded up',
      {
        resources: { requests: { cpu: '250m', memory: '100M' }, limits: { 'ephemeral-storage': '1Gi' } },
        env: [
          { name: 'A', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
          { name: 'B', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
          { name: 'C', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
          {
            name: 'D',
            valueFrom: { resourceFieldRef: { resource: 'limits.ephemeral-storage', divisor: '1Ki' } }
          },
          { name: 'E', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          { name: 'F', valueFrom: { resourceFieldRef: { resource: 'requests.nvidia.com/gpu' } } }
        ]
      },
      [
        ['      A:', ['      A: 1 (requests.cpu)']],
        ['      B:', ['      B: 250 (requests.cpu)']],
        ['      C:', ['      C: 96 (requests.memory)']],
        ['      D:', ['      D: 1048576 (limits.ephemeral-storage)']],
        ['      E:', ['      E: node allocatable (limits.cpu)']],
        ['      F:', ['      F: (requests.nvidia.com/gpu)']]
      ]
    ],
    [
      'probes with defaults filled in; http-get with a host and an escaped path',
      {
        livenessProbe: { httpGet: { host: 'example.com', port: 'http', path: '/a b?c' } },
        startupProbe: { tcpSocket: { host: '::1', port: 9 }, periodSeconds: 1 }
      },
      [
        [
          '    Liveness:',
          [
            '    Liveness: http-get http://example.com:http/a%20b%3Fc delay=0s timeout=1s period=10s #success=1 #failure=3'
          ]
        ],
        [
          '    Startup:',
          ['    Startup: tcp-socket ::1:9 delay=0s timeout=1s period=1s #success=1 #failure=3']
        ]
      ]
    ],
    [
      'devices without mounts repeat the mounts <none>',
      { volumeDevices: [{ name: 'raw', devicePath: '/dev/xvdb' }] },
      [
        ['    Devices:', ['    Devices: <none>']],
        ['      /dev/', ['      /dev/xvdb from raw']]
      ]
    ]
  ])('%s', (_name, fields, expected) => {
    const text = withContainer(fields)
    for (const [label, lines] of expected) expect(field(text, label)).toEqual(lines)
  })
})

describe('describeJob volumes and scheduling', () => {
  test("other volume sources, and kubectl's fallback for a source it does not know", () => {
    const text = withContainer({}, [
      { name: 'claim', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }
          ]
        }
      },
      {
        name: 'bundle',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { configMap: { name: 'root-ca' } },
            { downwardAPI: {} },
            { secret: { name: 's', optional: true } }
          ]
        }
      },
      { name: 'share', nfs: { server: 'nfs.local', path: '/exports' } },
      { name: 'csi', csi: { driver: 'example.csi', volumeAttributes: { b: '2', a: '1' } } },
      { name: 'img', image: { reference: 'registry/data:1', pullPolicy: 'IfNotPresent' } },
      { name: 'future' }
    ])
    const volumes = text.slice(text.indexOf('  Volumes:'), text.indexOf('  Node-Selectors:'))
    expect(volumes).toBe(
      [
        '  Volumes:',
        '   claim:',
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:  data',
        '    ReadOnly:   true',
        '   info:',
        '    Type:  DownwardAPI (a volume populated by information about the pod)',
        '    Items:',
        '      metadata.labels -> labels',
        '      limits.cpu -> cpu',
        '   bundle:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3600',
        '    ConfigMapName:           root-ca',
        '    Optional:                false',
        '    DownwardAPI:             true',
        '    SecretName:              s',
        '    Optional:                true',
        '   share:',
        '    Type:      NFS (an NFS mount that lasts the lifetime of a pod)',
        '    Server:    nfs.local',
        '    Path:      /exports',
        '    ReadOnly:  false',
        '   csi:',
        '    Type:              CSI (a Container Storage Interface (CSI) volume source)',
        '    Driver:            example.csi',
        '    FSType:            ',
        '    ReadOnly:          false',
        '    VolumeAttributes:      a=1',
        '                           b=2',
        '   img:',
        '    Type:        Image (a container image or OCI artifact)',
        '    Reference:   registry/data:1',
        '    PullPolicy:  IfNotPresent',
        '   future:',
        '  <unknown>',
        ''
      ].join('\n')
    )
  })

  test('topology spread constraints and tolerations', () => {
    const job = defaultedJob({
      name: 'j',
      uid: 'u',
      containers: [container({ name: 'c', image: 'busybox' })],
      podSpec: {
        topologySpreadConstraints: [
          {
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            maxSkew: 2,
            labelSelector: { matchLabels: { app: 'x' } }
          },
          { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1 }
        ],
        tolerations: [
          { key: 'gpu', operator: 'Exists' },
          { effect: 'NoSchedule', operator: 'Exists' }
        ]
      },
      status: {}
    })
    const text = render(job)
    expect(text.slice(text.indexOf('  Volumes:'))).toBe(
      [
        '  Volumes:                      <none>',
        '  Topology Spread Constraints:  kubernetes.io/hostname:DoNotSchedule when max skew 1 is exceeded',
        '                                topology.kubernetes.io/zone:ScheduleAnyway when max skew 2 is exceeded for selector app=x',
        '  Node-Selectors:               <none>',
        '  Tolerations:                  :NoSchedule op=Exists',
        '                                gpu op=Exists',
        'Events:                         <none>',
        ''
      ].join('\n')
    )
  })
})

describe('describeJob emptyDir size limit', () => {
  test.each<[string, string | undefined, string]>([
    ['none', undefined, '<unset>'],
    ['zero', '0', '<unset>'],
    ['a limit', '64Mi', '64Mi'],
    ['a limit in its stored, canonical form', '1024Mi', '1Gi']
  ])('%s', (_name, sizeLimit, shown) => {
    const text = withContainer({}, [
      { name: 'scratch', emptyDir: sizeLimit === undefined ? {} : { sizeLimit } }
    ])
    expect(field(text, '    SizeLimit:')).toEqual([`    SizeLimit: ${shown}`])
  })
})
