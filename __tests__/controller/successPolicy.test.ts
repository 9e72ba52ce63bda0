/**
 * Ported from pkg/controller/job/success_policy_test.go (TestMatchSuccessPolicy), with the feature
 * gate on. Every case also runs through SuccessPolicyTracker, fed one succeeded index at a time,
 * which must reach the same decision.
 */
import { describe, expect, test } from '@jest/globals'
import type { V1SuccessPolicyRule } from '@kubernetes/client-node'
import type { OrderedIntervals } from '../../src/controller/indexedJobUtils.js'
import { matchSuccessPolicy, SuccessPolicyTracker } from '../../src/controller/successPolicy.js'

const iv = (...pairs: Array<[number, number]>): OrderedIntervals =>
  pairs.map(([first, last]) => ({ first, last }))
const rule = (succeededIndexes?: string, succeededCount?: number): V1SuccessPolicyRule => ({
  succeededIndexes,
  succeededCount
})

type Case = [
  name: string,
  rules: V1SuccessPolicyRule[] | undefined,
  succeeded: OrderedIntervals,
  want: string | undefined
]

const matched0 = 'Matched rules at index 0'

/**
 * The Go table's paired cases: succeededIndexes alone does not match `succeeded`; with a
 * succeededCount that the succeeded indexes inside the rule reach, the same rule matches.
 */
const withAndWithoutCount = (
  how: string,
  succeededIndexes: string,
  succeededCount: number,
  succeeded: OrderedIntervals
): Case[] => [
  [
    `rules.succeededIndexes is specified; succeededIndexes didn't match rules; ${how}`,
    [rule(succeededIndexes)],
    succeeded,
    undefined
  ],
  [
    `rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes matched rules; ${how}`,
    [rule(succeededIndexes, succeededCount)],
    succeeded,
    matched0
  ]
]
const cases: Case[] = [
  ['successPolicy is null', undefined, iv([0, 0]), undefined],
  ['any rules are nothing', [], iv([0, 0]), undefined],
  ['rules.succeededIndexes is invalid format', [rule('invalid-form')], iv([0, 0]), undefined],
  [
    'rules.succeededIndexes is specified; succeededIndexes matched rules',
    [rule('0-2')],
    iv([0, 2], [4, 7]),
    matched0
  ],
  [
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules",
    [rule('3')],
    iv([0, 2]),
    undefined
  ],
  [
    'rules.succeededCount is specified; succeededIndexes matched rules',
    [rule(undefined, 2)],
    iv([0, 2]),
    matched0
  ],
  [
    "rules.succeededCount is specified; succeededIndexes didn't match rules",
    [rule(undefined, 4)],
    iv([0, 2]),
    undefined
  ],
  [
    'multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules',
    [rule('9'), rule('4,6')],
    iv([0, 2], [4, 7]),
    'Matched rules at index 1'
  ],
  [
    'multiple rules; rules.succeededIndexes is specified; succeededIndexes met all rules',
    [rule('0,1'), rule('5')],
    iv([0, 2], [4, 7]),
    matched0
  ],
  [
    'rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes met all rules',
    [rule('3-6', 2)],
    iv([0, 2], [4, 7]),
    matched0
  ],
  [
    "rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes didn't match rules",
    [rule('3-6', 2)],
    iv([0, 2], [6, 7]),
    undefined
  ],
  [
    'rules.succeededIndexes is specified; succeededIndexes are nothing',
    [rule(undefined, 4)],
    iv(),
    undefined
  ],
  [
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules is proper subset of succeededIndexes',
    [rule('2-4,6-8')],
    iv([1, 5], [6, 9]),
    matched0
  ],
  [
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules equals succeededIndexes',
    [rule('2-4,6-9')],
    iv([2, 4], [6, 9]),
    matched0
  ],
  [
    'rules.succeededIndexes is specified; succeededIndexes matched rules; rules is subset of succeededIndexes',
    [rule('2-4,8-12')],
    iv([2, 5], [7, 15]),
    matched0
  ],
  [
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; rules is an empty set",
    [rule('')],
    iv([1, 3]),
    undefined
  ],
  [
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; succeededIndexes is an empty set",
    [rule('')],
    iv(),
    undefined
  ],
  [
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules; all elements of rules.succeededIndexes aren't included in succeededIndexes",
    [rule('10-12,14-16')],
    iv([1, 3], [5, 7]),
    undefined
  ],
  ...withAndWithoutCount('rules overlaps succeededIndexes at first', '1-3,5-7', 4, iv([2, 4], [6, 8])),
  ...withAndWithoutCount('rules overlaps succeededIndexes at last', '2-4,6-9', 4, iv([1, 3], [5, 7])),
  ...withAndWithoutCount('rules completely overlaps succeededIndexes', '0-4,6-9', 5, iv([1, 3], [7, 8])),
  ...withAndWithoutCount(
    'rules overlaps multiple succeededIndexes at last',
    '0-6,8-9',
    7,
    iv([1, 3], [5, 9])
  ),
  ...withAndWithoutCount(
    'rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last',
    '0-5,7-9',
    8,
    iv([1, 5], [7, 10])
  ),
  ...withAndWithoutCount('the first rules overlaps succeededIndexes at first', '0-3,6-9', 7, iv([1, 10]))
]

const completions = 10

describe('TestMatchSuccessPolicy', () => {
  test.each(cases)('%s', (_name, rules, succeeded, want) => {
    const successPolicy = rules && { rules }
    expect(matchSuccessPolicy(successPolicy, completions, succeeded)).toBe(want)
  })
})

describe('SuccessPolicyTracker agrees with matchSuccessPolicy', () => {
  test.each(cases)('%s', (_name, rules, succeeded, want) => {
    const tracker = new SuccessPolicyTracker(rules && { rules }, completions)
    // Indexes beyond completions never reach the tracker: the controller ignores them.
    for (const { first, last } of succeeded)
      for (let index = first; index <= Math.min(last, completions - 1); index++) tracker.indexSucceeded(index)
    expect(tracker.match()).toBe(want)
  })
})
