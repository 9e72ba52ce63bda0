/**
 * spec.podFailurePolicy (validatePodFailurePolicy of pkg/apis/batch/validation): at most 20
 * rules, each with a known action and exactly one of onExitCodes and onPodConditions.
 */
import type {
  V1PodFailurePolicyOnExitCodesRequirement,
  V1PodFailurePolicyOnPodConditionsPattern,
  V1PodFailurePolicyRule
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import type { JobSpec } from '../model.js'
import { duplicate, invalid, invalidWhole, notSupported, required, tooMany } from './errorBuilders.js'
import { validateQualifiedName } from './names.js'

const maxRules = 20
const maxExitCodeValues = 255
const maxPodConditionPatterns = 20
const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore']
const operators = ['In', 'NotIn']
const statuses = ['False', 'True', 'Unknown']

/** Go's %q of a sorted string slice: ["a" "b"]. */
const quotedList = (values: readonly string[]): string => `[${values.map(v => JSON.stringify(v)).join(' ')}]`

export function validatePodFailurePolicy(spec: JobSpec, field: string): FieldError[] {
  const rules = spec.podFailurePolicy?.rules ?? []
  const errors: FieldError[] = []
  if (rules.length > maxRules) errors.push(tooMany(`${field}.rules`, rules.length, maxRules))
  const containerNames = new Set(
    [...(spec.template.spec?.containers ?? []), ...(spec.template.spec?.initContainers ?? [])].map(
      c => c.name
    )
  )
  rules.forEach((rule, i) => errors.push(...validateRule(spec, rule, `${field}.rules[${i}]`, containerNames)))
  return errors
}

function validateRule(
  spec: JobSpec,
  rule: V1PodFailurePolicyRule,
  path: string,
  containerNames: Set<string>
): FieldError[] {
  const errors: FieldError[] = []
  const action = rule.action ?? ''
  if (action === '') errors.push(required(`${path}.action`, `valid values: ${quotedList(actions)}`))
  else if (action === 'FailIndex') {
    if (spec.backoffLimitPerIndex === undefined) {
      errors.push(invalid(`${path}.action`, action, 'requires the backoffLimitPerIndex to be set'))
    }
  } else if (!actions.includes(action)) errors.push(notSupported(`${path}.action`, action, actions))
  const patterns = rule.onPodConditions ?? []
  if (rule.onExitCodes) {
    errors.push(...validateOnExitCodes(rule.onExitCodes, `${path}.onExitCodes`, containerNames))
  }
  if (patterns.length > 0) errors.push(...validateOnPodConditions(patterns, `${path}.onPodConditions`))
  if (rule.onExitCodes && patterns.length > 0) {
    errors.push(invalidWhole(path, 'specifying both OnExitCodes and OnPodConditions is not supported'))
  }
  if (!rule.onExitCodes && patterns.length === 0) {
    errors.push(invalidWhole(path, 'specifying one of OnExitCodes and OnPodConditions is required'))
  }
  return errors
}

function validateOnPodConditions(
  patterns: readonly V1PodFailurePolicyOnPodConditionsPattern[],
  path: string
): FieldError[] {
  const errors: FieldError[] = []
  if (patterns.length > maxPodConditionPatterns) {
    errors.push(tooMany(path, patterns.length, maxPodConditionPatterns))
  }
  patterns.forEach((pattern, j) => {
    const patternPath = `${path}[${j}]`
    errors.push(...validateQualifiedName(pattern.type ?? '', `${patternPath}.type`))
    const status = pattern.status ?? ''
    if (status === '') errors.push(required(`${patternPath}.status`, `valid values: ${quotedList(statuses)}`))
    else if (!statuses.includes(status)) errors.push(notSupported(`${patternPath}.status`, status, statuses))
  })
  return errors
}

function validateOnExitCodes(
  onExitCodes: V1PodFailurePolicyOnExitCodesRequirement,
  path: string,
  containerNames: Set<string>
): FieldError[] {
  const errors: FieldError[] = []
  const operator = onExitCodes.operator ?? ''
  if (operator === '') errors.push(required(`${path}.operator`, `valid values: ${quotedList(operators)}`))
  else if (!operators.includes(operator)) errors.push(notSupported(`${path}.operator`, operator, operators))
  if (onExitCodes.containerName !== undefined && !containerNames.has(onExitCodes.containerName)) {
    errors.push(
      invalid(
        `${path}.containerName`,
        onExitCodes.containerName,
        'must be one of the container or initContainer names in the pod template'
      )
    )
  }
  const values = onExitCodes.values
  if (values === undefined || values.length === 0) {
    // A nil slice renders as null, an empty one as [].
    errors.push(invalid(`${path}.values`, values ?? null, 'at least one value is required'))
  } else if (values.length > maxExitCodeValues) {
    errors.push(tooMany(`${path}.values`, values.length, maxExitCodeValues))
  }
  let ordered = true
  const seen = new Set<number>()
  ;(values ?? []).forEach((value, j) => {
    const valuePath = `${path}.values[${j}]`
    if (operator === 'In' && value === 0) {
      errors.push(invalid(valuePath, value, 'must not be 0 for the In operator'))
    }
    if (seen.has(value)) errors.push(duplicate(valuePath, value))
    else seen.add(value)
    if (j > 0 && values![j - 1] > value) ordered = false
  })
  if (!ordered) errors.push(invalid(`${path}.values`, values, 'must be ordered'))
  return errors
}
