/**
 * What the process runtime cannot honour, rejected before anything runs (design.md, "Process
 * runtime rules"): there is no image, so no entrypoint to fall back on, and no mount namespace,
 * so a volume can only be "mounted" where it already is.
 */
import type { Container, Job } from '../../spec/types.js'
import type { FieldError } from '../../spec/fieldErrors.js'

export function processRuntimeErrors(job: Job): FieldError[] {
  const errors: FieldError[] = []
  const spec = job.spec.template.spec
  const volumes = new Map((spec.volumes ?? []).map(v => [v.name, v]))
  const check = (container: Container, path: string): void => {
    if (!container.command || container.command.length === 0)
      errors.push({
        type: 'Required value',
        field: `${path}.command`,
        detail: container.args
          ? 'args without command cannot run under the process runtime: there is no image entrypoint to pass them to (set command, or use runtime: docker)'
          : 'the process runtime runs command and args directly and has no image entrypoint to fall back on (set command, or use runtime: docker)'
      })
    ;(container.volumeMounts ?? []).forEach((mount, i) => {
      const volume = volumes.get(mount.name)
      if (!volume) return // the API validation reports the unknown volume
      if (volume.hostPath && volume.hostPath.path === mount.mountPath && !mount.subPath) return
      const kind = Object.keys(volume).find(k => k !== 'name') ?? 'volume'
      errors.push({
        type: 'Invalid value',
        field: `${path}.volumeMounts[${i}].mountPath`,
        value: mount.mountPath,
        detail: `the process runtime cannot mount volume "${mount.name}" (${kind}): a process sees the runner's own file system, so only a hostPath volume whose path equals its mountPath can be honoured (or use runtime: docker)`
      })
    })
  }
  ;(spec.initContainers ?? []).forEach((c, i) => check(c, `spec.template.spec.initContainers[${i}]`))
  spec.containers.forEach((c, i) => check(c, `spec.template.spec.containers[${i}]`))
  return errors
}
