/**
 * The Job's pod template (ValidatePodTemplateSpec and ValidatePodSpec of
 * pkg/apis/core/validation), in the order the API server reports. Scheduling and security
 * settings are checked only for their shape: a runner does not apply them.
 */
import type { V1PodSpec } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import type { PodTemplateSpec } from '../model.js'
import { type ContainerContext, validateContainers, validateInitContainers } from './containers.js'
import { validateEphemeralContainers } from './ephemeralContainers.js'
import { validateFileKeyRefVolumes } from './env.js'
import {
  duplicate,
  forbidden,
  inclusiveRangeError,
  invalid,
  notSupported,
  required
} from './errorBuilders.js'
import { validateAnnotations, validateLabels } from './labels.js'
import { nameIsDNSSubdomain, validateDNS1123Label, validateQualifiedName } from './names.js'
import { validatePodDNSConfig, validateHostAliases } from './network.js'
import { validateResourceRequirements } from './resources.js'
import { validatePodResources } from './podResources.js'
import { validatePodSecurityContext } from './securityContext.js'
import { validateAffinity, validateTopologySpreadConstraints } from './affinity.js'
import { validateHostUsers, validatePodHostName, validateShareProcessNamespace } from './hostNamespaces.js'
import { validatePodOS, validateWindowsHostProcessPod } from './windows.js'
import { validateTolerations } from './tolerations.js'
import { validateAnnotationsMatchFields, validatePodSpecificAnnotations } from './podAnnotations.js'
import { validateVolumes } from './volumes.js'

const maxInt32 = 2 ** 31 - 1

export function validatePodTemplateSpec(template: PodTemplateSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  // The template's metadata is validated at the template's path, not at .metadata.
  errors.push(...validateLabels(template.metadata?.labels, `${field}.labels`))
  const annotations = template.metadata?.annotations
  const spec = template.spec ?? { containers: [] }
  errors.push(...validateAnnotations(annotations, `${field}.annotations`))
  errors.push(...validatePodSpecificAnnotations(annotations, spec, `${field}.annotations`))
  errors.push(...validatePodSpec(spec, `${field}.spec`))
  errors.push(...validateAnnotationsMatchFields(annotations, spec, `${field}.spec`))
  if (template.spec?.ephemeralContainers?.length) {
    errors.push(
      forbidden(`${field}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template')
    )
  }
  return errors
}

const restartPolicies = ['Always', 'OnFailure', 'Never']
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

export function validatePodSpec(spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const { volumes, errors: volumeErrors } = validateVolumes(spec.volumes, `${field}.volumes`)
  errors.push(...volumeErrors)
  const podClaimNames = new Set((spec.resourceClaims ?? []).map(c => c.name).filter(Boolean))
  errors.push(...validatePodResourceClaims(spec, `${field}.resourceClaims`))
  // Defaulting sets terminationGracePeriodSeconds (30), so the Required check never applies.
  const ctx: ContainerContext = {
    volumes,
    podClaimNames,
    gracePeriod: spec.terminationGracePeriodSeconds,
    podRestartPolicy: spec.restartPolicy ?? '',
    // The default of hostUsers is true.
    hostUsers: spec.hostUsers !== false
  }
  const { containers, initContainers, ephemeralContainers } = spec
  errors.push(...validateContainers(containers, ctx, `${field}.containers`))
  errors.push(...validateInitContainers(initContainers, containers, ctx, `${field}.initContainers`))
  errors.push(
    ...validateEphemeralContainers(
      ephemeralContainers,
      [containers, initContainers],
      ctx,
      `${field}.ephemeralContainers`
    )
  )
  errors.push(...validatePodResources(spec, podClaimNames, field))
  errors.push(...validateHostNetworkPorts(spec, `${field}.containers`))
  errors.push(...validateRestartPolicy(spec.restartPolicy, `${field}.restartPolicy`))
  errors.push(...validateDNSPolicy(spec.dnsPolicy, `${field}.dnsPolicy`))
  errors.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`))
  errors.push(...validatePodSecurityContext(spec, `${field}.securityContext`))
  errors.push(...validateShareProcessNamespace(spec, field))
  errors.push(...validateAffinity(spec.affinity, `${field}.affinity`))
  errors.push(...validatePodDNSConfig(spec.dnsConfig, spec.dnsPolicy, `${field}.dnsConfig`))
  ;(spec.readinessGates ?? []).forEach((gate, i) => {
    errors.push(...validateQualifiedName(gate.conditionType, `${field}.readinessGates[${i}].conditionType`))
  })
  const gates = new Set<string>()
  ;(spec.schedulingGates ?? []).forEach((gate, i) => {
    errors.push(...validateQualifiedName(gate.name, `${field}.schedulingGates[${i}]`))
    if (gates.has(gate.name)) errors.push(duplicate(`${field}.schedulingGates[${i}]`, gate.name))
    gates.add(gate.name)
  })
  errors.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints, `${field}.topologySpreadConstraints`)
  )
  errors.push(...validateWindowsHostProcessPod(spec, field))
  errors.push(...validateHostUsers(spec, field))
  errors.push(...validatePodHostName(spec, field))
  errors.push(...validatePodSpecFields(spec, field))
  errors.push(
    ...validateFileKeyRefVolumes(spec.volumes, [
      [initContainers, `${field}.initContainers`],
      [containers, `${field}.containers`],
      [ephemeralContainers, `${field}.ephemeralContainers`]
    ])
  )
  return errors
}

/** The single fields of ValidatePodSpec, from serviceAccountName to os. */
function validatePodSpecFields(spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  for (const [key, value] of [
    ['serviceAccountName', spec.serviceAccountName],
    ['nodeName', spec.nodeName]
  ] as const) {
    if (value) {
      errors.push(...nameIsDNSSubdomain(value, false).map(msg => invalid(`${field}.${key}`, value, msg)))
    }
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    const value = spec.activeDeadlineSeconds
    if (value < 1 || value > maxInt32) {
      errors.push(invalid(`${field}.activeDeadlineSeconds`, value, inclusiveRangeError(1, maxInt32)))
    }
  }
  if (spec.hostname) errors.push(...validateDNS1123Label(spec.hostname, `${field}.hostname`))
  if (spec.subdomain) errors.push(...validateDNS1123Label(spec.subdomain, `${field}.subdomain`))
  if (spec.tolerations?.length) errors.push(...validateTolerations(spec.tolerations, `${field}.tolerations`))
  if (spec.hostAliases?.length) errors.push(...validateHostAliases(spec.hostAliases, `${field}.hostAliases`))
  for (const [key, value] of [
    ['priorityClassName', spec.priorityClassName || undefined],
    ['runtimeClassName', spec.runtimeClassName]
  ] as const) {
    if (value !== undefined) {
      errors.push(...nameIsDNSSubdomain(value, false).map(msg => invalid(`${field}.${key}`, value, msg)))
    }
  }
  if (spec.preemptionPolicy !== undefined) {
    if (!spec.preemptionPolicy) errors.push(required(`${field}.preemptionPolicy`))
    else if (spec.preemptionPolicy !== 'PreemptLowerPriority' && spec.preemptionPolicy !== 'Never') {
      errors.push(
        notSupported(`${field}.preemptionPolicy`, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'])
      )
    }
  }
  if (spec.overhead) {
    errors.push(...validateResourceRequirements({ limits: spec.overhead }, new Set(), `${field}.overhead`))
  }
  errors.push(...validatePodOS(spec, field))
  return errors
}

/** validatePodResourceClaim; the claim is printed as the internal core.PodResourceClaim. */
function validatePodResourceClaims(spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  ;(spec.resourceClaims ?? []).forEach((claim, i) => {
    const path = `${field}[${i}]`
    if (!claim.name) errors.push(required(`${path}.name`))
    else if (names.has(claim.name)) errors.push(duplicate(`${path}.name`, claim.name))
    else {
      errors.push(...validateDNS1123Label(claim.name, `${path}.name`))
      names.add(claim.name)
    }
    const { resourceClaimName: claimName, resourceClaimTemplateName: templateName } = claim
    const goClaim = {
      Name: claim.name ?? '',
      ResourceClaimName: claimName ?? null,
      ResourceClaimTemplateName: templateName ?? null
    }
    if (claimName !== undefined && templateName !== undefined) {
      const message = 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'
      errors.push(invalid(path, goClaim, message))
    }
    if (claimName === undefined && templateName === undefined) {
      const message = 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'
      errors.push(invalid(path, goClaim, message))
    }
    for (const [key, name] of [
      ['resourceClaimName', claimName],
      ['resourceClaimTemplateName', templateName]
    ] as const) {
      if (name === undefined) continue
      errors.push(...nameIsDNSSubdomain(name, false).map(msg => invalid(`${path}.${key}`, name, msg)))
    }
  })
  return errors
}

/** With hostNetwork, a hostPort must equal its containerPort (0 is allowed in templates). */
function validateHostNetworkPorts(spec: V1PodSpec, field: string): FieldError[] {
  if (!spec.hostNetwork) return []
  const errors: FieldError[] = []
  spec.containers.forEach((container, i) => {
    ;(container.ports ?? []).forEach((port, j) => {
      if (port.hostPort && port.hostPort !== port.containerPort) {
        errors.push(
          invalid(
            `${field}[${i}].ports[${j}].hostPort`,
            port.hostPort,
            'must match `containerPort` when `hostNetwork` is true'
          )
        )
      }
    })
  })
  return errors
}

function validateRestartPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy) return [required(field)]
  return restartPolicies.includes(policy) ? [] : [notSupported(field, policy, restartPolicies)]
}

function validateDNSPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy) return [required(field)]
  return dnsPolicies.includes(policy) ? [] : [notSupported(field, policy, dnsPolicies)]
}
