/**
 * spec.successPolicy (validateSuccessPolicy of pkg/apis/batch/validation): Indexed Jobs only,
 * 1 to 20 rules, each with succeededIndexes in interval form and/or a succeededCount.
 */
import type { V1SuccessPolicyRule } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import type { JobSpec } from '../model.js'
import { invalid, required, tooLong, tooMany, validateNonnegativeField } from './errorBuilders.js'

const maxRules = 20
const maxSucceededIndexesLength = 64 * 1024

export function validateSuccessPolicy(spec: JobSpec, field: string): FieldError[] {
  const rules = spec.successPolicy?.rules ?? []
  const errors: FieldError[] = []
  if (rules.length === 0) {
    errors.push(
      required(`${field}.rules`, 'at least one rules must be specified when the successPolicy is specified')
    )
  }
  if (rules.length > maxRules) errors.push(tooMany(`${field}.rules`, rules.length, maxRules))
  rules.forEach((rule, i) => errors.push(...validateRule(spec, rule, `${field}.rules[${i}]`)))
  return errors
}

function validateRule(spec: JobSpec, rule: V1SuccessPolicyRule, path: string): FieldError[] {
  const errors: FieldError[] = []
  // Validation of an Indexed Job without completions already failed; Go would dereference nil.
  const completions = spec.completions ?? 0
  if (rule.succeededCount === undefined && rule.succeededIndexes === undefined) {
    errors.push(required(path, 'at least one of succeededCount or succeededIndexes must be specified'))
  }
  let totalIndexes = 0
  if (rule.succeededIndexes !== undefined) {
    const indexesPath = `${path}.succeededIndexes`
    if (Buffer.byteLength(rule.succeededIndexes) > maxSucceededIndexesLength) {
      errors.push(tooLong(indexesPath, maxSucceededIndexesLength))
    }
    const parsed = validateIndexesFormat(rule.succeededIndexes, completions)
    if (typeof parsed === 'string') {
      errors.push(invalid(indexesPath, rule.succeededIndexes, `error parsing succeededIndexes: ${parsed}`))
    } else totalIndexes = parsed
  }
  if (rule.succeededCount !== undefined) {
    const countPath = `${path}.succeededCount`
    errors.push(...validateNonnegativeField(rule.succeededCount, countPath))
    if (rule.succeededCount > completions) {
      errors.push(
        invalid(
          countPath,
          rule.succeededCount,
          `must be less than or equal to ${completions} (the number of specified completions)`
        )
      )
    }
    if (rule.succeededIndexes !== undefined && rule.succeededCount > totalIndexes) {
      errors.push(
        invalid(
          countPath,
          rule.succeededCount,
          `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`
        )
      )
    }
  }
  return errors
}

/** The number of indexes in "1,3-5,7", or the parse error as Go words it. */
export function validateIndexesFormat(indexes: string, completions: number): number | string {
  if (indexes.length === 0) return 0
  let last: number | undefined
  let total = 0
  for (const interval of indexes.split(',')) {
    const parsed = parseIndexInterval(interval, completions)
    if (typeof parsed === 'string') return parsed
    const [x, y] = parsed
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`
    total += y - x + 1
    last = y
  }
  return total
}

function parseIndexInterval(interval: string, completions: number): [number, number] | string {
  const limits = interval.split('-')
  if (limits.length > 2) {
    return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`
  }
  const x = atoi(limits[0])
  if (x === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`
  if (x >= completions) return `too large index: ${JSON.stringify(limits[0])}`
  if (limits.length === 1) return [x, x]
  const y = atoi(limits[1])
  if (y === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`
  if (y >= completions) return `too large index: ${JSON.stringify(limits[1])}`
  if (x >= y) return `non-increasing order, previous: ${x}, current: ${y}`
  return [x, y]
}

/** strconv.Atoi: optional sign and decimal digits within int64. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined
  const value = BigInt(text)
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return undefined
  return Number(value)
}
