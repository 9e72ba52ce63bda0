/**
 * Starts dist/index.js the way the runner starts a JavaScript action: a clean environment with
 * INPUT_* variables (hyphens kept), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  state: string
  dir: string
}

export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const end = lines.indexOf(match[2], i + 1)
    outputs[match[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}

export function startAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  entry = 'dist/index.js'
): { child: ChildProcess; done: Promise<ActionRun> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-e2e-'))
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_STATE: path.join(dir, 'state')
  }
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_ACTIONS: 'true',
    ...files,
    ...extraEnv
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(process.execPath, [path.join(process.cwd(), entry)], { env, cwd: process.cwd() })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', chunk => (stdout += chunk))
  child.stderr?.on('data', chunk => (stderr += chunk))
  const done = new Promise<ActionRun>(resolve =>
    child.on('close', exitCode =>
      resolve({
        exitCode,
        stdout,
        stderr,
        outputs: parseOutputFile(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')),
        summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
        state: fs.readFileSync(files.GITHUB_STATE, 'utf8'),
        dir
      })
    )
  )
  return { child, done }
}

export function runAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<ActionRun> {
  return startAction(inputs, extraEnv).done
}
