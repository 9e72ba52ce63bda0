/**
 * src/actionsCore.ts against the real @actions/core (a devDependency for this test only): for each
 * function the action uses, the same environment and arguments must give the same bytes on stdout,
 * in the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, the same exit code and the same
 * errors. The data is the awkward kind: line breaks, `%`, `:` and `,`, text that looks like a
 * command. Only the delimiters differ, being random: both sides' are replaced by one placeholder.
 */
import { afterAll, afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import * as toolkit from '@actions/core'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as ours from '../../src/actionsCore.js'

type Core = typeof ours

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-core-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const runnerFiles = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const
const savedEnv = { ...process.env }
let savedExitCode: typeof process.exitCode
beforeEach(() => {
  savedExitCode = process.exitCode
  for (const name of Object.keys(process.env))
    if (/^(INPUT_|STATE_)/.test(name) || (runnerFiles as readonly string[]).includes(name))
      delete process.env[name]
})
afterEach(() => {
  process.env = { ...savedEnv }
  process.exitCode = savedExitCode
  jest.restoreAllMocks()
})

interface Effects {
  stdout: string
  files: Record<string, string>
  exitCode: typeof process.exitCode
  result?: unknown
  error?: { type: string; message: string }
}

/** What `act` does with one implementation: stdout, the runner's files, exit code, result or error. */
async function effects(core: Core, act: (core: Core) => unknown, withFiles = true): Promise<Effects> {
  if (withFiles)
    for (const name of runnerFiles) {
      const file = path.join(dir, name)
      fs.writeFileSync(file, '')
      process.env[name] = file
    }
  process.exitCode = undefined
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  const out: Effects = { stdout: '', files: {}, exitCode: undefined }
  try {
    out.result = await act(core)
  } catch (error) {
    out.error = { type: (error as Error).constructor.name, message: (error as Error).message }
  }
  jest.restoreAllMocks()
  out.stdout = stdout
  out.exitCode = process.exitCode
  process.exitCode = undefined
  if (withFiles)
    for (const name of runnerFiles) out.files[name] = fs.readFileSync(path.join(dir, name), 'utf8')
  return JSON.parse(JSON.stringify(out).replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_<uuid>'))
}

async function expectSame(act: (core: Core) => unknown, withFiles = true): Promise<Effects> {
  const theirs = await effects(toolkit as unknown as Core, act, withFiles)
  const mine = await effects(ours, act, withFiles)
  expect(mine).toEqual(theirs)
  return mine
}

const awkward = [
  '',
  'plain',
  'two\nlines',
  'crlf\r\nline and lone\rreturn',
  '100% done, %0A already escaped',
  'a: b, c: d',
  '::error::looks like a command',
  'trailing newline\n',
  'ünïcödé ✓ and \t tab'
]

const properties: ours.AnnotationProperties[] = [
  {},
  { title: 'Job pi: pod pi-abc12 failed', file: 'examples/pi.yaml', startLine: 12, startColumn: 11 },
  {
    title: 'T: a, b\nc%',
    file: 'dir, with:colon/%0A.yaml',
    startLine: 3,
    endLine: 4,
    startColumn: 5,
    endColumn: 6
  },
  { file: undefined, title: undefined },
  { startLine: 0, title: '' },
  { endLine: 7 }
]

describe('src/actionsCore.ts writes what @actions/core writes', () => {
  test.each(awkward)('info %p', async message => {
    await expectSame(core => core.info(message))
  })

  describe.each(['notice', 'warning', 'error'] as const)('%s', level => {
    test.each(awkward)('message %p', async message => {
      await expectSame(core => core[level](message))
    })
    test.each(properties)('properties %p', async props => {
      await expectSame(core => core[level]('line one\nline two: 50%, done', props))
    })
  })

  test.each(awkward)('setSecret %p', async secret => {
    await expectSame(core => core.setSecret(secret))
  })

  test.each(awkward)('setFailed %p: exit code 1 and the error', async message => {
    const { exitCode, stdout } = await expectSame(core => core.setFailed(message))
    expect(exitCode).toBe(1)
    expect(stdout).toMatch(/^::error::/)
  })

  describe.each(['setOutput', 'saveState'] as const)('%s', fn => {
    test.each(awkward)('to the runner file: value %p', async value => {
      const { files, stdout } = await expectSame(core => core[fn]('name-with-dash', value))
      expect(stdout).toBe('')
      expect(files[fn === 'setOutput' ? 'GITHUB_OUTPUT' : 'GITHUB_STATE']).toContain(
        'name-with-dash<<ghadelimiter_<uuid>\n'
      )
    })
    test.each(awkward)('without the file (runners before 2.297): value %p', async value => {
      const { stdout } = await expectSame(core => core[fn]('a:b,c', value), false)
      expect(stdout).not.toBe('')
    })
    test('two in a row append', async () => {
      await expectSame(core => {
        core[fn]('first', 'one\ntwo')
        core[fn]('second', '')
      })
    })
    test('a runner file that is missing is an error', async () => {
      await expectSame(core => {
        const file = fn === 'setOutput' ? 'GITHUB_OUTPUT' : 'GITHUB_STATE'
        process.env[file] = path.join(dir, 'missing')
        core[fn]('x', 'y')
      })
    })
  })

  describe('inputs', () => {
    const values = ['', 'value', '  padded value \n', 'two\nlines', ' a \n\n   \n b\n\nc ', '\n']
    test.each(values)('getInput and getMultilineInput of %p, by a name with spaces', async value => {
      process.env['INPUT_MY_INPUT-NAME'] = value
      await expectSame(core => core.getInput('my input-name'))
      await expectSame(core => core.getMultilineInput('my input-name'))
    })
    test.each(['', 'set'])('getInput required, value %p', async value => {
      process.env.INPUT_TOKEN = value
      await expectSame(core => core.getInput('token', { required: true }))
    })
    test.each(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', ' true ', 'yes', 'tRue', '1', ''])(
      'getBooleanInput %p',
      async value => {
        process.env.INPUT_FLAG = value
        await expectSame(core => core.getBooleanInput('flag'))
      }
    )
    test.each([undefined, '', 'run-1\nsecond line'])('getState %p', async value => {
      if (value !== undefined) process.env['STATE_run-id'] = value
      await expectSame(core => core.getState('run-id'))
    })
  })

  describe('the step summary: summary.addRaw(text, true).write()', () => {
    // core's summary is one object per process that keeps the first path it checked; the action
    // writes it once a process, so each case here starts as a fresh process would.
    beforeEach(() => {
      ;(toolkit.summary as unknown as { _filePath?: string })._filePath = undefined
    })
    test.each(awkward)('appends %p', async text => {
      await expectSame(async core => {
        fs.writeFileSync(process.env.GITHUB_STEP_SUMMARY!, '# earlier step\n')
        if (core === ours) await ours.appendStepSummary(text)
        else await toolkit.summary.addRaw(text, true).write()
      })
    })
    test.each([
      ['no GITHUB_STEP_SUMMARY', () => delete process.env.GITHUB_STEP_SUMMARY],
      ['a file that is not there', () => (process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'missing'))]
    ])('%s: the same error', async (_, setUp) => {
      await expectSame(async core => {
        setUp()
        if (core === ours) await ours.appendStepSummary('x')
        else await toolkit.summary.emptyBuffer().addRaw('x', true).write()
      })
    })
  })
})
