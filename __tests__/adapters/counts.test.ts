/**
 * The summary's counts are written without ICU (src/report/summaryMarkdown.ts count): loading its
 * locale data would cost every run's start. They must still read as toLocaleString('en-US') reads.
 */
import { describe, expect, test } from '@jest/globals'
import { count } from '../../src/report/summaryMarkdown.js'

const numbers = [0, 1, 12, 999, 1000, 1001, 12345, 100000, 999999, 1000000, 1234567890, -1, -1234, -1000000]

describe("count writes what toLocaleString('en-US') writes", () => {
  test.each([...numbers, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e21, 1.5, 1234.5678, Infinity, NaN])(
    '%p',
    n => {
      expect(count(n)).toBe(n.toLocaleString('en-US'))
    }
  )
})
