/** loadManifests as the action and the CLI use it: sources, kinds, notices, lookups, errors. */
import { describe, expect, test } from '@jest/globals'
import {
  configMapEntries,
  configMapKeyValue,
  secretEntries,
  secretKeyValue
} from '../../src/api/configData.js'
import { invalidObjectMessage } from '../../src/api/validation/fieldErrors.js'
import { loadManifests, ManifestError } from '../../src/api/load.js'
import { failure, fixedOptions, load, toYaml, validJob, withoutLocations, type Manifest } from './fixtures.js'

const named = (name: string): Manifest => ({ ...validJob(), metadata: { name } })

describe('sources and documents', () => {
  test('several sources and documents; each Job knows its file and position', () => {
    const loaded = loadManifests(
      [
        { text: toYaml(named('a'), named('b')), file: 'one.yaml' },
        { text: JSON.stringify(named('c')), file: '<inline>' }
      ],
      fixedOptions
    )
    expect(loaded.jobs.map(j => [j.job.metadata.name, j.file, j.documentIndex])).toEqual([
      ['a', 'one.yaml', 0],
      ['b', 'one.yaml', 1],
      ['c', '<inline>', 0]
    ])
  })

  test('a v1 List is read item by item', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [named('a'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }]
    }
    const loaded = load(toYaml(list))
    expect(loaded.jobs.map(j => j.job.metadata.name)).toEqual(['a'])
    expect([...loaded.configMaps.keys()]).toEqual(['default/cfg'])
    expect(loaded.jobs[0].locate('spec.template.spec.containers[0].image')).toEqual({ line: 14, column: 15 })
  })

  test('other kinds are skipped with one notice each, naming them', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }
    const loaded = load(toYaml(service, validJob()), 'app.yaml')
    expect(loaded.notices).toEqual([
      'app.yaml: skipped Service "web" (v1, document 1): only batch/v1 Jobs and the v1 ConfigMaps and Secrets they use are read'
    ])
  })

  test('a Job in another version is not found, as kubectl reports it', () => {
    const job = { ...validJob(), apiVersion: 'batch/v1beta1' }
    expect(withoutLocations(failure(toYaml(job), 'pi.yaml'))).toBe(
      'resource mapping not found for name: "myjob" namespace: "" from "pi.yaml": no matches for kind "Job" in version "batch/v1beta1"\nensure CRDs are installed first'
    )
  })

  test.each<[string, string, string]>([
    [
      'no kind',
      'apiVersion: batch/v1\nmetadata: {name: x}\n',
      'error validating "job.yaml": error validating data: kind not set'
    ],
    [
      'neither',
      'metadata: {name: x}\n',
      'error validating "job.yaml": error validating data: [apiVersion not set, kind not set]'
    ],
    // kubectl/pkg/validation getObjectKind, which kubectl create runs before anything else.
    [
      'a kind that is no string',
      'apiVersion: batch/v1\nkind: 3\n',
      'error validating "job.yaml": error validating data: kind isn\'t string type'
    ],
    [
      'an apiVersion that is no string, and no kind',
      'apiVersion: true\n',
      'error validating "job.yaml": error validating data: [apiVersion isn\'t string type, kind not set]'
    ],
    [
      'an apiVersion with two slashes',
      'apiVersion: a/b/c\nkind: Job\n',
      'error validating "job.yaml": error validating data: unexpected GroupVersion string: a/b/c'
    ],
    [
      'a key that differs in case only is no apiVersion',
      'apiVeRsion: batch/v1\nkind: Job\n',
      'error validating "job.yaml": error validating data: apiVersion not set'
    ],
    [
      'a scalar document',
      'just text\n',
      'error validating "job.yaml": error validating data: invalid object to validate'
    ],
    // The unstructured decoder's, then cli-runtime's metadata check.
    [
      'an empty kind',
      'apiVersion: batch/v1\nkind: ""\nmetadata: {name: x, z: 1.5}\n',
      `unable to decode "job.yaml": Object 'Kind' is missing in '{"apiVersion":"batch/v1","kind":"","metadata":{"name":"x","z":1.5}}'`
    ],
    [
      'a metadata that is no object, of any kind',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: [x]\n',
      'unable to decode "job.yaml": json: cannot unmarshal array into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta'
    ],
    [
      'a metadata field of the wrong type, before the apiVersion is looked up',
      'apiVersion: batch/v2\nkind: Job\nmetadata: {name: 5}\n',
      'unable to decode "job.yaml": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string'
    ],
    [
      'nothing to run',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
      'no Job in the manifest: nothing to run (a Job has apiVersion: batch/v1 and kind: Job)'
    ],
    [
      'resourceVersion on create',
      toYaml({ ...validJob(), metadata: { name: 'myjob', resourceVersion: '12' } }),
      'Error from server (BadRequest): error when creating "job.yaml": resourceVersion should not be set on objects to be created'
    ]
  ])('%s', (_name, text, expected) => {
    expect(withoutLocations(failure(text))).toBe(expected)
  })

  test('every invalid object is reported, each with its lines', () => {
    const bad = named('a')
    ;((bad.spec as Manifest).template as { spec: Manifest }).spec.restartPolicy = 'Always'
    const message = failure(toYaml(bad, named('b'), named('b')))
    expect(message.split('\n')).toEqual([
      'The Job "a" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      '  at job.yaml:8:7',
      'Error from server (AlreadyExists): error when creating "job.yaml": jobs.batch "b" already exists',
      '  at job.yaml:28:3'
    ])
  })

  test('without locations the text is exactly invalidObjectMessage (kubectl)', () => {
    const job = validJob()
    Object.assign(job.spec as Manifest, { parallelism: -1, completions: -2 })
    expect(withoutLocations(failure(toYaml(job)))).toBe(
      invalidObjectMessage('Job', 'myjob', [
        {
          type: 'Invalid value',
          field: 'spec.parallelism',
          value: -1,
          detail: 'must be greater than or equal to 0'
        },
        {
          type: 'Invalid value',
          field: 'spec.completions',
          value: -2,
          detail: 'must be greater than or equal to 0'
        }
      ])
    )
  })

  test('a ManifestError carries no stack frames', () => {
    try {
      load('kind: Job\n')
      throw new Error('accepted')
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError)
      expect((error as Error).stack).toBe((error as Error).message)
    }
  })

  test('UIDs are fresh per object unless injected', () => {
    const loaded = loadManifests([{ text: toYaml(named('a'), named('b')), file: 'x.yaml' }], {
      namespace: 'default'
    })
    const [a, b] = loaded.jobs.map(j => j.job.metadata.uid)
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(b)
  })
})

describe('notices for what a runner does not apply, and API server warnings', () => {
  test('fields written by the user, once per Job', () => {
    const job = validJob()
    const pod = ((job.spec as Manifest).template as { spec: Manifest }).spec
    Object.assign(pod, {
      nodeSelector: { disk: 'ssd' },
      tolerations: [{ operator: 'Exists' }],
      serviceAccountName: 'builder'
    })
    Object.assign((pod.containers as Manifest[])[0], {
      ports: [{ containerPort: 80 }],
      livenessProbe: { exec: { command: ['true'] } }
    })
    expect(load(toYaml(job)).notices).toEqual([
      'Job "myjob": not applied on a runner (accepted and ignored): spec.template.spec.nodeSelector, spec.template.spec.tolerations, spec.template.spec.serviceAccountName, spec.template.spec.containers[*].ports, spec.template.spec.containers[*].livenessProbe'
    ])
  })

  test('negative terminationGracePeriodSeconds is accepted with the API server warning', () => {
    const job = validJob()
    ;((job.spec as Manifest).template as { spec: Manifest }).spec.terminationGracePeriodSeconds = -5
    const loaded = load(toYaml(job))
    expect(loaded.notices).toEqual([
      'Job "myjob": spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1'
    ])
    expect(loaded.jobs[0].job.spec.template.spec.terminationGracePeriodSeconds).toBe(-5)
  })

  test('a name with dots works but is warned about', () => {
    expect(load(toYaml(named('my.job'))).notices).toEqual([
      'Job "my.job": metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]'
    ])
  })
})

describe('ConfigMaps and Secrets', () => {
  const text = toYaml(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { mode: 'fast' },
      binaryData: { blob: 'AAE=' }
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'ci' },
      data: { token: 'c2VjcmV0', user: 'b2xk' },
      stringData: { user: 'admin' }
    },
    validJob()
  )
  const loaded = load(text)

  test('stored by namespace/name; stringData merged into data as base64; type Opaque', () => {
    expect([...loaded.configMaps.keys()]).toEqual(['default/cfg'])
    const secret = loaded.secrets.get('ci/creds')!
    expect(secret.data).toEqual({ token: 'c2VjcmV0', user: 'YWRtaW4=' })
    expect(secret.stringData).toBeUndefined()
    expect(secret.type).toBe('Opaque')
  })

  test('lookups for env and volumes, with the kubelet words when something is missing', () => {
    const cm = loaded.configMaps.get('default/cfg')
    expect(configMapKeyValue(cm, 'cfg', 'mode')).toEqual({ ok: true, value: 'fast' })
    expect(configMapKeyValue(cm, 'cfg', 'nope')).toEqual({
      ok: false,
      message: "couldn't find key nope in ConfigMap default/cfg"
    })
    expect(configMapKeyValue(undefined, 'other', 'x')).toEqual({
      ok: false,
      message: 'configmap "other" not found'
    })
    expect(configMapEntries(cm!)).toEqual([
      ['blob', Buffer.from([0, 1])],
      ['mode', Buffer.from('fast')]
    ])
    const secret = loaded.secrets.get('ci/creds')
    expect(secretKeyValue(secret, 'creds', 'token')).toEqual({ ok: true, value: 'secret' })
    expect(secretKeyValue(undefined, 'gone', 'token')).toEqual({
      ok: false,
      message: 'secret "gone" not found'
    })
    expect(secretEntries(secret!).map(([k, v]) => [k, v.toString()])).toEqual([
      ['token', 'secret'],
      ['user', 'admin']
    ])
  })
})

describe('apiVersions', () => {
  test.each<[string, string]>([
    ['v1', 'no matches for kind "Job" in version "v1"'],
    ['batch/v2', 'no matches for kind "Job" in version "batch/v2"'],
    // No CustomResourceDefinition can have a group without a dot, or one that is no DNS name.
    ['apps/v1', 'no matches for kind "Job" in version "apps/v1"'],
    ["batc'h/v1", `no matches for kind "Job" in version "batc'h/v1"`],
    ['Batch.Example.com/v1', 'no matches for kind "Job" in version "Batch.Example.com/v1"']
  ])('a Job in %s is not found', (apiVersion, reason) => {
    expect(failure(toYaml({ ...validJob(), apiVersion }))).toContain(reason)
  })

  test('a Job kind of another API group is not ours: skipped', () => {
    const other = { ...validJob(), apiVersion: 'batch.volcano.sh/v1alpha1', metadata: { name: 'vc' } }
    expect(load(toYaml(other, validJob())).notices).toEqual([
      'job.yaml: skipped Job "vc" (batch.volcano.sh/v1alpha1, document 1): only batch/v1 Jobs and the v1 ConfigMaps and Secrets they use are read'
    ])
  })

  test('a ConfigMap in another version of the core group is not found', () => {
    const configMap = { apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' } }
    expect(withoutLocations(failure(toYaml(configMap, validJob())))).toBe(
      'resource mapping not found for name: "c" namespace: "ci" from "job.yaml": no matches for kind "ConfigMap" in version "v2"\nensure CRDs are installed first'
    )
  })
})
