/**
 * downwardAPI volumes under docker: the files the kubelet's volume plugin would write (CollectData,
 * fieldpath.ExtractFieldPathAsString), then the same volume mounted read-only in a real container.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { PodSpec } from '../../../src/api/model.js'
import { downwardApiFiles } from '../../../src/runtime/docker/downwardApiVolume.js'
import type { PodIdentity } from '../../../src/runtime/types.js'
import { describeWithDocker } from '../../support/docker.js'
import { busybox, EngineHarness, type Outcome } from './harness.js'

const identity: PodIdentity = {
  runId: 'r',
  jobName: 'indexed-job',
  namespace: 'default',
  podName: 'indexed-job-3-abcde',
  podUid: '0c1d2e3f-0000-4000-8000-000000000000',
  hostname: 'indexed-job-3',
  index: 3,
  labels: { 'job-name': 'indexed-job', 'batch.kubernetes.io/job-completion-index': '3', tier: 'a "b"' },
  annotations: { 'batch.kubernetes.io/job-completion-index': '3' }
}
const spec: PodSpec = {
  restartPolicy: 'Never',
  containers: [busybox('worker', 'true', { resources: { limits: { memory: '64Mi', cpu: '250m' } } })]
}

describe('downwardApiFiles', () => {
  test('fieldRef items: one key, the whole maps as sorted key="value" lines, name, namespace, uid', () => {
    const files = downwardApiFiles(
      {
        items: [
          {
            path: 'data.txt',
            fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" }
          },
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'missing', fieldRef: { fieldPath: "metadata.labels['absent']" } },
          { path: 'meta/name', fieldRef: { fieldPath: 'metadata.name' }, mode: 0o400 },
          { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
          { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } }
        ]
      },
      spec,
      identity
    )
    expect(files).toEqual([
      { path: 'data.txt', content: '3', mode: 0o644 },
      {
        path: 'labels',
        content: 'batch.kubernetes.io/job-completion-index="3"\njob-name="indexed-job"\ntier="a \\"b\\""',
        mode: 0o644
      },
      { path: 'missing', content: '', mode: 0o644 },
      { path: 'meta/name', content: 'indexed-job-3-abcde', mode: 0o400 },
      { path: 'ns', content: 'default', mode: 0o644 },
      { path: 'uid', content: identity.podUid, mode: 0o644 }
    ])
  })

  test('resourceFieldRef items: the named container’s limits, by the divisor, rounded up; defaultMode', () => {
    const files = downwardApiFiles(
      {
        defaultMode: 0o440,
        items: [
          {
            path: 'mem',
            resourceFieldRef: { containerName: 'worker', resource: 'limits.memory', divisor: '1Mi' }
          },
          {
            path: 'cpu',
            resourceFieldRef: { containerName: 'worker', resource: 'limits.cpu', divisor: '1m' }
          }
        ]
      },
      spec,
      identity
    )
    expect(files).toEqual([
      { path: 'mem', content: '64', mode: 0o440 },
      { path: 'cpu', content: '250', mode: 0o440 }
    ])
  })

  test('a field the volume plugin cannot extract is the mount error', () => {
    expect(
      downwardApiFiles({ items: [{ path: 'n', fieldRef: { fieldPath: 'spec.nodeName' } }] }, spec, identity)
    ).toEqual({ error: 'unsupported fieldPath: spec.nodeName' })
  })
})

describeWithDocker('docker engine: a downwardAPI volume', () => {
  let harness: EngineHarness
  let outcome: Outcome

  beforeAll(async () => {
    harness = new EngineHarness()
    const pod = {
      ...harness.pod('indexed-job-3'),
      labels: { app: 'x', b: '2' },
      annotations: identity.annotations
    }
    const podSpec: PodSpec = {
      restartPolicy: 'Never',
      volumes: [
        {
          name: 'input',
          downwardAPI: {
            items: [
              {
                path: 'data.txt',
                fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" }
              },
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }
            ]
          }
        }
      ],
      containers: [
        busybox(
          'worker',
          'cat /input/data.txt; echo; cat /input/labels; echo; stat -c %a /input/data.txt; touch /input/x 2>/dev/null || echo read-only',
          { volumeMounts: [{ name: 'input', mountPath: '/input' }] }
        )
      ]
    }
    await harness.engine.startPod!(pod, podSpec)
    outcome = await harness.start(pod, podSpec, podSpec.containers[0]).outcome
    await harness.engine.endPod!(pod)
  })
  afterAll(async () => {
    await harness.close()
  })

  test('the container reads the pod’s fields from files, read-only', () => {
    expect(outcome.exit).toMatchObject({ exitCode: 0 })
    expect(outcome.log.stdout).toBe('3\napp="x"\nb="2"\n644\nread-only\n')
  })
})
