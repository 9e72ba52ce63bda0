/**
 * The tables of `kubectl get jobs` and `kubectl get pods -o wide`, with the cells of the server-side
 * printers (pkg/printers/internalversion/printers.go: printJob, printPod) and cli-runtime's table
 * layout. `get pods` without `-o wide` is getPods.ts's table.
 */
import type { DefaultedJob } from '../api/model.js'
import { formatLabelSelector } from './describeFields.js'
import { podRow } from './getPods.js'
import { humanDuration, timestampSince, truncateToSecond } from './humanDuration.js'
import type { PodOfJob } from './kubeObjects.js'
import { escapeTerminal, formatTabbed, tableTabSettings } from './tabWriter.js'
import { parseRFC3339 } from './timeFormat.js'

function hasCondition(job: DefaultedJob, type: string): boolean {
  return (job.status.conditions ?? []).some(c => c.type === type && c.status === 'True')
}

/** printJob's STATUS: the first of these that holds. */
function jobStatus(job: DefaultedJob): string {
  if (hasCondition(job, 'Complete')) return 'Complete'
  if (hasCondition(job, 'Failed')) return 'Failed'
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating'
  if (hasCondition(job, 'Suspended')) return 'Suspended'
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget'
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet'
  return 'Running'
}

function completions(job: DefaultedJob): string {
  const succeeded = job.status.succeeded ?? 0
  if (job.spec.completions !== undefined && job.spec.completions !== null)
    return `${succeeded}/${job.spec.completions}`
  if (job.spec.parallelism > 1) return `${succeeded}/1 of ${job.spec.parallelism}`
  return `${succeeded}/1`
}

/** Empty before the Job started; it grows until completionTime, which a failed Job never gets. */
function duration(job: DefaultedJob, now: number): string {
  if (job.status.startTime === undefined) return ''
  const start = truncateToSecond(parseRFC3339(job.status.startTime))
  const end =
    job.status.completionTime !== undefined ? truncateToSecond(parseRFC3339(job.status.completionTime)) : now
  return humanDuration(end - start)
}

function table(lines: string[][], noHeaders: boolean): string {
  const rows = noHeaders ? lines.slice(1) : lines
  return formatTabbed(rows.map(cells => escapeTerminal(cells.join('\t')) + '\n').join(''), tableTabSettings)
}

export interface TableOptions {
  wide: boolean
  noHeaders: boolean
  now: number
}

export function getJobsTable(jobs: readonly DefaultedJob[], { wide, noHeaders, now }: TableOptions): string {
  const header = ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']
  if (wide) header.push('CONTAINERS', 'IMAGES', 'SELECTOR')
  const rows = jobs.map(job => {
    const created = job.metadata.creationTimestamp
    const cells = [
      job.metadata.name,
      jobStatus(job),
      completions(job),
      duration(job, now),
      timestampSince(created !== undefined ? parseRFC3339(created) : undefined, now)
    ]
    if (wide) {
      const containers = job.spec.template.spec.containers
      cells.push(
        containers.map(c => c.name).join(','),
        containers.map(c => c.image ?? '').join(','),
        formatLabelSelector(job.spec.selector)
      )
    }
    return cells
  })
  return table([header, ...rows], noHeaders)
}

/** printPod's cells; wide adds where the pod ran: the node, but no IP (a run has none). */
export function getPodsTableOf(pods: readonly PodOfJob[], { wide, noHeaders, now }: TableOptions): string {
  const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']
  if (wide) header.push('IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES')
  const rows = pods.map(({ pod, job }) => {
    const row = podRow(pod, now)
    const cells = [row.name, row.ready, row.status, row.restarts, row.age]
    if (wide) {
      const gates = job.spec.template.spec.readinessGates ?? []
      const gateText =
        gates.length === 0
          ? '<none>'
          : `${gates.filter(g => pod.conditions.some(c => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
      cells.push('<none>', pod.nodeName ?? '<none>', '<none>', gateText)
    }
    return cells
  })
  return table([header, ...rows], noHeaders)
}
