/**
 * The stored Job: defaults (SetDefaults_Job and the core v1 pod defaults) plus what the API
 * server adds on create, compared with what a real API server stored for the same manifests
 * (`kubectl get job -o yaml` after `kubectl create`). Defaults: pkg/apis/batch/v1/defaults.go and
 * pkg/apis/core/v1/defaults.go; on create: pkg/registry/batch/job/strategy.go.
 */
import { describe, expect, test } from '@jest/globals'
import { defaultPullPolicy } from '../../src/api/defaults.js'
import { fixedOptions, load, toYaml, validJob, type Manifest } from './fixtures.js'

const kuardUid = '8b0a2d2e-0986-495e-b047-4bd472d10eaf'

function loadJob(manifest: Manifest, options = fixedOptions): Manifest {
  return load(toYaml(manifest), 'job.yaml', options).jobs[0].job as unknown as Manifest
}

function generatedLabels(name: string, uid: string): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name
  }
}

/** The pod template defaults every sample shows. */
const podDefaults = {
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30
}
const containerDefaults = {
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File'
}

describe('stored Jobs equal what a real API server stored', () => {
  test('kuard-job: a NonIndexed job in namespace suu', () => {
    const options = { ...fixedOptions, newUid: () => kuardUid, now: Date.parse('2026-04-16T10:36:28Z') }
    const manifest = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'kuard-job', namespace: 'suu' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'query-client',
                image: 'busybox',
                command: ['sh', '-c', 'for i in 1 2 3 4 5; do wget -qO- http://kuard-srv; sleep 1; done']
              }
            ]
          }
        }
      }
    }
    expect(loadJob(manifest, options)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        creationTimestamp: '2026-04-16T10:36:28Z',
        generation: 1,
        labels: generatedLabels('kuard-job', kuardUid),
        name: 'kuard-job',
        namespace: 'suu',
        uid: kuardUid
      },
      spec: {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        manualSelector: false,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': kuardUid } },
        suspend: false,
        template: {
          metadata: { labels: generatedLabels('kuard-job', kuardUid) },
          spec: {
            ...podDefaults,
            restartPolicy: 'Never',
            containers: [
              {
                ...containerDefaults,
                name: 'query-client',
                image: 'busybox',
                imagePullPolicy: 'Always',
                command: ['sh', '-c', 'for i in 1 2 3 4 5; do wget -qO- http://kuard-srv; sleep 1; done']
              }
            ]
          }
        }
      },
      status: {}
    })
  })

  test('demo-job-write: hostPath volume and mount', () => {
    const uid = '8438f59c-d4c9-4a28-a90e-36cd80553d8a'
    const script = 'echo "$(date) Demo Job writer";\necho "$(date) Demo Job writer" > /data/message.txt;\n'
    const job = loadJob(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'demo-job-write' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'writer',
                  image: 'busybox',
                  command: ['/bin/sh', '-c'],
                  args: [script],
                  volumeMounts: [{ name: 'local-storage', mountPath: '/data' }]
                }
              ],
              volumes: [{ name: 'local-storage', hostPath: { path: '/tmp/data', type: 'DirectoryOrCreate' } }]
            }
          }
        }
      },
      { ...fixedOptions, newUid: () => uid }
    )
    expect((job.spec as Manifest).template).toEqual({
      metadata: { labels: generatedLabels('demo-job-write', uid) },
      spec: {
        ...podDefaults,
        restartPolicy: 'Never',
        containers: [
          {
            ...containerDefaults,
            name: 'writer',
            image: 'busybox',
            imagePullPolicy: 'Always',
            command: ['/bin/sh', '-c'],
            args: [script],
            volumeMounts: [{ name: 'local-storage', mountPath: '/data' }]
          }
        ],
        volumes: [{ name: 'local-storage', hostPath: { path: '/tmp/data', type: 'DirectoryOrCreate' } }]
      }
    })
    expect((job.metadata as Manifest).labels).toEqual(generatedLabels('demo-job-write', uid))
  })

  test('pi: backoffLimit as given, completions 6 with parallelism defaulted', () => {
    const pi = loadJob({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        backoffLimit: 4,
        template: {
          spec: {
            containers: [
              { name: 'pi', image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }
            ],
            restartPolicy: 'Never'
          }
        }
      }
    })
    expect(pi.spec).toMatchObject({ backoffLimit: 4, completions: 1, parallelism: 1 })
    const six = loadJob({ ...validJob(), spec: { ...(validJob().spec as Manifest), completions: 6 } })
    expect(six.spec).toMatchObject({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 6,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false
    })
  })
})

describe('SetDefaults_Job rules (pkg/apis/batch/v1/defaults.go)', () => {
  const withSpec = (extra: Manifest): Manifest => {
    const job = validJob()
    Object.assign(job.spec as Manifest, extra)
    return loadJob(job).spec as Manifest
  }

  test.each<[string, Manifest, Manifest]>([
    ['both unset → 1 and 1', {}, { completions: 1, parallelism: 1 }],
    [
      'parallelism only → completions stay unset (work queue)',
      { parallelism: 3 },
      { parallelism: 3, completions: undefined }
    ],
    ['completions only → parallelism 1', { completions: 5 }, { completions: 5, parallelism: 1 }],
    ['backoffLimit 6', {}, { backoffLimit: 6 }],
    [
      'backoffLimitPerIndex → backoffLimit MaxInt32',
      { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 },
      { backoffLimit: 2147483647 }
    ],
    [
      'podFailurePolicy → podReplacementPolicy Failed, onPodConditions status True',
      {
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }
      },
      {
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ status: 'True', type: 'DisruptionTarget' }] }]
        }
      }
    ],
    ['suspend kept', { suspend: true }, { suspend: true }]
  ])('%s', (_name, extra, expected) => {
    const spec = withSpec(extra)
    for (const [key, value] of Object.entries(expected)) expect(spec[key]).toEqual(value)
  })

  test('Job labels come from the template labels, generated ones included; own labels are kept', () => {
    const job = validJob()
    ;((job.spec as Manifest).template as Manifest).metadata = { labels: { app: 'x' } }
    expect((loadJob(job).metadata as Manifest).labels).toEqual({
      app: 'x',
      ...generatedLabels('myjob', '1a2b3c')
    })
    ;(job.metadata as Manifest).labels = { team: 'ci' }
    expect((loadJob(job).metadata as Manifest).labels).toEqual({ team: 'ci' })
  })

  test('manual selectors are left alone: no generated labels', () => {
    const job = validJob()
    Object.assign(job.spec as Manifest, { manualSelector: true, selector: { matchLabels: { app: 'x' } } })
    ;((job.spec as Manifest).template as Manifest).metadata = { labels: { app: 'x' } }
    const stored = loadJob(job)
    expect((stored.spec as Manifest).selector).toEqual({ matchLabels: { app: 'x' } })
    expect(((stored.spec as Manifest).template as Manifest).metadata).toEqual({ labels: { app: 'x' } })
  })

  test('metadata: namespace from the option, generated name, system fields replaced', () => {
    const job = validJob()
    job.metadata = {
      generateName: `${'n'.repeat(70)}-`,
      uid: 'mine',
      creationTimestamp: '2020-01-01T00:00:00Z',
      generation: 7
    }
    const metadata = loadJob(job, { ...fixedOptions, namespace: 'ci' }).metadata as Manifest
    expect(metadata.name).toBe(`${'n'.repeat(58)}x7k2p`)
    expect(metadata).toMatchObject({
      namespace: 'ci',
      uid: '1a2b3c',
      creationTimestamp: '2026-04-26T18:35:42Z',
      generation: 1
    })
  })
})

describe('pod template defaults (pkg/apis/core/v1/defaults.go)', () => {
  test('containers, env, ports, probes, volumes and quantities', () => {
    const job = validJob()
    const pod = ((job.spec as Manifest).template as Manifest).spec as Manifest
    pod.containers = [
      {
        name: 'abc',
        image: 'registry.example.com:5000/team/app:1.2',
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { port: 8080 } },
        resources: { limits: { cpu: 0.5, memory: '1024Mi' }, requests: { cpu: '100n' } }
      }
    ]
    pod.volumes = [
      { name: 'empty' },
      { name: 'cm', configMap: { name: 'cfg' } },
      { name: 'sec', secret: { secretName: 's' } },
      { name: 'host', hostPath: { path: '/tmp' } }
    ]
    const spec = ((loadJob(job).spec as Manifest).template as Manifest).spec as Manifest
    expect((spec.containers as Manifest[])[0]).toEqual({
      ...containerDefaults,
      name: 'abc',
      image: 'registry.example.com:5000/team/app:1.2',
      imagePullPolicy: 'IfNotPresent',
      env: [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      readinessProbe: {
        failureThreshold: 3,
        httpGet: { path: '/', port: 8080, scheme: 'HTTP' },
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1
      },
      // Quantities are stored canonical, rounded up to milli precision.
      resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '1m' } }
    })
    expect(spec.volumes).toEqual([
      { name: 'empty', emptyDir: {} },
      { name: 'cm', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'host', hostPath: { path: '/tmp', type: '' } }
    ])
  })

  test('YAML 1.1 octal modes read as kubectl reads them', () => {
    const text = toYaml(validJob()).replace(
      '      restartPolicy: Never\n',
      '      restartPolicy: Never\n      volumes:\n        - name: cm\n          configMap: {name: cfg, defaultMode: 0755}\n'
    )
    const job = load(text).jobs[0].job
    expect(job.spec.template.spec.volumes?.[0].configMap?.defaultMode).toBe(0o755)
  })

  test.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['busybox:1.36', 'IfNotPresent'],
    ['docker.io/library/busybox', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    [`busybox@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`busybox:latest@sha256:${'a'.repeat(64)}`, 'Always'],
    ['Busybox', 'IfNotPresent'],
    ['', 'IfNotPresent']
  ])('imagePullPolicy for %j is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy)
  })
})
