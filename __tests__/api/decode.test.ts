/**
 * Strict decoding as the API server does it for kubectl create (fieldValidation=Strict): the
 * messages of encoding/json's UnmarshalTypeError, of the Quantity, IntOrString and base64
 * decoders, and of sigs.k8s.io/json's strict mode, behind kubectl's BadRequest line.
 */
import { describe, expect, test } from '@jest/globals'
import { decodeBase64 } from '../../src/api/base64.js'
import { failure, load, podSpec, toYaml, validJob, withoutLocations, type Manifest } from './fixtures.js'

const prefix =
  'Error from server (BadRequest): error when creating "job.yaml": Job in version "v1" cannot be handled as a Job: '

function withJob(mutate: (job: Manifest) => void): string {
  const job = validJob()
  mutate(job)
  return toYaml(job)
}

describe('type errors (json.UnmarshalTypeError: first one in key order)', () => {
  test.each<[string, string, string]>([
    [
      'a string where an int32 belongs (the issue example)',
      withJob(job => Object.assign(job.spec as Manifest, { completions: '2' })),
      'json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32'
    ],
    [
      'a fraction for an int32',
      withJob(job => Object.assign(job.spec as Manifest, { completions: 2.5 })),
      'json: cannot unmarshal number 2.5 into Go struct field JobSpec.spec.completions of type int32'
    ],
    [
      'an int32 overflow',
      withJob(job => Object.assign(job.spec as Manifest, { parallelism: 3_000_000_000 })),
      'json: cannot unmarshal number 3000000000 into Go struct field JobSpec.spec.parallelism of type int32'
    ],
    [
      'a bool for an int64',
      withJob(job => Object.assign(job.spec as Manifest, { activeDeadlineSeconds: true })),
      'json: cannot unmarshal bool into Go struct field JobSpec.spec.activeDeadlineSeconds of type int64'
    ],
    [
      'a named string type',
      withJob(job => Object.assign(podSpec(job), { restartPolicy: 1 })),
      'json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy'
    ],
    [
      'a string for a list',
      withJob(job => Object.assign(podSpec(job), { containers: 'abc' })),
      'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'
    ],
    [
      'a string for a list element struct',
      withJob(job => Object.assign(podSpec(job), { containers: ['abc'] })),
      'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type v1.Container'
    ],
    [
      'a number in a list of strings (the field path has no indexes)',
      withJob(job => Object.assign(podSpec(job).containers[0], { command: ['sh', 1] })),
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.command of type string'
    ],
    [
      'a list for a struct',
      withJob(job => Object.assign(job, { spec: [] })),
      'json: cannot unmarshal array into Go struct field Job.spec of type v1.JobSpec'
    ],
    [
      'an object for a string',
      withJob(job => Object.assign(podSpec(job).containers[0], { image: { name: 'x' } })),
      'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.image of type string'
    ],
    [
      'an IntOrString given a bool (intstr decodes it as an int32)',
      withJob(job =>
        Object.assign(podSpec(job).containers[0], { livenessProbe: { httpGet: { port: true } } })
      ),
      // A field of an embedded struct (Probe's ProbeHandler) has the struct's name in its path.
      'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.ProbeHandler.httpGet.port of type int32'
    ],
    [
      'a number as a configMapKeyRef name (LocalObjectReference is embedded)',
      withJob(job =>
        Object.assign(podSpec(job).containers[0], {
          env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 1, key: 'k' } } }]
        })
      ),
      'json: cannot unmarshal number into Go struct field ConfigMapKeySelector.spec.template.spec.containers.env.valueFrom.configMapKeyRef.LocalObjectReference.name of type string'
    ],
    [
      'a string as a volume source (VolumeSource is embedded)',
      withJob(job => Object.assign(podSpec(job), { volumes: [{ name: 'v', emptyDir: 'x' }] })),
      'json: cannot unmarshal string into Go struct field Volume.spec.template.spec.volumes.VolumeSource.emptyDir of type v1.EmptyDirVolumeSource'
    ],
    [
      'a quantity that does not parse (resource.ErrFormatWrong)',
      withJob(job => Object.assign(podSpec(job).containers[0], { resources: { limits: { cpu: 'lots' } } })),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    ],
    [
      'a quantity with an unknown suffix (resource.ErrSuffix)',
      withJob(job => Object.assign(podSpec(job).containers[0], { resources: { limits: { memory: '1K' } } })),
      "unable to parse quantity's suffix"
    ],
    [
      'the first type error wins over unknown fields and over later type errors',
      withJob(job =>
        Object.assign(job.spec as Manifest, { completion: 1, completions: 'x', parallelism: 'y' })
      ),
      'json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32'
    ]
  ])('%s', (_name, text, message) => {
    expect(withoutLocations(failure(text))).toBe(prefix + message)
  })

  test("a metadata field of the wrong type is kubectl's own refusal, before anything is sent", () => {
    const text = withJob(job => Object.assign(job.metadata as Manifest, { labels: { app: 1 } }))
    expect(withoutLocations(failure(text))).toBe(
      'unable to decode "job.yaml": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'
    )
  })
})

describe('unknown fields (strict decoding)', () => {
  test('the issue example, with the line of the unknown key', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: pi',
      'spec:',
      '  completion: 3',
      '  template: {}',
      ''
    ].join('\n')
    expect(failure(text, 'pi.yaml')).toBe(
      'Error from server (BadRequest): error when creating "pi.yaml": Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field "spec.completion"\n  at pi.yaml:6:3'
    )
  })

  test('every unknown field, sorted, with indexes and each one located', () => {
    const job = validJob()
    Object.assign(job.spec as Manifest, { zeta: 1, completion: 1 })
    Object.assign(podSpec(job).containers[0], { imagee: 'x' })
    const message = failure(toYaml(job))
    expect(withoutLocations(message)).toBe(
      prefix +
        'strict decoding error: unknown field "spec.completion", unknown field "spec.template.spec.containers[0].imagee", unknown field "spec.zeta"'
    )
    expect(message.split('\n').filter(line => line.startsWith('  at '))).toHaveLength(3)
    expect(message).toMatch(/ {2}at job\.yaml:\d+:\d+ \(unknown field "spec\.zeta"\)/)
  })

  test('case matters: Go field matching is case-sensitive', () => {
    const job = validJob()
    Object.assign(job.spec as Manifest, { BackoffLimit: 1 })
    expect(withoutLocations(failure(toYaml(job)))).toBe(
      prefix + 'strict decoding error: unknown field "spec.BackoffLimit"'
    )
  })
})

describe('Secret data (base64, as encoding/json decodes []byte)', () => {
  const secret = (data: Record<string, string>): string =>
    toYaml({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data }, validJob())

  test('illegal base64 names the byte', () => {
    expect(withoutLocations(failure(secret({ token: 'abc$' }), 's.yaml'))).toBe(
      'Error from server (BadRequest): error when creating "s.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3'
    )
  })

  test.each<[string, string | number]>([
    ['', ''],
    ['YQ==', 'a'],
    ['YWI=', 'ab'],
    ['YWJj', 'abc'],
    ['YWJj\nZGVm\r\n', 'abcdef'],
    ['YQ', 0],
    ['Y', 0],
    ['YQ=', 3],
    ['YQ==YQ==', 4],
    ['a$bc', 1],
    ['====', 0],
    ['YWJj=', 4]
  ])('%j', (text, expected) => {
    const decoded = decodeBase64(text)
    expect(typeof decoded === 'number' ? decoded : decoded.toString('utf8')).toBe(expected)
  })
})

describe('[]byte from a JSON array (encoding/json reads one element by element, as uint8)', () => {
  const secret = (data: unknown): Manifest => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: data as Manifest
  })
  const secretPrefix =
    'Error from server (BadRequest): error when creating "job.yaml": Secret in version "v1" cannot be handled as a Secret: '

  test('numbers 0–255 are the bytes; an empty array is empty', () => {
    const loaded = load(toYaml(secret({ k: [104, 105], e: [] }), validJob()))
    expect(loaded.secrets.get('default/s')?.data).toEqual({ e: '', k: Buffer.from('hi').toString('base64') })
  })

  test.each<[string, unknown, string]>([
    [
      'a number above 255',
      [104, 300],
      'json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8'
    ],
    [
      'a string element',
      ['a'],
      'json: cannot unmarshal string into Go struct field Secret.data of type uint8'
    ]
  ])('%s is a type error', (_name, bytes, message) => {
    expect(withoutLocations(failure(toYaml(secret({ k: bytes }), validJob())))).toBe(secretPrefix + message)
  })
})
