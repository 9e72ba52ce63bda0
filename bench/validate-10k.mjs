#!/usr/bin/env node
// `job-action validate` of a 10,000-document manifest (target: under 2 s), measured twice:
//  - in-process: loadManifests (parse, decode, default, validate) from src/api, compiled with tsc
//    into a temporary folder;
//  - the whole CLI process: node bin/job-action.js validate -f <manifest>, which runs the bundle
//    (dist/index.js: run `npm run bundle` first when src/ changed), timed by lib/measure.py.
// Medians of 5 runs (after one warm-up), [min–max] beside them.
//   node bench/validate-10k.mjs [documents]
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { measureOnce } from './lib/measure.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const build = path.join(os.tmpdir(), 'ja-bench-build')
const documents = Number(process.argv[2] ?? 10_000)

rmSync(build, { recursive: true, force: true })
mkdirSync(build, { recursive: true })
try {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--ignoreConfig',
      '--outDir',
      build,
      '--rootDir',
      root,
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--types',
      'node',
      '--skipLibCheck',
      '--strict',
      path.join(root, 'src', 'api', 'load.ts')
    ],
    { stdio: 'inherit' }
  )
} catch {
  // Type errors do not stop the emit; a missing output does.
}
const entry = path.join(build, 'src', 'api', 'load.js')
if (!existsSync(entry)) throw new Error(`compilation produced no ${entry}`)
writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
symlinkSync(path.join(root, 'node_modules'), path.join(build, 'node_modules'), 'dir')

const { loadManifests } = await import(pathToFileURL(entry).href)
const { readDocuments } = await import(pathToFileURL(path.join(build, 'src', 'api', 'yaml', 'parse.js')).href)

// Valid for the process runtime too (the CLI's default): it refuses a mountPath that exists on the
// runner (as /work does here) and an emptyDir at one path for pods side by side.
function job(i) {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: job-${i}
  labels: {suite: bench}
spec:
  completions: 3
  parallelism: 1
  backoffLimit: 2
  template:
    metadata:
      labels: {app: bench}
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, "echo job ${i} index $JOB_COMPLETION_INDEX"]
        env:
        - {name: MODE, value: fast}
        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        resources: {limits: {cpu: 500m, memory: 64Mi}}
        volumeMounts: [{name: work, mountPath: /tmp/job-action-bench-work}]
      volumes:
      - {name: work, emptyDir: {}}
`
}

const text = Array.from({ length: documents }, (_, i) => job(i)).join('---\n')
const runs = 5
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const seconds = s => `${s.toFixed(2)} s`
const spread = values => `[${seconds(Math.min(...values))}–${seconds(Math.max(...values))}]`

/** In-process: wall and CPU seconds of each of `runs` runs after a warm-up. */
function measure(task) {
  let result = task()
  const walls = []
  const cpus = []
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    result = task()
    walls.push((performance.now() - start) / 1000)
    const { user, system } = process.cpuUsage(cpu)
    cpus.push((user + system) / 1e6)
  }
  return { walls, cpus, result }
}

const loading = measure(
  () => loadManifests([{ text, file: 'bench.yaml' }], { namespace: 'default' }).jobs.length
)
const parsing = measure(() => {
  let count = 0
  for (const item of readDocuments({ text, file: 'bench.yaml' })) if ('value' in item) count++
  return count
})

// The CLI reads files of up to 3 MiB (the API server's request limit, as kubectl meets it): the
// same documents in parts below it, each given with its own -f.
const manifestFiles = []
{
  const parts = [[]]
  let size = 0
  for (const doc of text.split('\n---\n')) {
    if (size + doc.length > 2.5 * 2 ** 20) {
      parts.push([])
      size = 0
    }
    parts[parts.length - 1].push(doc)
    size += doc.length + 5
  }
  parts.forEach((docs, i) => {
    const file = path.join(build, `validate-10k-${i + 1}.yaml`)
    writeFileSync(file, docs.join('\n---\n'))
    manifestFiles.push(file)
  })
}
const cliOut = path.join(build, 'cli.out')
const bundle = path.join(root, 'dist', 'index.js')
const newestSource = newestMtime(path.join(root, 'src'))
const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < newestSource
const cli = { walls: [], cpus: [] }
let cliProblem = existsSync(bundle) ? undefined : 'no dist/index.js (run npm run bundle)'
try {
  for (let run = 0; run <= runs && !cliProblem; run++) {
    const sample = measureOnce(
      {
        label: 'job-action validate',
        cmd: [
          process.execPath,
          path.join(root, 'bin', 'job-action.js'),
          'validate',
          ...manifestFiles.flatMap(file => ['-f', file])
        ],
        cwd: root,
        stdout: cliOut,
        check: () => {
          const valid = readFileSync(cliOut, 'utf8')
            .split('\n')
            .filter(line => line.endsWith(' valid'))
          return valid.length === documents
            ? undefined
            : `${valid.length} of ${documents} Jobs reported valid`
        }
      },
      build
    )
    if (run === 0) continue
    cli.walls.push(sample.wall_s)
    cli.cpus.push(sample.cpu_s)
  }
} catch (error) {
  cliProblem = error.message.split('\n').slice(0, 3).join(' / ')
}

const target = walls => `(target < 2 s: ${median(walls) < 2 ? 'met' : 'missed'})`
const cliLine = cliProblem
  ? `  CLI: ${cliProblem}`
  : `  CLI, node bin/job-action.js validate -f FILE (${manifestFiles.length} files): ${seconds(median(cli.walls))} wall ${spread(cli.walls)}, ${seconds(median(cli.cpus))} CPU ${target(cli.walls)}` +
    (stale ? '\n    (dist/index.js is older than src/: run npm run bundle)' : '')
console.log(
  `validate-10k: ${loading.result} Jobs, ${(text.length / 1024 / 1024).toFixed(1)} MiB, median of ${runs} runs\n` +
    `  in-process loadManifests: ${seconds(median(loading.walls))} wall ${spread(loading.walls)}, ${seconds(median(loading.cpus))} CPU ${target(loading.walls)}\n` +
    `    of which reading the YAML: ${seconds(median(parsing.walls))} wall\n` +
    `${cliLine}\n` +
    `  load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`
)
rmSync(build, { recursive: true, force: true })

function newestMtime(folder) {
  let newest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}
