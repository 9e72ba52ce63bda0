// npm run smoke: run dist/index.js exactly as the runner starts it (a clean environment with
// INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files) on examples/pi.yaml,
// then check the outputs and the summary.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-smoke-'))
const files = { GITHUB_OUTPUT: 'output.txt', GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_STATE: 'state.txt' }
for (const [name, file] of Object.entries(files)) fs.writeFileSync((files[name] = path.join(dir, file)), '')

const result = spawnSync(process.execPath, ['dist/index.js'], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/root',
    'INPUT_JOB-FILE': 'examples/pi.yaml',
    INPUT_LOGS: 'stream',
    'INPUT_BACKOFF-BASE': '10s',
    INPUT_SUMMARY: 'true',
    'INPUT_FAIL-ON-FAILURE': 'true',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_ACTIONS: 'true',
    ...files
  },
  encoding: 'utf8'
})

const outputs = {}
const lines = fs.readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n')
for (let i = 0; i < lines.length; i++) {
  const m = /^([^<]+)<<(.+)$/.exec(lines[i])
  if (!m) continue
  const end = lines.indexOf(m[2], i + 1)
  outputs[m[1]] = lines.slice(i + 1, end).join('\n')
  i = end
}
const summary = fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
const problems = []
const expect = (ok, what) => ok || problems.push(what)
expect(result.status === 0, `exit code ${result.status} (stderr: ${result.stderr})`)
expect(outputs.status === 'Complete', `status=${outputs.status}`)
expect(outputs.reason === 'CompletionsReached', `reason=${outputs.reason}`)
expect(
  outputs.succeeded === '1' && outputs.failed === '0',
  `succeeded=${outputs.succeeded} failed=${outputs.failed}`
)
let job
try {
  job = JSON.parse(outputs['job-json'])
} catch {
  problems.push('job-json is not JSON')
}
expect(
  job?.status?.conditions?.some(c => c.type === 'Complete'),
  'job-json has no Complete condition'
)
expect(JSON.parse(outputs['pods-json'] ?? '[]').length === 1, 'pods-json does not list one pod')
expect(/^Name:\s+pi$/m.test(outputs.describe ?? ''), 'describe output is not the describe text')
expect(outputs['logs-dir'] === path.join(dir, 'job-action'), `logs-dir=${outputs['logs-dir']}`)
expect(summary.includes('Pods Statuses:'), 'the step summary lacks the describe text')
// The prefix is coloured in the runner's log; without the colour the line reads `[pod/container] text`.
// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const plain = result.stdout.replace(/\x1b\[[0-9;]*m/g, '')
expect(
  /^\[pi-[bcdfghjklmnpqrstvwxz2456789]{5}\/pi\] 3\.14159/m.test(plain),
  'the pod log line is not in stdout'
)
expect(fs.readFileSync(files.GITHUB_STATE, 'utf8').includes('run-id'), 'no run-id saved for the post step')

const post = spawnSync(process.execPath, ['dist/post/index.js'], {
  env: { PATH: process.env.PATH, ...files, STATE_run_id: 'x' },
  encoding: 'utf8'
})
expect(post.status === 0, `post step exit code ${post.status}: ${post.stderr}`)

fs.rmSync(dir, { recursive: true, force: true })
if (problems.length > 0) {
  console.error(`smoke: FAILED\n- ${problems.join('\n- ')}\n--- stdout ---\n${result.stdout}`)
  process.exit(1)
}
console.log(
  'smoke: dist/index.js ran examples/pi.yaml: status=Complete, reason=CompletionsReached, outputs and summary written'
)
