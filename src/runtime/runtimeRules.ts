/**
 * What the chosen runtime cannot honour in a Job, found before anything runs: the runner's one
 * entry to each runtime's rules. The process runtime has rules of its own (no image entrypoint, no
 * mount namespace: process/processRuntimeRules.ts); the docker runtime honours what a node does, and
 * fails a volume it cannot set up at mount time with the kubelet's FailedMount (docker/podVolumes.ts).
 */
import type { DefaultedJob } from '../api/model.js'
import type { FieldError } from '../api/validation/fieldErrors.js'
import { processRuntimeErrors } from './process/processRuntimeRules.js'
import type { RuntimeName } from './types.js'

export function runtimeErrors(runtime: RuntimeName, job: DefaultedJob): FieldError[] {
  return runtime === 'process' ? processRuntimeErrors(job) : []
}
