import { describe, expect, test } from '@jest/globals'
import {
  compareQuantities,
  isWholeAtMilli,
  parseQuantity,
  quantityFormatError,
  quantityString,
  readQuantity
} from '../../src/api/quantity.js'

describe('readQuantity + quantityString (resource.ParseQuantity, Quantity.String)', () => {
  // Expectations follow k8s.io/apimachinery/pkg/api/resource quantity_test.go (TestQuantityParse,
  // TestQuantityString) and what the API server stores for these inputs.
  test.each([
    ['0', '0'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['0.001', '1m'],
    ['1', '1'],
    ['100', '100'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1e3', '1e3'],
    ['1e2', '100'],
    ['12e6', '12e6'],
    ['1k', '1k'],
    ['1M', '1M'],
    ['10G', '10G'],
    ['1Ki', '1Ki'],
    ['1024Mi', '1Gi'],
    ['2048Ki', '2Mi'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
    ['0.1Ki', '102400m'],
    ['1023', '1023'],
    ['64Mi', '64Mi'],
    ['1000Mi', '1000Mi'],
    ['0.0000000001', '1n'],
    ['1n', '1n'],
    ['1u', '1u'],
    ['-1', '-1'],
    ['-0.5', '-500m'],
    ['.5', '500m'],
    // ParseQuantity keeps the input as the string form when it looks canonical enough.
    ['1.', '1.'],
    ['00100', '00100'],
    ['+1', '+1'],
    ['9223372036854775807', '9223372036854775807'],
    ['10E', '10E'],
    // Short numbers take ParseQuantity's int64 path, which keeps any exponent; the inf.Dec path
    // caps only BinarySI at 2^63-1: a decimal beyond int64 keeps its canonical form (checked
    // against apimachinery v0.37.2's ParseQuantity + String).
    ['100E', '100E'],
    ['1e1000', '10e999'],
    ['1234567890123456789012', '1234567890123456789012'],
    ['111111111111111110000', '111111111111111110k'],
    ['1.1111111111111111e+21', '1111111111111111100e3'],
    ['99999999999999999999Ki', '9223372036854775807'],
    ['123456789012345678901.5Mi', '9223372036854775807']
  ])('%s → %s', (input, canonical) => {
    expect(quantityString(readQuantity(input))).toBe(canonical)
  })

  test.each([
    ['', quantityFormatError],
    ['1.5.5', quantityFormatError],
    ['abc', quantityFormatError],
    ['1KB', quantityFormatError],
    ['1 Gi', quantityFormatError],
    ['1K', "unable to parse quantity's suffix"],
    ['1Ki1', "unable to parse quantity's suffix"],
    ['1e', "unable to parse quantity's suffix"]
  ])('%j is refused with %j', (input, message) => {
    expect(() => readQuantity(input)).toThrow(message)
  })

  test('comparisons and whole-number checks work across formats', () => {
    expect(compareQuantities(readQuantity('1'), readQuantity('1000m'))).toBe(0)
    expect(compareQuantities(readQuantity('1Gi'), readQuantity('1G'))).toBe(1)
    expect(compareQuantities(readQuantity('500m'), readQuantity('1'))).toBe(-1)
    expect(isWholeAtMilli(readQuantity('2'))).toBe(true)
    expect(isWholeAtMilli(readQuantity('1500m'))).toBe(false)
    expect(isWholeAtMilli(readQuantity('1.0001'))).toBe(false)
    // Orders of magnitude apart: decided without multiplying 10^1000000 out.
    expect(compareQuantities(readQuantity('1e1000000'), readQuantity('500m'))).toBe(1)
    expect(compareQuantities(readQuantity('-1e1000000'), readQuantity('-500m'))).toBe(-1)
    expect(isWholeAtMilli(readQuantity('1e1000000'))).toBe(true)
  })

  test('parseQuantity gives runtimes a number, or undefined for text that is no quantity', () => {
    expect(parseQuantity('64Mi')).toBe(64 * 1024 * 1024)
    expect(parseQuantity('500m')).toBeCloseTo(0.5)
    expect(parseQuantity(' 2 ')).toBe(2)
    expect(parseQuantity('lots')).toBeUndefined()
  })
})
