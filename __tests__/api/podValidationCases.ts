/**
 * More pod template cases of the validation table (validationCases.ts re-exports them in its
 * podCases): volume mounts and devices, the downward API, probes and hooks, resources, volume
 * sources, and the pod-level rules of ValidatePodSpec. As in validationCases.ts, each case names
 * the pkg/apis/core/validation function (or apimachinery message builder) its expectation comes
 * from, and the expected lines are the API server's, in its order.
 */
import { jobSpec, podSpec, type Manifest } from './fixtures.js'
import type { Case } from './validationCases.js'
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './validationMessages.js'

const c0 = 'spec.template.spec.containers[0]'
const v0 = 'spec.template.spec.volumes[0]'
const pod = podSpec
const spec = jobSpec
const container = (job: Manifest): Record<string, unknown> => pod(job).containers[0]
const i0 = 'spec.template.spec.initContainers[0]'
const e0 = 'spec.template.spec.ephemeralContainers[0]'
const ephemeralForbidden =
  'spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'
const searchPaths = Array.from({ length: 33 }, (_, i) => `a${i}`)
const longSearches = [
  ['a', 'b', 'c', 'd'].map(c => c.repeat(63)).join('.'),
  ...Array.from({ length: 8 }, () => 'e'.repeat(250)),
  '.',
  'a.',
  '_a.b',
  '_srv._tcp.example.com',
  'A.',
  'a_'
]
const subdomainWithUnderscore =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')"
/** A mutation that gives the pod template these annotations (and no other metadata). */
const withTemplateAnnotations =
  (annotations: Record<string, string>) =>
  (job: Manifest): void =>
    void ((job.spec as Manifest).template = {
      ...((job.spec as Manifest).template as Manifest),
      metadata: { annotations }
    })
const memoryDivisors = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei'

export const podTemplateCases: Case[] = [
  {
    source:
      "validateInitContainers: AllowSidecarResizePolicy is on (InPlacePodVerticalScaling is GA), so 'must not be set for init containers' never applies",
    mutate: job =>
      void (pod(job).initContainers = [
        {
          name: 'init',
          image: 'image',
          resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]
        }
      ]),
    errors: []
  },
  {
    source: 'ValidateVolumeMounts and ValidateVolumeDevices: a volume and a path either mounted or a device',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '/data' }]
      container(job).volumeDevices = [{ name: 'v', devicePath: '/data' }]
    },
    errors: [
      `${c0}.volumeMounts[0].name: Invalid value: "v": must not already exist in volumeDevices`,
      `${c0}.volumeMounts[0].mountPath: Invalid value: "/data": must not already exist as a path in volumeDevices`,
      `${c0}.volumeDevices[0].name: Invalid value: "v": must not already exist in volumeMounts`,
      `${c0}.volumeDevices[0].devicePath: Invalid value: "/data": must not already exist as a path in volumeMounts`
    ]
  },
  {
    source: 'ValidateVolumeDevices: block devices come from a PersistentVolumeClaim or an ephemeral volume',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeDevices = [{ name: 'v', devicePath: '/dev/xvda' }]
    },
    errors: [
      `${c0}.volumeDevices[0].name: Invalid value: "v": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode`
    ]
  },
  {
    source: 'ValidateVolumeDevices: devicePath without backsteps',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }]
      container(job).volumeDevices = [{ name: 'v', devicePath: '/dev/../xvda' }]
    },
    errors: [
      `${c0}.volumeDevices[0].devicePath: Invalid value: "/dev/../xvda": can not contain backsteps ('..')`
    ]
  },
  {
    source: 'ValidateVolumeMounts: subPathExpr and subPath are mutually exclusive',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '/data', subPath: 'a', subPathExpr: 'b' }]
    },
    errors: [
      `${c0}.volumeMounts[0].subPathExpr: Invalid value: "b": subPathExpr and subPath are mutually exclusive`
    ]
  },
  {
    source: 'validateMountPropagation: Bidirectional needs a privileged container',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '/data', mountPropagation: 'Bidirectional' }]
    },
    errors: [
      `${c0}.volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`
    ]
  },
  {
    source:
      'validateObjectFieldSelector: ConvertDownwardAPIFieldLabel subscripts only labels and annotations',
    mutate: job =>
      void (container(job).env = [
        { name: 'a', valueFrom: { fieldRef: { fieldPath: "metadata.name['x']" } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name['x']": error converting fieldPath: field label does not support subscript: metadata.name['x']`
    ]
  },
  {
    source: 'validateContainerResourceDivisor: the divisors of cpu, memory, ephemeral storage and hugepages',
    mutate: job =>
      void (container(job).env = [
        { name: 'a', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '2' } } },
        { name: 'b', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '3Mi' } } },
        {
          name: 'c',
          valueFrom: { resourceFieldRef: { resource: 'requests.ephemeral-storage', divisor: '2k' } }
        },
        { name: 'd', valueFrom: { resourceFieldRef: { resource: 'limits.hugepages-2Mi', divisor: '2' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
      `${c0}.env[1].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.memory": only divisor's values ${memoryDivisors} are supported with the memory resource`,
      `${c0}.env[2].valueFrom.resourceFieldRef.divisor: Invalid value: "requests.ephemeral-storage": only divisor's values ${memoryDivisors} are supported with the local ephemeral storage resource`,
      `${c0}.env[3].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.hugepages-2Mi": only divisor's values ${memoryDivisors} are supported with the hugepages resource`
    ]
  },
  {
    source: 'validateReadinessProbe: no terminationGracePeriodSeconds',
    mutate: job =>
      void (container(job).readinessProbe = {
        exec: { command: ['true'] },
        terminationGracePeriodSeconds: 10
      }),
    errors: [
      `${c0}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`
    ]
  },
  {
    source: 'validateProbe: terminationGracePeriodSeconds must be positive',
    mutate: job =>
      void (container(job).livenessProbe = { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 }),
    errors: [`${c0}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`]
  },
  {
    source: 'validateHandler: may not specify more than 1 handler type',
    mutate: job =>
      void (container(job).livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } }),
    errors: [`${c0}.livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`]
  },
  {
    source: 'validateHTTPGetAction: header names (IsHTTPHeaderName)',
    mutate: job =>
      void (container(job).readinessProbe = {
        httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'X Bad', value: 'v' }] }
      }),
    errors: [
      `${c0}.readinessProbe.httpGet.httpHeaders: Invalid value: "X Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`
    ]
  },
  {
    source: 'validateSleepAction: seconds within the pod terminationGracePeriodSeconds (30 by default)',
    mutate: job => void (container(job).lifecycle = { preStop: { sleep: { seconds: -1 } } }),
    errors: [
      `${c0}.lifecycle.preStop.sleep: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)`
    ]
  },
  {
    source: 'validateSleepAction: a sleep longer than the pod terminationGracePeriodSeconds',
    mutate: job => void (container(job).lifecycle = { postStart: { sleep: { seconds: 31 } } }),
    errors: [
      `${c0}.lifecycle.postStart.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)`
    ]
  },
  {
    source: "ValidateContainerResourceName: doesn't follow extended resource name standard",
    // requests.<name> must be a qualified name too: its prefix is then longer than 253 bytes.
    mutate: job => void (container(job).resources = { limits: { [`${'a'.repeat(250)}/foo`]: '1' } }),
    errors: [
      `${c0}.resources.limits[${'a'.repeat(250)}/foo]: Invalid value: "${'a'.repeat(250)}/foo": doesn't follow extended resource name standard`
    ]
  },
  {
    source: 'validateResourceQuantityHugePageValue: a whole number of pages',
    mutate: job => void (container(job).resources = { limits: { 'hugepages-2Mi': '3Mi', memory: '1Gi' } }),
    errors: [
      `${c0}.resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`
    ]
  },
  {
    source: 'validateResourceRequirements: requests of non-overcommitable resources equal their limits',
    mutate: job =>
      void (container(job).resources = {
        limits: { 'example.com/foo': '2' },
        requests: { 'example.com/foo': '1' }
      }),
    errors: [`${c0}.resources.requests: Invalid value: "1": must be equal to example.com/foo limit of 2`]
  },
  {
    source: 'validateResourceRequirements: HugePages require cpu or memory',
    mutate: job => void (container(job).resources = { limits: { 'hugepages-2Mi': '2Mi' } }),
    errors: [`${c0}.resources: Forbidden: HugePages require cpu or memory`]
  },
  {
    source: 'validateResourceClaimNames: no pod resourceClaims',
    mutate: job => void (container(job).resources = { claims: [{ name: 'gpu' }] }),
    errors: [
      `${c0}.resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty`
    ]
  },
  {
    source: 'validateResourceClaimNames: a claim the pod does not declare',
    mutate: job => {
      pod(job).resourceClaims = [{ name: 'other', resourceClaimTemplateName: 'template' }]
      container(job).resources = { claims: [{ name: 'gpu' }] }
    },
    errors: [
      `${c0}.resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims: other`
    ]
  },
  {
    source:
      "SetDefaults_Volume: a volume without a source is an emptyDir (validateVolumeSource's 'must specify a volume type' is unreachable)",
    mutate: job => void (pod(job).volumes = [{ name: 'v' }]),
    errors: []
  },
  {
    source: 'validateVolumeSource: emptyDir sizeLimit not negative',
    mutate: job => void (pod(job).volumes = [{ name: 'v', emptyDir: { sizeLimit: '-1' } }]),
    errors: [`${v0}.emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity`]
  },
  {
    source: 'validateNFSVolumeSource: path must be absolute',
    mutate: job =>
      void (pod(job).volumes = [{ name: 'v', nfs: { server: 'nfs.example.com', path: 'data' } }]),
    errors: [`${v0}.nfs.path: Invalid value: "data": must be an absolute path`]
  },
  {
    source: 'validateProjectionSources: serviceAccountToken expirationSeconds at least 10 minutes',
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v',
          projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes`
    ]
  },
  {
    source: 'validateProjectionSources: serviceAccountToken expirationSeconds at most 2^32',
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v',
          projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 2 ** 32 + 1 } }] }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds`
    ]
  },
  {
    source: 'validateDownwardAPIVolumeFile: fieldRef and resourceFieldRef together',
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v',
          downwardAPI: {
            items: [
              {
                path: 'p',
                fieldRef: { fieldPath: 'metadata.name' },
                resourceFieldRef: { containerName: 'abc', resource: 'limits.cpu' }
              }
            ]
          }
        }
      ]),
    errors: [
      `${v0}.downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously`
    ]
  },
  {
    source: 'validateDownwardAPIVolumeFile: fieldRef or resourceFieldRef required',
    mutate: job => void (pod(job).volumes = [{ name: 'v', downwardAPI: { items: [{ path: 'p' }] } }]),
    errors: [`${v0}.downwardAPI: Required value: one of fieldRef and resourceFieldRef is required`]
  },
  {
    source: "ValidateLocalNonReservedPath: a key's path may not start with '..'",
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v', configMap: { name: 'cm', items: [{ key: 'k', path: '..data' }] } }
      ]),
    errors: [`${v0}.configMap.items[0].path: Invalid value: "..data": must not start with '..'`]
  },
  {
    source: 'ValidatePodTemplateSpec: ephemeral containers not allowed in pod template',
    mutate: job => void (pod(job).ephemeralContainers = [{ name: 'debug', image: 'image' }]),
    errors: [
      'spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'
    ]
  },
  {
    source: 'ValidateHostAliases: IsValidIPForLegacyField',
    mutate: job => void (pod(job).hostAliases = [{ ip: 'foo', hostnames: ['a.example.com'] }]),
    errors: [
      'spec.template.spec.hostAliases[0].ip: Invalid value: "foo": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'
    ]
  },
  {
    source: 'validateHostNetwork: hostPort must match containerPort',
    mutate: job => {
      pod(job).hostNetwork = true
      container(job).ports = [{ containerPort: 80, hostPort: 81 }]
    },
    errors: [
      `${c0}.ports[0].hostPort: Invalid value: 81: must match \`containerPort\` when \`hostNetwork\` is true`
    ]
  },
  {
    source: "ValidateTolerations: tolerationSeconds needs effect 'NoExecute'",
    mutate: job =>
      void (pod(job).tolerations = [
        { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }
      ]),
    errors: [
      'spec.template.spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set'
    ]
  },
  {
    source: "ValidateTolerations: no value with operator 'Exists' (the value is the toleration's value)",
    mutate: job => void (pod(job).tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]),
    errors: [
      'spec.template.spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\''
    ]
  },
  {
    source: 'IsValidPortName: a letter, no consecutive hyphens, no hyphen at either end',
    mutate: job =>
      void (container(job).ports = [
        { name: '123', containerPort: 80 },
        { name: 'a--b', containerPort: 81 },
        { name: '-ab', containerPort: 82 }
      ]),
    errors: [
      `${c0}.ports[0].name: Invalid value: "123": must contain at least one letter (a-z)`,
      `${c0}.ports[1].name: Invalid value: "a--b": must not contain consecutive hyphens`,
      `${c0}.ports[2].name: Invalid value: "-ab": must not begin or end with a hyphen`
    ]
  },
  {
    source:
      'ValidateTolerations: Lt and Gt are named but refused (TaintTolerationComparisonOperators is alpha)',
    mutate: job => void (pod(job).tolerations = [{ key: 'k', operator: 'Lt', value: '1' }]),
    errors: [
      'spec.template.spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt"'
    ]
  },
  {
    source: 'ValidateTolerations: operator and effect are named string types (json.Marshal escapes <)',
    mutate: job => void (pod(job).tolerations = [{ operator: 'a<b', effect: 'x<y', tolerationSeconds: 3 }]),
    errors: [
      'spec.template.spec.tolerations[0].operator: Invalid value: "a\\u003cb": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.template.spec.tolerations[0].effect: Invalid value: "x\\u003cy": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.template.spec.tolerations[0].operator: Unsupported value: "a\\u003cb": supported values: "Equal", "Exists"',
      'spec.template.spec.tolerations[0].effect: Unsupported value: "x\\u003cy": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'
    ]
  },
  {
    source:
      'IsValidIPForLegacyField (StrictIPCIDRValidation): ParseIPSloppy reads them, netip.ParseAddr refuses leading zeros and IPv4-mapped IPv6',
    mutate: job =>
      void (pod(job).hostAliases = [
        '010.1.2.3',
        '00001::',
        '::01.2.3.4',
        '::ffff:1.2.3.4',
        '::ffff:102:304',
        '1::2::3',
        'fe80::1%eth0',
        '::1.2.3.4',
        'FE80:0:0:0:0:0:0:0abc'
      ].map(ip => ({ ip }))),
    errors: [
      'spec.template.spec.hostAliases[0].ip: Invalid value: "010.1.2.3": must not have leading 0s',
      'spec.template.spec.hostAliases[1].ip: Invalid value: "00001::": must not have leading 0s',
      'spec.template.spec.hostAliases[2].ip: Invalid value: "::01.2.3.4": must not have leading 0s',
      'spec.template.spec.hostAliases[3].ip: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address',
      'spec.template.spec.hostAliases[4].ip: Invalid value: "::ffff:102:304": must not be an IPv4-mapped IPv6 address',
      'spec.template.spec.hostAliases[5].ip: Invalid value: "1::2::3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'spec.template.spec.hostAliases[6].ip: Invalid value: "fe80::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'
    ]
  },
  {
    source: "validatePodDNSConfig: dnsPolicy 'None' needs a dnsConfig",
    mutate: job => void (pod(job).dnsPolicy = 'None'),
    errors: [
      'spec.template.spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'
    ]
  },
  {
    source: "validatePodDNSConfig: dnsPolicy 'None' needs a nameserver (and then nothing else is checked)",
    mutate: job => {
      pod(job).dnsPolicy = 'None'
      pod(job).dnsConfig = { searches: ['Bad_'] }
    },
    errors: [
      'spec.template.spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None'
    ]
  },
  {
    source:
      'validatePodDNSConfig: at most 3 nameservers (IsValidIPForLegacyField), 32 search paths, named options',
    mutate: job =>
      void (pod(job).dnsConfig = {
        nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', 'x'],
        searches: searchPaths,
        options: [{ name: '' }, { value: 'x' }, { name: 'ndots', value: '2' }]
      }),
    errors: [
      'spec.template.spec.dnsConfig.nameservers: Invalid value: ["1.1.1.1","2.2.2.2","3.3.3.3","x"]: must not have more than 3 nameservers',
      'spec.template.spec.dnsConfig.nameservers[3]: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      `spec.template.spec.dnsConfig.searches: Invalid value: ${JSON.stringify(searchPaths)}: must not have more than 32 search paths`,
      'spec.template.spec.dnsConfig.options[0]: Required value: must not be empty',
      'spec.template.spec.dnsConfig.options[1]: Required value: must not be empty'
    ]
  },
  {
    source:
      "validatePodDNSConfig: a search list of at most 2048 characters; each path without its final '.' a subdomain that may hold '_' (IsDNS1123SubdomainWithUnderscore)",
    mutate: job => void (pod(job).dnsConfig = { searches: longSearches }),
    errors: [
      `spec.template.spec.dnsConfig.searches: Invalid value: ${JSON.stringify(longSearches)}: must not have more than 2048 characters (including spaces) in the search list`,
      `spec.template.spec.dnsConfig.searches[0]: Invalid value: "${longSearches[0]}": must be no more than 253 characters`,
      `spec.template.spec.dnsConfig.searches[13]: Invalid value: "A": ${subdomainWithUnderscore}`,
      `spec.template.spec.dnsConfig.searches[14]: Invalid value: "a_": ${subdomainWithUnderscore}`
    ]
  },
  {
    source: "validateResizePolicy: only 'NotRequired' when the pod's restartPolicy is Never",
    mutate: job =>
      void (container(job).resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }]),
    errors: [
      `${c0}.resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`
    ]
  },
  {
    source: 'validateResizePolicy: RestartContainer with restartPolicy OnFailure',
    mutate: job => {
      pod(job).restartPolicy = 'OnFailure'
      container(job).resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }]
    },
    errors: []
  },
  {
    source: 'validateResizePolicy: unsupported values at the list, duplicates at their index',
    mutate: job =>
      void (container(job).resizePolicy = [
        { resourceName: 'gpu', restartPolicy: 'Sometimes' },
        { resourceName: 'gpu', restartPolicy: 'NotRequired' },
        { resourceName: 'cpu', restartPolicy: 'NotRequired' },
        { resourceName: 'cpu', restartPolicy: 'NotRequired' }
      ]),
    errors: [
      `${c0}.resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"`,
      `${c0}.resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"`,
      `${c0}.resizePolicy: Invalid value: "Sometimes": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`,
      `${c0}.resizePolicy[1]: Duplicate value: "gpu"`,
      `${c0}.resizePolicy[3]: Duplicate value: "cpu"`
    ]
  },
  {
    source: 'validateResizePolicy: empty resource name and policy',
    mutate: job =>
      void (container(job).resizePolicy = [
        { resourceName: '', restartPolicy: '' },
        { resourceName: '', restartPolicy: 'NotRequired' }
      ]),
    errors: [
      `${c0}.resizePolicy: Required value`,
      `${c0}.resizePolicy: Invalid value: "": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`,
      `${c0}.resizePolicy[1]: Duplicate value: ""`
    ]
  },
  {
    source: "validateInitContainers: no 'RestartContainer' for a non-sidecar init container",
    mutate: job =>
      void (pod(job).initContainers = [
        {
          name: 'init',
          image: 'image',
          resizePolicy: [
            { resourceName: 'cpu', restartPolicy: 'RestartContainer' },
            { resourceName: 'memory', restartPolicy: 'RestartContainer' }
          ]
        }
      ]),
    errors: [
      `${i0}.resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`,
      `${i0}.resizePolicy[0].restartPolicy: Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`,
      `${i0}.resizePolicy[1].restartPolicy: Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`
    ]
  },
  {
    source: "validateInitContainers: a sidecar may use 'RestartContainer' (restartPolicy OnFailure)",
    mutate: job => {
      pod(job).restartPolicy = 'OnFailure'
      pod(job).initContainers = [
        {
          name: 'init',
          image: 'image',
          restartPolicy: 'Always',
          resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'RestartContainer' }]
        }
      ]
    },
    errors: []
  },
  {
    source: 'validateSleepAction: the pod terminationGracePeriodSeconds as set, for both hooks',
    mutate: job => {
      pod(job).terminationGracePeriodSeconds = 5
      container(job).lifecycle = { postStart: { sleep: { seconds: 6 } }, preStop: { sleep: { seconds: 5 } } }
    },
    errors: [
      `${c0}.lifecycle.postStart.sleep: Invalid value: 6: must be non-negative and less than terminationGracePeriodSeconds (5)`
    ]
  },
  {
    source: 'validateSleepAction: sidecar hooks too',
    mutate: job => {
      pod(job).terminationGracePeriodSeconds = 2
      pod(job).initContainers = [
        {
          name: 'init',
          image: 'image',
          restartPolicy: 'Always',
          lifecycle: { preStop: { sleep: { seconds: 3 } } }
        }
      ]
    },
    errors: [
      `${i0}.lifecycle.preStop.sleep: Invalid value: 3: must be non-negative and less than terminationGracePeriodSeconds (2)`
    ]
  },
  {
    source: 'validateEphemeralContainers: names unique across all containers; ports not allowed',
    mutate: job =>
      void (pod(job).ephemeralContainers = [{ name: 'abc', image: 'image', ports: [{ containerPort: 80 }] }]),
    errors: [
      `${e0}.name: Duplicate value: "abc"`,
      `${e0}.ports: Forbidden: cannot be set for an Ephemeral Container`,
      ephemeralForbidden
    ]
  },
  {
    source:
      'validateEphemeralContainers: validateContainerOnlyForPod, targetContainerName, validateFieldAllowList (set even when empty) and subpaths',
    json: true,
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      pod(job).ephemeralContainers = [
        {
          name: 'dbg',
          image: ' image',
          targetContainerName: 'nope',
          ports: [],
          resources: { limits: {} },
          resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          restartPolicy: 'Always',
          restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [1] } }],
          livenessProbe: { exec: { command: ['x'] } },
          readinessProbe: {},
          startupProbe: { exec: { command: ['x'] } },
          lifecycle: { preStop: { sleep: { seconds: 100 } } },
          volumeMounts: [
            { name: 'v', mountPath: '/a', subPath: 'x' },
            { name: 'v', mountPath: '/b', subPathExpr: 'y' }
          ]
        }
      ]
    },
    errors: [
      `${e0}.image: Invalid value: " image": must not have leading or trailing whitespace`,
      `${e0}.targetContainerName: Not found: "nope"`,
      ...[
        'ports',
        'resources',
        'resizePolicy',
        'restartPolicy',
        'restartPolicyRules',
        'livenessProbe',
        'readinessProbe',
        'startupProbe',
        'lifecycle',
        'volumeMounts[0].subPath',
        'volumeMounts[1].subPathExpr'
      ].map(f => `${e0}.${f}: Forbidden: cannot be set for an Ephemeral Container`),
      ephemeralForbidden
    ]
  },
  {
    source:
      'validateEphemeralContainers: validateContainerCommon, a target among init containers, and the file keys of their env',
    mutate: job => {
      pod(job).initContainers = [{ name: 'init', image: 'image' }]
      pod(job).ephemeralContainers = [
        { name: 'Bad', image: '', targetContainerName: 'init' },
        {
          name: 'init',
          image: 'image',
          env: [{ name: 'A', valueFrom: { fileKeyRef: { volumeName: 'nov', path: 'p', key: 'k' } } }]
        }
      ]
    },
    errors: [
      `${e0}.name: Invalid value: "Bad": ${dns1123Label}`,
      `${e0}.image: Required value`,
      'spec.template.spec.ephemeralContainers[1].name: Duplicate value: "init"',
      'spec.template.spec.ephemeralContainers[1].env[0].valueFrom.fileKeyRef.volumeName: Not found: "nov"',
      ephemeralForbidden
    ]
  },
  {
    source: 'validatePodResourceClaim: one source or the other (the claim printed as core.PodResourceClaim)',
    json: true,
    mutate: job =>
      void (pod(job).resourceClaims = [
        { name: 'a' },
        { name: 'b', resourceClaimName: 'x', resourceClaimTemplateName: 'y' }
      ]),
    errors: [
      'spec.template.spec.resourceClaims[0]: Invalid value: {"Name":"a","ResourceClaimName":null,"ResourceClaimTemplateName":null}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
      'spec.template.spec.resourceClaims[1]: Invalid value: {"Name":"b","ResourceClaimName":"x","ResourceClaimTemplateName":"y"}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'
    ]
  },
  {
    source: 'validatePodResourceClaim: ValidateResourceClaimName and ValidateResourceClaimTemplateName',
    mutate: job =>
      void (pod(job).resourceClaims = [
        { name: 'a', resourceClaimName: 'X_' },
        { name: 'b', resourceClaimTemplateName: 'Y_' }
      ]),
    errors: [
      `spec.template.spec.resourceClaims[0].resourceClaimName: Invalid value: "X_": ${dns1123Subdomain}`,
      `spec.template.spec.resourceClaims[1].resourceClaimTemplateName: Invalid value: "Y_": ${dns1123Subdomain}`
    ]
  },
  {
    source:
      "validateProjectionSources: serviceAccountToken path is ValidateLocalNonReservedPath, at the projected volume's path",
    mutate: job =>
      void (pod(job).volumes = ['../token', '/token', '..data'].map((path, i) => ({
        name: `v${i}`,
        projected: { sources: [{ serviceAccountToken: { path } }] }
      }))),
    errors: [
      `${v0}.projected.path: Invalid value: "../token": must not contain '..'`,
      'spec.template.spec.volumes[1].projected.path: Invalid value: "/token": must be a relative path',
      `spec.template.spec.volumes[2].projected.path: Invalid value: "..data": must not start with '..'`
    ]
  },
  {
    source: 'ValidateSecurityContext: runAsUser and runAsGroup are IsValidUserID and IsValidGroupID',
    mutate: job => void (container(job).securityContext = { runAsUser: -1, runAsGroup: 2147483648 }),
    errors: [
      `${c0}.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
      `${c0}.securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`
    ]
  },
  {
    source: 'ValidateSecurityContext: ValidateProcMountType, and Unmasked needs hostUsers: false',
    mutate: job => {
      container(job).securityContext = { procMount: 'Other' }
      pod(job).containers.push({ name: 'c1', image: 'image', securityContext: { procMount: 'Unmasked' } })
    },
    errors: [
      `${c0}.securityContext.procMount: Unsupported value: "Other": supported values: "Default", "Unmasked"`,
      'spec.template.spec.containers[1].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`'
    ]
  },
  {
    source: 'validateSeccompProfileField: the type, and localhostProfile only (and always) with Localhost',
    mutate: job => {
      container(job).securityContext = { seccompProfile: { type: 'Other', localhostProfile: 'p.json' } }
      pod(job).containers.push(
        { name: 'c1', image: 'image', securityContext: { seccompProfile: {} } },
        { name: 'c2', image: 'image', securityContext: { seccompProfile: { type: 'Localhost' } } },
        {
          name: 'c3',
          image: 'image',
          securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: '../p.json' } }
        }
      )
    },
    errors: [
      `${c0}.securityContext.seccompProfile.type: Unsupported value: "Other": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
      `${c0}.securityContext.seccompProfile.localhostProfile: Invalid value: {"Type":"Other","LocalhostProfile":"p.json"}: can only be set when seccomp type is Localhost`,
      'spec.template.spec.containers[1].securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set',
      'spec.template.spec.containers[2].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      `spec.template.spec.containers[3].securityContext.seccompProfile.localhostProfile: Invalid value: "../p.json": must not contain '..'`
    ]
  },
  {
    source:
      'ValidateSecurityContext: allowPrivilegeEscalation false with CAP_SYS_ADMIN; the internal SecurityContext is the value',
    mutate: job =>
      void (container(job).securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { add: ['CAP_SYS_ADMIN'] },
        seLinuxOptions: { user: 'u' },
        seccompProfile: { type: 'RuntimeDefault' }
      }),
    errors: [
      `${c0}.securityContext: Invalid value: {"Capabilities":{"Add":["CAP_SYS_ADMIN"],"Drop":null},"Privileged":null,"SELinuxOptions":{"User":"u","Role":"","Type":"","Level":""},"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":{"Type":"RuntimeDefault","LocalhostProfile":null},"AppArmorProfile":null}: cannot set \`allowPrivilegeEscalation\` to false and \`capabilities.Add\` CAP_SYS_ADMIN`
    ]
  },
  {
    source:
      'ValidateSecurityContext: allowPrivilegeEscalation false with privileged (an API server run with --allow-privileged=true, as kubeadm and kind run it and as the conformance oracle does)',
    mutate: job =>
      void (container(job).securityContext = { privileged: true, allowPrivilegeEscalation: false }),
    errors: [
      `${c0}.securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set \`allowPrivilegeEscalation\` to false and \`privileged\` to true`
    ]
  },
  {
    source: 'ValidateAppArmorProfileField: type, and localhostProfile only with Localhost, not padded',
    mutate: job => {
      container(job).securityContext = { appArmorProfile: {} }
      pod(job).containers.push(
        { name: 'c1', image: 'image', securityContext: { appArmorProfile: { type: 'Other' } } },
        { name: 'c2', image: 'image', securityContext: { appArmorProfile: { type: 'Localhost' } } },
        {
          name: 'c3',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: ' p ' } }
        },
        {
          name: 'c4',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: '' } }
        },
        {
          name: 'c5',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'p' } }
        },
        {
          name: 'c6',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p'.repeat(4096) } }
        }
      )
    },
    errors: [
      `${c0}.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set`,
      'spec.template.spec.containers[1].securityContext.appArmorProfile.type: Unsupported value: "Other": supported values: "Localhost", "RuntimeDefault", "Unconfined"',
      'spec.template.spec.containers[2].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost',
      'spec.template.spec.containers[3].securityContext.appArmorProfile.localhostProfile: Invalid value: " p ": must not be padded with whitespace',
      'spec.template.spec.containers[4].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost',
      'spec.template.spec.containers[5].securityContext.appArmorProfile.localhostProfile: Invalid value: "p": can only be set when AppArmor type is Localhost',
      'spec.template.spec.containers[6].securityContext.appArmorProfile.localhostProfile: Too long: may not be more than 4095 bytes'
    ]
  },
  {
    source:
      'validateWindowsSecurityContextOptions: gmsaCredentialSpecName, gmsaCredentialSpec and runAsUserName',
    json: true,
    mutate: job => {
      const windows = (name: string, windowsOptions: Record<string, unknown>): Record<string, unknown> => ({
        name,
        image: 'image',
        securityContext: { windowsOptions }
      })
      pod(job).containers = [
        windows('c0', { gmsaCredentialSpecName: 'A_', gmsaCredentialSpec: '', runAsUserName: '' }),
        windows('c1', { gmsaCredentialSpec: 'x'.repeat(65537), runAsUserName: 'a\\b\\c' }),
        windows('c2', { runAsUserName: 'user\u0001' }),
        windows('c3', { runAsUserName: '.dom*\\..' }),
        windows('c4', { runAsUserName: 'dom\\' }),
        windows('c5', { runAsUserName: `${'d'.repeat(256)}\\${'u'.repeat(105)}` }),
        windows('c6', { runAsUserName: 'dom.example.com\\a@b' }),
        windows('c7', { runAsUserName: 'NETBIOS\\user', hostProcess: false })
      ]
    },
    errors: [
      `${c0}.securityContext.windowsOptions.gmsaCredentialSpecName: Invalid value: "A_": ${dns1123Subdomain}`,
      `${c0}.securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec cannot be an empty string`,
      `${c0}.securityContext.windowsOptions.runAsUserName: Invalid value: "": runAsUserName cannot be an empty string`,
      `spec.template.spec.containers[1].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "${'x'.repeat(65537)}": gmsaCredentialSpec size must be under 64 KiB`,
      'spec.template.spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash',
      'spec.template.spec.containers[2].securityContext.windowsOptions.runAsUserName: Invalid value: "user\\u0001": runAsUserName cannot contain control characters',
      `spec.template.spec.containers[3].securityContext.windowsOptions.runAsUserName: Invalid value: ".dom*\\\\..": runAsUserName's Domain doesn't match the NetBios nor the DNS format`,
      `spec.template.spec.containers[3].securityContext.windowsOptions.runAsUserName: Invalid value: ".dom*\\\\..": runAsUserName's User cannot contain only periods or spaces`,
      `spec.template.spec.containers[4].securityContext.windowsOptions.runAsUserName: Invalid value: "dom\\\\": runAsUserName's User cannot be empty`,
      `spec.template.spec.containers[5].securityContext.windowsOptions.runAsUserName: Invalid value: "${'d'.repeat(256)}\\\\${'u'.repeat(105)}": runAsUserName's Domain length must be under 256 characters`,
      `spec.template.spec.containers[5].securityContext.windowsOptions.runAsUserName: Invalid value: "${'d'.repeat(256)}\\\\${'u'.repeat(105)}": runAsUserName's Domain doesn't match the NetBios nor the DNS format`,
      `spec.template.spec.containers[5].securityContext.windowsOptions.runAsUserName: Invalid value: "${'d'.repeat(256)}\\\\${'u'.repeat(105)}": runAsUserName's User length must not be longer than 104 characters`,
      `spec.template.spec.containers[6].securityContext.windowsOptions.runAsUserName: Invalid value: "dom.example.com\\\\a@b": runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`
    ]
  },
  {
    source:
      'validatePodSpecSecurityContext: fsGroup, runAsUser, runAsGroup and supplementalGroups are user and group IDs',
    mutate: job =>
      void (pod(job).securityContext = {
        fsGroup: -1,
        runAsUser: -1,
        runAsGroup: 2147483648,
        supplementalGroups: [1, -1]
      }),
    errors: [
      'spec.template.spec.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.template.spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'spec.template.spec.securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive',
      'spec.template.spec.securityContext.supplementalGroups[1]: Invalid value: -1: must be between 0 and 2147483647, inclusive'
    ]
  },
  {
    source:
      'validateSysctls and ValidateHostSysctl: names, duplicates, and namespaced sysctls with hostNetwork and hostIPC',
    mutate: job => {
      pod(job).hostNetwork = true
      pod(job).hostIPC = true
      pod(job).securityContext = {
        sysctls: [
          { name: '', value: '' },
          { name: 'Kernel.A', value: '1' },
          { name: 'net.ipv4.ip_forward', value: '1' },
          { name: 'net.ipv4.ip_forward', value: '1' },
          { name: 'kernel.shm_rmid_forced', value: '1' },
          { name: 'fs/mqueue/msg_max', value: '1' },
          { name: 'kernel.domainname', value: 'a' }
        ]
      }
    },
    errors: [
      'spec.template.spec.securityContext.sysctls[0].name: Required value',
      'spec.template.spec.securityContext.sysctls[1].name: Invalid value: "Kernel.A": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      `spec.template.spec.securityContext.sysctls[2].name: Invalid value: "net.ipv4.ip_forward": may not be specified when 'hostNetwork' is true`,
      'spec.template.spec.securityContext.sysctls[3].name: Duplicate value: "net.ipv4.ip_forward"',
      `spec.template.spec.securityContext.sysctls[3].name: Invalid value: "net.ipv4.ip_forward": may not be specified when 'hostNetwork' is true`,
      `spec.template.spec.securityContext.sysctls[4].name: Invalid value: "kernel.shm_rmid_forced": may not be specified when 'hostIPC' is true`,
      `spec.template.spec.securityContext.sysctls[5].name: Invalid value: "fs/mqueue/msg_max": may not be specified when 'hostIPC' is true`
    ]
  },
  {
    source:
      'validatePodSpecSecurityContext: fsGroupChangePolicy, supplementalGroupsPolicy and seLinuxChangePolicy',
    mutate: job =>
      void (pod(job).securityContext = {
        fsGroupChangePolicy: '',
        supplementalGroupsPolicy: 'Other',
        seLinuxChangePolicy: 'Other',
        seccompProfile: { type: 'Localhost', localhostProfile: '/p.json' },
        appArmorProfile: { type: '' },
        windowsOptions: { runAsUserName: '' }
      }),
    errors: [
      'spec.template.spec.securityContext.fsGroupChangePolicy: Unsupported value: "": supported values: "Always", "OnRootMismatch"',
      'spec.template.spec.securityContext.seccompProfile.localhostProfile: Invalid value: "/p.json": must be a relative path',
      'spec.template.spec.securityContext.windowsOptions.runAsUserName: Invalid value: "": runAsUserName cannot be an empty string',
      'spec.template.spec.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set',
      'spec.template.spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Other": supported values: "Merge", "Strict"',
      'spec.template.spec.securityContext.seLinuxChangePolicy: Unsupported value: "Other": supported values: "MountOption", "Recursive"'
    ]
  },
  {
    source: 'validateShareProcessNamespace: not with hostPID',
    mutate: job => {
      pod(job).shareProcessNamespace = true
      pod(job).hostPID = true
    },
    errors: [
      'spec.template.spec.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled'
    ]
  },
  {
    source: `validateHostUsers: hostUsers false shares no host namespace and has no volumeDevices (the capitalised paths are upstream's)`,
    mutate: job => {
      Object.assign(pod(job), { hostUsers: false, hostNetwork: true, hostPID: true, hostIPC: true })
      pod(job).volumes = [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }]
      container(job).volumeDevices = [{ name: 'v', devicePath: '/dev/v' }]
      container(job).securityContext = { procMount: 'Unmasked' }
    },
    errors: [
      'spec.template.spec.hostNetwork: Forbidden: when `hostUsers` is false',
      'spec.template.spec.HostPID: Forbidden: when `hostUsers` is false',
      'spec.template.spec.HostIPC: Forbidden: when `hostUsers` is false',
      `${c0}.volumeDevices: Forbidden: when \`hostUsers\` is false`
    ]
  },
  {
    source: 'validatePodHostName: hostnameOverride is a DNS-1123 subdomain',
    mutate: job => void (pod(job).hostnameOverride = 'Host_Name'),
    errors: [`spec.template.spec.hostnameOverride: Invalid value: "Host_Name": ${dns1123Subdomain}`]
  },
  {
    source: 'validatePodHostName: not with setHostnameAsFQDN or hostNetwork, at most 64 bytes',
    mutate: job => {
      Object.assign(pod(job), {
        hostnameOverride: 'a'.repeat(65),
        setHostnameAsFQDN: true,
        hostNetwork: true
      })
    },
    errors: [
      'spec.template.spec.hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true',
      'spec.template.spec.hostnameOverride: Forbidden: may not be specified when hostNetwork is true',
      'spec.template.spec.hostnameOverride: Too long: may not be more than 64 bytes'
    ]
  },
  {
    source:
      'validateWindowsHostProcessPod: pod and container hostProcess agree, all or none, with hostNetwork (--allow-privileged=true, as kubeadm, kind and the conformance oracle run the API server)',
    mutate: job => {
      pod(job).securityContext = { windowsOptions: { hostProcess: true } }
      container(job).securityContext = { windowsOptions: { hostProcess: false } }
      pod(job).initContainers = [{ name: 'init', image: 'image' }]
    },
    errors: [
      `${c0}.securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true`,
      'spec.template.spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
      'spec.template.spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers'
    ]
  },
  {
    source: 'validateOS: a name is required',
    mutate: job => void (pod(job).os = { name: '' }),
    errors: ['spec.template.spec.os.name: Required value']
  },
  {
    source: 'validateOS: linux or windows, refused at the path of os',
    mutate: job => void (pod(job).os = { name: 'plan9' }),
    errors: ['spec.template.spec.os: Unsupported value: "plan9": supported values: "linux", "windows"']
  },
  {
    source: 'validateLinux: no windowsOptions in a linux pod',
    mutate: job => {
      pod(job).os = { name: 'linux' }
      pod(job).securityContext = { windowsOptions: {} }
      container(job).securityContext = { windowsOptions: { runAsUserName: 'user' } }
    },
    errors: [
      'spec.template.spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
      `${c0}.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod`
    ]
  },
  {
    source: 'validateWindows: the Linux settings of the pod and its containers are refused',
    mutate: job => {
      pod(job).os = { name: 'windows' }
      Object.assign(pod(job), { hostUsers: true, hostPID: true, hostIPC: true, shareProcessNamespace: false })
      pod(job).securityContext = {
        appArmorProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: {},
        seccompProfile: { type: 'RuntimeDefault' },
        fsGroup: 1,
        fsGroupChangePolicy: 'Always',
        sysctls: [{ name: 'a', value: 'b' }],
        runAsUser: 1,
        runAsGroup: 1,
        supplementalGroups: [],
        supplementalGroupsPolicy: 'Merge',
        seLinuxChangePolicy: 'Recursive'
      }
      container(job).securityContext = {
        appArmorProfile: { type: 'RuntimeDefault' },
        seLinuxOptions: {},
        seccompProfile: { type: 'RuntimeDefault' },
        capabilities: {},
        readOnlyRootFilesystem: false,
        privileged: false,
        allowPrivilegeEscalation: true,
        procMount: 'Default',
        runAsUser: 1,
        runAsGroup: 1
      }
    },
    errors: [
      'spec.template.spec.securityContext.appArmorProfile: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.fsGroup: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.fsGroupChangePolicy: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.sysctls: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.runAsGroup: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.supplementalGroups: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.supplementalGroupsPolicy: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.securityContext.seLinuxChangePolicy: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.hostUsers: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.hostIPC: Forbidden: cannot be set for a windows pod',
      'spec.template.spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod',
      `${c0}.securityContext.appArmorProfile: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.capabilities: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.readOnlyRootFilesystem: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.privileged: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.allowPrivilegeEscalation: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.procMount: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.runAsUser: Forbidden: cannot be set for a windows pod`,
      `${c0}.securityContext.runAsGroup: Forbidden: cannot be set for a windows pod`
    ]
  },
  {
    source: 'ValidateNodeSelector: at least one node selector term',
    mutate: job =>
      void (pod(job).affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } }
      }),
    errors: [
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term'
    ]
  },
  {
    source: 'ValidateNodeSelectorRequirement and ValidateNodeFieldSelectorRequirement',
    mutate: job =>
      void (pod(job).affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'A_/b', operator: 'In' },
                  { key: 'a', operator: 'Exists', values: ['x'] },
                  { key: 'a', operator: 'Gt', values: ['1', '2'] },
                  { key: 'a', operator: 'Other', values: ['-bad-'] }
                ],
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['A_', 'b'] },
                  { key: 'metadata.uid', operator: 'Exists' }
                ]
              },
              {}
            ]
          }
        }
      }),
    errors: [
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: "A_/b": prefix part ${dns1123Subdomain}`,
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].operator: Invalid value: "Other": not a valid selector operator',
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].values[0]: Invalid value: "-bad-": ${labelValue}`,
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
      `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]: Invalid value: "A_": ${dns1123Subdomain}`,
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[1].operator: Invalid value: "Exists": not a valid selector operator',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[1].key: Invalid value: "metadata.uid": not a valid field selector key'
    ]
  },
  {
    source: 'ValidatePreferredSchedulingTerms: weights of 1-100, and any label value',
    mutate: job =>
      void (pod(job).affinity = {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 0,
              preference: { matchExpressions: [{ key: 'a', operator: 'In', values: ['-bad-'] }] }
            },
            { weight: 101, preference: {} }
          ]
        }
      }),
    errors: [
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight: Invalid value: 101: must be in the range 1-100'
    ]
  },
  {
    source:
      'validatePodAffinityTerm: selectors, namespaces (at the path namespace), label keys and topologyKey',
    mutate: job =>
      void (pod(job).affinity = {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: '' },
            {
              topologyKey: 'zone',
              namespaces: ['A_', 'ok'],
              labelSelector: { matchLabels: { app: '-' } },
              namespaceSelector: { matchExpressions: [{ key: 'k', operator: 'Other' }] }
            },
            { topologyKey: 'zone', matchLabelKeys: ['app'], mismatchLabelKeys: ['tier'] },
            { topologyKey: 'a/b/c' }
          ],
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 200, podAffinityTerm: { topologyKey: 'zone' } }
          ]
        }
      }),
    errors: [
      'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${qualifiedName}`,
      `spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector.matchLabels: Invalid value: "-": ${labelValue}`,
      'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].namespaceSelector.matchExpressions[0].operator: Invalid value: "Other": not a valid selector operator',
      `spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].namespace: Invalid value: "A_": ${dns1123Label}`,
      'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[2].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
      'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[2].mismatchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
      `spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[3].topologyKey: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 200: must be in the range 1-100'
    ]
  },
  {
    source: `ValidateMatchLabelKeysAndMismatchLabelKeys: label names; a key in both lists, or in the selector twice (at the term's indexed path)`,
    mutate: job =>
      void (pod(job).affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              topologyKey: 'zone',
              labelSelector: {
                matchLabels: { app: 'x' },
                matchExpressions: [{ key: 'app', operator: 'In', values: ['v'] }]
              },
              matchLabelKeys: ['tier', 'app', 'A_'],
              mismatchLabelKeys: ['app', '_b']
            }
          ],
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { topologyKey: '' } }
          ]
        }
      }),
    errors: [
      `spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[2]: Invalid value: "A_": ${qualifiedName}`,
      `spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[1]: Invalid value: "_b": ${qualifiedName}`,
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][1]: Invalid value: "app": exists in both matchLabelKeys and labelSelector',
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[1]: Invalid value: "app": exists in both matchLabelKeys and mismatchLabelKeys',
      'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty',
      'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": name part must be non-empty',
      `spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": ${qualifiedName}`
    ]
  },
  {
    source: 'validateTopologySpreadConstraints: maxSkew, topologyKey and whenUnsatisfiable',
    mutate: job =>
      void (pod(job).topologySpreadConstraints = [
        { maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Other' }
      ]),
    errors: [
      'spec.template.spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.template.spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
      'spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Other": supported values: "DoNotSchedule", "ScheduleAnyway"'
    ]
  },
  {
    source: 'ValidateSpreadConstraintNotRepeat: one constraint per {topologyKey, whenUnsatisfiable}',
    mutate: job => {
      const constraint = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }
      pod(job).topologySpreadConstraints = [constraint, { ...constraint }, { ...constraint }]
    },
    errors: [
      'spec.template.spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
      'spec.template.spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"'
    ]
  },
  {
    source: 'validateMinDomains and validateNodeInclusionPolicy',
    mutate: job =>
      void (pod(job).topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 0 },
        {
          maxSkew: -1,
          topologyKey: 'host',
          whenUnsatisfiable: 'DoNotSchedule',
          minDomains: 2,
          nodeAffinityPolicy: 'Other',
          nodeTaintsPolicy: ''
        }
      ]),
    errors: [
      'spec.template.spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero',
      'spec.template.spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
      'spec.template.spec.topologySpreadConstraints[1].maxSkew: Invalid value: -1: must be greater than zero',
      'spec.template.spec.topologySpreadConstraints[1].nodeAffinityPolicy: Unsupported value: "Other": supported values: "Honor", "Ignore"',
      'spec.template.spec.topologySpreadConstraints[1].nodeTaintsPolicy: Unsupported value: "": supported values: "Honor", "Ignore"'
    ]
  },
  {
    source:
      'validateTopologySpreadConstraints: matchLabelKeys need a labelSelector (MatchLabelKeysInPodTopologySpreadSelectorMerge)',
    mutate: job =>
      void (pod(job).topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'zone',
          whenUnsatisfiable: 'DoNotSchedule',
          matchLabelKeys: ['app', 'A_']
        },
        {
          maxSkew: 1,
          topologyKey: 'host',
          whenUnsatisfiable: 'DoNotSchedule',
          matchLabelKeys: ['app', 'tier'],
          labelSelector: {
            matchLabels: { app: 'x', tier: '-' },
            matchExpressions: [
              { key: 'app', operator: 'Exists' },
              { key: 'tier', operator: 'In' }
            ]
          }
        }
      ]),
    errors: [
      'spec.template.spec.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
      'spec.template.spec.topologySpreadConstraints[1][0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector',
      'spec.template.spec.topologySpreadConstraints[1][1]: Invalid value: "tier": exists in both matchLabelKeys and labelSelector',
      `spec.template.spec.topologySpreadConstraints[1].labelSelector.matchLabels: Invalid value: "-": ${labelValue}`,
      `spec.template.spec.topologySpreadConstraints[1].labelSelector.matchExpressions[1].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`
    ]
  },
  {
    source: 'validateProjectionSources: a clusterTrustBundle names a bundle or a signer, and has a path',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v', projected: { sources: [{ clusterTrustBundle: { path: '' } }] } }
      ]),
    errors: [
      `${v0}.projected.sources[0].clusterTrustBundle: Required value: either name or signerName must be specified`,
      `${v0}.projected.sources[0].clusterTrustBundle.path: Required value`
    ]
  },
  {
    source:
      'validateProjectionSources: a clusterTrustBundle with both name and signerName (the internal projection is the value)',
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v',
          projected: {
            sources: [{ clusterTrustBundle: { name: 'a', signerName: 'example.com/b', path: 'p' } }]
          }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].clusterTrustBundle: Invalid value: {"Name":"a","SignerName":"example.com/b","LabelSelector":null,"Optional":null,"Path":"p","User":null}: only one of name and signerName may be used`
    ]
  },
  {
    source:
      'validateProjectionSources: a clusterTrustBundle name (ValidateClusterTrustBundleName) without labelSelector',
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v0',
          projected: { sources: [{ clusterTrustBundle: { name: '', path: '/abs', labelSelector: {} } }] }
        },
        { name: 'v1', projected: { sources: [{ clusterTrustBundle: { name: 'A_', path: '..p' } }] } },
        {
          name: 'v2',
          projected: { sources: [{ clusterTrustBundle: { name: 'example.com:signer:A_', path: 'p' } }] }
        },
        { name: 'v3', projected: { sources: [{ clusterTrustBundle: { name: ':bundle', path: 'p' } }] } },
        {
          name: 'v4',
          projected: { sources: [{ clusterTrustBundle: { name: 'example.com/signer:bundle', path: 'p' } }] }
        },
        {
          name: 'v5',
          projected: { sources: [{ clusterTrustBundle: { name: 'example.com:signer:bundle', path: 'p' } }] }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].clusterTrustBundle.name: Required value: must be a valid object name`,
      `${v0}.projected.sources[0].clusterTrustBundle.name: Invalid value: "": not a valid clustertrustbundlename: ${dns1123Subdomain}`,
      `${v0}.projected.sources[0].clusterTrustBundle.labelSelector: Invalid value: {}: labelSelector must be unset if name is specified`,
      `${v0}.projected.sources[0].clusterTrustBundle.path: Invalid value: "/abs": must be a relative path`,
      `spec.template.spec.volumes[1].projected.sources[0].clusterTrustBundle.name: Invalid value: "A_": not a valid clustertrustbundlename: ${dns1123Subdomain}`,
      `spec.template.spec.volumes[1].projected.sources[0].clusterTrustBundle.path: Invalid value: "..p": must not start with '..'`,
      `spec.template.spec.volumes[2].projected.sources[0].clusterTrustBundle.name: Invalid value: "example.com:signer:A_": not a valid clustertrustbundlename: ${dns1123Subdomain}`,
      'spec.template.spec.volumes[3].projected.sources[0].clusterTrustBundle.name: Invalid value: ":bundle": not a valid clustertrustbundlename: ClusterTrustBundle without signer name must not have ":" in its name',
      'spec.template.spec.volumes[4].projected.sources[0].clusterTrustBundle.name: Invalid value: "example.com/signer:bundle": not a valid clustertrustbundlename: ClusterTrustBundle for signerName example.com/signer must be named with prefix example.com:signer:'
    ]
  },
  {
    source:
      'validateProjectionSources: a clusterTrustBundle signerName (ValidateSignerName) and labelSelector',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v0', projected: { sources: [{ clusterTrustBundle: { signerName: '', path: 'p' } }] } },
        {
          name: 'v1',
          projected: {
            sources: [
              {
                clusterTrustBundle: {
                  signerName: 'signer',
                  path: 'p',
                  labelSelector: { matchLabels: { a: '-' } }
                }
              }
            ]
          }
        },
        {
          name: 'v2',
          projected: { sources: [{ clusterTrustBundle: { signerName: 'example.com/A_', path: 'p' } }] }
        },
        {
          name: 'v3',
          projected: { sources: [{ clusterTrustBundle: { signerName: 'Example_.com/signer', path: 'p' } }] }
        },
        {
          name: 'v4',
          projected: { sources: [{ clusterTrustBundle: { signerName: 'localhost/signer', path: 'p' } }] }
        },
        {
          name: 'v5',
          projected: {
            sources: [
              { clusterTrustBundle: { signerName: 'example.com/signer', path: 'p' } },
              { clusterTrustBundle: { signerName: 'example.com/signer', path: 'p' } }
            ]
          }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].clusterTrustBundle.signerName: Required value: must be a valid signer name`,
      `${v0}.projected.sources[0].clusterTrustBundle.signerName: Required value`,
      `spec.template.spec.volumes[1].projected.sources[0].clusterTrustBundle.signerName: Invalid value: "signer": must be a fully qualified domain and path of the form 'example.com/signer-name'`,
      `spec.template.spec.volumes[1].projected.sources[0].clusterTrustBundle.labelSelector.matchLabels: Invalid value: "-": ${labelValue}`,
      `spec.template.spec.volumes[2].projected.sources[0].clusterTrustBundle.signerName: Invalid value: "A_": validating label "A_": ${dns1123Subdomain}`,
      `spec.template.spec.volumes[3].projected.sources[0].clusterTrustBundle.signerName: Invalid value: "Example_.com": validating label "Example_": ${dns1123Label}`,
      'spec.template.spec.volumes[4].projected.sources[0].clusterTrustBundle.signerName: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      'spec.template.spec.volumes[5].projected: Invalid value: "p": conflicting duplicate paths'
    ]
  },
  {
    source: 'validateProjectionSources: a podCertificate needs a signer, a key type and a path',
    mutate: job =>
      void (pod(job).volumes = [{ name: 'v', projected: { sources: [{ podCertificate: {} }] } }]),
    errors: [
      `${v0}.projected.sources[0].podCertificate.signerName: Required value`,
      `${v0}.projected.sources[0].podCertificate.keyType: Unsupported value: "": supported values: "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"`,
      `${v0}.projected.sources[0].podCertificate: Required value: specify at least one of credentialBundlePath, keyPath, and certificateChainPath`
    ]
  },
  {
    source: `validateProjectionSources: a podCertificate's userAnnotations, maxExpirationSeconds and paths`,
    json: true,
    mutate: job =>
      void (pod(job).volumes = [
        {
          name: 'v0',
          projected: {
            sources: [
              {
                podCertificate: {
                  signerName: 'example.com/signer',
                  keyType: 'RSA3072',
                  maxExpirationSeconds: 100,
                  credentialBundlePath: 'a',
                  keyPath: 'a',
                  certificateChainPath: '/b',
                  userAnnotations: { A_: 'x', Plain: 'y', 'example.com/ok': 'z' }
                }
              }
            ]
          }
        },
        {
          name: 'v1',
          projected: {
            sources: [
              {
                podCertificate: {
                  signerName: 'kubernetes.io/signer',
                  keyType: 'ED25519',
                  maxExpirationSeconds: 86401,
                  keyPath: 'k'
                }
              }
            ]
          }
        },
        {
          name: 'v2',
          projected: {
            sources: [
              {
                podCertificate: {
                  signerName: 'example.com/signer',
                  keyType: 'ECDSAP256',
                  maxExpirationSeconds: 7862401,
                  keyPath: 'k'
                }
              }
            ]
          }
        }
      ]),
    errors: [
      `${v0}.projected.sources[0].podCertificate.userAnnotations: Invalid value: "a_": ${qualifiedName}`,
      `${v0}.projected.sources[0].podCertificate.userAnnotations: Invalid value: "plain": must be a domain-prefixed key (such as "acme.io/foo")`,
      `${v0}.projected.sources[0].podCertificate.maxExpirationSeconds: Invalid value: 100: if provided, maxExpirationSeconds must be >= 3600`,
      `${v0}.projected: Invalid value: "a": conflicting duplicate paths`,
      `${v0}.projected.sources[0].podCertificate.certificateChainPath: Invalid value: "/b": must be a relative path`,
      'spec.template.spec.volumes[1].projected.sources[0].podCertificate.maxExpirationSeconds: Invalid value: 86401: if provided, maxExpirationSeconds must be <= 86400',
      'spec.template.spec.volumes[2].projected.sources[0].podCertificate.maxExpirationSeconds: Invalid value: 7862401: if provided, maxExpirationSeconds must be <= 7862400'
    ]
  },
  {
    source: 'validateProjectionSources: one volume type per source',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v', projected: { sources: [{ secret: { name: 's' }, configMap: { name: 'c' } }] } }
      ]),
    errors: [`${v0}.projected.sources[0]: Forbidden: may not specify more than 1 volume type per source`]
  },
  {
    source:
      'Fields of k8s.io/api v0.37.2 whose feature gates are off in 1.37: decoded, then dropped unvalidated',
    mutate: job => {
      pod(job).volumes = [
        { name: 'v0', emptyDir: { mode: -5 } },
        {
          name: 'v1',
          secret: { secretName: 's', defaultUser: -1, items: [{ key: 'k', path: 'p', user: -1 }] }
        },
        {
          name: 'v2',
          downwardAPI: {
            defaultUser: -1,
            items: [{ path: 'p', fieldRef: { fieldPath: 'metadata.name' }, user: -1 }]
          }
        },
        { name: 'v3', configMap: { name: 'c', defaultUser: -1 } },
        {
          name: 'v4',
          projected: {
            defaultUser: -1,
            sources: [
              { serviceAccountToken: { path: 't', user: -1 } },
              { clusterTrustBundle: { signerName: 'example.com/s', path: 'b', user: -1 } }
            ]
          }
        }
      ]
      container(job).volumeMounts = [{ name: 'v0', mountPath: '/v', bindMountOptions: ['x'] }]
      container(job).livenessProbe = { grpc: { port: 80, mode: 'Other' } }
      container(job).readinessProbe = { httpGet: { port: 80, protocol: 'Other' } }
      pod(job).evictionResponders = [{ name: '', priority: -1 }]
      spec(job).scheduling = {
        schedulingPolicy: { gang: { minCount: -1 }, basic: {} },
        disruptionMode: { all: {}, single: {} },
        resourceClaims: [{ name: '', resourceClaimName: 'A_', resourceClaimTemplateName: 'B_' }],
        schedulingConstraints: { topology: [{ key: '' }] }
      }
    },
    errors: []
  },
  {
    source:
      'validateImageVolumeSource: a reference (AllowEmptyImageVolumeReference is off on create) and a pull policy',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v0', image: { reference: '' } },
        { name: 'v1', image: { reference: 'image', pullPolicy: 'Sometimes' } }
      ]),
    errors: [
      `${v0}.image.reference: Required value`,
      'spec.template.spec.volumes[1].image.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'
    ]
  },
  {
    source: 'validateMountRecursiveReadOnly: Enabled and IfPossible need readOnly and no propagation',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [
        { name: 'v', mountPath: '/a', recursiveReadOnly: 'Enabled', mountPropagation: 'HostToContainer' },
        { name: 'v', mountPath: '/b', readOnly: true, recursiveReadOnly: 'Sometimes' },
        {
          name: 'v',
          mountPath: '/c',
          readOnly: true,
          recursiveReadOnly: 'IfPossible',
          mountPropagation: 'None'
        },
        { name: 'v', mountPath: '/d', recursiveReadOnly: 'Disabled' }
      ]
    },
    errors: [
      `${c0}.volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true`,
      `${c0}.volumeMounts.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified`,
      `${c0}.volumeMounts.recursiveReadOnly: Unsupported value: "Sometimes": supported values: "Disabled", "Enabled", "IfPossible"`
    ]
  },
  {
    source: 'validateResourceRequirements: the huge page multiple is checked after the limit rules',
    mutate: job => void (container(job).resources = { requests: { 'hugepages-2Mi': '1500m' } }),
    errors: [
      `${c0}.resources.limits: Required value: Limit must be set for non overcommitable resources`,
      `${c0}.resources.requests[hugepages-2Mi]: Invalid value: "1500m": 1500m is not positive integer multiple of hugepages-2Mi`,
      `${c0}.resources: Forbidden: HugePages require cpu or memory`
    ]
  },
  {
    source:
      'validateResourceClaimNames: a request is a DNS label, and a claim or one of its requests is referenced once',
    json: true,
    mutate: job => {
      pod(job).resourceClaims = [
        { name: 'a', resourceClaimName: 'x' },
        { name: 'b', resourceClaimName: 'y' }
      ]
      container(job).resources = {
        claims: [
          { name: 'a', request: 'R_' },
          { name: 'b', request: 'r' },
          { name: 'b', request: 'r' },
          { name: 'b' },
          { name: 'c', request: 'r' }
        ]
      }
    },
    errors: [
      `${c0}.resources.claims[0].request: Invalid value: "R_": ${dns1123Label}`,
      `${c0}.resources.claims[2]: Duplicate value: "b/r"`,
      `${c0}.resources.claims[3]: Duplicate value: "b"`,
      `${c0}.resources.claims[4]: Not found: "c": must be one of the names in pod.spec.resourceClaims: a, b`
    ]
  },
  {
    source:
      'validatePodResources: pod-level resources (PodLevelResources) are cpu, memory and huge pages, without claims',
    mutate: job =>
      void (pod(job).resources = {
        limits: { cpu: '1', 'nvidia.com/gpu': '1' },
        requests: { foo: '1' },
        claims: [{ name: 'a' }]
      }),
    errors: [
      'spec.template.spec.resources.claims: Forbidden: claims may not be set for Resources at pod-level',
      'spec.template.spec.resources.limits[nvidia.com/gpu]: Unsupported value: "nvidia.com/gpu": supported values: "cpu", "hugepages-", "memory"',
      'spec.template.spec.resources.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.template.spec.resources.claims[0]: Not found: "a": must be one of the names in pod.spec.resourceClaims which is empty'
    ]
  },
  {
    source: `validatePodResourceConsistency: pod requests cover the containers' (sidecars add up, init containers peak), and container limits fit the pod's`,
    mutate: job => {
      pod(job).resources = {
        requests: { cpu: '1', memory: '1Gi' },
        limits: { cpu: '2', 'hugepages-2Mi': '2Mi', memory: '4Gi' }
      }
      container(job).resources = { requests: { cpu: '500m' }, limits: { cpu: '3', 'hugepages-2Mi': '4Mi' } }
      pod(job).initContainers = [
        {
          name: 'sidecar',
          image: 'image',
          restartPolicy: 'Always',
          resources: { requests: { cpu: '500m', memory: '512Mi' } }
        },
        { name: 'init', image: 'image', resources: { requests: { memory: '2Gi' } } }
      ]
    },
    errors: [
      'spec.template.spec.resources.requests[memory]: Invalid value: "1Gi": must be greater than or equal to aggregate container requests of 2560Mi',
      'spec.template.spec.resources.limits[hugepages-2Mi]: Invalid value: "2Mi": must be greater than or equal to aggregate container limits of 4Mi',
      'spec.template.spec.resources.containers[0][cpu].limits: Invalid value: "3": must be less than or equal to pod limits of 2',
      'spec.template.spec.resources.containers[0][hugepages-2Mi].limits: Invalid value: "4Mi": must be less than or equal to pod limits of 2Mi'
    ]
  },
  {
    source: 'validatePodResources: not for a windows pod',
    mutate: job => {
      pod(job).os = { name: 'windows' }
      pod(job).resources = { requests: { cpu: '1' } }
    },
    errors: ['spec.template.spec.resources: Forbidden: may not be set for a windows pod']
  },
  {
    source: 'validateEphemeralVolumeSource: a volumeClaimTemplate is required',
    mutate: job => void (pod(job).volumes = [{ name: 'v', ephemeral: {} }]),
    errors: [`${v0}.ephemeral.volumeClaimTemplate: Required value`]
  },
  {
    source:
      'ValidatePersistentVolumeClaimTemplate: labels and annotations only (validateFieldAllowList), and a spec with access modes and storage',
    json: true,
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v0', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        {
          name: 'v1',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: {
                name: 'n',
                namespace: 'ns',
                labels: { a: '-' },
                annotations: { 'A B': 'x' },
                finalizers: ['f']
              },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }
            }
          }
        }
      ]),
    errors: [
      `${v0}.ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value`,
      `spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.annotations: Invalid value: "A B": ${qualifiedName}`,
      `spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.labels: Invalid value: "-": ${labelValue}`,
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set',
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.namespace: Forbidden: cannot be set',
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.finalizers: Forbidden: cannot be set'
    ]
  },
  {
    source:
      'ValidatePersistentVolumeClaimSpec: access and volume modes, a positive storage request, class names and selector',
    json: true,
    mutate: job => {
      const claim = (spec: Record<string, unknown>): Record<string, unknown> => ({
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec }
        }
      })
      pod(job).volumes = [
        {
          name: 'v0',
          ephemeral: claim({
            accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'Sometimes'],
            volumeMode: 'Other',
            storageClassName: 'A_',
            volumeAttributesClassName: 'B_',
            selector: { matchLabels: { a: '-' } }
          })
        },
        { name: 'v1', ephemeral: claim({ resources: { requests: { storage: '0' } } }) },
        { name: 'v2', ephemeral: claim({ resources: { requests: { storage: '-1Gi' } } }) }
      ]
    },
    errors: [
      `${v0}.ephemeral.volumeClaimTemplate.spec.selector.matchLabels: Invalid value: "-": ${labelValue}`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "Sometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.storageClassName: Invalid value: "A_": ${dns1123Subdomain}`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: "Other": supported values: "Block", "Filesystem"`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName: Invalid value: "B_": ${dns1123Subdomain}`,
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be greater than zero',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero'
    ]
  },
  {
    source:
      'validateDataSource and validateDataSourceRef, and the two together (the bad value is a field.Path: {})',
    json: true,
    mutate: job => {
      const claim = (spec: Record<string, unknown>): Record<string, unknown> => ({
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec }
        }
      })
      const pvc = (name: string): Record<string, unknown> => ({ kind: 'PersistentVolumeClaim', name })
      pod(job).volumes = [
        {
          name: 'v0',
          ephemeral: claim({
            dataSource: { kind: 'Snap', name: '' },
            dataSourceRef: { kind: '', name: 'n', apiGroup: 'A_', namespace: 'N_' }
          })
        },
        { name: 'v1', ephemeral: claim({ dataSource: pvc('a'), dataSourceRef: pvc('b') }) },
        {
          name: 'v2',
          ephemeral: claim({ dataSource: pvc('a'), dataSourceRef: { ...pvc('a'), namespace: 'ns' } })
        },
        { name: 'v3', ephemeral: claim({ dataSource: pvc('a'), dataSourceRef: pvc('a') }) }
      ]
    },
    errors: [
      `${v0}.ephemeral.volumeClaimTemplate.spec.dataSource.name: Required value`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "Snap": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.dataSourceRef.kind: Required value`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.dataSourceRef.apiGroup: Invalid value: "A_": ${dns1123Subdomain}`,
      `${v0}.ephemeral.volumeClaimTemplate.spec.dataSourceRef.namespace: Invalid value: "N_": ${dns1123Label}`,
      `${v0}.ephemeral.volumeClaimTemplate.spec: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified`,
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: must match dataSourceRef',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified'
    ]
  },
  {
    source: 'ValidatePodSpecificAnnotations: the mirror pod annotation needs a nodeName',
    mutate: withTemplateAnnotations({ 'kubernetes.io/config.mirror': 'x' }),
    errors: [
      'spec.template.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set'
    ]
  },
  {
    source:
      'ValidatePodSpecificAnnotations: pod-deletion-cost is a 32-bit integer (GetDeletionCostFromPodAnnotations: no sign, no leading zero)',
    mutate: withTemplateAnnotations({ 'controller.kubernetes.io/pod-deletion-cost': '+5' }),
    errors: [
      'spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+5": must be a 32bit integer'
    ]
  },
  {
    source:
      'ValidateTolerationsInPodAnnotations: the annotation is unmarshalled into []core.Toleration, then ValidateTolerations',
    json: true,
    mutate: withTemplateAnnotations({
      'scheduler.alpha.kubernetes.io/tolerations':
        '[{"KEY":"A_/b","operator":"Other"},null,{"key":"k","Operator":"Exists","value":"v"}]'
    }),
    errors: [
      `spec.template.annotations.scheduler.alpha.kubernetes.io/tolerations[0].key: Invalid value: "A_/b": prefix part ${dns1123Subdomain}`,
      'spec.template.annotations.scheduler.alpha.kubernetes.io/tolerations[0].operator: Unsupported value: "Other": supported values: "Equal", "Exists"',
      'spec.template.annotations.scheduler.alpha.kubernetes.io/tolerations[1].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      `spec.template.annotations.scheduler.alpha.kubernetes.io/tolerations[2].operator: Invalid value: "v": value must be empty when \`operator\` is 'Exists'`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax errors (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[{"key":"a",}]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '}' looking for beginning of object key string`
    ]
  },
  {
    source:
      'ValidateTolerationsInPodAnnotations: the input ends inside a number (scanner.eof steps over a space)',
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[1e' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character ' ' in exponent of numeric literal`
    ]
  },
  {
    source: 'ValidateTolerationsInPodAnnotations: the input ends where a value may follow',
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[{"key":' }),
    errors: [
      'spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": unexpected end of JSON input'
    ]
  },
  {
    source:
      'ValidateTolerationsInPodAnnotations: json.UnmarshalTypeError of a Toleration field (the internal type: Go field names)',
    json: true,
    mutate: withTemplateAnnotations({
      'scheduler.alpha.kubernetes.io/tolerations': '[{"key":"k","tolerationSeconds":1.5}]'
    }),
    errors: [
      'spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": json: cannot unmarshal number 1.5 into Go struct field Toleration.TolerationSeconds of type int64'
    ]
  },
  {
    source: 'ValidateTolerationsInPodAnnotations: not a list',
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '{}' }),
    errors: [
      'spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": json: cannot unmarshal object into Go value of type []core.Toleration'
    ]
  },
  {
    source: 'ValidateTolerationsInPodAnnotations: a list item that is no object',
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[true]' }),
    errors: [
      'spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": json: cannot unmarshal bool into Go value of type core.Toleration'
    ]
  },
  {
    source:
      'ValidateSeccompPodAnnotations: ValidateSeccompProfile of the pod and container annotations (at a Child path)',
    json: true,
    mutate: withTemplateAnnotations({
      'seccomp.security.alpha.kubernetes.io/pod': 'localhost/../p',
      'container.seccomp.security.alpha.kubernetes.io/abc': 'other',
      'container.seccomp.security.alpha.kubernetes.io/x': 'docker/default'
    }),
    errors: [
      `spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "../p": must not contain '..'`,
      'spec.template.annotations.container.seccomp.security.alpha.kubernetes.io/abc: Invalid value: "other": must be a valid seccomp profile'
    ]
  },
  {
    source: 'ValidateAppArmorPodAnnotations: a known container and a profile name (at a Key path)',
    json: true,
    mutate: withTemplateAnnotations({
      'container.apparmor.security.beta.kubernetes.io/abc': 'localhost/p',
      'container.apparmor.security.beta.kubernetes.io/nope': 'other'
    }),
    errors: [
      'spec.template.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "nope": container not found',
      'spec.template.annotations[container.apparmor.security.beta.kubernetes.io/nope]: Invalid value: "other": invalid AppArmor profile name: "other"'
    ]
  },
  {
    source:
      'validateSeccompAnnotationsAndFields: the pod and container annotations agree with seccompProfile',
    json: true,
    mutate: job => {
      ;(job.spec as Manifest).template = {
        ...((job.spec as Manifest).template as Manifest),
        metadata: {
          annotations: {
            'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
            'container.seccomp.security.alpha.kubernetes.io/abc': 'localhost/b',
            'container.seccomp.security.alpha.kubernetes.io/c1': 'docker/default',
            'container.seccomp.security.alpha.kubernetes.io/c2': 'localhost/p'
          }
        }
      }
      pod(job).securityContext = { seccompProfile: { type: 'Unconfined' } }
      container(job).securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'a' } }
      pod(job).containers.push(
        { name: 'c1', image: 'image', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
        { name: 'c2', image: 'image', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }
      )
    },
    errors: [
      'spec.template.spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match',
      `${c0}.securityContext.seccompProfile.localhostProfile: Forbidden: seccomp profile in annotation and field must match`,
      'spec.template.spec.containers[2].securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match'
    ]
  },
  {
    source: `validateAppArmorAnnotationsAndFieldsMatchOnCreate: the container annotations agree with the container's or the pod's appArmorProfile`,
    json: true,
    mutate: job => {
      ;(job.spec as Manifest).template = {
        ...((job.spec as Manifest).template as Manifest),
        metadata: {
          annotations: {
            'container.apparmor.security.beta.kubernetes.io/abc': 'unconfined',
            'container.apparmor.security.beta.kubernetes.io/c1': 'localhost/y',
            'container.apparmor.security.beta.kubernetes.io/c2': 'runtime/default'
          }
        }
      }
      pod(job).securityContext = { appArmorProfile: { type: 'RuntimeDefault' } }
      pod(job).containers.push(
        {
          name: 'c1',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } }
        },
        {
          name: 'c2',
          image: 'image',
          securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } }
        }
      )
    },
    errors: [
      `${c0}.securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match`,
      'spec.template.spec.containers[1].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match',
      'spec.template.spec.containers[2].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match'
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a value (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': 'abc' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'a' looking for beginning of value`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in an object key (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '{"a" 1}' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '1' after object key`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a key:value pair (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '{"a":1 2}' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '2' after object key:value pair`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in an array element (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[1 2]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '2' after array element`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a string (a control character) (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '["a\u0001"]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '\\x01' in string literal`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in the top-level value (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[] x' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'x' after top-level value`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a literal (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[tru]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character ']' in literal true (expecting 'e')`
    ]
  },
  {
    source:
      "ValidateTolerationsInPodAnnotations: Go's json syntax error in a \\u escape (encoding/json/scanner.go)",
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '["\\u12"]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character '"' in \\u hexadecimal character escape`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in an escape (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '["\\x"]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'x' in string escape code`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a number (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[-a]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'a' in numeric literal`
    ]
  },
  {
    source: `ValidateTolerationsInPodAnnotations: Go's json syntax error in a decimal point (encoding/json/scanner.go)`,
    json: true,
    mutate: withTemplateAnnotations({ 'scheduler.alpha.kubernetes.io/tolerations': '[1.a]' }),
    errors: [
      `spec.template.annotations: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'a' after decimal point in numeric literal`
    ]
  }
]
