import { describe, expect, test } from '@jest/globals'
import { containerRunArgs, entrypointAndArgs } from '../../../src/runtime/docker/containerArgs.js'
import { defaultPullPolicy, imageTag, pullPolicyOf } from '../../../src/runtime/docker/imagePullPolicy.js'
import { mountOption } from '../../../src/runtime/docker/podVolumes.js'
import { cpuCount, memoryBytes, parseQuantity } from '../../../src/runtime/docker/quantity.js'
import type { ContainerLaunch } from '../../../src/runtime/types.js'
import type { Container } from '../../../src/api/model.js'

describe('Kubernetes quantities', () => {
  test.each([
    { text: '64Mi', value: 64 * 2 ** 20 },
    { text: '1Gi', value: 2 ** 30 },
    { text: '1G', value: 1e9 },
    { text: '500M', value: 5e8 },
    { text: '128974848', value: 128974848 },
    { text: '129e6', value: 129e6 },
    { text: '1.5Ki', value: 1536 },
    { text: '250m', value: 0.25 },
    { text: '2', value: 2 },
    { text: '.5', value: 0.5 },
    { text: '1E', value: 1e18 },
    { text: '12Mb', value: undefined },
    { text: 'lots', value: undefined },
    { text: '', value: undefined }
  ])('$text', ({ text, value }) => {
    expect(parseQuantity(text)).toBe(value)
  })

  test.each([
    { text: '64Mi', bytes: 67108864 },
    { text: '500m', bytes: 1 },
    { text: '1.1M', bytes: 1100000 },
    { text: '0.1Ki', bytes: 103 }
  ])('memory $text is $bytes bytes (rounded up)', ({ text, bytes }) => {
    expect(memoryBytes(text)).toBe(bytes)
  })

  test.each([
    { text: '250m', cpus: 0.25 },
    { text: '1', cpus: 1 },
    { text: '1.0001', cpus: 1.001 },
    { text: '100m', cpus: 0.1 }
  ])('cpu $text is $cpus CPUs (rounded up to millicores)', ({ text, cpus }) => {
    expect(cpuCount(text)).toBe(cpus)
  })
})

describe('image pull policy', () => {
  test.each([
    { image: 'busybox', tag: 'latest', policy: 'Always' },
    { image: 'busybox:latest', tag: 'latest', policy: 'Always' },
    { image: 'busybox:1.36', tag: '1.36', policy: 'IfNotPresent' },
    { image: 'localhost:5000/team/app', tag: 'latest', policy: 'Always' },
    { image: 'localhost:5000/team/app:v2', tag: 'v2', policy: 'IfNotPresent' },
    { image: 'busybox@sha256:abc', tag: '', policy: 'IfNotPresent' },
    { image: 'busybox:1@sha256:abc', tag: '1', policy: 'IfNotPresent' }
  ])('$image: tag "$tag", default $policy', ({ image, tag, policy }) => {
    expect(imageTag(image)).toBe(tag)
    expect(defaultPullPolicy(image)).toBe(policy)
  })

  test('an explicit policy wins over the default', () => {
    expect(pullPolicyOf('busybox', 'Never')).toBe('Never')
    expect(pullPolicyOf('busybox:1', 'Always')).toBe('Always')
    expect(pullPolicyOf('busybox:1', undefined)).toBe('IfNotPresent')
  })
})

describe('command and args over the image ENTRYPOINT and CMD', () => {
  test.each([
    { name: 'neither', command: undefined, args: undefined, expected: { args: [] } },
    { name: 'args only', command: undefined, args: ['a'], expected: { args: ['a'] } },
    {
      name: 'command only',
      command: ['/bin/x', '-v'],
      args: undefined,
      expected: { entrypoint: '/bin/x', args: ['-v'] }
    },
    {
      name: 'both',
      command: ['/bin/x'],
      args: ['a', 'b'],
      expected: { entrypoint: '/bin/x', args: ['a', 'b'] }
    },
    { name: 'empty command', command: [], args: ['a'], expected: { args: ['a'] } }
  ])('$name', ({ command, args, expected }) => {
    expect(entrypointAndArgs(command, args)).toEqual(expected)
  })

  test('the image goes after "--" so that neither it nor the arguments are read as options', () => {
    const container: Container = { name: 'c', image: 'img:1', workingDir: '/w' }
    const launch = {
      container,
      podSpec: { containers: [container] },
      command: ['--weird'],
      args: ['--rm'],
      env: [['A', 'x\ny']]
    } as unknown as ContainerLaunch
    const args = containerRunArgs(launch, {
      name: 'n',
      cidFile: '/tmp/n.cid',
      labels: { l: 'v' },
      namespaceOptions: ['--network=none'],
      mounts: [],
      hostCpus: 2,
      notice: () => undefined
    })
    expect(args.slice(-4)).toEqual(['--entrypoint=--weird', '--', 'img:1', '--rm'])
    expect(args).toContain('A=x\ny')
  })
})

describe('--mount values', () => {
  test.each([
    {
      name: 'plain bind',
      mount: { type: 'bind' as const, source: '/a', target: '/b' },
      value: 'type=bind,source=/a,target=/b'
    },
    {
      name: 'read-only volume without copy',
      mount: { type: 'volume' as const, source: 'v', target: '/b', readOnly: true, noCopy: true },
      value: 'type=volume,source=v,target=/b,readonly,volume-nocopy'
    },
    {
      name: 'a comma and a quote are CSV-quoted',
      mount: { type: 'bind' as const, source: '/a,b"c', target: '/t' },
      value: 'type=bind,"source=/a,b""c",target=/t'
    }
  ])('$name', ({ mount, value }) => {
    expect(mountOption(mount)).toBe(value)
  })
})
