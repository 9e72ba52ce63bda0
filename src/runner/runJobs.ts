/**
 * Runs every Job of a loaded manifest side by side, as a cluster would, on one engine; validates
 * what the chosen runtime cannot honour before anything starts; and makes sure nothing is left
 * running when the runs end, fail or are cancelled.
 */
import * as path from 'node:path'
import type { Writable } from 'node:stream'
import type { Clock } from '../clock.js'
import { createLogManager, type LogManager } from '../logs/logManager.js'
import type { Masker } from '../masker.js'
import type { ConfigLookup } from '../runtime/environment.js'
import { runtimeErrors } from '../runtime/runtimeRules.js'
import type { ContainerEngine } from '../runtime/types.js'
import type { RunSettings } from '../settings.js'
import { invalidObjectMessage } from '../api/validation/fieldErrors.js'
import { ManifestError, type LoadedManifests } from '../api/load.js'
import { JobRun, type JobRunResult } from './jobRun.js'

export interface RunIo {
  clock: Clock
  /** Live log output (the action's or the CLI's stdout). */
  out: Writable
  /** Colour the `[pod/container]` prefixes (a terminal, or the runner's log viewer). */
  color: boolean
  masker: Masker
  /** A Secret value was used: register it with the runner too. */
  onSecret?(lines: string[]): void
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

  constructor(
    private readonly loaded: LoadedManifests,
    private readonly settings: RunSettings,
    private readonly engine: ContainerEngine,
    private readonly io: RunIo,
    readonly runId: string
  ) {}

  async run(): Promise<JobRunResult[]> {
    const lookup = configLookup(this.loaded)
    try {
      const pending = this.loaded.jobs.map(({ job }) => {
        const logs = createLogManager({
          mode: this.settings.logs,
          dir: path.resolve(this.settings.workspace, this.settings.logsDir),
          jobName: job.metadata.name,
          out: this.io.out,
          color: this.io.color,
          mask: this.io.masker.active ? text => this.io.masker.apply(text) : undefined
        })
        this.logManagers.push(logs)
        const run = new JobRun(job, {
          clock: this.io.clock,
          engine: this.engine,
          logs,
          lookup,
          runId: this.runId,
          backoffBaseMs: this.settings.backoffBaseMs,
          shard: this.settings.shard,
          onSecret: value => {
            const added = this.io.masker.add(value)
            if (added.length > 0) this.io.onSecret?.(added)
          }
        })
        this.runs.push(run)
        return run.run()
      })
      const results = await Promise.all(pending)
      await Promise.all(this.logManagers.map(l => l.close()))
      return results
    } finally {
      await this.engine.shutdown()
    }
  }

  /** Stop every pod within graceMs; run() then resolves with the pods shown as terminated. */
  cancel(graceMs: number): void {
    for (const run of this.runs) run.cancel(graceMs)
  }
}
