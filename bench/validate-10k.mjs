#!/usr/bin/env node
// Loads a 10,000-document manifest (parse, decode, default, validate) and prints the time.
// Target: under 2 s. The TypeScript is compiled first into a temporary folder:
//   node bench/validate-10k.mjs [documents]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

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
      path.join(root, 'src', 'spec', 'load.ts')
    ],
    { stdio: 'inherit' }
  )
} catch {
  // Type errors do not stop the emit; a missing output does.
}
const entry = path.join(build, 'src', 'spec', 'load.js')
if (!existsSync(entry)) throw new Error(`compilation produced no ${entry}`)
writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
symlinkSync(path.join(root, 'node_modules'), path.join(build, 'node_modules'), 'dir')

const { loadManifests } = await import(pathToFileURL(entry).href)
const { readDocuments } = await import(pathToFileURL(path.join(build, 'src', 'spec', 'parse.js')).href)

function job(i) {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: job-${i}
  labels: {suite: bench}
spec:
  completions: 3
  parallelism: 2
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
        volumeMounts: [{name: work, mountPath: /work}]
      volumes:
      - {name: work, emptyDir: {}}
`
}

const text = Array.from({ length: documents }, (_, i) => job(i)).join('---\n')
/** Best of 3: wall and CPU milliseconds (CPU time suffers less from a busy machine). */
function measure(task) {
  let best
  for (let run = 0; run < 3; run++) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    const result = task()
    const wall = performance.now() - start
    const { user, system } = process.cpuUsage(cpu)
    if (!best || wall < best.wall) best = { wall, cpu: (user + system) / 1000, result }
  }
  return best
}

const seconds = ms => `${(ms / 1000).toFixed(2)} s`
const parsing = measure(() => {
  let count = 0
  for (const item of readDocuments({ text, file: 'bench.yaml' })) if ('value' in item) count++
  return count
})
const loading = measure(
  () => loadManifests([{ text, file: 'bench.yaml' }], { namespace: 'default' }).jobs.length
)
console.log(
  `validate-10k: ${loading.result} Jobs, ${(text.length / 1024 / 1024).toFixed(1)} MiB, best of 3\n` +
    `  loadManifests: ${seconds(loading.wall)} wall, ${seconds(loading.cpu)} CPU (target < 2 s: ${loading.wall < 2000 ? 'met' : 'missed'})\n` +
    `  of which reading the YAML: ${seconds(parsing.wall)} wall, ${seconds(parsing.cpu)} CPU\n` +
    `  load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`
)
rmSync(build, { recursive: true, force: true })
