/**
 * The names and labels the docker runtime gives what it creates: names docker accepts, and the labels
 * (LABELS) by which shutdown() and the post step find a run's containers and volumes again.
 */
import type { PodIdentity } from '../types.js'
import { LABELS } from './containerArgs.js'

/** Names docker accepts for containers and volumes: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
export function dockerSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9_.-]/g, '_').replace(/^[^a-zA-Z0-9]/, 'x')
}

/** The labels of one of a pod's containers (`POD` for its pause container and volumes). */
export function labelsOf(runId: string, pod: PodIdentity, container: string): Record<string, string> {
  return {
    [LABELS.runId]: runId,
    [LABELS.job]: pod.jobName,
    [LABELS.pod]: pod.podName,
    [LABELS.podUid]: pod.podUid,
    [LABELS.container]: container
  }
}

/** `--label key=value` options. */
export function labelOptions(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`])
}
