/**
 * Where a container attempt's log lives: `<dir>/<job>/<pod>/<container>.log` for the first run,
 * `<container>.<n>.log` for restart n. Names come from validated Kubernetes object names, but a
 * name that could climb out of the logs folder is refused here as well: the path is written to.
 */
import { join } from 'node:path'

export function containerLogPath(
  dir: string,
  jobName: string,
  podName: string,
  containerName: string,
  attempt: number
): string {
  if (!Number.isInteger(attempt) || attempt < 0) throw new Error(`invalid container attempt ${attempt}`)
  for (const name of [jobName, podName, containerName]) assertPathSegment(name)
  const file = attempt === 0 ? `${containerName}.log` : `${containerName}.${attempt}.log`
  return join(dir, jobName, podName, file)
}

function assertPathSegment(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new Error(`"${name}" cannot be used as a log folder or file name`)
  }
}
