/**
 * The Job's pod template (ValidatePodTemplateSpec and ValidatePodSpec of
 * pkg/apis/core/validation), in the order the API server reports. Scheduling and security
 * settings are checked only for their shape: a runner does not apply them.
 */
import type { V1PodSpec, V1Toleration } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import type { PodTemplateSpec } from '../model.js'
import { validateContainers, validateInitContainers } from './containers.js'
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
import {
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateQualifiedName
} from './names.js'
import { validateResourceRequirements } from './resources.js'
import { validateVolumes } from './volumes.js'

const maxInt32 = 2 ** 31 - 1

export function validatePodTemplateSpec(template: PodTemplateSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  // The template's metadata is validated at the template's path, not at .metadata.
  errors.push(...validateLabels(template.metadata?.labels, `${field}.labels`))
  errors.push(...validateAnnotations(template.metadata?.annotations, `${field}.annotations`))
  errors.push(...validatePodSpec(template.spec ?? { containers: [] }, `${field}.spec`))
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
  const ctx = { volumes, podClaimNames }
  errors.push(...validateContainers(spec.containers, ctx, `${field}.containers`))
  errors.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, `${field}.initContainers`))
  errors.push(...validateHostNetworkPorts(spec, `${field}.containers`))
  errors.push(...validateRestartPolicy(spec.restartPolicy, `${field}.restartPolicy`))
  errors.push(...validateDNSPolicy(spec.dnsPolicy, `${field}.dnsPolicy`))
  errors.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`))
  ;(spec.readinessGates ?? []).forEach((gate, i) => {
    errors.push(...validateQualifiedName(gate.conditionType, `${field}.readinessGates[${i}].conditionType`))
  })
  const gates = new Set<string>()
  ;(spec.schedulingGates ?? []).forEach((gate, i) => {
    errors.push(...validateQualifiedName(gate.name, `${field}.schedulingGates[${i}]`))
    if (gates.has(gate.name)) errors.push(duplicate(`${field}.schedulingGates[${i}]`, gate.name))
    gates.add(gate.name)
  })
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
  ;(spec.hostAliases ?? []).forEach((alias, i) => {
    const path = `${field}.hostAliases[${i}]`
    if (!isIP(alias.ip)) errors.push(invalid(`${path}.ip`, alias.ip, 'must be a valid IP address'))
    ;(alias.hostnames ?? []).forEach((hostname, j) => {
      errors.push(...validateDNS1123Subdomain(hostname, `${path}.hostnames[${j}]`))
    })
  })
  if (spec.priorityClassName) {
    const name = spec.priorityClassName
    errors.push(
      ...nameIsDNSSubdomain(name, false).map(msg => invalid(`${field}.priorityClassName`, name, msg))
    )
  }
  if (spec.runtimeClassName !== undefined) {
    const name = spec.runtimeClassName
    errors.push(
      ...nameIsDNSSubdomain(name, false).map(msg => invalid(`${field}.runtimeClassName`, name, msg))
    )
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
  if (spec.os && spec.os.name !== 'linux' && spec.os.name !== 'windows') {
    errors.push(notSupported(`${field}.os.name`, spec.os.name, ['linux', 'windows']))
  }
  errors.push(
    ...validateFileKeyRefVolumes(spec.volumes, [
      [spec.initContainers, `${field}.initContainers`],
      [spec.containers, `${field}.containers`]
    ])
  )
  return errors
}

function validatePodResourceClaims(spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  ;(spec.resourceClaims ?? []).forEach((claim, i) => {
    const path = `${field}[${i}].name`
    if (!claim.name) errors.push(required(path))
    else if (names.has(claim.name)) errors.push(duplicate(path, claim.name))
    else {
      errors.push(...validateDNS1123Label(claim.name, path))
      names.add(claim.name)
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

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

function validateTolerations(tolerations: readonly V1Toleration[], field: string): FieldError[] {
  const errors: FieldError[] = []
  tolerations.forEach((toleration, i) => {
    const path = `${field}[${i}]`
    const operator = toleration.operator ?? ''
    if (toleration.key) errors.push(...validateQualifiedName(toleration.key, `${path}.key`))
    if (!toleration.key && operator !== 'Exists') {
      errors.push(
        invalid(
          `${path}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"'
        )
      )
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      errors.push(
        invalid(
          `${path}.effect`,
          toleration.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set"
        )
      )
    }
    if (operator === 'Equal' || operator === '') {
      const messages = isValidLabelValue(toleration.value ?? '')
      if (messages.length > 0) {
        errors.push(invalid(`${path}.operator`, toleration.value ?? '', messages.join(';')))
      }
    } else if (operator === 'Exists') {
      if (toleration.value) {
        errors.push(
          invalid(
            `${path}.operator`,
            goToleration(toleration),
            "value must be empty when `operator` is 'Exists'"
          )
        )
      }
    } else errors.push(notSupported(`${path}.operator`, operator, ['Equal', 'Exists']))
    if (toleration.effect && !taintEffects.includes(toleration.effect)) {
      errors.push(notSupported(`${path}.effect`, toleration.effect, taintEffects))
    }
  })
  return errors
}

function isIP(value: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value)) {
    return value.split('.').every(part => Number(part) <= 255)
  }
  return /^[0-9a-fA-F:.]+$/.test(value) && value.includes(':')
}

/** core.Toleration as encoding/json prints the internal type (no JSON tags). */
function goToleration(toleration: V1Toleration): unknown {
  return {
    Key: toleration.key ?? '',
    Operator: toleration.operator ?? '',
    Value: toleration.value ?? '',
    Effect: toleration.effect ?? '',
    TolerationSeconds: toleration.tolerationSeconds ?? null
  }
}
