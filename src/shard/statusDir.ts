/**
 * The runs a logs folder holds, read back for kubectl's read-only verbs (get, describe, logs):
 * every `<job>.status.json` at its top — a run's, or a merge's — with each log path made to point
 * where the file is now when the folder was moved (downloaded as an artifact) after the run.
 * Nothing is written: a read must never change what a later merge or read sees.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { readStatusFile, StatusFileError, statusFileSuffix, type StatusFile } from './statusFile.js'

export interface StoredRun {
  file: string
  status: StatusFile
}

function moved(file: string, from: string, to: string): string {
  if (fs.existsSync(file)) return file
  const relative = path.relative(from, file)
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return file
  const there = path.join(to, relative)
  return fs.existsSync(there) ? there : file
}

/** Every status file directly in `logsDir`, by file name; none when the folder does not exist. */
export function readStatusDir(logsDir: string): StoredRun[] {
  let names: string[]
  try {
    names = fs.readdirSync(logsDir).filter(name => name.endsWith(statusFileSuffix))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new StatusFileError(
      `cannot read ${logsDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
    )
  }
  return names.sort().map(name => {
    const file = path.join(logsDir, name)
    let status: StatusFile
    try {
      status = readStatusFile(file)
    } catch (error) {
      // The reader words its errors for the merge, its first user.
      if (error instanceof StatusFileError) throw new StatusFileError(error.message.replace(/^merge: /, ''))
      throw error
    }
    for (const pod of status.pods)
      for (const container of [...pod.initContainerStatuses, ...pod.containerStatuses])
        container.logs = container.logs.map(log => moved(log, status.logsDir, logsDir))
    return { file, status }
  })
}
