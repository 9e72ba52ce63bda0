/**
 * Scheduling constraints of a pod template: validateAffinity (node affinity, pod affinity and
 * anti-affinity) and validateTopologySpreadConstraints of pkg/apis/core/validation/validation.go.
 * A runner does not schedule; the shapes are still refused as the API server refuses them.
 */
import type {
  V1Affinity,
  V1LabelSelector,
  V1NodeSelectorRequirement,
  V1NodeSelectorTerm,
  V1PodAffinityTerm,
  V1TopologySpreadConstraint,
  V1WeightedPodAffinityTerm
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { duplicate, forbidden, invalid, invalidNamed, notSupported, required } from './errorBuilders.js'
import { validateLabelSelector } from './labels.js'
import { isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain, validateQualifiedName } from './names.js'

export function validateAffinity(affinity: V1Affinity | undefined, field: string): FieldError[] {
  if (!affinity) return []
  const errors: FieldError[] = []
  const node = affinity.nodeAffinity
  if (node) {
    const path = `${field}.nodeAffinity`
    const requiredTerms = node.requiredDuringSchedulingIgnoredDuringExecution
    if (requiredTerms) {
      // ValidateNodeSelector
      const termsPath = `${path}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`
      const terms = requiredTerms.nodeSelectorTerms ?? []
      if (terms.length === 0) errors.push(required(termsPath, 'must have at least one node selector term'))
      terms.forEach((term, i) => errors.push(...validateNodeSelectorTerm(term, false, `${termsPath}[${i}]`)))
    }
    // ValidatePreferredSchedulingTerms: invalid label values are allowed in preferences.
    ;(node.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      const termPath = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`
      errors.push(...validateWeight(term.weight, `${termPath}.weight`))
      errors.push(...validateNodeSelectorTerm(term.preference ?? {}, true, `${termPath}.preference`))
    })
  }
  for (const [key, podAffinity] of [
    ['podAffinity', affinity.podAffinity],
    ['podAntiAffinity', affinity.podAntiAffinity]
  ] as const) {
    if (!podAffinity) continue
    const path = `${field}.${key}`
    ;(podAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      errors.push(
        ...validatePodAffinityTerm(term, `${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)
      )
    })
    const weighted: readonly V1WeightedPodAffinityTerm[] =
      podAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []
    weighted.forEach((term, i) => {
      const termPath = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`
      errors.push(...validateWeight(term.weight, `${termPath}.weight`))
      errors.push(...validatePodAffinityTerm(term.podAffinityTerm ?? {}, `${termPath}.podAffinityTerm`))
    })
  }
  return errors
}

function validateWeight(weight: number | undefined, field: string): FieldError[] {
  const value = weight ?? 0
  return value <= 0 || value > 100 ? [invalid(field, value, 'must be in the range 1-100')] : []
}

function validateNodeSelectorTerm(
  term: V1NodeSelectorTerm,
  allowInvalidValues: boolean,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  ;(term.matchExpressions ?? []).forEach((requirement, j) => {
    errors.push(
      ...validateNodeSelectorRequirement(requirement, allowInvalidValues, `${field}.matchExpressions[${j}]`)
    )
  })
  ;(term.matchFields ?? []).forEach((requirement, j) => {
    errors.push(...validateNodeFieldSelectorRequirement(requirement, `${field}.matchFields[${j}]`))
  })
  return errors
}

/** ValidateNodeSelectorRequirement. */
function validateNodeSelectorRequirement(
  requirement: V1NodeSelectorRequirement,
  allowInvalidValues: boolean,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const values = requirement.values ?? []
  const operator = requirement.operator ?? ''
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      errors.push(required(`${field}.values`, "must be specified when `operator` is 'In' or 'NotIn'"))
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      errors.push(
        forbidden(`${field}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
      )
    }
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) {
      errors.push(
        required(`${field}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'")
      )
    }
  } else errors.push(invalidNamed(`${field}.operator`, operator, 'not a valid selector operator'))
  errors.push(...validateQualifiedName(requirement.key ?? '', `${field}.key`))
  if (!allowInvalidValues) {
    values.forEach((value, i) => {
      errors.push(...isValidLabelValue(value).map(msg => invalid(`${field}.values[${i}]`, value, msg)))
    })
  }
  return errors
}

/** ValidateNodeFieldSelectorRequirement: only metadata.name, a node name. */
function validateNodeFieldSelectorRequirement(
  requirement: V1NodeSelectorRequirement,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const operator = requirement.operator ?? ''
  if (operator === 'In' || operator === 'NotIn') {
    if ((requirement.values ?? []).length !== 1) {
      const message = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
      errors.push(required(`${field}.values`, message))
    }
  } else errors.push(invalidNamed(`${field}.operator`, operator, 'not a valid selector operator'))
  const key = requirement.key ?? ''
  if (key !== 'metadata.name') errors.push(invalid(`${field}.key`, key, 'not a valid field selector key'))
  else {
    ;(requirement.values ?? []).forEach((value, i) => {
      errors.push(
        ...nameIsDNSSubdomain(value, false).map(msg => invalid(`${field}.values[${i}]`, value, msg))
      )
    })
  }
  return errors
}

/** validatePodAffinityTerm. */
function validatePodAffinityTerm(term: V1PodAffinityTerm, field: string): FieldError[] {
  const errors: FieldError[] = []
  errors.push(...validateLabelSelector(term.labelSelector, `${field}.labelSelector`))
  errors.push(...validateLabelSelector(term.namespaceSelector, `${field}.namespaceSelector`))
  for (const name of term.namespaces ?? []) {
    // ValidateNamespaceName; the path is `namespace`, without an index.
    errors.push(...nameIsDNSLabel(name, false).map(msg => invalid(`${field}.namespace`, name, msg)))
  }
  errors.push(
    ...validateMatchLabelKeys(
      field,
      term.matchLabelKeys ?? [],
      term.mismatchLabelKeys ?? [],
      term.labelSelector
    )
  )
  const topologyKey = term.topologyKey ?? ''
  if (topologyKey === '') errors.push(required(`${field}.topologyKey`, 'can not be empty'))
  errors.push(...validateQualifiedName(topologyKey, `${field}.topologyKey`))
  return errors
}

/** validateLabelKeys: label names, and only with a labelSelector. */
function validateLabelKeys(
  field: string,
  keys: readonly string[],
  selector: V1LabelSelector | undefined
): FieldError[] {
  if (keys.length === 0) return []
  if (!selector) return [forbidden(field, 'must not be specified when labelSelector is not set')]
  return keys.flatMap((key, i) => validateQualifiedName(key, `${field}[${i}]`))
}

/**
 * ValidateMatchLabelKeysAndMismatchLabelKeys. A key of matchLabelKeys counts as duplicated when
 * it is in both the selector's matchLabels and its matchExpressions (the pod strategy would have
 * merged it into the selector); that error's path is the term's, indexed.
 */
function validateMatchLabelKeys(
  field: string,
  matchLabelKeys: readonly string[],
  mismatchLabelKeys: readonly string[],
  selector: V1LabelSelector | undefined
): FieldError[] {
  const errors: FieldError[] = []
  errors.push(...validateLabelKeys(`${field}.matchLabelKeys`, matchLabelKeys, selector))
  errors.push(...validateLabelKeys(`${field}.mismatchLabelKeys`, mismatchLabelKeys, selector))
  if (selector) {
    const index = new Map<string, number>()
    matchLabelKeys.forEach((key, i) => index.set(key, i))
    const keys = new Set(Object.keys(selector.matchLabels ?? {}))
    for (const { key } of selector.matchExpressions ?? []) {
      const i = index.get(key)
      if (i !== undefined && keys.has(key)) {
        errors.push(invalid(`${field}[${i}]`, key, 'exists in both matchLabelKeys and labelSelector'))
      }
      keys.add(key)
    }
  }
  const mismatch = new Set(mismatchLabelKeys)
  matchLabelKeys.forEach((key, i) => {
    if (mismatch.has(key)) {
      errors.push(
        invalid(`${field}.matchLabelKeys[${i}]`, key, 'exists in both matchLabelKeys and mismatchLabelKeys')
      )
    }
  })
  return errors
}

const scheduleActions = ['DoNotSchedule', 'ScheduleAnyway']
const nodeInclusionPolicies = ['Honor', 'Ignore']

/**
 * validateTopologySpreadConstraints. MatchLabelKeysInPodTopologySpread (GA) and its
 * SelectorMerge (beta, on) are on in pkg/features/kube_features.go: matchLabelKeys go through
 * ValidateMatchLabelKeysAndMismatchLabelKeys.
 */
export function validateTopologySpreadConstraints(
  constraints: readonly V1TopologySpreadConstraint[] | undefined,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  ;(constraints ?? []).forEach((constraint, i) => {
    const path = `${field}[${i}]`
    const { maxSkew = 0, topologyKey = '', whenUnsatisfiable = '', minDomains } = constraint
    if (maxSkew <= 0) errors.push(invalid(`${path}.maxSkew`, maxSkew, 'must be greater than zero'))
    if (topologyKey === '') errors.push(required(`${path}.topologyKey`, 'can not be empty'))
    if (!scheduleActions.includes(whenUnsatisfiable)) {
      errors.push(notSupported(`${path}.whenUnsatisfiable`, whenUnsatisfiable, scheduleActions))
    }
    const rest = (constraints ?? []).slice(i + 1)
    if (
      rest.some(
        c => (c.topologyKey ?? '') === topologyKey && (c.whenUnsatisfiable ?? '') === whenUnsatisfiable
      )
    ) {
      const pair = `{${topologyKey}, ${whenUnsatisfiable}}`
      errors.push(duplicate(`${path}.{topologyKey, whenUnsatisfiable}`, pair))
    }
    if (minDomains !== undefined) {
      if (minDomains <= 0) errors.push(invalid(`${path}.minDomains`, minDomains, 'must be greater than zero'))
      if (whenUnsatisfiable !== 'DoNotSchedule') {
        const message = `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${whenUnsatisfiable}`
        errors.push(invalid(`${path}.minDomains`, minDomains, message))
      }
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const policy = constraint[key]
      if (policy !== undefined && !nodeInclusionPolicies.includes(policy)) {
        errors.push(notSupported(`${path}.${key}`, policy, nodeInclusionPolicies))
      }
    }
    errors.push(
      ...validateMatchLabelKeys(path, constraint.matchLabelKeys ?? [], [], constraint.labelSelector)
    )
    errors.push(...validateLabelSelector(constraint.labelSelector, `${path}.labelSelector`))
  })
  return errors
}
