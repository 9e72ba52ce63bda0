/**
 * What the process runtime cannot honour, rejected before anything runs (README, "Under the
 * process runtime"): there is no image, so no entrypoint to fall back on, and no mount namespace, so
 * a volume is only offered in place or through a link at its mountPath (processVolumes.ts).
 */
import type { Container, DefaultedJob } from '../../api/model.js'
import type { FieldError } from '../../api/validation/fieldErrors.js'
import { linkProblem, mountKind, mountUses, type MountUse } from './processVolumes.js'

export function processRuntimeErrors(job: DefaultedJob): FieldError[] {
  const errors: FieldError[] = []
  const spec = job.spec.template.spec
  const checkCommand = (container: Container, path: string): void => {
    if (container.command && container.command.length > 0) return
    errors.push({
      type: 'Required value',
      field: `${path}.command`,
      detail: container.args
        ? 'args without command cannot run under the process runtime: there is no image entrypoint to pass them to (set command, or use runtime: docker)'
        : 'the process runtime runs command and args directly and has no image entrypoint to fall back on (set command, or use runtime: docker)'
    })
  }
  ;(spec.initContainers ?? []).forEach((c, i) => checkCommand(c, `spec.template.spec.initContainers[${i}]`))
  spec.containers.forEach((c, i) => checkCommand(c, `spec.template.spec.containers[${i}]`))
  errors.push(...volumeMountErrors(job))
  return errors
}

function volumeMountErrors(job: DefaultedJob): FieldError[] {
  const errors: FieldError[] = []
  const uses = mountUses(job.spec.template.spec)
  const parallelism = job.spec.parallelism
  /** The first use of each linked mountPath: every other use of the path must link the same. */
  const links = new Map<string, MountUse>()
  for (const use of uses) {
    const { mount, volume } = use
    const kind = mountKind(use)
    const fail = (detail: string): void => {
      errors.push({ type: 'Invalid value', field: `${use.field}.mountPath`, value: mount.mountPath, detail })
    }
    if (kind === 'inPlace') continue
    if (kind === 'unsupported') {
      const source = Object.keys(volume).find(k => k !== 'name') ?? 'volume'
      fail(
        mount.subPathExpr && (volume.emptyDir || volume.hostPath)
          ? `the process runtime cannot mount volume "${mount.name}" with subPathExpr (use subPath, or runtime: docker)`
          : `the process runtime cannot mount volume "${mount.name}" (${source}): a process sees the runner's own file system, so only emptyDir and hostPath volumes can be offered (or use runtime: docker)`
      )
      continue
    }
    const first = links.get(mount.mountPath)
    if (first) {
      if (first.mount.name !== mount.name || (first.mount.subPath ?? '') !== (mount.subPath ?? ''))
        fail(
          `the process runtime offers volume "${first.mount.name}" at this path for the whole pod (${first.field}); a container cannot see another volume there (use runtime: docker)`
        )
      continue
    }
    links.set(mount.mountPath, use)
    const problem = linkProblem(mount.mountPath)
    if (problem) {
      fail(
        `the process runtime offers volume "${mount.name}" through a link it creates at the mountPath for the pod's lifetime; the mountPath ${problem} (or use runtime: docker)`
      )
      continue
    }
    if (volume.emptyDir && parallelism > 1)
      fail(
        `the process runtime offers emptyDir "${mount.name}" through a link at the mountPath to a folder of the pod's own; ${parallelism} pods side by side (parallelism ${parallelism}) cannot each have their own at one path (set parallelism: 1, or use runtime: docker)`
      )
  }
  return errors
}
