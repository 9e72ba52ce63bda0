/**
 * Ported from job_controller_test.go (TestEnsureJobConditions): each case carries the Go name.
 */
import { describe, expect, test } from '@jest/globals'
import { ensureJobConditionStatus, newCondition } from '../../src/controller/conditions.js'
import type { ConditionStatus, JobCondition } from '../../src/api/model.js'

const now = Date.UTC(2026, 3, 16, 10, 36, 28)
const suspended = (status: ConditionStatus, reason: string): JobCondition =>
  newCondition('Suspended', status, reason, '', now - 60_000)
const withoutTimes = (
  list: JobCondition[]
): Array<Omit<JobCondition, 'lastProbeTime' | 'lastTransitionTime'>> =>
  list.map(({ type, status, reason, message }) => ({ type, status, reason, message }))

describe('TestEnsureJobConditions', () => {
  test.each<[string, JobCondition[], ConditionStatus, string, JobCondition[], boolean]>([
    ['append true condition', [], 'True', 'foo', [suspended('True', 'foo')], true],
    ['append false condition', [], 'False', 'foo', [], false],
    [
      'update true condition reason',
      [suspended('True', 'foo')],
      'True',
      'bar',
      [suspended('True', 'bar')],
      true
    ],
    [
      'update true condition status',
      [suspended('True', 'foo')],
      'False',
      'foo',
      [suspended('False', 'foo')],
      true
    ],
    [
      'update false condition status',
      [suspended('False', 'foo')],
      'True',
      'foo',
      [suspended('True', 'foo')],
      true
    ],
    ['condition already exists', [suspended('True', 'foo')], 'True', 'foo', [suspended('True', 'foo')], false]
  ])('%s', (_name, haveList, wantStatus, wantReason, expectList, expectUpdate) => {
    const { list, updated } = ensureJobConditionStatus(haveList, 'Suspended', wantStatus, wantReason, '', now)
    expect(updated).toBe(expectUpdate)
    expect(withoutTimes(list)).toEqual(withoutTimes(expectList))
  })

  test('a changed condition gets new probe and transition times; an unchanged one keeps its own', () => {
    const before = [suspended('True', 'foo')]
    const changed = ensureJobConditionStatus(
      structuredClone(before),
      'Suspended',
      'False',
      'foo',
      '',
      now
    ).list
    expect(changed[0].lastTransitionTime).toBe('2026-04-16T10:36:28Z')
    const same = ensureJobConditionStatus(structuredClone(before), 'Suspended', 'True', 'foo', '', now).list
    expect(same[0].lastTransitionTime).toBe('2026-04-16T10:35:28Z')
  })
})
