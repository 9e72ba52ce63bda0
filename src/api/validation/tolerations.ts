/**
 * ValidateTolerations of pkg/apis/core/validation/validation.go, for the pod's tolerations and
 * for those of the scheduler.alpha.kubernetes.io/tolerations annotation.
 */
import type { V1Toleration } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { invalid, invalidNamed, notSupported } from './errorBuilders.js'
import { isValidLabelValue, validateQualifiedName } from './names.js'

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']
// Lt and Gt (TaintTolerationComparisonOperators) are alpha and off in 1.37: refused, but named.
const tolerationOperators = ['Equal', 'Exists', 'Lt', 'Gt']

/** ValidateTolerations; operators and effects are named string types, written with json.Marshal. */
export function validateTolerations(tolerations: readonly V1Toleration[], field: string): FieldError[] {
  const errors: FieldError[] = []
  tolerations.forEach((toleration, i) => {
    const path = `${field}[${i}]`
    const operator = toleration.operator ?? ''
    const value = toleration.value ?? ''
    if (toleration.key) errors.push(...validateQualifiedName(toleration.key, `${path}.key`))
    if (!toleration.key && operator !== 'Exists') {
      errors.push(
        invalidNamed(
          `${path}.operator`,
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"'
        )
      )
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      errors.push(
        invalidNamed(
          `${path}.effect`,
          toleration.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set"
        )
      )
    }
    if (operator === 'Equal' || operator === '') {
      const messages = isValidLabelValue(value)
      if (messages.length > 0) errors.push(invalid(`${path}.operator`, value, messages.join(';')))
    } else if (operator === 'Exists') {
      if (value) {
        errors.push(invalid(`${path}.operator`, value, "value must be empty when `operator` is 'Exists'"))
      }
    } else {
      const supported = operator === 'Lt' || operator === 'Gt' ? tolerationOperators : ['Equal', 'Exists']
      errors.push(notSupported(`${path}.operator`, operator, supported))
    }
    if (toleration.effect && !taintEffects.includes(toleration.effect)) {
      errors.push(notSupported(`${path}.effect`, toleration.effect, taintEffects))
    }
  })
  return errors
}
