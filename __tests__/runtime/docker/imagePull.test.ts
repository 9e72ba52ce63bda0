/**
 * Pull policies against a registry that refuses at once (127.0.0.1:9: nothing listens, no traffic leaves
 * the machine), and the early check that an engine answers before anything runs.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, EngineUnavailableError } from '../../../src/runtime/createEngine.js'
import { dockerEngineProblem } from '../../../src/runtime/docker/engineCheck.js'
import type { RunSettings } from '../../../src/settings.js'
import type { LoadedManifests } from '../../../src/api/load.js'
import { BUSYBOX, describeWithDocker } from '../../support/docker.js'
import { busybox, EngineHarness, type Outcome } from './harness.js'

/** The local busybox image under a name whose registry refuses connections. */
const UNREACHABLE = `127.0.0.1:9/job-action-test/busybox:${process.pid}`

const dir = mkdtempSync(join(tmpdir(), 'job-action-pull-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A docker client that logs each command, answers `pull` with success, and passes the rest on. */
function countingDocker(): { path: string; pulls: () => string[] } {
  const log = join(dir, `commands-${Math.random().toString(36).slice(2)}.log`)
  const path = join(dir, `docker-${Math.random().toString(36).slice(2)}.sh`)
  writeFileSync(path, `#!/bin/sh\necho "$*" >> '${log}'\n[ "$1" = pull ] && exit 0\nexec docker "$@"\n`)
  chmodSync(path, 0o755)
  const pulls = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(line => line.startsWith('pull '))
  return { path, pulls }
}

describeWithDocker('docker engine: pull policies', () => {
  const harnesses: EngineHarness[] = []
  const outcomes = new Map<string, Outcome[]>()
  const notices = new Map<string, string[]>()
  const counting = countingDocker()

  /** Runs pods of one container each, one after the other, on an engine of the case's own. */
  async function runCase(
    name: string,
    pods: number,
    fields: Parameters<typeof busybox>[2],
    dockerPath?: string
  ) {
    const harness = new EngineHarness(dockerPath ? { dockerPath } : {})
    harnesses.push(harness)
    const results: Outcome[] = []
    for (let i = 0; i < pods; i++) results.push(await harness.runOne(busybox('c', 'echo ran', fields)))
    outcomes.set(name, results)
    notices.set(name, harness.notices)
  }

  beforeAll(async () => {
    execFileSync('docker', ['tag', BUSYBOX, UNREACHABLE])
    await Promise.all([
      runCase('always', 1, { image: UNREACHABLE, imagePullPolicy: 'Always' }),
      runCase('ifNotPresent', 1, { image: UNREACHABLE, imagePullPolicy: 'IfNotPresent' }),
      runCase('alwaysTwice', 2, { image: UNREACHABLE, imagePullPolicy: 'Always' }, counting.path)
    ])
  })
  afterAll(async () => {
    await Promise.all(harnesses.map(harness => harness.close()))
    execFileSync('docker', ['rmi', UNREACHABLE], { stdio: 'pipe' })
  })

  test("Always and a failed pull: ErrImagePull with docker's message, though the image is present", () => {
    const [outcome] = outcomes.get('always')!
    expect(outcome.started).toBe(false)
    expect(outcome.waiting.map(([reason]) => reason)).toEqual(['ErrImagePull'])
    expect(outcome.exit).toMatchObject({ exitCode: 128, reason: 'ErrImagePull' })
    expect(outcome.exit.message).toMatch(
      new RegExp(`^Failed to pull image "${UNREACHABLE}": .*127\\.0\\.0\\.1:9`)
    )
  })

  test('Always and a failed pull of a present image: a notice says how to run the local image', () => {
    expect(notices.get('always')).toEqual([
      `image ${UNREACHABLE} is on this machine, but its pull policy is Always (the default for an image ` +
        'without a tag or tagged latest) and the pull failed: set imagePullPolicy: IfNotPresent to run the local image'
    ])
  })

  test('IfNotPresent and a present image: it runs without a pull', () => {
    const [outcome] = outcomes.get('ifNotPresent')!
    expect(outcome.exit.reason).toBe('Completed')
    expect(outcome.log.stdout).toBe('ran\n')
    expect(notices.get('ifNotPresent')).toEqual([])
  })

  test('Always: one pull per run and image, however many pods', () => {
    expect(outcomes.get('alwaysTwice')!.map(outcome => outcome.log.stdout)).toEqual(['ran\n', 'ran\n'])
    expect(counting.pulls()).toEqual([`pull --quiet ${UNREACHABLE}`])
  })
})

describe('createEngine: runtime docker needs an engine that answers', () => {
  const settings: RunSettings = {
    sources: [],
    runtime: 'docker',
    namespace: 'default',
    logs: 'none',
    logsDir: dir,
    backoffBaseMs: 10,
    workspace: dir
  }
  const loaded = {
    jobs: [],
    configMaps: new Map(),
    secrets: new Map(),
    notices: []
  } as unknown as LoadedManifests

  test('no docker client: a usage error naming the problem, before anything runs', async () => {
    const creating = createEngine(settings, {
      runId: 'test',
      loaded,
      notice: () => undefined,
      dockerPath: '/nonexistent/docker'
    })
    await expect(creating).rejects.toThrow(EngineUnavailableError)
    await expect(creating).rejects.toThrow(
      'the docker runtime needs a running docker engine: cannot run /nonexistent/docker: spawn /nonexistent/docker ENOENT'
    )
  })

  test('a client whose daemon does not answer: the message says so', async () => {
    const hanging = join(dir, 'hanging-docker.sh')
    writeFileSync(hanging, '#!/bin/sh\nexec sleep 30\n')
    chmodSync(hanging, 0o755)
    expect(await dockerEngineProblem(hanging, 300)).toBe(
      'the docker runtime needs a running docker engine: `docker version` did not answer within 0.3 s'
    )
  })
})

describeWithDocker('dockerEngineProblem with the docker client', () => {
  test('a daemon that is not running: docker’s own words', async () => {
    const noDaemon = join(dir, 'no-daemon-docker.sh')
    writeFileSync(noDaemon, '#!/bin/sh\nDOCKER_HOST=unix:///nonexistent/docker.sock exec docker "$@"\n')
    chmodSync(noDaemon, 0o755)
    expect(await dockerEngineProblem(noDaemon)).toBe(
      'the docker runtime needs a running docker engine: Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?'
    )
  })
})
