import { describe, expect, test } from '@jest/globals'
import { humanDuration, timestampSince } from '../../src/report/humanDuration.js'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h
const y = 365 * d

describe('humanDuration (apimachinery HumanDuration)', () => {
  test.each<[string, number, string]>([
    ['two seconds in the past is invalid', -2 * s, '<invalid>'],
    ['a little under two seconds ahead', -1999, '0s'],
    ['one second ahead is still now', -1 * s, '0s'],
    ['a fraction ahead', -1, '0s'],
    ['zero', 0, '0s'],
    ['sub-second truncates', 999, '0s'],
    ['seconds', 65 * s, '65s'],
    ['last whole-seconds value', 119 * s + 999, '119s'],
    ['two minutes', 120 * s, '2m'],
    ['minutes and seconds', 3 * m + 10 * s, '3m10s'],
    ['minutes and seconds, single digits', 6 * m + 7 * s, '6m7s'],
    ['last minutes-and-seconds value', 9 * m + 59 * s, '9m59s'],
    ['ten minutes drops the seconds', 10 * m + 59 * s, '10m'],
    ['minutes only', 42 * m, '42m'],
    ['last minutes-only value', 179 * m + 59 * s, '179m'],
    ['three hours', 3 * h, '3h'],
    ['hours and minutes', 4 * h + 15 * m, '4h15m'],
    ['last hours-and-minutes value', 7 * h + 59 * m, '7h59m'],
    ['eight hours drops the minutes', 8 * h + 59 * m, '8h'],
    ['last hours-only value', 47 * h + 59 * m, '47h'],
    ['two days', 48 * h, '2d'],
    ['days and hours', 2 * d + 5 * h, '2d5h'],
    ['last days-and-hours value', 7 * d + 23 * h, '7d23h'],
    ['eight days drops the hours', 8 * d + 23 * h, '8d'],
    ['last days-only value', 2 * y - 1, '729d'],
    ['two years', 2 * y, '2y'],
    ['years and days', 2 * y + 10 * d, '2y10d'],
    ['last years-and-days value', 8 * y - 1, '7y364d'],
    ['eight years drops the days', 8 * y + 100 * d, '8y'],
    ['many years', 20 * y + 100 * d, '20y']
  ])('%s', (_name, ms, expected) => {
    expect(humanDuration(ms)).toBe(expected)
  })
})

describe('timestampSince', () => {
  test('the timestamp is cut to its second, as the API stores it', () => {
    expect(timestampSince(10_999, 100_500)).toBe('90s')
    expect(timestampSince(10_000, 100_500)).toBe('90s')
    expect(timestampSince(10_999, 130_000)).toBe('2m')
  })
  test('an unknown timestamp', () => {
    expect(timestampSince(undefined, 100_000)).toBe('<unknown>')
  })
})
