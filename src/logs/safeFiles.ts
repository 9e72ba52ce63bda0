/**
 * Files and folders under the logs folder, made so that nothing is ever written through a link or
 * into a file someone else left there. Self-hosted runners share temporary folders between jobs
 * and users: a link planted at `<logs-dir>/<job>` or at a status file's name would otherwise take
 * the run's logs, or overwrite its target. So folders are made one level at a time with mkdir and
 * checked with lstat, new files are opened O_CREAT|O_EXCL|O_NOFOLLOW, and a file that replaces
 * another is written under a temporary name and renamed over it (which replaces a link, never its
 * target, and leaves the old file or the new one whole, never a cut one).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { getSystemErrorMap } from 'node:util'
import { UsageError } from '../errors.js'

/** The logs folder, or something job-action must make in it, cannot be used: nothing ran. */
export class LogsFolderError extends UsageError {}

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } = fs.constants
/** Folders job-action makes: only their owner may add or replace entries in them. */
const FOLDER_MODE = 0o755
const FILE_MODE = 0o644
/** The sticky bit: in such a folder only an entry's owner may rename or remove it. */
const STICKY = 0o1000

/** `ENOTDIR: not a directory`: the OS error of a failed call, without Node's `, mkdir '/x'` tail. */
export function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (typeof e?.errno === 'number') {
    const known = getSystemErrorMap().get(e.errno)
    if (known) return `${known[0]}: ${known[1]}`
  }
  if (e?.code) return e.code
  return error instanceof Error ? error.message : String(error)
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined
    throw error
  }
}

const ownUid = (): number | undefined => process.getuid?.()

/** A symbolic link found where job-action writes: the one line that names it. */
export function linkMessage(file: string): string {
  let target = ''
  try {
    target = ` (to ${fs.readlinkSync(file)})`
  } catch {
    // Gone again: the path is what matters.
  }
  return `${file} is a symbolic link${target}: job-action never writes through a link it did not make; remove it`
}

/**
 * Makes the logs folder and any missing parent, one level at a time: fs.mkdirSync's recursive
 * mode loops for ever on a path under /proc. Links in the path the user gave are followed (it is
 * their choice of place); a dangling one, a file in the way, a read-only or missing place is a
 * LogsFolderError naming the folder and the OS error. Then the folder must be safe to make files
 * in: owned by us or root, and writable by no one else unless sticky (as /tmp is).
 */
export function makeLogsFolder(dir: string): void {
  const absolute = path.resolve(dir)
  const fail = (why: string): never => {
    throw new LogsFolderError(`cannot use logs folder ${absolute}: ${why}`)
  }
  const { root } = path.parse(absolute)
  let current = root
  for (const part of absolute.slice(root.length).split(path.sep).filter(Boolean)) {
    current = path.join(current, part)
    let info: fs.Stats | undefined
    try {
      info = fs.statSync(current)
    } catch (error) {
      if (code(error) !== 'ENOENT') fail(errnoText(error))
      // A link whose target is missing: making the folder would write through it.
      if (lstatOrUndefined(current)?.isSymbolicLink()) fail(`${current} is a dangling symbolic link`)
    }
    if (info && !info.isDirectory()) fail('ENOTDIR: not a directory')
    if (info) continue
    try {
      fs.mkdirSync(current, FOLDER_MODE)
    } catch (error) {
      // Made at the same moment by another run: fine if it is a folder, checked on the next turn.
      if (code(error) !== 'EEXIST' || !fs.statSync(current).isDirectory()) fail(errnoText(error))
    }
  }
  const info = fs.statSync(absolute)
  const uid = ownUid()
  if (uid !== undefined && info.uid !== uid && info.uid !== 0)
    fail(`it belongs to user ${info.uid}, who could replace what job-action writes in it`)
  if ((info.mode & 0o022) !== 0 && (info.mode & STICKY) === 0)
    fail('others can write to it and it is not sticky (chmod +t or o-w): they could replace the logs')
  try {
    fs.accessSync(absolute, fs.constants.W_OK | fs.constants.X_OK)
  } catch (error) {
    fail(errnoText(error))
  }
}

/**
 * A folder job-action writes in, made with mkdir (never through a link); one that is already there
 * is reused only if it is a real folder of ours, from an earlier run (its group and others lose
 * write access). Throws LogsFolderError naming the path otherwise.
 */
export function makeOwnFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, FOLDER_MODE)
    return
  } catch (error) {
    if (code(error) !== 'EEXIST') throw new LogsFolderError(`cannot make ${folder}: ${errnoText(error)}`)
  }
  const info = fs.lstatSync(folder)
  if (info.isSymbolicLink()) throw new LogsFolderError(linkMessage(folder))
  if (!info.isDirectory()) throw new LogsFolderError(`${folder} is in the way: it is not a folder`)
  const uid = ownUid()
  if (uid !== undefined && info.uid !== uid)
    throw new LogsFolderError(`${folder} belongs to user ${info.uid}: job-action only reuses its own folders`)
  if ((info.mode & 0o022) !== 0) fs.chmodSync(folder, info.mode & 0o755)
}

/** Nothing but a missing path or a regular file may be where a file will be renamed to. */
export function checkReplaceable(file: string): void {
  const info = lstatOrUndefined(file)
  if (!info) return
  if (info.isSymbolicLink()) throw new LogsFolderError(linkMessage(file))
  if (!info.isFile()) throw new LogsFolderError(`${file} is in the way: it is not a regular file`)
}

/**
 * Creates an empty file that must be new (O_EXCL, O_NOFOLLOW). A regular file left by an earlier
 * run under the same name is removed first; a link is refused. Returns the open descriptor.
 */
export function openNewFile(file: string): number {
  const flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW
  try {
    return fs.openSync(file, flags, FILE_MODE)
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error
  }
  checkReplaceable(file)
  fs.unlinkSync(file)
  return fs.openSync(file, flags, FILE_MODE)
}

/** openNewFile, closed at once: the file exists and is ours. */
export function createNewFile(file: string): void {
  fs.closeSync(openNewFile(file))
}

/**
 * Writes a file whole or not at all: `write` fills a new temporary file in the same folder, which
 * is then renamed over `file`. On any failure (a full disk) the temporary file is removed and
 * whatever was at `file` before is left as it was.
 */
export function writeFileReplacing(file: string, write: (fd: number) => void): void {
  checkReplaceable(file)
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  )
  let done = false
  const fd = openNewFile(temporary)
  try {
    try {
      write(fd)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temporary, file)
    done = true
  } finally {
    if (!done) fs.rmSync(temporary, { force: true })
  }
}
