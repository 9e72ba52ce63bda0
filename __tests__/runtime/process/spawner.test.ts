/**
 * The spawner (spawner.ts with its helper program, spawner.py) as the process engine uses it: what
 * the started processes get, how their exits and failures come back, and that a request holding
 * what the helper cannot be sent fails alone while the others are served.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { ContainerLogFile } from '../../../src/logs/containerLog.js'
import { OutputGate } from '../../../src/logs/outputGate.js'
import { createProcessEngine, killMarkedProcesses } from '../../../src/runtime/process/processEngine.js'
import { Spawner, type SpawnCallbacks, type SpawnRequest } from '../../../src/runtime/process/spawner.js'
import {
  eventually,
  expectEscapedDescendantKilled,
  launchContainer,
  makeTempDir,
  processesWithToken,
  readLog,
  sleep,
  uniqueSleep,
  type LaunchFields,
  type Started
} from './support/harness.js'

const RUNTIME_PREFIX =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
  'runc create failed: unable to start container process: error during container init: '

let temp: ReturnType<typeof makeTempDir>
let dir: string
let spawner: Spawner
let counter = 0
const runId = `spawner-test-${process.pid}-${Date.now()}`

beforeAll(async () => {
  temp = makeTempDir('spawner')
  dir = realpathSync(temp.dir)
  spawner = new Spawner(process.env)
  // The runners this action targets have Python 3.8+; without it these tests cannot say anything.
  expect(await eventually(() => spawner.ready, 5000)).toBe(true)
})

afterAll(() => {
  spawner.close()
  killMarkedProcesses(runId)
  temp.remove()
})

const pathOnly = { PATH: process.env.PATH ?? '/usr/bin:/bin' }

interface Outcome {
  pid?: number
  failed?: { code: string; stage: string; reason?: string }
  exit?: { code: number | null; signal: NodeJS.Signals | null }
  output: string
}

function spawnOne(argv: string[], fields: Partial<SpawnRequest> = {}): Promise<Outcome> {
  const output = path.join(dir, `out-${++counter}.log`)
  const request: SpawnRequest = {
    file: argv[0]?.startsWith('/') ? argv[0] : `/bin/${argv[0]}`,
    argv,
    cwd: dir,
    baseEnv: pathOnly,
    env: [],
    output,
    ...fields
  }
  return new Promise(resolve => {
    const outcome: Outcome = { output: '' }
    const read = (): string => {
      try {
        return readFileSync(request.output, 'utf8')
      } catch {
        return ''
      }
    }
    const callbacks: SpawnCallbacks = {
      spawned: pid => (outcome.pid = pid),
      failed: (code, stage, reason) =>
        resolve({ ...outcome, failed: { code, stage, reason }, output: read() }),
      exited: (code, signal) => resolve({ ...outcome, exit: { code, signal }, output: read() })
    }
    spawner.spawn(request, callbacks)
  })
}

/** A log the process may write itself; its file exists before the attempt starts, as the log manager makes it. */
function writtenLog(logPath: string): ContainerLogFile {
  writeFileSync(logPath, '')
  return new ContainerLogFile(logPath, undefined)
}

describe('the spawner helper', () => {
  test.each([
    ['success', ['sh', '-c', 'exit 0'], { code: 0, signal: null }],
    ['an exit code', ['sh', '-c', 'exit 42'], { code: 42, signal: null }],
    ['death by signal', ['sh', '-c', 'kill -TERM $$'], { code: null, signal: 'SIGTERM' }]
  ])('%s is reported exactly', async (_case, argv, exit) => {
    const outcome = await spawnOne(argv)
    expect(outcome.pid).toBeGreaterThan(0)
    expect(outcome.exit).toEqual(exit)
  })

  test('stdout and stderr are appended to the output file, in the order written', async () => {
    const output = path.join(dir, 'appended.log')
    writeFileSync(output, 'before\n')
    const outcome = await spawnOne(['sh', '-c', 'echo one; echo two >&2; printf three'], { output })
    expect(outcome.output).toBe('before\none\ntwo\nthree')
  })

  test('argv[0] as given, arguments without a shell, the environment exactly as given', async () => {
    const base = { ONLY: 'base', KEPT: 'from base', PATH: '/usr/bin:/bin' }
    const env = async (entries: Array<[string, string]>): Promise<string[]> => {
      const outcome = await spawnOne(['sh', '-c', 'echo "$0|$1"; env', 'custom-name', 'a b'], {
        file: '/bin/sh',
        baseEnv: base,
        env: entries
      })
      const [first, ...lines] = outcome.output.trim().split('\n')
      expect(first).toBe('custom-name|a b')
      // sh adds PWD (and may add SHLVL) of its own.
      return lines.filter(line => !/^(PWD|SHLVL|_)=/.test(line)).sort()
    }
    expect(
      await env([
        ['ONLY', 'first'],
        ['EMPTY', ''],
        ['ONLY', 'this, the last one set']
      ])
    ).toEqual(['EMPTY=', 'KEPT=from base', 'ONLY=this, the last one set', 'PATH=/usr/bin:/bin'])
    // The same base again (sent once), then another one.
    expect(await env([])).toEqual(['KEPT=from base', 'ONLY=base', 'PATH=/usr/bin:/bin'])
    const other = await spawnOne(['sh', '-c', 'env'], { baseEnv: { OTHER: 'x' }, env: [['PATH', '/bin']] })
    expect(other.output.split('\n').filter(line => /^(OTHER|KEPT|PATH)=/.test(line))).toEqual([
      'OTHER=x',
      'PATH=/bin'
    ])
  })

  test('an empty argument is passed as one', async () => {
    const outcome = await spawnOne(['sh', '-c', 'echo "$#:[$1]:[$2]"', 'zero', '', 'two'])
    expect(outcome.output).toBe('2:[]:[two]\n')
  })

  test('its own session and process group, stdin from /dev/null, no signal ignored or blocked', async () => {
    const outcome = await spawnOne([
      'sh',
      '-c',
      'cat /proc/self/stat | cut -d" " -f5-6; readlink /proc/self/fd/0; grep -E "^Sig(Ign|Blk)" /proc/self/status'
    ])
    const [ids, stdin, blocked, ignored] = outcome.output.trim().split('\n')
    // cat's process group and session are the shell's, whose pid the spawner reported.
    expect(ids).toBe(`${outcome.pid} ${outcome.pid}`)
    expect(stdin).toBe('/dev/null')
    expect(blocked).toBe('SigBlk:\t0000000000000000')
    // Python ignores SIGPIPE and SIGXFSZ; they are back to default here. glibc's posix_spawn leaves
    // its own two internal signals (32, 33) ignored, which every glibc program resets at start.
    const glibcInternal = (1n << 31n) | (1n << 32n)
    expect(BigInt(`0x${ignored.split('\t')[1]}`) & ~glibcInternal).toBe(0n)
  })

  test('the working directory', async () => {
    const outcome = await spawnOne(['sh', '-c', 'pwd'], { cwd: '/' })
    expect(outcome.output).toBe('/\n')
    expect((await spawnOne(['sh', '-c', 'pwd'])).output).toBe(`${dir}\n`)
  })

  test.each([
    ['a file that does not exist', { file: '/no/such/program' }, { code: 'ENOENT', stage: 'spawn' }],
    ['a working directory that does not exist', { cwd: '/no/such/dir' }, { code: 'ENOENT', stage: 'chdir' }],
    [
      'an output file that cannot be opened',
      { output: '/no/such/dir/out.log' },
      { code: 'ENOENT', stage: 'open' }
    ]
  ])('%s is a failure to start, with its errno and stage', async (_case, fields, failed) => {
    const outcome = await spawnOne(['sh', '-c', 'exit 0'], fields)
    expect(outcome.failed).toEqual(failed)
    expect(outcome.pid).toBeUndefined()
  })

  test.each<[string, Partial<SpawnRequest>, string]>([
    [
      'an environment value',
      { env: [['SECRET', 'top\0secret']] },
      'invalid environment variable "SECRET": contains nul byte (\\x00)'
    ],
    [
      'an environment name',
      { env: [['BAD\0NAME', 'x']] },
      'invalid environment variable "BAD\\u0000NAME": contains nul byte (\\x00)'
    ],
    [
      'a value of the base environment',
      { baseEnv: { PATH: '/bin', SECRET: 'top\0secret' } },
      'invalid environment variable "SECRET": contains nul byte (\\x00)'
    ],
    [
      'an argument',
      { argv: ['sh', '-c', 'top\0secret'] },
      'exec: "sh": argument 2 contains nul byte (\\x00)'
    ],
    [
      'the working directory',
      { cwd: '/tmp/top\0secret' },
      'chdir to cwd ("/tmp/top\\u0000secret") set in config.json failed: contains nul byte (\\x00)'
    ],
    [
      'the output file',
      { output: '/tmp/top\0secret' },
      'open "/tmp/top\\u0000secret": contains nul byte (\\x00)'
    ]
  ])(
    'a NUL byte in %s fails that request alone, with no value shown; one made alongside runs',
    async (_case, fields, reason) => {
      const [refused, served] = await Promise.all([
        spawnOne(['sh', '-c', 'echo no'], fields),
        spawnOne(['sh', '-c', 'echo yes'])
      ])
      expect(refused).toEqual({ failed: { code: 'EINVAL', stage: 'request', reason }, output: '' })
      expect(served.exit).toEqual({ code: 0, signal: null })
      expect(served.output).toBe('yes\n')
      // The helper is still in step: what it is asked next is served as asked.
      expect((await spawnOne(['sh', '-c', 'exit 5'])).exit).toEqual({ code: 5, signal: null })
    }
  )

  test.each<[string, Partial<SpawnRequest>, RegExp]>([
    ['no argv[0]', { argv: [] }, /^the process spawner refused the request: argc is 0: argv\[0\] is needed$/],
    [
      'an empty variable name',
      { env: [['', 'x']] },
      /^the process spawner refused the request: ValueError: illegal environment variable name$/
    ]
  ])('a request the helper refuses (%s) fails alone, with its reason', async (_case, fields, reason) => {
    const [refused, served] = await Promise.all([
      spawnOne(['sh', '-c', 'echo no'], fields),
      spawnOne(['sh', '-c', 'echo yes'])
    ])
    expect(refused.failed).toEqual({
      code: 'EINVAL',
      stage: 'request',
      reason: expect.stringMatching(reason)
    })
    expect(refused.pid).toBeUndefined()
    expect(served.output).toBe('yes\n')
  })

  test('many at once: every exit reaches its own process', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => spawnOne(['sh', '-c', `echo ${i}; exit ${i % 7}`]))
    )
    outcomes.forEach((outcome, i) => {
      expect(outcome.exit).toEqual({ code: i % 7, signal: null })
      expect(outcome.output).toBe(`${i}\n`)
    })
  })

  test('one after another, each started once the last has ended: no exit is missed', async () => {
    // A SIGCHLD that lands between the helper's last look and its next blocking read must still
    // wake it: with one process at a time nothing else would.
    const codes: Array<number | null> = []
    for (let i = 0; i < 3000; i++) codes.push((await spawnOne(['/bin/true'])).exit?.code ?? null)
    expect(codes).toEqual(Array.from({ length: 3000 }, () => 0))
  }, 30_000)

  test("what is left of an exited process's group is killed before its exit is reported", async () => {
    // Killed while the zombie still holds the group's id: once reaped, the id may be a new process's.
    expect(spawner.killsGroupAtExit).toBe(true)
    const token = uniqueSleep()
    const outcome = await spawnOne(['sh', '-c', `sleep $T & echo started`], { env: [['T', token]] })
    const left = processesWithToken(token, 'sleep')
    for (const pid of left) process.kill(pid, 'SIGKILL')
    expect(outcome.exit).toEqual({ code: 0, signal: null })
    expect(left).toEqual([])
  })

  test('a request made while the helper is still starting is served once it is ready', async () => {
    const fresh = new Spawner(process.env)
    expect(fresh.ready).toBe(false)
    expect(fresh.usable).toBe(true)
    const output = path.join(dir, 'early.log')
    const exit = await new Promise<{ pid?: number; code: number | null }>(resolve => {
      let pid: number | undefined
      fresh.spawn(
        { file: '/bin/sh', argv: ['sh', '-c', 'echo early'], cwd: dir, baseEnv: pathOnly, env: [], output },
        {
          spawned: started => (pid = started),
          failed: () => resolve({ code: null }),
          exited: code => resolve({ pid, code }),
          unavailable: () => resolve({ code: null })
        }
      )
    })
    fresh.close()
    expect(exit.pid).toBeGreaterThan(0)
    expect(exit.code).toBe(0)
    expect(readFileSync(output, 'utf8')).toBe('early\n')
  })

  test('without Python, requests made while it was starting come back as unavailable', async () => {
    const none = new Spawner({ PATH: path.join(dir, 'empty-path') })
    const answers: string[] = []
    await new Promise<void>(resolve => {
      const callbacks: SpawnCallbacks = {
        spawned: () => answers.push('spawned'),
        failed: code => (answers.push(`failed ${code}`), resolve()),
        exited: () => (answers.push('exited'), resolve()),
        unavailable: () => (answers.push('unavailable'), resolve())
      }
      const output = path.join(dir, 'unavailable.log')
      none.spawn(
        { file: '/bin/true', argv: ['true'], cwd: dir, baseEnv: pathOnly, env: [], output },
        callbacks
      )
    })
    expect(answers).toEqual(['unavailable'])
    expect(none.usable).toBe(false)
  })

  test('without Python on the PATH it never becomes ready', async () => {
    const none = new Spawner({ PATH: path.join(dir, 'empty-path') })
    await sleep(300)
    expect(none.ready).toBe(false)
    none.close()
  })
})

describe('the process engine through the helper', () => {
  let engine: ReturnType<typeof createProcessEngine>
  let printed: Buffer[]

  beforeAll(() => {
    mkdirSync(path.join(dir, 'streamed'))
    engine = createProcessEngine({
      workspace: dir,
      baseEnv: process.env,
      runId,
      spawner,
      shutdownGraceMs: 200
    })
  })

  afterAll(() => engine.shutdown())

  /** A stream-mode log: the process writes the file, its lines are printed with a prefix. */
  function followedLog(logPath: string): ContainerLogFile {
    writeFileSync(logPath, '')
    printed = []
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed.push(chunk)
        done()
      }
    })
    return new ContainerLogFile(logPath, { gate: new OutputGate(out), prefix: '[p/c] ' })
  }

  const run = (fields: LaunchFields) =>
    launchContainer(engine, path.join(dir, 'streamed'), { log: followedLog, ...fields })

  function launch(command: string[]): Started & { stop(graceMs: number): void } {
    const started = launchContainer(engine, dir, { command, env: [['FROM_POD', 'yes']], log: writtenLog })
    return { ...started, stop: graceMs => started.running.stop(graceMs) }
  }

  test('the container runs under the helper, writes its log itself, and its exit is reported', async () => {
    const container = launch(['sh', '-c', 'echo "parent $(cat /proc/$PPID/comm) $FROM_POD"; exit 3'])
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 3, reason: 'Error', startedAt: container.started[0] })
    expect(readFileSync(container.logPath, 'utf8')).toMatch(/^parent python3?[\d.]* yes\n$/)
  })

  test('a stop asked for before the process is known still stops it', async () => {
    const token = uniqueSleep()
    const container = launch(['sleep', token])
    container.stop(5000)
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 143, signal: 15 })
    expect(processesWithToken(token, 'sleep')).toEqual([])
  })

  test('a process that ignores SIGTERM is killed when its grace period ends', async () => {
    const container = launch(['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'])
    expect(await eventually(() => readFileSync(container.logPath, 'utf8') === 'ready\n')).toBe(true)
    const stopped = Date.now()
    container.stop(150)
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 137, signal: 9 })
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(140)
  })

  test("an executable that cannot run is a StartError with runc's words", async () => {
    const script = path.join(dir, 'no-shebang')
    writeFileSync(script, 'echo hi\n', { mode: 0o755 })
    const exit = await launch([script]).exit
    expect(exit).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
      message: `${RUNTIME_PREFIX}exec: ${JSON.stringify(script)}: exec format error: unknown`
    })
  })

  test('stream mode: every line of the file the process writes is printed before onExit', async () => {
    const container = run({
      command: ['sh', '-c', 'echo "parent $(cat /proc/$PPID/comm)"; echo err >&2; seq 1 100000; exit 4']
    })
    const exit = await container.exit
    expect(exit).toMatchObject({ exitCode: 4, reason: 'Error', startedAt: container.started[0] })
    const log = readLog(container)
    expect(log).toMatch(/^parent python3?[\d.]*\nerr\n1\n2\n/)
    const lines = log.split('\n').slice(0, -1)
    expect(lines).toHaveLength(100002)
    expect(Buffer.concat(printed).toString()).toBe(lines.map(line => `[p/c] ${line}\n`).join(''))
  })

  test('death by signal is 128 + the signal', async () => {
    expect(await run({ command: ['sh', '-c', 'kill -KILL $$'] }).exit).toMatchObject({
      exitCode: 137,
      signal: 9
    })
  })

  test('a descendant that left the group is killed once the container has ended', () =>
    // Found by the log file it holds, in the next scan (at most 100 ms later).
    expectEscapedDescendantKilled(run, 1000))
})

describe('the process engine where the helper cannot run', () => {
  test('a container started while the helper was starting runs with child_process instead', async () => {
    const noPython = new Spawner({ PATH: path.join(dir, 'empty-path') })
    const engine = createProcessEngine({ workspace: dir, baseEnv: process.env, runId, spawner: noPython })
    const container = launchContainer(engine, dir, {
      command: ['sh', '-c', 'echo "parent $PPID"; exit 4'],
      log: writtenLog
    })
    const exit = await container.exit
    await engine.shutdown()
    noPython.close()
    expect(exit).toMatchObject({ exitCode: 4, reason: 'Error' })
    // Its parent is this Node.js process (not the helper), and its output came through Node into
    // the log. (Compared by pid: Node 24 names its main thread "MainThread", which is what comm shows.)
    expect(readLog(container)).toBe(`parent ${process.pid}\n`)
  })
})

describe('a NUL byte in what a container starts with', () => {
  const engines = {
    helper: () => createProcessEngine({ workspace: dir, baseEnv: process.env, runId, spawner }),
    child_process: () => createProcessEngine({ workspace: dir, baseEnv: process.env, runId, spawner: false })
  }

  test.each([
    [
      'an environment value',
      { env: [['SECRET', 'top\0secret']] as Array<[string, string]> },
      'invalid environment variable "SECRET": contains nul byte (\\x00)'
    ],
    ['an argument', { args: ['top\0secret'] }, 'exec: "sh": argument 3 contains nul byte (\\x00)']
  ])(
    'in %s: the same StartError through the helper and through child_process',
    async (_case, fields, error) => {
      const exits = []
      for (const [name, make] of Object.entries(engines)) {
        const engine = make()
        const container = launchContainer(engine, dir, {
          command: ['sh', '-c', 'echo started'],
          log: writtenLog,
          ...fields
        })
        const exit = await container.exit
        await engine.shutdown()
        expect(readLog(container)).toBe('')
        exits.push({ name, exitCode: exit.exitCode, reason: exit.reason, message: exit.message })
      }
      const expected = { exitCode: 128, reason: 'StartError', message: `${RUNTIME_PREFIX}${error}: unknown` }
      expect(exits).toEqual([
        { name: 'helper', ...expected },
        { name: 'child_process', ...expected }
      ])
    }
  )
})
