/**
 * Runs every Job of a loaded manifest side by side, as a cluster would, on one engine and within
 * one node's room for running pods (nodeCapacity.ts), telling once when pods wait for it; validates
 * what the chosen runtime cannot honour before anything starts; and makes sure nothing is left
 * running when the runs end, fail or are cancelled.
 */
import * as path from 'node:path'
import type { Writable } from 'node:stream'
import type { Clock } from '../clock.js'
import { createLogManager, type LogManager } from '../logs/logManager.js'
import { failedLogWriteReason, type LogWriteFailure } from '../logs/types.js'
import type { Masker } from '../masker.js'
import type { ConfigLookup } from '../runtime/environment.js'
import { runtimeErrors } from '../runtime/runtimeRules.js'
import type { ContainerEngine } from '../runtime/types.js'
import {
  machineCapacity,
  NodeCapacity,
  readMachineFacts,
  type CapacityLimit
} from '../runtime/nodeCapacity.js'
import type { RunSettings } from '../settings.js'
import { invalidObjectMessage } from '../api/validation/fieldErrors.js'
import { ManifestError, type LoadedManifests } from '../api/load.js'
import { JobRun, type JobRunResult } from './jobRun.js'
import { JobProgress, tallyIntervalMs } from './progress.js'

export interface RunIo {
  clock: Clock
  /** Live log output (the action's or the CLI's stdout). */
  out: Writable
  /** Colour the `[pod/container]` prefixes (a terminal, or the runner's log viewer). */
  color: boolean
  masker: Masker
  /** A Secret value was used: register it with the runner too. */
  onSecret?(lines: string[]): void
  /** A container's log file could not be written (the message names the Job, file and error). */
  onLogWriteFailure?(message: string): void
  /**
   * Where the lines on failed pods and the tally go (the adapters pass `out`, which keeps them in
   * order with the pods' lines); none when absent.
   */
  progress?: Writable
  /** Group mode prints workflow commands (the runner's log); default true. */
  workflowCommands?: boolean
  /** A line for the user that is no error (the adapters' notice). */
  notice?(message: string): void
  /** How many pods run at once; default: what this machine holds (nodeCapacity.ts). */
  capacity?: CapacityLimit
}

/** Reject, before anything runs, what the runtime cannot do with these Jobs. */
export function checkRuntime(loaded: LoadedManifests, runtime: RunSettings['runtime']): void {
  const messages: string[] = []
  for (const { job } of loaded.jobs) {
    const errors = runtimeErrors(runtime, job)
    if (errors.length > 0) messages.push(invalidObjectMessage('Job', job.metadata.name, errors))
  }
  if (messages.length > 0) throw new ManifestError(messages.join('\n'))
}

export function configLookup(loaded: LoadedManifests): ConfigLookup {
  return {
    configMap: (namespace, name) => loaded.configMaps.get(`${namespace}/${name}`),
    secret: (namespace, name) => loaded.secrets.get(`${namespace}/${name}`)
  }
}

export class JobsRun {
  private readonly runs: JobRun[] = []
  private readonly logManagers: LogManager[] = []
  private readonly progress: JobProgress[] = []

  constructor(
    private readonly loaded: LoadedManifests,
    private readonly settings: RunSettings,
    private readonly engine: ContainerEngine,
    private readonly io: RunIo,
    readonly runId: string
  ) {}

  async run(): Promise<JobRunResult[]> {
    const lookup = configLookup(this.loaded)
    const limit = this.io.capacity ?? machineCapacity(this.engine.name, readMachineFacts())
    const capacity = new NodeCapacity(limit, () => this.io.notice?.(this.capacityNotice(limit)))
    try {
      const pending = this.loaded.jobs.map(({ job }) => {
        // The run is made after its logs; a failure can only come once it runs.
        const made: { run?: JobRun } = {}
        const logs = createLogManager({
          mode: this.settings.logs,
          dir: path.resolve(this.settings.workspace, this.settings.logsDir),
          jobName: job.metadata.name,
          out: this.io.out,
          color: this.io.color,
          workflowCommands: this.io.workflowCommands,
          mask: this.io.masker.active ? text => this.io.masker.apply(text) : undefined,
          onWriteFailure: failure => this.logWriteFailed(job.metadata.name, made.run, failure)
        })
        this.logManagers.push(logs)
        const progress = this.jobProgress(job.metadata.name)
        const run = new JobRun(job, {
          clock: this.io.clock,
          engine: this.engine,
          logs,
          lookup,
          runId: this.runId,
          backoffBaseMs: this.settings.backoffBaseMs,
          shard: this.settings.shard,
          capacity,
          progress,
          // Streamed output shows the run is alive; otherwise a tally says so.
          tallyEveryMs: this.settings.logs === 'stream' ? undefined : tallyIntervalMs,
          onSecret: value => {
            const added = this.io.masker.add(value)
            if (added.length > 0) this.io.onSecret?.(added)
          }
        })
        made.run = run
        this.runs.push(run)
        return run.run()
      })
      const results = await Promise.all(pending)
      await Promise.all(this.logManagers.map(l => l.close()))
      await Promise.all(this.progress.map(p => p.close()))
      return results
    } finally {
      await this.engine.shutdown()
    }
  }

  /** A cut log: a Warning event of the Job, and an error line (annotation) for the adapter. */
  private logWriteFailed(jobName: string, run: JobRun | undefined, failure: LogWriteFailure): void {
    const message = `Pod ${failure.podName}, container ${failure.containerName}: cannot write log ${failure.path}: ${failure.error}; the log is cut there`
    run?.controller.recorder.record('Warning', failedLogWriteReason, message, this.io.clock.now())
    this.io.onLogWriteFailure?.(`Job ${jobName}: ${message}`)
  }

  private jobProgress(jobName: string): JobProgress | undefined {
    const out = this.io.progress
    if (!out) return undefined
    const masker = this.io.masker
    const progress = new JobProgress(jobName, { out, color: this.io.color, mask: t => masker.apply(t) })
    this.progress.push(progress)
    return progress
  }

  /** The first pod that waits for room: why, once for the run. */
  private capacityNotice(limit: CapacityLimit): string {
    const jobs = this.loaded.jobs.map(({ job }) => job)
    const asked = jobs.reduce(
      (sum, { spec }) => sum + Math.min(spec.parallelism, spec.completions ?? Infinity),
      0
    )
    const who =
      jobs.length === 1
        ? `Job "${jobs[0].metadata.name}" asks`
        : `Jobs ${jobs.map(j => `"${j.metadata.name}"`).join(', ')} ask`
    return `${who} for ${asked} pods at once; this machine runs at most ${limit.pods} (${limit.by}) — the rest wait Pending, as on a full node`
  }

  /** Stop every pod within graceMs; run() then resolves with the pods shown as terminated. */
  cancel(graceMs: number): void {
    for (const run of this.runs) run.cancel(graceMs)
  }
}
