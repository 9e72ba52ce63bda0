/**
 * Docker tests run against the real engine (scripts/container-engine.sh starts it and builds the local
 * images). Without one they skip with the reason — except under CI=true, where a missing engine is a
 * failure: CI must exercise the docker runtime. Also what several docker tests ask the engine.
 */
import { describe, test } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'

export const BUSYBOX = 'local/busybox:1'

function dockerUnavailableReason(): string | undefined {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 15000 })
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? '').trim() || (error as Error).message
    return `the docker engine does not answer (${said.split('\n')[0]})`
  }
  try {
    execFileSync('docker', ['image', 'inspect', BUSYBOX], { stdio: 'pipe', timeout: 15000 })
  } catch {
    return `the image ${BUSYBOX} is missing`
  }
  return undefined
}

let cachedReason: string | undefined | null = null

/** Why docker tests cannot run here, or undefined when they can. */
export function dockerUnavailable(): string | undefined {
  if (cachedReason === null) cachedReason = dockerUnavailableReason()
  return cachedReason
}

export function dockerRequired(): boolean {
  return process.env.CI === 'true'
}

/** describe() for tests that need the docker engine. */
export function describeWithDocker(name: string, body: () => void): void {
  const reason = dockerUnavailable()
  if (reason === undefined) {
    describe(name, body)
  } else if (dockerRequired()) {
    describe(name, () => {
      test('needs the docker engine', () => {
        throw new Error(`CI=true and ${reason}: run scripts/container-engine.sh before the tests`)
      })
    })
  } else {
    process.stderr.write(`skipping "${name}": ${reason} (run scripts/container-engine.sh)\n`)
    describe.skip(`${name} (skipped: ${reason})`, body)
  }
}

/** A docker command's standard output. */
export async function dockerOutput(args: string[]): Promise<string> {
  return (await promisify(execFile)('docker', args)).stdout
}

/** The ids of the containers and volumes docker has with this label (`key=value`). */
export async function labelledIds(label: string): Promise<string[]> {
  const filter = `label=${label}`
  const containers = await dockerOutput(['ps', '--all', '--quiet', '--filter', filter])
  const volumes = await dockerOutput(['volume', 'ls', '--quiet', '--filter', filter])
  return `${containers}${volumes}`.split('\n').filter(line => line !== '')
}

/**
 * A Job of two pods, each of two containers (`main` with an emptyDir at /scratch, and `helper`) on
 * the local busybox: what the tests that stop a run midway leave behind. Commands as YAML arrays.
 */
export function twoPodJob(name: string, main: string, helper: string): string {
  return `
apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: scratch, emptyDir: {} }]
      containers:
        - name: main
          image: ${BUSYBOX}
          command: ${main}
          volumeMounts: [{ name: scratch, mountPath: /scratch }]
        - name: helper
          image: ${BUSYBOX}
          command: ${helper}
`
}
