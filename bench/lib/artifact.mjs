// The artifact under test is the bundle users run: dist/index.js, as the action (INPUT_* variables,
// as the runner starts it) and as the CLI (bin/job-action.js). It is copied once into the scratch
// folder, so a rebuild of dist/ by someone else during a long run cannot change it half-way.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'

export function snapshotArtifact(root, scratch, distDir = path.join(root, 'dist')) {
  const dist = path.join(distDir, 'index.js')
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run bundle\` first`)
  const target = path.join(scratch, 'artifact')
  cpSync(distDir, path.join(target, 'dist'), { recursive: true })
  mkdirSync(path.join(target, 'bin'), { recursive: true })
  cpSync(path.join(root, 'bin', 'job-action.js'), path.join(target, 'bin', 'job-action.js'))
  const bytes = readFileSync(dist)
  return {
    index: path.join(target, 'dist', 'index.js'),
    cli: path.join(target, 'bin', 'job-action.js'),
    bytes: bytes.length,
    sha: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
    builtAt: statSync(dist).mtime,
    stale: newestSource(path.join(root, 'src')) > statSync(dist).mtimeMs
  }
}

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** The CLI command the issue names, with every report switched off. */
export function cliCommand(artifact, file, logsDir, logs = 'none') {
  return [
    process.execPath,
    artifact.cli,
    'run',
    '-f',
    file,
    '--logs',
    logs,
    '-o',
    'none',
    '--logs-dir',
    logsDir,
    '--backoff-base',
    '0'
  ]
}

/**
 * The environment the runner gives a JavaScript action (see __tests__/support/actionRunner.ts):
 * a clean one with INPUT_* variables and the step's command files, created empty in `dir`.
 */
export function actionEnv(dir, inputs) {
  mkdirSync(dir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_STATE: path.join(dir, 'state')
  }
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_ACTIONS: 'true',
    ...files
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const reset = () => {
    for (const file of Object.values(files)) writeFileSync(file, '')
  }
  reset()
  return { env, files, reset }
}

/** GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
export function parseOutputFile(text) {
  const outputs = {}
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

/** A one-container Job manifest; `command` is exec'd directly. */
export function jobManifest({ name, completions, parallelism, indexed = false, command, backoffLimit = 0 }) {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: ${completions}
  parallelism: ${parallelism}
  backoffLimit: ${backoffLimit}
${indexed ? '  completionMode: Indexed\n' : ''}  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: local/busybox:1
        command: ${JSON.stringify(command)}
`
}
