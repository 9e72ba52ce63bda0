import { describe, expect, test } from '@jest/globals'
import {
  buildContainerEnv,
  containerPath,
  filterRunnerEnv
} from '../../../src/runtime/process/containerEnv.js'

describe('filterRunnerEnv', () => {
  test.each([
    ['an action input (hyphens kept by the runner)', 'INPUT_GITHUB-TOKEN', false],
    ['another input', 'INPUT_JOB', false],
    ['the workflow token', 'GITHUB_TOKEN', false],
    ['the runtime token', 'ACTIONS_RUNTIME_TOKEN', false],
    ['the OIDC request token', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', false],
    ['the OIDC request URL', 'ACTIONS_ID_TOKEN_REQUEST_URL', false],
    ['the runtime URL', 'ACTIONS_RUNTIME_URL', false],
    ['the results URL', 'ACTIONS_RESULTS_URL', false],
    ['the cache URL', 'ACTIONS_CACHE_URL', false],
    ['the step outputs file', 'GITHUB_OUTPUT', false],
    ['the job environment file', 'GITHUB_ENV', false],
    ['the job PATH file', 'GITHUB_PATH', false],
    ['the action state file (the post step reads it)', 'GITHUB_STATE', false],
    ['the step summary file', 'GITHUB_STEP_SUMMARY', false],
    ['the workspace', 'GITHUB_WORKSPACE', true],
    ['the runner temp folder', 'RUNNER_TEMP', true],
    ['PATH', 'PATH', true],
    ['a workflow variable', 'GITHUB_REPOSITORY', true],
    ['the step debug flag', 'ACTIONS_STEP_DEBUG', true],
    ['a name that merely contains INPUT_', 'MY_INPUT_X', true],
    ['lower-case input lookalike', 'input_x', true]
  ])('%s: %s kept = %s', (_case, name, kept) => {
    expect(name in filterRunnerEnv({ [name]: 'v' })).toBe(kept)
  })

  test('skips variables without a value', () => {
    expect(filterRunnerEnv({ A: undefined, B: '' })).toEqual({ B: '' })
  })
})

describe('buildContainerEnv', () => {
  test('container variables override the runner, later entries win, the run marker comes last', () => {
    const env = buildContainerEnv(
      filterRunnerEnv({ PATH: '/bin', KEEP: 'runner', GITHUB_TOKEN: 'secret', JOB_ACTION_RUN_ID: 'outer' }),
      [
        ['HOSTNAME', 'pi-0'],
        ['KEEP', 'from-envFrom'],
        ['KEEP', 'from-env'],
        ['JOB_ACTION_RUN_ID', 'manifest']
      ],
      'run-1'
    )
    expect(env).toEqual({ PATH: '/bin', KEEP: 'from-env', HOSTNAME: 'pi-0', JOB_ACTION_RUN_ID: 'run-1' })
  })
})

describe('containerPath', () => {
  test.each([
    ['the runner PATH when the container sets none', [['HOME', '/root']], '/bin'],
    [
      'the last PATH the container sets',
      [
        ['PATH', '/a'],
        ['PATH', '/b']
      ],
      '/b'
    ]
  ] as const)('%s, as buildContainerEnv has it', (_name, launchEnv, expected) => {
    const runnerEnv = { PATH: '/bin' }
    expect(containerPath(runnerEnv, launchEnv)).toBe(expected)
    expect(containerPath(runnerEnv, launchEnv)).toBe(buildContainerEnv(runnerEnv, launchEnv, 'run').PATH)
  })
})
