/**
 * Finding the executable and the working directory the way runc does before it execs the
 * container's process (Go's exec.LookPath with the container's PATH, after chdir to cwd), so
 * a pod that cannot start fails with the same words as on a cluster.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { chdirFailed, errnoText, execError, executableNotFound } from './startErrors.js'

export type Resolution = { ok: true; path: string } | { ok: false; message: string }

/**
 * Go's findExecutable: undefined for a file we may execute, else the cause. `shown` is the
 * path as the container would name it (runc has already changed into its working directory).
 */
function findExecutable(file: string, shown: string): string | undefined {
  let stats: Stats | undefined
  try {
    // Most PATH entries do not hold the name; not throwing for them keeps the search cheap.
    stats = statSync(file, { throwIfNoEntry: false })
  } catch (error) {
    return `stat ${shown}: ${errnoText(error)}`
  }
  if (stats === undefined) return `stat ${shown}: no such file or directory`
  if (stats.isDirectory()) return 'is a directory'
  try {
    accessSync(file, constants.X_OK)
    return undefined
  } catch (error) {
    return errnoText(error)
  }
}

/**
 * `name` with a slash is taken as a path (relative to the container's working directory);
 * without one it is searched in `pathVariable`, an empty entry meaning the working directory.
 */
export function lookPath(name: string, cwd: string, pathVariable: string | undefined): Resolution {
  if (name.includes('/')) {
    const file = path.resolve(cwd, name)
    const failure = findExecutable(file, name)
    return failure === undefined ? { ok: true, path: file } : { ok: false, message: execError(name, failure) }
  }
  if (name !== '' && pathVariable) {
    for (const dir of pathVariable.split(':')) {
      const candidate = path.resolve(cwd, dir === '' ? '.' : dir, name)
      if (findExecutable(candidate, candidate) === undefined) return { ok: true, path: candidate }
    }
  }
  return { ok: false, message: executableNotFound(name) }
}

/** `workingDir` absolute, or relative to the workspace; unset means the workspace. */
export function resolveWorkingDir(workspace: string, workingDir: string | undefined): string {
  return workingDir ? path.resolve(workspace, workingDir) : path.resolve(workspace)
}

/** undefined when the process can chdir there, else runc's message. */
export function checkWorkingDir(cwd: string): string | undefined {
  try {
    if (!statSync(cwd).isDirectory()) return chdirFailed(cwd, 'not a directory')
    accessSync(cwd, constants.X_OK)
    return undefined
  } catch (error) {
    return chdirFailed(cwd, errnoText(error))
  }
}
