/**
 * `job-action describe job|pod [NAME...]`: kubectl describe over the runs in the logs folder — a
 * Job as the run printed it (from its status file), a pod as kubectl describes one. Several are
 * separated by a blank line, as kubectl separates them.
 */
import { describeJob } from '../report/describe.js'
import { describePod } from '../report/describePod.js'
import { errorExit, noResources, notFound, pick, readRuns, resourceArgs, selectorOf } from './readRuns.js'
import type { CliIo, CliOptions } from './types.js'

export function describeVerb(options: CliOptions, io: CliIo): number {
  const { kind, names } = resourceArgs(options.operands)
  const view = readRuns(options)
  const selector = selectorOf(options)
  const now = Date.now()
  const { texts, missing } =
    kind === 'jobs'
      ? (() => {
          const { found, missing } = pick(
            view.jobs,
            names,
            selector,
            j => j.metadata.name,
            j => j.metadata.labels
          )
          return { missing, texts: found.map(job => describeJob({ job, events: view.eventsOf(job), now })) }
        })()
      : (() => {
          const { found, missing } = pick(
            view.pods,
            names,
            selector,
            p => p.pod.name,
            p => p.pod.labels
          )
          return { missing, texts: found.map(pod => describePod({ ...pod, now })) }
        })()
  io.stdout.write(texts.join('\n\n'))
  for (const name of missing) io.stderr.write(notFound(kind, name))
  if (missing.length > 0) return errorExit
  if (texts.length === 0) io.stderr.write(noResources(options.namespace))
  return 0
}
