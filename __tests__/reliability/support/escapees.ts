/**
 * Processes that try to outlive their container, and how to watch them: each escapee writes its pid
 * to a file of the test's temp folder, and whether it still lives is read from /proc (a zombie, or
 * a later process that reused the pid, counts as gone). Also the action and its post step run as the
 * runner runs them, with RUNNER_TEMP (where the run keeps its state) in the test's temp folder.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parseOutputFile, type ActionRun } from '../../support/actionRunner.js'
import { eventually, processesWithToken, uniqueSleep } from '../../runtime/process/support/harness.js'

/** Every process of these tests sleeps this long: `sleep <SLEEP>` finds them all, whatever they did. */
export const SLEEP = uniqueSleep()

/** Shell text: the shell writes its own pid (no `$$`, which a pod's command expansion reduces). */
const daemon = (pidFile: string, redirections = ''): string =>
  `sh -c 'read -r p rest < /proc/self/stat; echo $p > ${pidFile}; exec sleep ${SLEEP}${redirections}'`

/**
 * Shell text (for `sh -c`) that starts a daemon writing its pid to `pidFile`, by one of the ways
 * out: the daemon is not in its container's process group, and it has no marker, no descriptor or
 * no parent in common with its container.
 */
export const escapes = {
  /** A new session with an empty environment: no run marker, the container's output still held. */
  envISetsid: (pidFile: string) => `env -i setsid ${daemon(pidFile)} &`,
  /** The marker unset, then a double fork into a new session: its parent is gone at once. */
  unsetDoubleFork: (pidFile: string) => `unset JOB_ACTION_RUN_ID; ( setsid ${daemon(pidFile)} & ); :`,
  /** A new session, every descriptor closed: nothing of the container's output held. */
  closedFds: (pidFile: string) => `setsid ${daemon(pidFile, ' 0<&- 1>&- 2>&-')} &`
}

/** The start time of a live process (not a zombie), from /proc/<pid>/stat; undefined if gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19]
  } catch {
    return undefined
  }
}

/** An escapee, once it has written its pid file: its pid and start time (against pid reuse). */
export interface Escapee {
  pid: number
  started: string
}

const watched: Escapee[] = []

/** The escapee that writes `pidFile`, once it has (throws if it never does within 5 s). */
export async function escapee(pidFile: string): Promise<Escapee> {
  const written = () => existsSync(pidFile) && /^\d+\n$/.test(readFileSync(pidFile, 'utf8'))
  if (!(await eventually(written, 5000))) throw new Error(`${pidFile} was never written`)
  const pid = Number(readFileSync(pidFile, 'utf8'))
  const started = startTime(pid)
  if (started === undefined) throw new Error(`the escapee ${pid} is already gone`)
  const found = { pid, started }
  watched.push(found)
  return found
}

export const alive = (escapee: Escapee): boolean => startTime(escapee.pid) === escapee.started

/** Whether the escapee is gone within `withinMs`. */
export const goneWithin = (escapee: Escapee, withinMs: number): Promise<boolean> =>
  eventually(() => !alive(escapee), withinMs)

/** Kills every escapee a test saw that still lives (whatever the test asserted); returns how many. */
export function killSurvivors(): number {
  let killed = 0
  for (const found of watched.splice(0)) {
    if (!alive(found)) continue
    process.kill(found.pid, 'SIGKILL')
    killed++
  }
  for (const pid of processesWithToken(SLEEP)) {
    process.kill(pid, 'SIGKILL')
    killed++
  }
  return killed
}

/** The children of `pid` running `comm` (the action's spawner is its `python3` child). */
export function childrenNamed(pid: number, comm: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1')
      const close = stat.lastIndexOf(')')
      const ppid = Number(stat.slice(close + 2).split(' ')[1])
      if (ppid === pid && stat.slice(stat.indexOf('(') + 1, close) === comm) found.push(Number(name))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/**
 * The bundle under test: dist/ (`npm run bundle`), or the folder JOB_ACTION_DIST names (the same
 * layout: index.js, post/index.js), to test a build of another tree.
 */
export const bundle = path.resolve(process.env.JOB_ACTION_DIST ?? 'dist')

/** The post step as the runner starts it: the saved state as STATE_ variables, the same RUNNER_TEMP. */
export function runPost(run: ActionRun): Promise<{ exitCode: number | null; stdout: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', RUNNER_TEMP: run.dir }
  for (const [name, value] of Object.entries(parseOutputFile(run.state))) env[`STATE_${name}`] = value
  const child = spawn(process.execPath, [path.join(bundle, 'post/index.js')], { env })
  let stdout = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  return new Promise(resolve => child.on('close', exitCode => resolve({ exitCode, stdout })))
}
