/**
 * action.yml repeats the defaults of src/runDefaults.ts (the runner shows them on the action's
 * page): the two must not drift, and an input without an entry there has no default to drift.
 */
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import { parse } from 'yaml'
import { cliOnlyDefaults, runDefaults } from '../../src/runDefaults.js'

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

const action = parse(fs.readFileSync('action.yml', 'utf8')) as ActionYml
const inputs = Object.entries(action.inputs)

describe("action.yml's defaults are src/runDefaults.ts's", () => {
  test.each(
    Object.entries(runDefaults).filter(([name]) => !(cliOnlyDefaults as readonly string[]).includes(name))
  )('input %s defaults to %p', (name, value) => {
    expect(action.inputs[name]?.default).toBe(String(value))
  })

  test('every other input defaults to empty (logs-dir: the $RUNNER_TEMP rule), but the token', () => {
    const others = inputs.filter(([name]) => !(name in runDefaults))
    expect(Object.fromEntries(others.map(([name, input]) => [name, input.default]))).toEqual({
      job: '',
      'job-file': '',
      'logs-dir': '',
      'github-token': '${{ github.token }}',
      shard: '',
      merge: ''
    })
  })

  test('the CLI-only defaults are no action inputs', () => {
    for (const name of cliOnlyDefaults) expect(action.inputs[name]).toBeUndefined()
  })
})
