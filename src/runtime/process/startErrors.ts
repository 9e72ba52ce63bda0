/**
 * The words a container that cannot start is reported with. Kubernetes shows the container
 * runtime's error as the terminated state's message (reason StartError, exit code 128); on
 * today's clusters that is containerd wrapping runc, e.g.
 *   failed to create containerd task: failed to create shim task: OCI runtime create failed:
 *   runc create failed: unable to start container process: error during container init:
 *   exec: "foo": executable file not found in $PATH: unknown
 * The inner part (`exec: "foo": …`) is Go's exec.LookPath error, which runc returns as is.
 */

export const START_ERROR_REASON = 'StartError'
export const START_ERROR_EXIT_CODE = 128

const RUNTIME_PREFIX =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
  'runc create failed: unable to start container process: error during container init: '
const RUNTIME_SUFFIX = ': unknown'

/** The full message as `kubectl describe pod` shows it, around runc's own error text. */
export function runtimeStartMessage(runcError: string): string {
  return RUNTIME_PREFIX + runcError + RUNTIME_SUFFIX
}

/** Go's `strconv.Quote` for the names that occur in practice. */
function goQuote(text: string): string {
  return JSON.stringify(text)
}

/** Go's `exec.Error`: `exec: "name": cause`. */
export function execError(name: string, cause: string): string {
  return `exec: ${goQuote(name)}: ${cause}`
}

export function executableNotFound(name: string): string {
  return execError(name, 'executable file not found in $PATH')
}

export function chdirFailed(cwd: string, cause: string): string {
  return `chdir to cwd (${goQuote(cwd)}) set in config.json failed: ${cause}`
}

/** The message Go prints for an errno, so host errors read like runc's. */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOEXEC: 'exec format error',
  E2BIG: 'argument list too long',
  ETXTBSY: 'text file busy'
}

export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code !== undefined && code in GO_ERRNO_TEXT) return GO_ERRNO_TEXT[code]
  return error instanceof Error ? error.message : String(error)
}
