/**
 * Annotations for failed pods, pointing at the container in the manifest file where it is known:
 * errors when their Job failed, warnings when it completed all the same (a retried failure must
 * not put red marks on a green step). The runner keeps at most 10 annotations of each kind per
 * step, so the first failed pods are annotated and the summary lists every one.
 */
import * as path from 'node:path'
import type { ContainerStatusRecord, PodRecord } from '../api/podRecord.js'
import type { JobRunResult } from './runResult.js'
import type { LoadedJob } from '../api/load.js'
import { containerStateText, waitingFailures } from './containerState.js'
import { containerTail, exitText } from './summaryLogs.js'

/** The runner's _maxCountPerIssueType: annotations past the tenth error of a step are dropped. */
export const maxErrorAnnotations = 10
/** The runner cuts an annotation's message at 4096 characters. */
const maxMessageLength = 4096
const tailLength = 10

export interface PodAnnotation {
  /** error: the pod's Job failed; warning: the Job completed (or was left suspended) anyway. */
  level: 'error' | 'warning'
  title: string
  message: string
  file?: string
  startLine?: number
  startColumn?: number
}

export interface AnnotationOptions {
  /** How many errors to make at most (default 10, the runner's limit). */
  limit?: number
  /** How many warnings to make at most (default 10: the runner counts them apart from errors). */
  warningLimit?: number
  mask: (text: string) => string
  /** Annotation paths are relative to the repository root: the workspace. */
  workspace: string
}

/** The container whose end failed the pod: the first with a non-zero exit, init containers first. */
function failedContainer(pod: PodRecord): { status: ContainerStatusRecord; init: boolean } | undefined {
  const init = pod.initContainerStatuses.find(s => s.state === 'terminated' && (s.exitCode ?? 0) !== 0)
  if (init) return { status: init, init: true }
  const main = pod.containerStatuses.find(s => s.state === 'terminated' && (s.exitCode ?? 0) !== 0)
  return main ? { status: main, init: false } : undefined
}

/** The manifest file as a path in the repository, or nothing for an inline manifest. */
function repositoryPath(file: string, workspace: string): string | undefined {
  if (file.startsWith('<')) return undefined
  const relative = path.relative(workspace, path.resolve(workspace, file))
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return relative.split(path.sep).join('/')
}

function annotate(
  result: JobRunResult,
  loaded: LoadedJob | undefined,
  pod: PodRecord,
  options: AnnotationOptions
): PodAnnotation {
  const jobName = result.job.metadata.name
  const failed = failedContainer(pod)
  const index = pod.index !== null ? ` (index ${pod.index})` : ''
  const title = `Job ${jobName}: pod ${pod.name}${index} failed`
  const lines: string[] = []
  if (failed) {
    // The reason is in exitText; the message is what the runtime or the engine said (a start
    // error, a pull error), which no log holds.
    const message = failed.status.message?.trim()
    lines.push(
      `Container "${failed.status.name}" ${exitText(failed.status)}${message ? `: ${message}` : '.'}`
    )
  }
  const waiting = failed ? [] : waitingFailures(pod)
  for (const status of waiting)
    lines.push(`Container "${status.name}" never started: ${containerStateText(status)}`)
  if (pod.reason) lines.push(`Pod ${pod.reason}${pod.message ? `: ${pod.message}` : ''}.`)
  if (pod.deletionCause === 'JobFailing') lines.push(`Stopped as the Job failed (${result.reason}).`)
  if (!failed && waiting.length === 0 && !pod.reason && !pod.deletionCause) lines.push('The pod failed.')
  if (result.status === 'Complete') lines.push('The Job completed all the same: its failure was retried.')
  const tail = failed ? containerTail(failed.status, tailLength, options.mask) : []
  if (tail.length > 0)
    lines.push(
      '',
      tail.length === 1 ? 'The last line of its log:' : `Last ${tail.length} lines of its log:`,
      ...tail
    )
  let message = options.mask(lines.join('\n'))
  if (message.length > maxMessageLength) message = `${message.slice(0, maxMessageLength - 1)}…`

  const level = result.status === 'Failed' ? 'error' : 'warning'
  const annotation: PodAnnotation = { level, title: options.mask(title), message }
  const file = loaded ? repositoryPath(loaded.file, options.workspace) : undefined
  if (loaded && file) {
    annotation.file = file
    const containers = failed?.init ? 'initContainers' : 'containers'
    const template = loaded.job.spec.template.spec
    const list = failed?.init ? template.initContainers : template.containers
    const position = Math.max(0, list?.findIndex(c => c.name === failed?.status.name) ?? 0)
    const at =
      loaded.locate(`spec.template.spec.${containers}[${position}]`) ?? loaded.locate('spec.template')
    if (at) {
      annotation.startLine = at.line
      annotation.startColumn = at.column
    }
  }
  return annotation
}

/**
 * One annotation per failed pod, in the order the Jobs and their pods were created, at most
 * `limit` errors and `warningLimit` warnings. `loaded[i]` is where `results[i]` was read from.
 */
export function failedPodAnnotations(
  results: readonly JobRunResult[],
  loaded: readonly LoadedJob[],
  options: AnnotationOptions
): PodAnnotation[] {
  const limits = {
    error: options.limit ?? maxErrorAnnotations,
    warning: options.warningLimit ?? maxErrorAnnotations
  }
  const made = { error: 0, warning: 0 }
  const annotations: PodAnnotation[] = []
  results.forEach((result, i) => {
    const source = loaded[i]?.job.metadata.name === result.job.metadata.name ? loaded[i] : undefined
    const level = result.status === 'Failed' ? 'error' : 'warning'
    for (const pod of result.pods) {
      if (made[level] >= limits[level]) return
      if (pod.phase !== 'Failed') continue
      annotations.push(annotate(result, source, pod, options))
      made[level]++
    }
  })
  return annotations
}

/** How many failed pods there are in all, to say how many went unannotated. */
export function failedPodCount(results: readonly JobRunResult[]): number {
  return results.reduce((n, r) => n + r.pods.filter(p => p.phase === 'Failed').length, 0)
}
