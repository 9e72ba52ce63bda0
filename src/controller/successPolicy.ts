/**
 * matchSuccessPolicy, after pkg/controller/job/success_policy.go: the first satisfied rule wins;
 * a rule whose succeededIndexes names no index below completions is skipped.
 */
import type { V1SuccessPolicy } from '@kubernetes/client-node'
import { parseIndexes } from './indexedJobUtils.js'

export interface SuccessPolicyMatch {
  ruleIndex: number
  message: string
}

export function matchSuccessPolicy(
  policy: V1SuccessPolicy | undefined,
  completions: number,
  succeededIndexes: ReadonlySet<number>
): SuccessPolicyMatch | undefined {
  if (!policy || succeededIndexes.size === 0) return undefined
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i]
    let matched: boolean
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const wanted = parseIndexes(rule.succeededIndexes, completions)
      if (wanted.length === 0) continue
      const done = wanted.filter(x => succeededIndexes.has(x)).length
      matched = rule.succeededCount !== undefined ? done >= rule.succeededCount : done === wanted.length
    } else if (rule.succeededCount !== undefined) {
      matched = succeededIndexes.size >= rule.succeededCount
    } else continue
    if (matched) return { ruleIndex: i, message: `Matched rules at index ${i}` }
  }
  return undefined
}
