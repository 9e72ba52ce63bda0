/**
 * A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
 * envFrom sources in order, then env in order — each value expanded against the variables defined
 * before it — and the injected HOSTNAME and JOB_COMPLETION_INDEX. command and args are expanded
 * against the result. The runner's own environment is never a source for $(VAR).
 */
import * as os from 'node:os'
import type {
  V1ConfigMapKeySelector,
  V1EnvVar,
  V1ResourceFieldSelector,
  V1SecretKeySelector
} from '@kubernetes/client-node'
import type { ConfigMap, Container, Secret } from '../api/model.js'
import type { PodIdentity } from './types.js'
import { expandReferences } from './expansion.js'
import { formatResourceField } from './resourceFields.js'

export interface ConfigLookup {
  configMap(namespace: string, name: string): ConfigMap | undefined
  secret(namespace: string, name: string): Secret | undefined
}

export interface ResolvedContainer {
  env: Array<[string, string]>
  command?: string[]
  args?: string[]
  /** Values that came from Secrets: to be masked wherever the action prints. */
  secretValues: string[]
}

/** The kubelet refuses to create the container (CreateContainerConfigError). */
export class ContainerConfigError extends Error {}

export function resolveContainer(
  pod: PodIdentity,
  container: Container,
  lookup: ConfigLookup,
  nodeName: string = os.hostname()
): ResolvedContainer {
  const vars = new Map<string, string>()
  const secretValues: string[] = []
  vars.set('HOSTNAME', pod.hostname)
  if (pod.index !== null) vars.set('JOB_COMPLETION_INDEX', String(pod.index))

  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? ''
    if (source.configMapRef) {
      const cm = lookup.configMap(pod.namespace, source.configMapRef.name ?? '')
      if (!cm) {
        if (source.configMapRef.optional) continue
        throw new ContainerConfigError(`configmap "${source.configMapRef.name}" not found`)
      }
      for (const [key, value] of Object.entries(cm.data ?? {})) vars.set(prefix + key, value)
    } else if (source.secretRef) {
      const secret = lookup.secret(pod.namespace, source.secretRef.name ?? '')
      if (!secret) {
        if (source.secretRef.optional) continue
        throw new ContainerConfigError(`secret "${source.secretRef.name}" not found`)
      }
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        const text = decodeSecret(value)
        vars.set(prefix + key, text)
        secretValues.push(text)
      }
    }
  }

  for (const envVar of container.env ?? []) {
    const value = envVarValue(envVar, pod, container, lookup, nodeName, vars, secretValues)
    if (value !== undefined) vars.set(envVar.name, value)
  }

  const lookupVar = (name: string): string | undefined => vars.get(name)
  return {
    env: [...vars],
    command: container.command?.map(part => expandReferences(part, lookupVar)),
    args: container.args?.map(part => expandReferences(part, lookupVar)),
    secretValues
  }
}

function envVarValue(
  envVar: V1EnvVar,
  pod: PodIdentity,
  container: Container,
  lookup: ConfigLookup,
  nodeName: string,
  defined: Map<string, string>,
  secretValues: string[]
): string | undefined {
  if (!envVar.valueFrom) return expandReferences(envVar.value ?? '', name => defined.get(name))
  const from = envVar.valueFrom
  if (from.fieldRef) return fieldRefValue(from.fieldRef.fieldPath, pod, nodeName)
  if (from.resourceFieldRef) return resourceFieldValue(from.resourceFieldRef, container)
  if (from.configMapKeyRef) {
    const ref = from.configMapKeyRef
    return keyRefValue('ConfigMap', lookup.configMap(pod.namespace, ref.name ?? ''), ref, pod.namespace)
  }
  if (from.secretKeyRef) {
    const ref = from.secretKeyRef
    const encoded = keyRefValue('Secret', lookup.secret(pod.namespace, ref.name ?? ''), ref, pod.namespace)
    if (encoded === undefined) return undefined
    const value = decodeSecret(encoded)
    secretValues.push(value)
    return value
  }
  return ''
}

/**
 * A key of a ConfigMap's or Secret's data (a Secret's still base64-encoded): undefined when the
 * reference is optional and the object or key is missing, else the kubelet's error.
 */
function keyRefValue(
  kind: 'ConfigMap' | 'Secret',
  source: { data?: Record<string, string> } | undefined,
  ref: V1ConfigMapKeySelector | V1SecretKeySelector,
  namespace: string
): string | undefined {
  const value = source?.data?.[ref.key]
  if (value !== undefined || ref.optional) return value
  if (!source) throw new ContainerConfigError(`${kind.toLowerCase()} "${ref.name}" not found`)
  throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name}`)
}

/** Downward API fields a pod on a runner can honestly report. */
export function fieldRefValue(fieldPath: string, pod: PodIdentity, nodeName: string): string {
  const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath)
  if (keyed) return (keyed[1] === 'labels' ? pod.labels : pod.annotations)[keyed[2]] ?? ''
  switch (fieldPath) {
    case 'metadata.name':
      return pod.podName
    case 'metadata.namespace':
      return pod.namespace
    case 'metadata.uid':
      return pod.podUid
    case 'metadata.labels':
      return formatMap(pod.labels)
    case 'metadata.annotations':
      return formatMap(pod.annotations)
    case 'spec.nodeName':
      return nodeName
    case 'spec.serviceAccountName':
      return 'default'
    case 'status.podIP':
    case 'status.hostIP':
      return '127.0.0.1'
    case 'status.podIPs':
    case 'status.hostIPs':
      return '127.0.0.1'
    default:
      return ''
  }
}

/** The downward API's file form of a map: key="value" lines, sorted. */
function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map(k => `${k}=${JSON.stringify(map[k])}`)
    .join('\n')
}

function resourceFieldValue(ref: V1ResourceFieldSelector, container: Container): string {
  return formatResourceField(ref, container, { cpus: os.cpus().length, memoryBytes: os.totalmem() })
}

function decodeSecret(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8')
}
