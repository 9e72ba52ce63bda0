/**
 * Drives the docker engine the way the kubelet layer does — startPod, startContainer with callbacks,
 * endPod, shutdown — and records what the engine reported.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Container, PodSpec } from '../../../src/api/model.js'
import type {
  ContainerEngine,
  ContainerExit,
  PodIdentity,
  RunningContainer
} from '../../../src/runtime/types.js'
import { createDockerEngine, type DockerEngineOptions } from '../../../src/runtime/docker/dockerEngine.js'
import { FileContainerLog } from './fileLog.js'

export interface Outcome {
  podUid: string
  exit: ContainerExit
  waiting: Array<[string, string]>
  started: boolean
  log: FileContainerLog
}

export interface Started {
  running: RunningContainer
  log: FileContainerLog
  /** Resolves at onStart. */
  started: Promise<number>
  outcome: Promise<Outcome>
}

export interface LaunchExtras {
  command?: string[]
  args?: string[]
  env?: Array<[string, string]>
}

export class EngineHarness {
  readonly runId = `test-${randomUUID()}`
  readonly dir = mkdtempSync(join(tmpdir(), 'job-action-docker-test-'))
  readonly notices: string[] = []
  readonly engine: ContainerEngine
  /** Attempts started per pod and container: the kubelet numbers them 0, 1, 2… */
  private readonly attempts = new Map<string, number>()

  constructor(options: Partial<DockerEngineOptions> = {}) {
    this.engine = createDockerEngine({
      runId: this.runId,
      workspace: this.dir,
      tempDir: this.dir,
      notice: message => this.notices.push(message),
      ...options
    })
  }

  pod(name: string, hostname = name): PodIdentity {
    return {
      runId: this.runId,
      jobName: 'job',
      namespace: 'default',
      podName: name,
      podUid: randomUUID(),
      hostname,
      index: null,
      labels: {},
      annotations: {}
    }
  }

  start(pod: PodIdentity, podSpec: PodSpec, container: Container, extras: LaunchExtras = {}): Started {
    const log = new FileContainerLog(join(this.dir, `${pod.podName}-${container.name}-${randomUUID()}.log`))
    const waiting: Array<[string, string]> = []
    let started = false
    let onStarted: (at: number) => void = () => undefined
    const startedPromise = new Promise<number>(resolve => (onStarted = resolve))
    let running: RunningContainer | undefined
    const key = `${pod.podUid}/${container.name}`
    const attempt = this.attempts.get(key) ?? 0
    this.attempts.set(key, attempt + 1)
    const outcome = new Promise<Outcome>(resolve => {
      running = this.engine.startContainer(
        {
          pod,
          container,
          podSpec,
          command: extras.command ?? container.command,
          args: extras.args ?? container.args,
          env: extras.env ?? [],
          attempt,
          log
        },
        {
          onStart: at => {
            started = true
            onStarted(at)
          },
          onWaiting: (reason, message) => waiting.push([reason, message]),
          onExit: exit => resolve({ podUid: pod.podUid, exit, waiting, started, log })
        }
      )
    })
    return { running: running!, log, started: startedPromise, outcome }
  }

  /** One pod with one container, its container started (its onStart may still be to come). */
  async startOne(container: Container): Promise<{ pod: PodIdentity; run: Started }> {
    const pod = this.pod('pod')
    const spec: PodSpec = { containers: [container], restartPolicy: 'Never' }
    await this.engine.startPod!(pod, spec)
    return { pod, run: this.start(pod, spec, container) }
  }

  /** One pod with one container, run to its end. */
  async runOne(
    container: Container,
    extras: LaunchExtras = {},
    podSpec?: Partial<PodSpec>
  ): Promise<Outcome> {
    const pod = this.pod('pod')
    const spec: PodSpec = { containers: [container], restartPolicy: 'Never', ...podSpec }
    await this.engine.startPod!(pod, spec)
    const outcome = await this.start(pod, spec, container, extras).outcome
    await this.engine.endPod!(pod)
    return outcome
  }

  /** Containers and volumes of this run (or of one pod of it) that docker still has. */
  leftovers(podUid?: string): string[] {
    const filter = podUid ? `label=job-action.pod-uid=${podUid}` : `label=job-action.run-id=${this.runId}`
    const list = (args: string[]) =>
      execFileSync('docker', args, { encoding: 'utf8' })
        .split('\n')
        .filter(line => line.trim() !== '')
    return [
      ...list(['ps', '--all', '--quiet', '--filter', filter]).map(id => `container ${id}`),
      ...list(['volume', 'ls', '--quiet', '--filter', filter]).map(name => `volume ${name}`)
    ]
  }

  async close(): Promise<void> {
    await this.engine.shutdown()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

export function busybox(name: string, script: string, fields: Partial<Container> = {}): Container {
  return { name, image: 'local/busybox:1', command: ['sh', '-c', script], ...fields }
}
