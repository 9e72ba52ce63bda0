/** Labels, annotations and label selectors (metav1 validation, labels.Selector matching). */
import type { V1LabelSelector } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { byteLength, forbidden, invalid, required, tooLong } from './errorBuilders.js'
import { isQualifiedName, isValidLabelValue, validateQualifiedName } from './names.js'

/** Go map iteration is unordered; we report in key order. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  for (const key of Object.keys(labels ?? {}).sort()) {
    errors.push(...validateQualifiedName(key, field))
    errors.push(...isValidLabelValue(labels![key]).map(msg => invalid(field, labels![key], msg)))
  }
  return errors
}

export const totalAnnotationSizeLimit = 256 * 1024

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  let size = 0
  for (const key of Object.keys(annotations ?? {}).sort()) {
    // Qualified names, except that case does not matter.
    errors.push(...isQualifiedName(key.toLowerCase()).map(msg => invalid(field, key, msg)))
    size += byteLength(key) + byteLength(annotations![key])
  }
  if (size > totalAnnotationSizeLimit) errors.push(tooLong(field, totalAnnotationSizeLimit))
  return errors
}

const selectorOperators = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist'])

/** ValidateLabelSelector (metav1 validation). */
export function validateLabelSelector(selector: V1LabelSelector | undefined, field: string): FieldError[] {
  if (!selector) return []
  const errors = validateLabels(selector.matchLabels, `${field}.matchLabels`)
  ;(selector.matchExpressions ?? []).forEach((expression, i) => {
    const path = `${field}.matchExpressions[${i}]`
    const values = expression.values ?? []
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errors.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"))
        }
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errors.push(
            forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
          )
        }
        break
      default:
        errors.push(invalid(`${path}.operator`, expression.operator, 'not a valid selector operator'))
    }
    errors.push(...validateQualifiedName(expression.key, `${path}.key`))
    values.forEach((value, j) => {
      errors.push(...isValidLabelValue(value).map(msg => invalid(`${path}.values[${j}]`, value, msg)))
    })
  })
  return errors
}

/**
 * metav1.LabelSelectorAsSelector(selector).Matches(labels). Undefined when the selector cannot
 * be converted (the API server then skips the comparison). No selector selects nothing; an
 * empty one selects everything.
 */
export function labelSelectorMatches(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> | undefined
): boolean | undefined {
  if (!selector) return false
  const set = labels ?? {}
  const has = (key: string): boolean => Object.hasOwn(set, key)
  let matches = true
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (isQualifiedName(key).length > 0 || isValidLabelValue(value).length > 0) return undefined
    if (!has(key) || set[key] !== value) matches = false
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (!selectorOperators.has(operator) || isQualifiedName(key).length > 0) return undefined
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return undefined
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) return undefined
    if (values.some(value => isValidLabelValue(value).length > 0)) return undefined
    const ok =
      operator === 'In'
        ? has(key) && values.includes(set[key])
        : operator === 'NotIn'
          ? !has(key) || !values.includes(set[key])
          : operator === 'Exists'
            ? has(key)
            : !has(key)
    if (!ok) matches = false
  }
  return matches
}
