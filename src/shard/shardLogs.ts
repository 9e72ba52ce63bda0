/**
 * The pods of a merged report point at log files written on other runners. Where the shard's
 * whole logs folder was uploaded with its status file (the status file sits at the top of it), the
 * paths are moved to where the logs were downloaded; otherwise the tails the status file carries
 * are written under the merge's logs folder, so that the report still shows why pods failed.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { PodRecord } from '../api/podRecord.js'
import type { StatusFile } from './statusFile.js'

/** Where a path under `from` is under `to`; undefined for a path outside `from`. */
function rebase(file: string, from: string, to: string): string | undefined {
  const relative = path.relative(from, file)
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return path.join(to, relative)
}

/**
 * Rewrites the log paths of the status's pods (in place): to the downloaded log next to the
 * status file when it is there, else to a file holding the tail carried in the status file,
 * written under `logsDir`. Paths with neither stay as they are.
 */
export function relocateLogs(status: StatusFile, statusFile: string, logsDir: string): void {
  const downloaded = path.dirname(statusFile)
  const place = (file: string, pod: PodRecord): string => {
    const there = rebase(file, status.logsDir, downloaded)
    if (there && fs.existsSync(there)) return there
    const tail = status.logTails[file]
    if (!tail) return file
    const target =
      rebase(file, status.logsDir, logsDir) ??
      path.join(logsDir, status.job.metadata.name, pod.name, path.basename(file))
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, tail.length > 0 ? `${tail.join('\n')}\n` : '')
    return target
  }
  for (const pod of status.pods)
    for (const container of [...pod.initContainerStatuses, ...pod.containerStatuses])
      container.logs = container.logs.map(file => place(file, pod))
}
