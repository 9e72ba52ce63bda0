#!/usr/bin/env node
// Is the CI set sharp enough? Each mutant below is a plausible bug in our controller; this script
// puts each one into src/ in turn, runs the CI set (`run.mjs --ci --stop`) and puts the file
// back, and fails unless every mutant is caught — some scenario diverges from the real controller.
//   node conformance/mutants.mjs [NAME…]
// It edits the working tree for the minute each run takes: do not run it beside other work on src/.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const mutants = [
  {
    name: 'backoff-exponent-off-by-one',
    what: 'the pod-failure backoff is base × 2^n instead of base × 2^(n−1)',
    file: 'src/controller/backoffUtils.ts',
    from: 'for (let i = 1; i < failuresCount; i++) {',
    to: 'for (let i = 0; i < failuresCount; i++) {'
  },
  {
    name: 'failindex-as-count',
    what: 'a FailIndex rule counts towards backoffLimitPerIndex instead of failing the index',
    file: 'src/controller/indexedJobUtils.ts',
    from: "if (match.action === 'FailIndex') return true",
    to: "if (match.action === 'FailIndex' && Number.isNaN(0)) return true"
  },
  {
    name: 'backoff-limit-inclusive',
    what: 'the Job fails when failed reaches backoffLimit rather than exceeds it',
    file: 'src/controller/failureConditions.ts',
    from: 'facts.failed > spec.backoffLimit',
    to: 'facts.failed >= spec.backoffLimit'
  },
  {
    name: 'suspend-keeps-start-time',
    what: 'a suspension keeps status.startTime',
    file: 'src/controller/jobController.ts',
    from: "this.setStartTime(change === 'Resumed' ? now : undefined)",
    to: "if (change === 'Resumed') this.setStartTime(now)"
  }
]

const only = process.argv.slice(2)
let missed = 0
for (const m of mutants.filter(m => only.length === 0 || only.includes(m.name))) {
  const file = path.join(root, m.file)
  const original = readFileSync(file, 'utf8')
  if (original.split(m.from).length !== 2) {
    console.log(`SKIP  ${m.name}: "${m.from}" is not found once in ${m.file} (update the mutant)`)
    missed++
    continue
  }
  const restore = () => writeFileSync(file, original)
  process.once('SIGINT', restore)
  let run
  try {
    writeFileSync(file, original.replace(m.from, m.to))
    run = spawnSync(process.execPath, [path.join(root, 'conformance/run.mjs'), '--ci', '--stop'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28
    })
  } finally {
    restore()
    process.removeListener('SIGINT', restore)
  }
  const out = run.stdout ?? ''
  const diff = out.split('\n').findIndex(l => l.startsWith('DIFF'))
  if (run.status === 1 && diff >= 0) {
    const lines = out
      .split('\n')
      .slice(diff, diff + 4)
      .map(l => l.trim())
    console.log(`caught ${m.name} (${m.what}):\n  ${lines.join('\n  ')}`)
  } else {
    missed++
    console.log(`MISSED ${m.name} (${m.what}): run.mjs exited ${run.status}\n${run.stderr ?? ''}`)
  }
}
process.exitCode = missed > 0 ? 1 : 0
