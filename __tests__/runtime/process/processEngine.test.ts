import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { chmodSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createProcessEngine, killMarkedProcesses } from '../../../src/runtime/process/processEngine.js'
import type { ContainerEngine } from '../../../src/runtime/types.js'
import {
  eventually,
  expectEscapedDescendantKilled,
  launchContainer,
  makeTempDir,
  processesWithToken,
  readLog,
  sleep,
  uniqueSleep,
  type LaunchFields
} from './support/harness.js'

const RUNTIME_PREFIX =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
  'runc create failed: unable to start container process: error during container init: '

let temp: ReturnType<typeof makeTempDir>
let workspace: string
let logs: string
let engine: ContainerEngine
const runId = `test-${process.pid}-${Date.now()}`

beforeAll(() => {
  temp = makeTempDir('process-engine')
  workspace = realpathSync(path.join(temp.dir))
  logs = path.join(workspace, 'logs')
  mkdirSync(logs)
  mkdirSync(path.join(workspace, 'sub'))
  writeFileSync(path.join(workspace, 'not-executable.sh'), '#!/bin/sh\necho no\n')
  chmodSync(path.join(workspace, 'not-executable.sh'), 0o644)
  mkdirSync(path.join(workspace, 'bin'))
  writeFileSync(path.join(workspace, 'bin', 'hello-from-path'), '#!/bin/sh\necho "hello $1"\n')
  chmodSync(path.join(workspace, 'bin', 'hello-from-path'), 0o755)
  engine = createProcessEngine({
    workspace,
    runId,
    shutdownGraceMs: 200,
    baseEnv: {
      PATH: process.env.PATH,
      'INPUT_GITHUB-TOKEN': 'input-secret',
      INPUT_JOB: 'kind: Job',
      GITHUB_TOKEN: 'token-secret',
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
      GITHUB_REPOSITORY: 'octo/repo',
      OVERRIDDEN: 'runner'
    }
  })
})

afterEach(async () => {
  // Nothing a test started may outlive it, whatever it asserted.
  await engine.shutdown()
})

afterAll(() => {
  killMarkedProcesses(runId)
  temp.remove()
})

const run = (fields: LaunchFields) => launchContainer(engine, logs, fields)

describe('exit status', () => {
  test.each([
    ['success', 0, 'Completed'],
    ['failure', 1, 'Error'],
    ['a chosen code', 42, 'Error']
  ])('%s: exit %i is reason %s', async (_case, code, reason) => {
    const container = run({ command: ['sh', '-c'], args: [`exit ${code}`] })
    const exit = await container.exit
    expect(exit).toEqual({
      exitCode: code,
      reason,
      startedAt: container.started[0],
      finishedAt: exit.finishedAt
    })
    expect(exit.finishedAt).toBeGreaterThanOrEqual(container.started[0])
    await sleep(20)
    expect(container.exits).toHaveLength(1)
  })

  test('death by signal is 128 + the signal, with the signal recorded', async () => {
    const exit = await run({ command: ['sh', '-c', 'kill -TERM $$'] }).exit
    expect(exit).toMatchObject({ exitCode: 143, signal: 15, reason: 'Error' })
  })
})

describe('start errors', () => {
  test.each([
    [
      'an executable not on PATH',
      { command: ['no-such-program-xyz'] },
      'exec: "no-such-program-xyz": executable file not found in $PATH'
    ],
    [
      'an empty PATH in the container',
      { command: ['sh'], env: [['PATH', '']] },
      'exec: "sh": executable file not found in $PATH'
    ],
    [
      'a file without execute permission',
      { command: ['./not-executable.sh'] },
      'exec: "./not-executable.sh": permission denied'
    ],
    ['a directory', { command: ['/tmp'] }, 'exec: "/tmp": is a directory'],
    [
      'a path that does not exist',
      { command: ['/no/such/file'] },
      'exec: "/no/such/file": stat /no/such/file: no such file or directory'
    ]
  ] as Array<[string, LaunchFields, string]>)('%s', async (_case, fields, runcError) => {
    const container = run(fields)
    const exit = await container.exit
    expect(exit).toEqual({
      exitCode: 128,
      reason: 'StartError',
      message: `${RUNTIME_PREFIX}${runcError}: unknown`,
      finishedAt: exit.finishedAt
    })
    expect(container.started).toEqual([])
    expect(statSync(container.logPath).size).toBe(0)
  })

  test('a working directory that does not exist', async () => {
    const exit = await run({ command: ['true'], workingDir: 'missing' }).exit
    expect(exit.reason).toBe('StartError')
    expect(exit.message).toBe(
      `${RUNTIME_PREFIX}chdir to cwd ("${workspace}/missing") set in config.json failed: no such file or directory: unknown`
    )
  })

  test('no command at all', async () => {
    expect(await run({ args: ['x'] }).exit).toMatchObject({ exitCode: 128, reason: 'StartError' })
  })

  test('stop on a container that never started is harmless', async () => {
    const container = run({ command: ['no-such-program-xyz'] })
    container.running.stop(0)
    expect((await container.exit).reason).toBe('StartError')
  })
})

describe('how the process is started', () => {
  test('a command is found in the PATH of the container environment, not the runner', async () => {
    const container = run({
      command: ['hello-from-path'],
      args: ['pod'],
      env: [['PATH', `${workspace}/bin:/usr/bin:/bin`]]
    })
    expect((await container.exit).exitCode).toBe(0)
    expect(readLog(container)).toBe('hello pod\n')
  })

  test('argv[0] is the command as written, arguments are passed without a shell', async () => {
    const container = run({ command: ['sh', '-c', 'echo "$0|$1|$2"', 'zero'], args: ['$HOME', 'a b'] })
    await container.exit
    expect(readLog(container)).toBe('zero|$HOME|a b\n')
  })

  test.each([
    ['unset: the workspace', undefined, ''],
    ['relative: under the workspace', 'sub', '/sub'],
    ['absolute: as given', '<abs>', '/sub']
  ])('working directory %s', async (_case, workingDir, expected) => {
    const dir = workingDir === '<abs>' ? path.join(workspace, 'sub') : workingDir
    const container = run({ command: ['pwd', '-P'], workingDir: dir })
    await container.exit
    expect(readLog(container)).toBe(`${workspace}${expected}\n`)
  })

  test('the environment: runner minus inputs and credentials, then the container, then the marker', async () => {
    const container = run({
      command: ['env'],
      env: [
        ['HOSTNAME', 'job-abc12'],
        ['JOB_COMPLETION_INDEX', '3'],
        ['OVERRIDDEN', 'envFrom'],
        ['OVERRIDDEN', 'env']
      ]
    })
    await container.exit
    const env = Object.fromEntries(
      readLog(container)
        .trimEnd()
        .split('\n')
        .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    )
    expect(env).toEqual({
      PATH: process.env.PATH,
      GITHUB_REPOSITORY: 'octo/repo',
      OVERRIDDEN: 'env',
      HOSTNAME: 'job-abc12',
      JOB_COMPLETION_INDEX: '3',
      JOB_ACTION_RUN_ID: runId
    })
  })

  test('stdout and stderr both reach the log, all of it before onExit', async () => {
    const container = run({
      command: ['sh', '-c', 'echo out; echo err >&2; head -c 3000000 /dev/zero; echo end >&2']
    })
    await container.exit
    const log = readLog(container)
    expect(log).toHaveLength(3000000 + 'out\nerr\nend\n'.length)
    // Two streams: their relative order is whatever order they were read in.
    for (const line of ['out\n', 'err\n', 'end\n']) expect(log).toContain(line)
  })
})

describe('stopping', () => {
  test('SIGTERM ends a process that does not handle it', async () => {
    const container = run({ command: ['sleep', '30'] })
    await eventually(() => container.started.length > 0)
    const stoppedAt = Date.now()
    container.running.stop(5000)
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 143, signal: 15, reason: 'Error' })
    expect(exit.finishedAt - stoppedAt).toBeLessThan(1000)
  })

  test('a process that ignores SIGTERM is killed when its grace period ends', async () => {
    const token = uniqueSleep()
    const container = run({ command: ['sh', '-c', `trap '' TERM; sleep $T`], env: [['T', token]] })
    await eventually(() => processesWithToken(token, 'sleep').length === 1)
    const stoppedAt = Date.now()
    container.running.stop(200)
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 137, signal: 9 })
    expect(exit.finishedAt - stoppedAt).toBeGreaterThanOrEqual(200)
    expect(exit.finishedAt - stoppedAt).toBeLessThan(500)
    expect(await eventually(() => processesWithToken(token).length === 0, 100)).toBe(true)
  })

  test('a second stop with a shorter grace brings the kill forward', async () => {
    const container = run({ command: ['sh', '-c', `trap '' TERM; sleep 30`] })
    await eventually(() => container.started.length > 0)
    await sleep(20)
    const stoppedAt = Date.now()
    container.running.stop(10000)
    container.running.stop(100)
    const exit = await container.exit
    expect(exit.exitCode).toBe(137)
    expect(exit.finishedAt - stoppedAt).toBeLessThan(400)
  })

  test('stop leaves no process of the container behind, in its group or out of it', async () => {
    const inGroup = uniqueSleep()
    const escaped = uniqueSleep()
    const ignoring = uniqueSleep()
    const container = run({
      command: [
        'sh',
        '-c',
        `sleep $A & setsid sleep $B >/dev/null 2>&1 & (trap '' TERM; exec setsid sleep $C >/dev/null 2>&1) & sleep $A`
      ],
      env: [
        ['A', inGroup],
        ['B', escaped],
        ['C', ignoring]
      ]
    })
    const allRunning = () =>
      processesWithToken(inGroup, 'sleep').length === 2 &&
      processesWithToken(escaped, 'sleep').length === 1 &&
      processesWithToken(ignoring, 'sleep').length === 1
    expect(await eventually(allRunning)).toBe(true)
    container.running.stop(150)
    await container.exit
    const left = () => [
      ...processesWithToken(inGroup),
      ...processesWithToken(escaped),
      ...processesWithToken(ignoring)
    ]
    // SIGKILL is sent before onExit, but a process takes a moment to die.
    expect(await eventually(() => left().length === 0, 100)).toBe(true)
  })

  test('descendants that left the group get SIGTERM too, so their handlers run', async () => {
    const token = uniqueSleep()
    const marker = path.join(workspace, 'escapee-got-term')
    const escapee = `trap 'echo TERM > "$F"; exit 0' TERM; sleep $T & wait`
    const container = run({
      command: [
        'sh',
        '-c',
        `trap 'sleep 0.1; exit 0' TERM; setsid sh -c "$E" >/dev/null 2>&1 & sleep 30 & wait`
      ],
      env: [
        ['E', escapee],
        ['F', marker],
        ['T', token]
      ]
    })
    expect(await eventually(() => processesWithToken(token, 'sleep').length === 1)).toBe(true)
    container.running.stop(2000)
    expect((await container.exit).exitCode).toBe(0)
    expect(readFileSync(marker, 'utf8')).toBe('TERM\n')
  })
})

describe('when the main process exits', () => {
  test('what it left running in its group is killed', async () => {
    const token = uniqueSleep()
    const container = run({ command: ['sh', '-c', `sleep $T >/dev/null 2>&1 & exit 0`], env: [['T', token]] })
    const exit = await container.exit
    expect(exit.exitCode).toBe(0)
    expect(await eventually(() => processesWithToken(token).length === 0, 500)).toBe(true)
  })

  test('a descendant that left the group but holds its output is killed, so the container ends', () =>
    // Its pipe does not end while it holds it: found by that pipe and killed before the exit is reported.
    expectEscapedDescendantKilled(run, 100))
})

describe('the safety net', () => {
  test('shutdown kills escapees that let go of their output, found by the run marker', async () => {
    const token = uniqueSleep()
    const container = run({
      command: ['sh', '-c', `setsid sleep $T >/dev/null 2>&1 & sleep 0.05; exit 0`],
      env: [['T', token]]
    })
    await container.exit
    expect(await eventually(() => processesWithToken(token, 'sleep').length === 1)).toBe(true)
    await engine.shutdown()
    expect(await eventually(() => processesWithToken(token).length === 0, 500)).toBe(true)
  })

  test('shutdown stops containers still running and reports their exit', async () => {
    const token = uniqueSleep()
    const containers = [
      run({ command: ['sleep', token] }),
      run({ command: ['sh', '-c', `trap '' TERM; sleep $T`], env: [['T', token]] })
    ]
    await eventually(() => processesWithToken(token, 'sleep').length === 2)
    const begun = Date.now()
    await engine.shutdown()
    expect(Date.now() - begun).toBeLessThan(1000)
    expect(containers.map(container => container.exits.map(exit => exit.exitCode))).toEqual([[143], [137]])
    expect(await eventually(() => processesWithToken(token).length === 0, 100)).toBe(true)
  })

  test('killMarkedProcesses kills what carries the run marker and counts it', async () => {
    const token = uniqueSleep()
    await run({
      command: ['sh', '-c', `setsid sleep $T >/dev/null 2>&1 & sleep 0.05; exit 0`],
      env: [['T', token]]
    }).exit
    expect(await eventually(() => processesWithToken(token, 'sleep').length === 1)).toBe(true)
    expect(killMarkedProcesses(`${runId}-other`)).toBe(0)
    expect(killMarkedProcesses(runId)).toBe(1)
    expect(await eventually(() => processesWithToken(token).length === 0, 500)).toBe(true)
  })
})
