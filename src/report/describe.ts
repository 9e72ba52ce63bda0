/**
 * `kubectl describe job`, line for line as describeJob writes it
 * (staging/src/k8s.io/kubectl/pkg/describe/describe.go): the Job's own fields, the pod template, the
 * events, all aligned by one tabwriter.
 */
import type { JobEvent } from '../api/jobEvent.js'
import type { DefaultedJob } from '../api/model.js'
import { describeEvents } from './describeEvents.js'
import {
  capIndexesListOrNone,
  formatSelector,
  printAnnotationsMultiline,
  printLabelsMultiline
} from './describeFields.js'
import { describePodTemplate } from './describePodTemplate.js'
import { humanDuration } from './humanDuration.js'
import { LEVEL_0, PrefixWriter } from './tabWriter.js'
import { formatRFC1123Z, parseRFC3339 } from './timeFormat.js'

export interface DescribeJobInput {
  job: DefaultedJob
  events: JobEvent[]
  /** The moment the report is written, for event ages (ms since the epoch). */
  now: number
  /** Time zone of the printed times, minutes east of UTC; default: the process's local zone. */
  utcOffsetMinutes?: number
}

export function describeJob(input: DescribeJobInput): string {
  const w = new PrefixWriter()
  describeJobFields(w, input)
  describePodTemplate(w, input.job.spec.template)
  describeEvents(w, input.events, input.now)
  return w.render()
}

// Kubernetes stores these times at whole seconds; so does the printed duration.
function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

function describeJobFields(w: PrefixWriter, { job, utcOffsetMinutes }: DescribeJobInput): void {
  const { metadata, spec, status } = job
  const time = (ms: number): string => formatRFC1123Z(ms, utcOffsetMinutes)
  w.write(LEVEL_0, `Name:\t${metadata.name}\n`)
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace}\n`)
  const selector = formatSelector(spec.selector)
  w.write(
    LEVEL_0,
    'error' in selector
      ? `Selector:\tFailed to get selector: ${selector.error}\n`
      : `Selector:\t${selector.text}\n`
  )
  printLabelsMultiline(w, 'Labels', metadata.labels)
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations)
  const controller = metadata.ownerReferences?.find(ref => ref.controller === true)
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`)
  if (spec.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`)
  w.write(LEVEL_0, `Completions:\t${spec.completions ?? '<unset>'}\n`)
  if (spec.completionMode !== undefined) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`)
  if (spec.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`)
  if (spec.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`)
  if (spec.ttlSecondsAfterFinished !== undefined) {
    w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`)
  }
  const start = status.startTime !== undefined ? parseRFC3339(status.startTime) : undefined
  const completion = status.completionTime !== undefined ? parseRFC3339(status.completionTime) : undefined
  if (start !== undefined) w.write(LEVEL_0, `Start Time:\t${time(start)}\n`)
  if (completion !== undefined) w.write(LEVEL_0, `Completed At:\t${time(completion)}\n`)
  if (start !== undefined && completion !== undefined) {
    w.write(LEVEL_0, `Duration:\t${humanDuration(seconds(completion) - seconds(start))}\n`)
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`)
  }
  const active = status.active ?? 0
  const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`
  w.write(
    LEVEL_0,
    status.ready === undefined
      ? `Pods Statuses:\t${active} Active / ${counts}\n`
      : `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${counts}\n`
  )
  if (spec.completionMode === 'Indexed') {
    // kubectl's describeJob has no line for status.failedIndexes: the summary's headline and
    // index strip name the failed indexes instead.
    w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes)}\n`)
  }
}
