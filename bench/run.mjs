#!/usr/bin/env node
// npm run bench: measures the bundled action (dist/index.js) against xargs -P, GNU parallel and
// minimal Node.js spawn loops, and writes bench/RESULTS.md. See bench/README.md.
//   node bench/run.mjs [--quick] [--only sched,logs,startup,scale,docker,simulations] [--out FILE]
//                      [--scratch DIR]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { snapshotArtifact } from './lib/artifact.mjs'
import { diskProbe, has, loadText, machineInfo } from './lib/machine.mjs'
import { table } from './lib/table.mjs'
import * as sched from './suites/sched.mjs'
import * as logs from './suites/logs.mjs'
import * as startup from './suites/startup.mjs'
import * as scale from './suites/scale.mjs'
import * as docker from './suites/docker.mjs'
import * as simulations from './suites/simulations.mjs'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(benchDir)
const suites = { sched, logs, startup, scale, docker, simulations }

function parseArgs(argv) {
  const options = {
    quick: false,
    only: Object.keys(suites),
    out: undefined,
    dist: undefined,
    scratch: undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--quick') options.quick = true
    else if (arg === '--only') options.only = argv[++i].split(',')
    else if (arg === '--out') options.out = path.resolve(argv[++i])
    else if (arg === '--dist') options.dist = path.resolve(argv[++i])
    else if (arg === '--scratch') options.scratch = path.resolve(argv[++i])
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node bench/run.mjs [--quick] [--only ' +
          Object.keys(suites).join(',') +
          '] [--out FILE] [--dist DIR] [--scratch DIR]'
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  for (const name of options.only) if (!suites[name]) throw new Error(`unknown suite ${name}`)
  // A quick or partial run must not replace the full results that the README quotes.
  options.out ??=
    options.quick || options.dist || options.only.length < Object.keys(suites).length
      ? path.join(benchDir, 'out', options.quick ? 'RESULTS-quick.md' : 'RESULTS-partial.md')
      : path.join(benchDir, 'RESULTS.md')
  return options
}

const options = parseArgs(process.argv.slice(2))
for (const tool of ['python3', 'xargs', 'awk'])
  if (!has(tool)) throw new Error(`${tool} is needed to run the benchmarks`)
const started = Date.now()
// Scratch (logs folders, manifests) on the repository's disk by default, not in /tmp: see diskProbe.
const scratchParent = options.scratch ?? path.join(benchDir, 'out')
mkdirSync(scratchParent, { recursive: true })
const scratch = mkdtempSync(path.join(scratchParent, 'scratch-'))
const log = message =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`)
const machine = { ...machineInfo(root), disk: diskProbe(scratch) }
const loadBefore = loadText()
const sections = []
const targets = []
const raw = { machine, options: { quick: options.quick, only: options.only } }
try {
  const artifact = snapshotArtifact(root, scratch, options.dist)
  if (artifact.stale && !options.dist)
    log('WARNING: dist/index.js is older than src/ — run `npm run bundle` to measure the current code')
  const ctx = {
    quick: options.quick,
    root,
    benchDir,
    scratch,
    artifact,
    spawnLoop: path.join(benchDir, 'lib', 'spawn-loop.mjs'),
    log,
    mkdir: dir => mkdirSync(dir, { recursive: true })
  }
  raw.artifact = { bytes: artifact.bytes, sha: artifact.sha, stale: artifact.stale }
  let number = 0
  for (const [name, suite] of Object.entries(suites)) {
    number++
    if (!options.only.includes(name)) continue
    const heading = `## ${number}. ${suite.title}`
    const suiteStart = Date.now()
    const loadAtStart = loadText()
    try {
      const result = await suite.run(ctx)
      const took = `_${((Date.now() - suiteStart) / 1000).toFixed(0)} s; load average ${loadAtStart} at the start, ${loadText()} at the end._`
      if (result.skipped) sections.push(`${heading}\n\nSkipped: ${result.skipped}.`)
      else {
        sections.push(`${heading}\n\n${result.markdown}\n\n${took}`)
        targets.push(...result.targets)
        raw[name] = result.raw
      }
    } catch (error) {
      log(`${name} failed: ${error.stack ?? error}`)
      sections.push(`${heading}\n\nFailed: \`${String(error.message ?? error).split('\n')[0]}\``)
      targets.push({ figure: `${suite.title}: the benchmark ran`, value: 'failed', limit: 'runs', ok: false })
    }
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1)
  const report = [
    '# Benchmarks',
    `Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` (\`node bench/run.mjs\`) on ${machine.date} in ${minutes} min; ` +
      'do not edit by hand. How to rerun and what every script does: [README.md](README.md).',
    '## Machine',
    table(
      ['', ''],
      [
        ['CPU', machine.cpu],
        ['memory', machine.memory],
        ['system', machine.os],
        ['Node.js', machine.node],
        ['xargs', machine.xargs ?? 'missing'],
        ['GNU parallel', machine.parallel ?? 'missing'],
        ['docker engine', machine.docker ?? 'none'],
        [
          'job-action',
          `commit ${machine.commit ?? '?'}${machine.dirty ? ' with uncommitted changes in src/' : ''}, ` +
            `dist/index.js ${(artifact.bytes / 1e6).toFixed(2)} MB (sha256 ${artifact.sha}…)` +
            (artifact.stale ? ' — **older than src/**' : '')
        ],
        [
          'scratch folder',
          `${scratch.replace(root + path.sep, '')}: mkdir + an empty file, ${machine.disk.pods} times, ` +
            `${machine.disk.microsPerPod} µs each (the per-pod folder and log file; a healthy ext4 here: 30–80 µs)`
        ],
        ['load average (1 / 5 / 15 min)', `${loadBefore} at the start, ${loadText()} at the end`]
      ]
    ),
    '## How',
    'Every command is timed as a whole process by `bench/lib/measure.py`: wall time from fork to reap, CPU time ' +
      '(user + system) of the command and every descendant it waited for, and peak RSS (`ru_maxrss` from wait4: ' +
      'the largest single process of the tree; the harness cannot see a peak below ≈ 11 MiB). Candidates of one ' +
      'figure run in **paired rounds**: each round runs every candidate once, in the reverse order of the round ' +
      'before, after uncounted warm-up rounds. Medians are quoted with [min–max]; a ratio ×B is taken within each ' +
      "round and then its median, so it stays meaningful while the machine's speed drifts. " +
      `The machine is shared with other work (load average ${loadBefore} when this run started, on ` +
      `${os.availableParallelism()} CPUs): absolute seconds move between runs, **judge by the paired ratios**.` +
      (options.quick ? ' **Quick run**: fewer rounds and smaller sizes than the full run.' : ''),
    '## Targets',
    table(
      ['figure', 'measured', 'target', ''],
      targets.map(t => [t.figure, t.value, t.limit, t.ok ? 'holds' : '**does not hold**'])
    ),
    ...sections
  ].join('\n\n')
  mkdirSync(path.dirname(options.out), { recursive: true })
  writeFileSync(options.out, report + '\n')
  const rawFile = path.join(benchDir, 'out', `results-${machine.date.replace(/[:]/g, '')}.json`)
  mkdirSync(path.dirname(rawFile), { recursive: true })
  writeFileSync(rawFile, JSON.stringify({ ...raw, targets }, null, 1))
  log(`wrote ${path.relative(process.cwd(), options.out)} and ${path.relative(process.cwd(), rawFile)}`)
  for (const t of targets)
    log(`${t.ok ? 'holds        ' : 'DOES NOT HOLD'} ${t.figure}: ${t.value} (${t.limit})`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
