/**
 * The docker CLI as a function: every engine operation is one `docker …` invocation, so the action
 * works with whatever client and daemon the runner has (API negotiation is the client's job).
 */
import { spawn } from 'node:child_process'

export interface DockerResult {
  code: number
  stdout: string
  stderr: string
  /** Killed after the timeout it was given. */
  timedOut?: boolean
}

/** Kept of a command's output: ids, inspect JSON and error messages are small; progress bars are not. */
const OUTPUT_LIMIT = 1 << 20

export function runDocker(
  dockerPath: string,
  args: string[],
  input?: Buffer,
  timeoutMs?: number
): Promise<DockerResult> {
  return new Promise(resolve => {
    const child = spawn(dockerPath, args, { stdio: 'pipe' })
    let timedOut = false
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, timeoutMs)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const keep = (chunks: Buffer[]) => {
      let size = 0
      return (chunk: Buffer) => {
        if (size < OUTPUT_LIMIT) chunks.push(chunk)
        size += chunk.length
      }
    }
    child.stdout.on('data', keep(stdout))
    child.stderr.on('data', keep(stderr))
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
    let spawnError: Error | undefined
    child.on('error', error => (spawnError = error))
    child.on('close', code => {
      clearTimeout(timer)
      resolve({
        timedOut,
        code: spawnError ? 127 : (code ?? 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: spawnError
          ? `cannot run ${dockerPath}: ${spawnError.message}`
          : Buffer.concat(stderr).toString('utf8')
      })
    })
  })
}

/** Runs docker and returns its trimmed stdout, or throws with docker's own message. */
export async function docker(dockerPath: string, args: string[], input?: Buffer): Promise<string> {
  const result = await runDocker(dockerPath, args, input)
  if (result.code !== 0) throw new Error(dockerMessage(result))
  return result.stdout.trim()
}

/** What docker said about a failure, on one line, without the client's "docker: " prefix and usage hint. */
export function dockerMessage(result: DockerResult): string {
  const lines = result.stderr
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith("See '") && !line.startsWith("Run '"))
  const text = lines.join(' ').replace(/^docker: /, '')
  return text || `docker exited with code ${result.code}`
}
