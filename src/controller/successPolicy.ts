/**
 * matchSuccessPolicy, after pkg/controller/job/success_policy.go: the rules are checked in order and
 * the first satisfied one wins; a rule whose succeededIndexes names no index below completions is
 * skipped. A rule with succeededIndexes is met when all of those indexes succeeded, or at least
 * succeededCount of them; a rule with only succeededCount when that many indexes succeeded.
 */
import type { V1SuccessPolicy } from '@kubernetes/client-node'
import {
  intervalsHave,
  intervalsTotal,
  parseIndexesFromString,
  type OrderedIntervals
} from './indexedJobUtils.js'

export function matchSuccessPolicy(
  successPolicy: V1SuccessPolicy | undefined,
  completions: number,
  succeededIndexes: OrderedIntervals
): string | undefined {
  if (!successPolicy || succeededIndexes.length === 0) return undefined
  for (let index = 0; index < successPolicy.rules.length; index++) {
    const rule = successPolicy.rules[index]
    if (rule.succeededIndexes !== undefined) {
      const requiredIndexes = parseIndexesFromString(rule.succeededIndexes, completions)
      if (requiredIndexes.length === 0) continue
      if (matchSucceededIndexesRule(requiredIndexes, succeededIndexes, rule.succeededCount))
        return matchedMessage(index)
    } else if (rule.succeededCount !== undefined && intervalsTotal(succeededIndexes) >= rule.succeededCount) {
      return matchedMessage(index)
    }
  }
  return undefined
}

function matchedMessage(ruleIndex: number): string {
  return `Matched rules at index ${ruleIndex}`
}

/** Walks both interval lists once, counting the rule's indexes that succeeded. */
function matchSucceededIndexesRule(
  ruleIndexes: OrderedIntervals,
  succeededIndexes: OrderedIntervals,
  succeededCount: number | undefined
): boolean {
  let contains = 0
  let s = 0
  let r = 0
  while (r < ruleIndexes.length && s < succeededIndexes.length) {
    const overlap =
      Math.min(ruleIndexes[r].last, succeededIndexes[s].last) -
      Math.max(ruleIndexes[r].first, succeededIndexes[s].first) +
      1
    if (overlap > 0) contains += overlap
    if (succeededIndexes[s].last < ruleIndexes[r].last) s++
    else if (succeededIndexes[s].last > ruleIndexes[r].last) r++
    else {
      s++
      r++
    }
  }
  return (
    contains === intervalsTotal(ruleIndexes) || (succeededCount !== undefined && contains >= succeededCount)
  )
}

interface TrackedRule {
  /** Absent for a succeededCount-only rule. */
  indexes?: OrderedIntervals
  required: number
  succeededCount?: number
  contains: number
}

/**
 * The same decision, kept up to date one succeeded index at a time so that a Job with 100,000
 * indexes pays a binary search per success instead of a walk over its whole status per sync.
 */
export class SuccessPolicyTracker {
  private readonly rules: Array<TrackedRule | undefined>
  private succeeded = 0

  constructor(successPolicy: V1SuccessPolicy | undefined, completions: number) {
    this.rules = (successPolicy?.rules ?? []).map(rule => {
      if (rule.succeededIndexes !== undefined) {
        const indexes = parseIndexesFromString(rule.succeededIndexes, completions)
        if (indexes.length === 0) return undefined
        return {
          indexes,
          required: intervalsTotal(indexes),
          succeededCount: rule.succeededCount,
          contains: 0
        }
      }
      if (rule.succeededCount === undefined) return undefined
      return { required: rule.succeededCount, contains: 0 }
    })
  }

  /** A new index (below completions, not seen before) succeeded. */
  indexSucceeded(index: number): void {
    this.succeeded++
    for (const rule of this.rules) if (rule?.indexes && intervalsHave(rule.indexes, index)) rule.contains++
  }

  /** The message of the first satisfied rule. */
  match(): string | undefined {
    if (this.succeeded === 0) return undefined
    for (let index = 0; index < this.rules.length; index++) {
      const rule = this.rules[index]
      if (!rule) continue
      const met = rule.indexes
        ? rule.contains === rule.required ||
          (rule.succeededCount !== undefined && rule.contains >= rule.succeededCount)
        : this.succeeded >= rule.required
      if (met) return matchedMessage(index)
    }
    return undefined
  }
}
