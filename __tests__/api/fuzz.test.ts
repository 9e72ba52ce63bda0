/**
 * Random mutations of valid manifests (mutations.ts). Each one must end as loaded Jobs or as a
 * ManifestError with a real message — no other exception, no internal error, no "undefined"
 * leaking into the text.
 */
import { expect, test } from '@jest/globals'
import { loadManifests, ManifestError } from '../../src/api/load.js'
import { fixedOptions } from './fixtures.js'
import { mutatedManifest, random } from './mutations.js'

test('2,400 mutated manifests end as Jobs or as a ManifestError', () => {
  const rnd = random(20260426)
  const outcomes = { loaded: 0, refused: 0 }
  for (let i = 0; i < 2400; i++) {
    const text = mutatedManifest(i, rnd)
    let loaded
    try {
      loaded = loadManifests([{ text, file: 'fuzz.yaml' }], fixedOptions)
    } catch (error) {
      if (!(error instanceof ManifestError)) {
        throw new Error(`case ${i}: ${String(error)}\n${text}`, { cause: error })
      }
      const message = error.message
      if (!message || /^internal error|undefined|\[object Object\]|NaN/.test(message)) {
        throw new Error(`case ${i}: bad message ${JSON.stringify(message)}\n${text}`, { cause: error })
      }
      outcomes.refused++
      continue
    }
    for (const { job } of loaded.jobs) {
      expect(typeof job.metadata.name).toBe('string')
      expect(typeof job.metadata.uid).toBe('string')
      expect(Array.isArray(job.spec.template.spec.containers)).toBe(true)
      expect(job.status).toEqual({})
    }
    outcomes.loaded++
  }
  // Both outcomes occur often enough for the mutations to mean something.
  expect(outcomes.loaded).toBeGreaterThan(100)
  expect(outcomes.refused).toBeGreaterThan(1000)
})
