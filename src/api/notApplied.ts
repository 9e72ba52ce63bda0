/**
 * Pod template fields that a runner accepts but cannot apply: scheduling, identity, isolation,
 * probes and hooks. They are listed once per Job (as written by the user, before defaulting) so
 * that nobody expects them to take effect.
 */
import type { V1Container } from '@kubernetes/client-node'
import type { Job } from './model.js'

const podFields = [
  'nodeSelector',
  'nodeName',
  'affinity',
  'tolerations',
  'topologySpreadConstraints',
  'schedulingGates',
  'schedulingGroup',
  'priorityClassName',
  'priority',
  'preemptionPolicy',
  'runtimeClassName',
  'overhead',
  'resourceClaims',
  'resources',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'imagePullSecrets',
  'securityContext',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'shareProcessNamespace',
  'dnsConfig',
  'hostAliases',
  'hostname',
  'subdomain',
  'setHostnameAsFQDN',
  'readinessGates',
  'os',
  'enableServiceLinks'
] as const

const containerFields = [
  'securityContext',
  'ports',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'resizePolicy',
  'stdin',
  'stdinOnce',
  'tty',
  'volumeDevices'
] as const

export function notAppliedFields(job: Job): string[] {
  const spec = job.spec?.template?.spec
  if (!spec) return []
  const fields: string[] = []
  const base = 'spec.template.spec'
  for (const key of podFields) if (isSet(spec[key])) fields.push(`${base}.${key}`)
  if (spec.schedulerName !== undefined && spec.schedulerName !== 'default-scheduler') {
    fields.push(`${base}.schedulerName`)
  }
  if (spec.dnsPolicy !== undefined && spec.dnsPolicy !== 'ClusterFirst') fields.push(`${base}.dnsPolicy`)
  const containers = (list: readonly V1Container[] | undefined, name: string): void => {
    for (const key of containerFields) {
      if ((list ?? []).some(container => container[key] !== undefined)) {
        fields.push(`${base}.${name}[*].${key}`)
      }
    }
    if ((list ?? []).some(container => isSet(container.resources?.claims))) {
      fields.push(`${base}.${name}[*].resources.claims`)
    }
  }
  containers(spec.initContainers, 'initContainers')
  containers(spec.containers, 'containers')
  return fields
}

/** Written with some content: `securityContext: {}` or `ports: []` asks for nothing. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0
  return true
}
