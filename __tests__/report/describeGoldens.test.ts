/**
 * Goldens laid out by hand from describe.go's writes (block boundaries and widths worked
 * out line by line), for what the real samples do not cover: Indexed Jobs, every env
 * source, resources, probes, volumes, scheduling fields, event aggregation.
 */
import { describe, test } from '@jest/globals'
import { at, container, defaultedJob, event, expectGolden } from './fixtures.js'

describe('describeJob goldens', () => {
  test('Indexed Job that failed some indexes: cut index lists, annotations, template extras', () => {
    const job = defaultedJob({
      name: 'demo-job-indexed',
      namespace: 'batch',
      uid: '5e7f0a9c-2b1d-4c3e-8f6a-1d2c3b4a5e6f',
      templateLabels: { app: 'demo' },
      templateAnnotations: { 'example.com/shard-size': '1Gi' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"batch/v1","kind":"Job"}\n',
        'example.com/team': 'data',
        'example.com/long': Array.from({ length: 150 }, (_, i) => i % 10).join(''),
        'example.com/description': 'Nightly batch of a hundred shards.\nOwner: data-team\n'
      },
      spec: {
        parallelism: 4,
        completions: 100,
        completionMode: 'Indexed',
        backoffLimit: 2147483647,
        backoffLimitPerIndex: 1,
        maxFailedIndexes: 12,
        ttlSecondsAfterFinished: 300
      },
      containers: [
        container({
          name: 'worker',
          image: 'ghcr.io/example/worker:2.1',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          args: ['--shard=$(JOB_COMPLETION_INDEX)'],
          resources: { limits: { memory: '1024Mi', cpu: '1' }, requests: { cpu: '0.5', memory: '256Mi' } },
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            initialDelaySeconds: 5,
            periodSeconds: 20,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3
          },
          readinessProbe: {
            httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3
          },
          volumeMounts: [
            { name: 'work', mountPath: '/work' },
            { name: 'settings', mountPath: '/config', readOnly: true },
            { name: 'work', mountPath: '/data/out', subPath: 'out' }
          ]
        })
      ],
      podSpec: {
        serviceAccountName: 'batch-runner',
        initContainers: [
          container({
            name: 'fetch',
            image: 'alpine:3.20',
            command: ['sh', '-c', 'wget -q -O /work/input https://example.com/input'],
            volumeMounts: [{ name: 'work', mountPath: '/work' }]
          })
        ],
        volumes: [
          { name: 'work', emptyDir: {} },
          { name: 'settings', configMap: { name: 'worker-settings', defaultMode: 420 } }
        ],
        priorityClassName: 'batch-low',
        nodeSelector: { 'node.kubernetes.io/pool': 'batch', 'kubernetes.io/os': 'linux' },
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300
          },
          { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
          { operator: 'Exists' }
        ]
      },
      status: {
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            lastProbeTime: '2026-05-05T02:13:58Z',
            lastTransitionTime: '2026-05-05T02:13:58Z',
            reason: 'FailedIndexes',
            message: 'Job has failed indexes'
          }
        ],
        startTime: '2026-05-05T02:00:03Z',
        succeeded: 88,
        failed: 24,
        ready: 0,
        terminating: 0,
        completedIndexes: '0-2,4-6,8-10,12-16,18-22,24-28,30,32-36,38-40,42,44-46,48-52,54-99',
        failedIndexes: '3,7,11,17,23,29,31,37,41,43,47,53'
      }
    })
    job.metadata.ownerReferences = [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'nightly',
        uid: '0d0d0d0d-0000-4000-8000-000000000001',
        controller: true,
        blockOwnerDeletion: true
      }
    ]
    const quota =
      'Error creating: pods "demo-job-indexed-17-" is forbidden: exceeded quota: batch, requested: pods=1, used: pods=4, limited: pods=4'
    // Recorded out of order: the table is sorted by last occurrence, ties kept in order.
    const events = [
      event('Warning', 'FailedIndexes', 'Job has failed indexes', at('2026-05-05T02:13:58Z')),
      event(
        'Normal',
        'SuccessfulCreate',
        'Created pod: demo-job-indexed-0-p4564',
        at('2026-05-05T02:00:03.100Z')
      ),
      event('Warning', 'FailedCreate', `${quota}\n`, at('2026-05-05T02:03:10Z'), {
        count: 3,
        last: at('2026-05-05T02:05:40Z')
      }),
      event(
        'Normal',
        'SuccessfulCreate',
        'Created pod: demo-job-indexed-1-wzbbk',
        at('2026-05-05T02:00:03.900Z')
      )
    ]
    expectGolden('describe/demo-job-indexed.txt', job, events, at('2026-05-05T02:15:00Z'), 60)
  })

  test('every env source, envFrom, resources, probes, ports, seccomp, volumes; no events', () => {
    const job = defaultedJob({
      name: 'demo-job-env',
      uid: 'c0ffee00-1111-4222-8333-444455556666',
      containers: [
        container({
          name: 'app',
          image: 'ghcr.io/example/app:1.0',
          command: ['/app/server'],
          ports: [
            { containerPort: 8080, protocol: 'TCP' },
            { containerPort: 9090, hostPort: 9090, protocol: 'UDP' }
          ],
          securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
          resources: { limits: { cpu: '2' }, requests: { memory: '256Mi', cpu: '250m' } },
          readinessProbe: { grpc: { port: 9090, service: '' } },
          startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30 },
          envFrom: [
            { configMapRef: { name: 'app-config' } },
            { prefix: 'API_', secretRef: { name: 'api-keys', optional: true } }
          ],
          env: [
            { name: 'GREETING', value: 'hello' },
            { name: 'MULTI', value: 'line one\nline two' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
            {
              name: 'MEM_REQUEST',
              valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } }
            },
            { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            {
              name: 'LOG_LEVEL',
              valueFrom: { configMapKeyRef: { name: 'app-config', key: 'log-level', optional: true } }
            }
          ],
          volumeMounts: [
            { name: 'db-secret', mountPath: '/etc/db', readOnly: true },
            { name: 'cache', mountPath: '/cache' },
            { name: 'app-config', mountPath: '/etc/app', readOnly: true }
          ]
        })
      ],
      podSpec: {
        volumes: [
          { name: 'db-secret', secret: { secretName: 'db', defaultMode: 420 } },
          { name: 'app-config', configMap: { name: 'app-config', optional: true } },
          { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }
        ]
      },
      status: { startTime: '2026-02-01T08:30:00Z', active: 1, ready: 1, terminating: 0 }
    })
    expectGolden('describe/demo-job-env.txt', job, [], at('2026-02-01T08:31:00Z'), 0)
  })
})
