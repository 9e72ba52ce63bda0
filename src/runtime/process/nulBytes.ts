/**
 * The one thing a container's command, working directory or environment can hold that no process
 * can be started with: a NUL byte (a Secret's value read through secretKeyRef, say, or "\u0000"
 * in YAML). execve takes C strings, which a NUL would cut short; runc refuses such an environment
 * before it starts anything (libcontainer/env.go, prepareEnv), and the spawner's requests use NUL
 * between fields. Both ways of starting a process check here first, so a container fails the same
 * way whichever starts it, with words that name the field and never show its value.
 */
import { chdirFailed, execError } from './startErrors.js'

/** What a container's process is started from. */
export interface ExecFields {
  file: string
  argv: readonly string[]
  cwd: string
  env: ReadonlyArray<readonly [string, string]>
}

const NUL = '\0'
/** How runc and Go's strconv.Quote show the byte. */
const HOLDS_NUL = 'contains nul byte (\\x00)'

/**
 * runc's error (without the runtime's prefix) for the first field that holds a NUL, in the order
 * runc meets them (environment, working directory, executable, arguments), or undefined.
 */
export function nulByteFailure(fields: ExecFields): string | undefined {
  for (const [name, value] of fields.env) {
    if (name.includes(NUL) || value.includes(NUL)) return environmentFailure(name)
  }
  if (fields.cwd.includes(NUL)) return chdirFailed(fields.cwd, HOLDS_NUL)
  if (fields.file.includes(NUL)) return execError(fields.file, HOLDS_NUL)
  const argv = fields.argv
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].includes(NUL)) return execError(argv[0], i === 0 ? HOLDS_NUL : `argument ${i} ${HOLDS_NUL}`)
  }
  return undefined
}

/** The same check for an environment given as an object (the runner's, shared by many requests). */
export function nulByteInEnvironment(env: Readonly<Record<string, string>>): string | undefined {
  for (const name in env) {
    if (name.includes(NUL) || env[name].includes(NUL)) return environmentFailure(name)
  }
  return undefined
}

/** runc's words: `invalid environment variable "FOO": contains nul byte (\x00)`. */
function environmentFailure(name: string): string {
  return `invalid environment variable ${JSON.stringify(name)}: ${HOLDS_NUL}`
}
