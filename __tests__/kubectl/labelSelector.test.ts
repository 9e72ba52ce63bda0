/** Label selectors as apimachinery's labels.Parse reads and matches them, case by case. */
import { describe, expect, test } from '@jest/globals'
import { matchesSelector, parseSelector } from '../../src/report/labelSelector.js'

const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' }

describe('label selectors', () => {
  test.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['example.com/team=a,tier=front', true],
    ['app=web,tier=back', false],
    [' app = web , tier in ( front ) ', true]
  ])('%j matches: %s', (selector, matches) => {
    expect(matchesSelector(parseSelector(selector), labels)).toBe(matches)
  })

  test.each([
    ['a in b', "found 'b', expected: '('"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['=b', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"]
  ])('%j is refused: %s', (selector, message) => {
    expect(() => parseSelector(selector)).toThrow(message)
  })
})
