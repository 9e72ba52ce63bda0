/**
 * Single-container pods, all started at once in beforeAll (docker runs them side by side), then one
 * named test per case over what the engine reported.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync, execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Container } from '../../../src/api/model.js'
import { BUSYBOX, describeWithDocker } from '../../support/docker.js'
import { busybox, EngineHarness, type LaunchExtras, type Outcome } from './harness.js'

// An image with both ENTRYPOINT and CMD, made from the busybox image's file system.
const ENTRYPOINT_IMAGE = `job-action-test/entrypoint:${process.pid}`
const entrypointImage: Container = { name: 'c', image: ENTRYPOINT_IMAGE, imagePullPolicy: 'Never' }

const commandCases = [
  {
    name: 'neither: the image ENTRYPOINT and CMD',
    command: undefined,
    args: undefined,
    output: 'entry cmd\n'
  },
  {
    name: 'args only: the image ENTRYPOINT, args instead of CMD',
    command: undefined,
    args: ['a1', 'a2'],
    output: 'entry a1 a2\n'
  },
  { name: 'command only: CMD dropped', command: ['/bin/echo', 'c1'], args: undefined, output: 'c1\n' },
  { name: 'command and args', command: ['/bin/echo', 'c1'], args: ['a1'], output: 'c1 a1\n' },
  { name: 'empty command and args: the image defaults', command: [], args: [], output: 'entry cmd\n' }
]

const exitCases = [
  { name: 'exit 0', script: 'exit 0', exitCode: 0, reason: 'Completed' },
  { name: 'exit 3', script: 'exit 3', exitCode: 3, reason: 'Error' },
  { name: 'exit 255', script: 'exit 255', exitCode: 255, reason: 'Error' },
  {
    name: 'a child killed by SIGKILL',
    script: 'sh -c "kill -9 \\$\\$"; exit $?',
    exitCode: 137,
    reason: 'Error'
  },
  // The docker client's own error codes, here the container's.
  { name: 'exit 125', script: 'exit 125', exitCode: 125, reason: 'Error' },
  { name: 'exit 126', script: 'exit 126', exitCode: 126, reason: 'Error' },
  { name: 'a shell command not found: 127', script: 'no-such-command', exitCode: 127, reason: 'Error' }
]

/** The docker client's own failures: the container never ran, its log is empty. */
const clientFailureCases = [
  {
    name: 'an unknown capability: docker cannot create the container',
    container: busybox('c', 'exit 0', { securityContext: { capabilities: { add: ['NOT_A_CAP'] } } }),
    reason: 'CreateContainerError',
    message: /^invalid CapAdd: unknown capability: "CAP_NOT_A_CAP"$/
  },
  {
    name: 'a command that does not exist: created, its process cannot start',
    container: { name: 'c', image: BUSYBOX, command: ['/no/such/program'] },
    reason: 'StartError',
    message: /exec: "\/no\/such\/program": stat \/no\/such\/program: no such file or directory/
  },
  {
    name: 'a directory as the command: created, its process cannot start',
    container: { name: 'c', image: BUSYBOX, command: ['/etc'] },
    reason: 'StartError',
    message: /exec: "\/etc": permission denied/
  }
]

const env: Array<[string, string]> = [
  ['MULTI', 'line one\nline two\n'],
  ['EMPTY', ''],
  ['EQUALS', 'a=b=c'],
  ['HOSTNAME', 'from-env']
]

const runs: Record<string, { container: Container; extras?: LaunchExtras }> = {
  ...Object.fromEntries(commandCases.map(c => [c.name, { container: entrypointImage, extras: c }])),
  ...Object.fromEntries(exitCases.map(c => [c.name, { container: busybox('c', c.script) }])),
  streams: { container: busybox('c', 'echo out1; echo err1 >&2; printf "no newline\\377"') },
  env: {
    container: busybox('c', 'printf "[%s]" "$MULTI" "${EMPTY-unset}" "$EQUALS" "$HOSTNAME"'),
    extras: { env }
  },
  workingDir: { container: busybox('c', 'pwd', { workingDir: '/tmp/work/dir' }) },
  lookalike: { container: busybox('c', 'echo "Error response from daemon: mine" >&2; exit 1') },
  lookalike125: {
    container: busybox('c', 'echo "docker: Error response from daemon: mine" >&2; exit 125')
  },
  ...Object.fromEntries(clientFailureCases.map(c => [c.name, { container: c.container }])),
  missingProgram: { container: { name: 'c', image: BUSYBOX, command: ['/no/such/program'] } },
  imageCmd: { container: { name: 'c', image: BUSYBOX, args: ['echo', 'from args'] } }
}

describeWithDocker('docker engine: command, args, env and exit', () => {
  let harness: EngineHarness
  const outcomes = new Map<string, Outcome>()
  const outcome = (name: string): Outcome => {
    const found = outcomes.get(name)
    if (!found) throw new Error(`no outcome for ${name}`)
    return found
  }

  beforeAll(async () => {
    harness = new EngineHarness()
    const id = execFileSync('docker', ['create', '--network=none', BUSYBOX], { encoding: 'utf8' }).trim()
    execSync(
      `docker export ${id} | docker import -c 'ENTRYPOINT ["/bin/echo", "entry"]' -c 'CMD ["cmd"]' - ${ENTRYPOINT_IMAGE}`,
      { stdio: 'pipe' }
    )
    execFileSync('docker', ['rm', id], { stdio: 'pipe' })
    await Promise.all(
      Object.entries(runs).map(async ([name, run]) => {
        outcomes.set(name, await harness.runOne(run.container, run.extras))
      })
    )
  })
  afterAll(async () => {
    await harness.close()
    execFileSync('docker', ['rmi', ENTRYPOINT_IMAGE], { stdio: 'pipe' })
  })

  test('nothing of any pod is left once it ended', () => {
    for (const name of Object.keys(runs)) expect(harness.leftovers(outcome(name).podUid)).toEqual([])
    expect(harness.leftovers()).toEqual([])
  })

  test.each(commandCases)('$name', ({ name, output }) => {
    expect(outcome(name).exit).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(outcome(name).log.stdout).toBe(output)
  })

  test.each(exitCases)('exit code: $name', ({ name, exitCode, reason }) => {
    const { exit } = outcome(name)
    expect(exit).toMatchObject({ exitCode, reason })
    expect(exit.signal).toBeUndefined()
    expect(exit.startedAt).toBeLessThanOrEqual(exit.finishedAt)
  })

  test('stdout and stderr reach the log as separate streams, byte for byte', () => {
    const { log } = outcome('streams')
    expect(log.stdout).toBe('out1\nno newline\ufffd')
    expect(log.stderr).toBe('err1\n')
    const file = readFileSync(log.path)
    expect(file.includes(Buffer.from('no newline\xff', 'latin1'))).toBe(true)
    expect(file.length).toBe('out1\nerr1\nno newline'.length + 1)
  })

  test('env values keep newlines, empty values and equals signs; env overrides HOSTNAME', () => {
    expect(outcome('env').log.stdout).toBe('[line one\nline two\n][][a=b=c][from-env]')
  })

  test("a container's own stderr that reads like a docker client error stays in its log", () => {
    expect(outcome('lookalike').log.stderr).toBe('Error response from daemon: mine\n')
    expect(outcome('lookalike').exit.exitCode).toBe(1)
  })

  test("a container's own exit code 125 after a line like the docker client's stays its exit code and log", () => {
    const { exit, log } = outcome('lookalike125')
    expect(exit).toMatchObject({ exitCode: 125, reason: 'Error' })
    expect(log.stderr).toBe('docker: Error response from daemon: mine\n')
  })

  test.each(clientFailureCases)(
    "$name: $reason, exit code 128, docker's message without the client's prefixes",
    ({ name, reason, message }) => {
      const { exit, log, waiting } = outcome(name)
      expect(exit).toMatchObject({ exitCode: 128, reason })
      expect(exit.message).toMatch(message)
      expect(exit.message).not.toMatch(/docker: |Error response from daemon: |docker run --help/)
      expect(exit.startedAt).toBeUndefined()
      expect(readFileSync(log.path, 'utf8')).toBe('')
      // The kubelet shows CreateContainerError as the waiting reason before it gives up (we give up at once).
      expect(waiting).toEqual(reason === 'CreateContainerError' ? [[reason, exit.message]] : [])
    }
  )

  test('workingDir is the working directory, created when missing', () => {
    expect(outcome('workingDir').log.stdout).toBe('/tmp/work/dir\n')
  })

  test("a command that does not exist: StartError, exit code 128, docker's message, an empty log", () => {
    const { exit, started, log } = outcome('missingProgram')
    expect(started).toBe(true)
    expect(exit).toMatchObject({ exitCode: 128, reason: 'StartError' })
    expect(exit.message).toContain('/no/such/program')
    expect(readFileSync(log.path, 'utf8')).toBe('')
  })

  test('args without command replace the CMD of an image without ENTRYPOINT', () => {
    expect(outcome('imageCmd').log.stdout).toBe('from args\n')
  })
})
