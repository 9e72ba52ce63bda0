/**
 * What neither runtime can honour is refused before anything runs, naming the field: container-level
 * restart rules (KEP-5307) and env from files (EnvFiles) — both accepted by the API of Kubernetes
 * v1.37, so the refusal is the runtime's, not validation's.
 */
import { describe, expect, test } from '@jest/globals'
import { loadManifests } from '../../src/api/load.js'
import { runtimeErrors } from '../../src/runtime/runtimeRules.js'
import type { RuntimeName } from '../../src/runtime/types.js'

function errorsOf(runtime: RuntimeName, containers: string, extra = ''): string[] {
  const text = `
apiVersion: batch/v1
kind: Job
metadata: { name: rules }
spec:
  template:
    spec:
      restartPolicy: Never
${extra}
      containers:
${containers}
`
  const [{ job }] = loadManifests([{ text, file: 'job.yaml' }], { namespace: 'default' }).jobs
  return runtimeErrors(runtime, job).map(e => `${e.field}: ${e.detail}`)
}

describe.each<RuntimeName>(['process', 'docker'])('runtime %s', runtime => {
  test.each<[string, string, string, string]>([
    [
      "a container's own restartPolicy other than the pod's",
      '        - { name: c, image: busybox, command: ["true"], restartPolicy: OnFailure }',
      '',
      `spec.template.spec.containers[0].restartPolicy: the ${runtime} runtime does not honour a container's own restartPolicy (KEP-5307)`
    ],
    [
      'restartPolicyRules',
      [
        '        - name: c',
        '          image: busybox',
        '          command: ["true"]',
        '          restartPolicy: Never',
        '          restartPolicyRules:',
        '            - { action: Restart, exitCodes: { operator: In, values: [42] } }'
      ].join('\n'),
      '',
      `spec.template.spec.containers[0].restartPolicyRules: the ${runtime} runtime does not honour restartPolicyRules (KEP-5307)`
    ],
    [
      'env from a file (fileKeyRef)',
      [
        '        - name: c',
        '          image: busybox',
        '          command: ["true"]',
        '          volumeMounts: [{ name: cfg, mountPath: /cfg }]',
        '          env:',
        '            - name: TOKEN',
        '              valueFrom: { fileKeyRef: { volumeName: cfg, path: env, key: TOKEN } }'
      ].join('\n'),
      '      volumes: [{ name: cfg, emptyDir: {} }]',
      `spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef: the ${runtime} runtime does not read environment variables from files (EnvFiles)`
    ]
  ])('%s is refused, naming the field', (_name, containers, extra, expected) => {
    const errors = errorsOf(runtime, containers, extra)
    expect(errors.some(e => e.startsWith(expected))).toBe(true)
  })

  test("a sidecar's Always and a restartPolicy equal to the pod's are fine", () => {
    const errors = errorsOf(
      runtime,
      '        - { name: c, image: busybox, command: ["true"], restartPolicy: Never }',
      '      initContainers:\n        - { name: s, image: busybox, command: ["true"], restartPolicy: Always }'
    )
    expect(errors.filter(e => e.includes('KEP-5307'))).toEqual([])
  })
})
