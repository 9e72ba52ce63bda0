/**
 * What the chosen runtime cannot honour in a Job, found before anything runs: the runner's one
 * entry to each runtime's rules. The process runtime has rules of its own (no image entrypoint, no
 * mount namespace: process/processRuntimeRules.ts); the docker runtime honours what a node does, and
 * fails a volume it cannot set up at mount time with the kubelet's FailedMount (docker/podVolumes.ts).
 * Neither runtime's kubelet knows container-level restart rules (KEP-5307, ContainerRestartRules:
 * beta and on in Kubernetes v1.35+, so the API accepts them) nor reads `valueFrom.fileKeyRef`
 * (EnvFiles, on by default too): a Job that needs them is refused, rather than run differently.
 */
import type { Container, DefaultedJob } from '../api/model.js'
import type { FieldError } from '../api/validation/fieldErrors.js'
import { processRuntimeErrors } from './process/processRuntimeRules.js'
import type { RuntimeName } from './types.js'

export function runtimeErrors(runtime: RuntimeName, job: DefaultedJob): FieldError[] {
  return [
    ...containerRestartErrors(runtime, job),
    ...fileKeyRefErrors(runtime, job),
    ...(runtime === 'process' ? processRuntimeErrors(job) : [])
  ]
}

/**
 * A container's own restartPolicy, unless it says what the pod's does (or makes an init container a
 * sidecar), and any restartPolicyRules: the kubelet here restarts containers as the pod says.
 */
function containerRestartErrors(runtime: RuntimeName, job: DefaultedJob): FieldError[] {
  const spec = job.spec.template.spec
  const errors: FieldError[] = []
  const check = (container: Container, path: string, init: boolean): void => {
    const policy = container.restartPolicy
    if (policy !== undefined && policy !== spec.restartPolicy && !(init && policy === 'Always')) {
      errors.push({
        type: 'Forbidden',
        field: `${path}.restartPolicy`,
        detail: `the ${runtime} runtime does not honour a container's own restartPolicy (KEP-5307): its containers restart as the pod's restartPolicy (${spec.restartPolicy}) says (remove it, or set it to ${spec.restartPolicy})`
      })
    }
    if (container.restartPolicyRules?.length) {
      errors.push({
        type: 'Forbidden',
        field: `${path}.restartPolicyRules`,
        detail: `the ${runtime} runtime does not honour restartPolicyRules (KEP-5307): its containers restart as the pod's restartPolicy (${spec.restartPolicy}) says`
      })
    }
  }
  ;(spec.initContainers ?? []).forEach((c, i) => check(c, `spec.template.spec.initContainers[${i}]`, true))
  spec.containers.forEach((c, i) => check(c, `spec.template.spec.containers[${i}]`, false))
  return errors
}

/** env `valueFrom.fileKeyRef`: a value the kubelet reads from a file an init container wrote. */
function fileKeyRefErrors(runtime: RuntimeName, job: DefaultedJob): FieldError[] {
  const spec = job.spec.template.spec
  const errors: FieldError[] = []
  const check = (container: Container, path: string): void =>
    (container.env ?? []).forEach((variable, i) => {
      if (variable.valueFrom?.fileKeyRef === undefined) return
      errors.push({
        type: 'Forbidden',
        field: `${path}.env[${i}].valueFrom.fileKeyRef`,
        detail: `the ${runtime} runtime does not read environment variables from files (EnvFiles): set the value, or take it from a ConfigMap or Secret`
      })
    })
  ;(spec.initContainers ?? []).forEach((c, i) => check(c, `spec.template.spec.initContainers[${i}]`))
  spec.containers.forEach((c, i) => check(c, `spec.template.spec.containers[${i}]`))
  return errors
}
