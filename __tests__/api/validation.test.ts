/**
 * Invalid manifests and the exact text the API server (through kubectl) gives for them. Each
 * case names the Kubernetes test or validation function its expectation comes from:
 * pkg/apis/batch/validation (TestValidateJob, whose declarative twin job_test.go names its cases
 * by the error text), pkg/apis/core/validation (validation.go and validation_test.go), and
 * apimachinery's pkg/util/validation message builders. Manifests are run through the whole load
 * (decode, defaults, create-time selector generation, validation), as kubectl create would.
 */
import { describe, expect, test } from '@jest/globals'
import { failure, toYaml, validJob, withoutLocations } from './fixtures.js'
import { batchCases, configCases, expectedText, podCases, runCase } from './validationCases.js'

describe.each([
  ['batch validation', batchCases],
  ['pod template validation', podCases]
])('%s', (_group, cases) => {
  test.each(cases.map(c => [c.source, c] as const))('%s', (_source, c) => {
    expect(runCase(c)).toBe(expectedText(c))
  })
})

describe('ConfigMaps and Secrets', () => {
  test.each(configCases)('%s', (_source, object, expected) => {
    expect(withoutLocations(failure(toYaml(object, validJob())))).toBe(expected)
  })
})
