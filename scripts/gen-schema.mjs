#!/usr/bin/env node
// Generates src/api/schema.generated.ts: the field names and types of every model reachable
// from V1Job, V1ConfigMap and V1Secret, read from @kubernetes/client-node's attributeTypeMaps,
// so that strict decoding needs nothing of client-node at run time.
//
// client-node's maps lose two things the API server's decoder knows: which strings are
// resource.Quantity (they decode from numbers too) and the Go type names that appear in
// "json: cannot unmarshal ... of type v1.RestartPolicy". Both are supplied by the tables below.
//
// Usage: node scripts/gen-schema.mjs            (writes the file)
//        node scripts/gen-schema.mjs --check    (exits 1 when the committed file is stale)
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(path.join(root, 'package.json'))
const clientNodeRoot = path.dirname(require.resolve('@kubernetes/client-node/package.json'))
const modelsDir = path.join(clientNodeRoot, 'dist', 'gen', 'models')
const clientNodeVersion = JSON.parse(readFileSync(path.join(clientNodeRoot, 'package.json'), 'utf8')).version
const outFile = path.join(root, 'src', 'api', 'schema.generated.ts')

const roots = ['V1Job', 'V1ConfigMap', 'V1Secret']

/** Fields that are resource.Quantity in Go (client-node types them as plain strings). */
const quantityFields = {
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
  V1PodSpec: ['overhead'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1ResourceFieldSelector: ['divisor']
}

/** Go types of fields declared with a named type in k8s.io/api (reflect's Type.String()). */
const goTypeOverrides = {
  V1Container: {
    imagePullPolicy: 'v1.PullPolicy',
    terminationMessagePolicy: 'v1.TerminationMessagePolicy',
    restartPolicy: 'v1.ContainerRestartPolicy'
  },
  V1EphemeralContainer: {
    imagePullPolicy: 'v1.PullPolicy',
    terminationMessagePolicy: 'v1.TerminationMessagePolicy',
    restartPolicy: 'v1.ContainerRestartPolicy'
  },
  V1ContainerPort: { protocol: 'v1.Protocol' },
  V1ContainerResizePolicy: {
    resourceName: 'v1.ResourceName',
    restartPolicy: 'v1.ResourceResizeRestartPolicy'
  },
  V1ContainerRestartRule: { action: 'v1.ContainerRestartRuleAction' },
  V1ContainerRestartRuleOnExitCodes: { operator: 'v1.ContainerRestartRuleOnExitCodesOperator' },
  V1PodSpec: {
    restartPolicy: 'v1.RestartPolicy',
    dnsPolicy: 'v1.DNSPolicy',
    preemptionPolicy: 'v1.PreemptionPolicy',
    overhead: 'v1.ResourceList'
  },
  V1PodOS: { name: 'v1.OSName' },
  V1PodReadinessGate: { conditionType: 'v1.PodConditionType' },
  V1Toleration: { operator: 'v1.TolerationOperator', effect: 'v1.TaintEffect' },
  V1NodeSelectorRequirement: { operator: 'v1.NodeSelectorOperator' },
  V1LabelSelectorRequirement: { operator: 'v1.LabelSelectorOperator' },
  V1TopologySpreadConstraint: {
    whenUnsatisfiable: 'v1.UnsatisfiableConstraintAction',
    nodeAffinityPolicy: 'v1.NodeInclusionPolicy',
    nodeTaintsPolicy: 'v1.NodeInclusionPolicy'
  },
  V1SecurityContext: { procMount: 'v1.ProcMountType' },
  V1Capabilities: { add: '[]v1.Capability', drop: '[]v1.Capability' },
  V1SeccompProfile: { type: 'v1.SeccompProfileType' },
  V1AppArmorProfile: { type: 'v1.AppArmorProfileType' },
  V1PodSecurityContext: {
    fsGroupChangePolicy: 'v1.PodFSGroupChangePolicy',
    seLinuxChangePolicy: 'v1.PodSELinuxChangePolicy',
    supplementalGroupsPolicy: 'v1.SupplementalGroupsPolicy'
  },
  V1VolumeMount: {
    mountPropagation: 'v1.MountPropagationMode',
    recursiveReadOnly: 'v1.RecursiveReadOnlyMode'
  },
  V1EmptyDirVolumeSource: { medium: 'v1.StorageMedium' },
  V1HostPathVolumeSource: { type: 'v1.HostPathType' },
  V1HTTPGetAction: { scheme: 'v1.URIScheme' },
  V1AzureDiskVolumeSource: { cachingMode: 'v1.AzureDataDiskCachingMode', kind: 'v1.AzureDataDiskKind' },
  V1PersistentVolumeClaimSpec: {
    accessModes: '[]v1.PersistentVolumeAccessMode',
    volumeMode: 'v1.PersistentVolumeMode'
  },
  V1ResourceRequirements: { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  V1VolumeResourceRequirements: { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  V1ImageVolumeSource: { pullPolicy: 'v1.PullPolicy' },
  V1Lifecycle: { stopSignal: 'v1.Signal' },
  V1Secret: { type: 'v1.SecretType' },
  V1ObjectMeta: { uid: 'types.UID' },
  V1OwnerReference: { uid: 'types.UID' },
  V1ManagedFieldsEntry: { operation: 'v1.ManagedFieldsOperationType' },
  V1JobSpec: { completionMode: 'v1.CompletionMode', podReplacementPolicy: 'v1.PodReplacementPolicy' },
  V1PodFailurePolicyRule: { action: 'v1.PodFailurePolicyAction' },
  V1PodFailurePolicyOnExitCodesRequirement: { operator: 'v1.PodFailurePolicyOnExitCodesOperator' },
  V1PodFailurePolicyOnPodConditionsPattern: { type: 'v1.PodConditionType', status: 'v1.ConditionStatus' },
  V1JobCondition: { type: 'v1.JobConditionType', status: 'v1.ConditionStatus' },
  V1UncountedTerminatedPods: { succeeded: '[]types.UID', failed: '[]types.UID' }
}

/**
 * Fields of k8s.io/api v0.37.2 (core/v1/types.go, batch/v1/types.go) that client-node is too old
 * to know, as [our type, Go type]. Their feature gates are off by default in 1.37, so the API
 * server decodes them (a wrong JSON type is still refused) and then drops them unvalidated.
 */
const extraFields = {
  V1EmptyDirVolumeSource: { mode: ['int32', 'int32'] },
  V1GRPCAction: { mode: ['string', 'v1.GRPCProbeMode'] },
  V1HTTPGetAction: { protocol: ['string', 'v1.HTTPProtocol'] },
  V1VolumeMount: { bindMountOptions: ['[]string', '[]string'] },
  V1PodSpec: { evictionResponders: ['[]M:V1EvictionResponder', '[]v1.EvictionResponder'] },
  V1JobSpec: { scheduling: ['M:V1JobSchedulingConfiguration', 'v1.JobSchedulingConfiguration'] },
  V1KeyToPath: { user: ['int64', 'int64'] },
  V1DownwardAPIVolumeFile: { user: ['int64', 'int64'] },
  V1ServiceAccountTokenProjection: { user: ['int64', 'int64'] },
  V1ClusterTrustBundleProjection: { user: ['int64', 'int64'] },
  V1PodCertificateProjection: { user: ['int64', 'int64'] },
  V1SecretVolumeSource: { defaultUser: ['int64', 'int64'] },
  V1ConfigMapVolumeSource: { defaultUser: ['int64', 'int64'] },
  V1DownwardAPIVolumeSource: { defaultUser: ['int64', 'int64'] },
  V1ProjectedVolumeSource: { defaultUser: ['int64', 'int64'] }
}

/** Models only k8s.io/api v0.37.2 has (batch/v1 and scheduling/v1alpha3), for extraFields. */
const workload = 'v1alpha3.WorkloadPodGroup'
const extraModels = {
  V1EvictionResponder: { name: ['string', 'string'], priority: ['int32', 'int32'] },
  V1JobSchedulingConfiguration: {
    schedulingPolicy: ['M:V1alpha3WorkloadPodGroupSchedulingPolicy', `${workload}SchedulingPolicy`],
    schedulingConstraints: [
      'M:V1alpha3WorkloadPodGroupSchedulingConstraints',
      `${workload}SchedulingConstraints`
    ],
    disruptionMode: ['M:V1alpha3WorkloadPodGroupDisruptionMode', `${workload}DisruptionMode`],
    resourceClaims: ['[]M:V1alpha3WorkloadPodGroupResourceClaim', `[]${workload}ResourceClaim`]
  },
  V1alpha3WorkloadPodGroupSchedulingPolicy: {
    basic: ['M:V1alpha3WorkloadPodGroupBasicSchedulingPolicy', `${workload}BasicSchedulingPolicy`],
    gang: ['M:V1alpha3WorkloadPodGroupGangSchedulingPolicy', `${workload}GangSchedulingPolicy`]
  },
  V1alpha3WorkloadPodGroupBasicSchedulingPolicy: {},
  V1alpha3WorkloadPodGroupGangSchedulingPolicy: { minCount: ['int32', 'int32'] },
  V1alpha3WorkloadPodGroupSchedulingConstraints: {
    topology: ['[]M:V1alpha3TopologyConstraint', '[]v1alpha3.TopologyConstraint']
  },
  V1alpha3TopologyConstraint: { key: ['string', 'string'] },
  V1alpha3WorkloadPodGroupDisruptionMode: {
    all: ['M:V1alpha3WorkloadPodGroupAllDisruptionMode', `${workload}AllDisruptionMode`],
    single: ['M:V1alpha3WorkloadPodGroupSingleDisruptionMode', `${workload}SingleDisruptionMode`]
  },
  V1alpha3WorkloadPodGroupAllDisruptionMode: {},
  V1alpha3WorkloadPodGroupSingleDisruptionMode: {},
  V1alpha3WorkloadPodGroupResourceClaim: {
    name: ['string', 'string'],
    resourceClaimName: ['string', 'string'],
    resourceClaimTemplateName: ['string', 'string']
  }
}

/** client-node names that are not "V1" + the Go struct name. */
const goStructNames = { CoreV1ResourceClaim: 'ResourceClaim' }

const models = new Map()

async function load(name) {
  if (models.has(name)) return
  const mod = await import(path.join(modelsDir, `${name}.js`))
  const attributes = mod[name].attributeTypeMap
  models.set(name, attributes)
  for (const attribute of attributes) {
    const ref = modelRef(attribute.type)
    if (ref) await load(ref)
  }
}

function modelRef(type) {
  const match = /^(?:Array<)?((?:V1|Core)[A-Za-z0-9]+)>?$/.exec(type)
  return match ? match[1] : undefined
}

function goStructName(model) {
  return goStructNames[model] ?? model.replace(/^V1(alpha3)?/, '')
}

/** Our compact type notation: scalar names, "M:Model", "[]…" and "map:…". */
function typeOf(model, attribute) {
  const { name, type, format } = attribute
  const isQuantity = quantityFields[model]?.includes(name)
  if (type === 'string') return isQuantity ? 'quantity' : 'string'
  if (type === 'boolean') return 'bool'
  if (type === 'number') return format === 'int32' || format === 'int64' ? format : 'float64'
  if (type === 'Date') return 'time'
  if (type === 'IntOrString') return 'intOrString'
  if (type === 'any') return 'any'
  if (type === 'Array<string>') return '[]string'
  if (type === 'Array<number>') return `[]${format === 'int32' || format === 'int64' ? format : 'float64'}`
  if (type === '{ [key: string]: string; }') {
    if (isQuantity) return 'map:quantity'
    return format === 'byte' ? 'map:bytes' : 'map:string'
  }
  const ref = modelRef(type)
  if (ref) return type.startsWith('Array<') ? `[]M:${ref}` : `M:${ref}`
  throw new Error(`${model}.${name}: unsupported type ${type}`)
}

function goTypeOf(model, attribute, ourType) {
  const override = goTypeOverrides[model]?.[attribute.name]
  if (override) return override
  switch (ourType) {
    case 'string':
      return 'string'
    case 'bool':
      return 'bool'
    case 'quantity':
      return 'resource.Quantity'
    case 'intOrString':
      return 'intstr.IntOrString'
    case 'time':
      return 'v1.Time'
    case 'any':
      return 'v1.FieldsV1'
    case 'map:string':
      return 'map[string]string'
    case 'map:bytes':
      return 'map[string][]uint8'
    case 'map:quantity':
      return 'v1.ResourceList'
  }
  if (/^(int32|int64|float64)$/.test(ourType)) return ourType
  if (/^\[\](string|int32|int64|float64)$/.test(ourType)) return ourType
  if (ourType.startsWith('[]M:')) return `[]v1.${goStructName(ourType.slice(4))}`
  if (ourType.startsWith('M:')) return `v1.${goStructName(ourType.slice(2))}`
  throw new Error(`no Go type for ${model}.${attribute.name}`)
}

for (const name of roots) await load(name)
for (const [name, fields] of Object.entries(extraModels)) {
  models.set(
    name,
    Object.entries(fields).map(([baseName, types]) => ({ name: baseName, baseName, extra: types }))
  )
}
for (const [name, fields] of Object.entries(extraFields)) {
  if (!models.has(name)) throw new Error(`extraFields: ${name} is not a model`)
  for (const [baseName, types] of Object.entries(fields)) {
    if (models.get(name).some(a => a.baseName === baseName)) throw new Error(`${name}.${baseName} is known`)
    models.set(name, [...models.get(name), { name: baseName, baseName, extra: types }])
  }
}

const lines = []
lines.push(
  '// Generated by scripts/gen-schema.mjs from @kubernetes/client-node ' +
    clientNodeVersion +
    '. Do not edit.'
)
lines.push('// Models reachable from V1Job, V1ConfigMap and V1Secret: JSON field name → [our type, Go type].')
lines.push('// Our types: string, bool, int32, int64, float64, quantity, intOrString, time, any,')
lines.push('// "M:<model>", "[]<type>" and "map:<value type>" (string, bytes or quantity).')
lines.push('')
lines.push('export interface ModelSchema {')
lines.push('  /** Go struct name, as json.UnmarshalTypeError names it. */')
lines.push('  go: string')
lines.push('  fields: Readonly<Record<string, readonly [type: string, goType: string]>>')
lines.push('}')
lines.push('')
lines.push('export const schema: Readonly<Record<string, ModelSchema>> = {')
for (const name of [...models.keys()].sort()) {
  lines.push(`  ${name}: {`)
  lines.push(`    go: '${goStructName(name)}',`)
  lines.push('    fields: {')
  for (const attribute of models.get(name)) {
    const ourType = attribute.extra?.[0] ?? typeOf(name, attribute)
    const goType = attribute.extra?.[1] ?? goTypeOf(name, attribute, ourType)
    const key = /^[A-Za-z_$][\w$]*$/.test(attribute.baseName) ? attribute.baseName : `'${attribute.baseName}'`
    lines.push(`      ${key}: ['${ourType}', '${goType}'],`)
  }
  lines.push('    }')
  lines.push('  },')
}
lines.push('}')
lines.push('')

// Formatted like the rest of the repository, so that `prettier --check` and `--check` agree.
const prettier = await import('prettier')
const text = await prettier.format(lines.join('\n'), {
  ...(await prettier.resolveConfig(outFile)),
  filepath: outFile
})
if (process.argv.includes('--check')) {
  const current = readFileSync(outFile, 'utf8')
  if (current !== text) {
    console.error(`${path.relative(root, outFile)} is stale: run node scripts/gen-schema.mjs`)
    process.exit(1)
  }
  console.log(`${path.relative(root, outFile)} is up to date (${models.size} models)`)
} else {
  writeFileSync(outFile, text)
  console.log(
    `wrote ${path.relative(root, outFile)}: ${models.size} models from client-node ${clientNodeVersion}`
  )
}
