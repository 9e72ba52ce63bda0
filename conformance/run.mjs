#!/usr/bin/env node
// npm run conformance [-- --count N --seed S | --scenario FILE] [--keep-going] [--out DIR]
//
// Builds what is needed (the Go oracle with its -overlay, our side with tsc into .build/), then
// runs every hand-written scenario (scenarios/*.json) and N generated ones (seeded) through both
// the real Kubernetes Job controller and ours, and compares them. The first divergence of a
// scenario is printed with both traces side by side; its scenario and traces are kept under
// conformance/failures/ for replay (--scenario conformance/failures/NAME.json).
import { execFileSync, spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { compare, formatDivergence } from './compare.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const build = path.join(here, '.build')
const failures = path.join(here, 'failures')

function parseArgs(argv) {
  const args = { count: 0, seed: undefined, scenarios: [], keepGoing: true, handWritten: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--count') args.count = Number(value())
    else if (a === '--seed') args.seed = Number(value())
    else if (a === '--scenario') args.scenarios.push(path.resolve(value()))
    else if (a === '--stop') args.keepGoing = false
    else if (a === '--only-generated') args.handWritten = false
    else if (a === '--our-backoff-cap') process.env.ORACLE_BACKOFF_CAP_RATIO = '36'
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run conformance [-- --count N --seed S | --scenario FILE] [--stop] [--only-generated] [--our-backoff-cap]'
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  if (args.count > 0 && args.seed === undefined) args.seed = Math.floor(Math.random() * 2 ** 31)
  return args
}

function newest(dir, filter, depth = 0) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (depth < 6) t = Math.max(t, newest(p, filter, depth + 1))
    } else if (filter(entry.name)) t = Math.max(t, statSync(p).mtimeMs)
  }
  return t
}

function timed(label, fn) {
  const start = performance.now()
  const result = fn()
  const ms = performance.now() - start
  if (ms > 500) console.log(`${label}: ${(ms / 1000).toFixed(1)} s`)
  return result
}

/**
 * Go refuses -overlay replacements of files in the module cache, so the build sees
 * k8s.io/kubernetes through .build/kubernetes: a tree of symbolic links into the module cache,
 * real directories only down to pkg/controller/job, where the overlay adds oracle_export.go.
 * The committed go.mod stays clean: the replace line lives in .build/oracle.mod (-modfile).
 */
function linkTree(source, target, keep) {
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  const [head, ...rest] = keep
  for (const entry of readdirSync(source)) {
    if (head !== undefined && entry === head)
      linkTree(path.join(source, entry), path.join(target, entry), rest)
    else symlinkSync(path.join(source, entry), path.join(target, entry))
  }
}

function buildOracle() {
  mkdirSync(build, { recursive: true })
  const k8sDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'k8s.io/kubernetes'], {
    cwd: here,
    encoding: 'utf8'
  }).trim()
  const tree = path.join(build, 'kubernetes')
  const stamp = path.join(tree, '.source')
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== k8sDir) {
    linkTree(k8sDir, tree, ['pkg', 'controller', 'job'])
    writeFileSync(stamp, k8sDir)
  }
  writeFileSync(
    path.join(build, 'oracle.mod'),
    readFileSync(path.join(here, 'go.mod'), 'utf8') + '\nreplace k8s.io/kubernetes => ./.build/kubernetes\n'
  )
  copyFileSync(path.join(here, 'go.sum'), path.join(build, 'oracle.sum'))
  const overlay = {
    Replace: {
      [path.join(tree, 'pkg/controller/job/oracle_export.go')]: path.join(
        here,
        'oracle/overlay/oracle_export.go'
      )
    }
  }
  const overlayFile = path.join(build, 'overlay.json')
  writeFileSync(overlayFile, JSON.stringify(overlay, null, 1))
  const binary = path.join(build, 'oracle')
  timed('go build (oracle)', () =>
    execFileSync(
      'go',
      [
        'build',
        '-modfile',
        path.join(build, 'oracle.mod'),
        '-overlay',
        overlayFile,
        '-o',
        binary,
        './oracle'
      ],
      { cwd: here, stdio: 'inherit' }
    )
  )
  return binary
}

function buildOurSide() {
  const entry = path.join(build, 'conformance', 'ourSide.js')
  const stamp = existsSync(entry) ? statSync(entry).mtimeMs : 0
  const sources = Math.max(
    newest(path.join(root, 'src'), n => n.endsWith('.ts')),
    newest(here, n => n.endsWith('.ts') && !n.endsWith('.d.ts'), 5)
  )
  if (stamp > sources) return
  timed('tsc (our side)', () => {
    try {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json')],
        {
          stdio: 'inherit'
        }
      )
    } catch {
      // Type errors do not stop the emit; a missing output does.
    }
  })
  if (!existsSync(entry)) throw new Error(`tsc produced no ${entry}`)
}

function runOracle(binary, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [file], { stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', d => out.push(d))
    child.stderr.on('data', d => err.push(d))
    child.on('error', reject)
    child.on('close', code => {
      if (code !== 0)
        reject(new Error(`oracle failed (${code}) on ${file}:\n${Buffer.concat(err).toString()}`))
      else resolve(JSON.parse(Buffer.concat(out).toString()))
    })
  })
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const binary = buildOracle()
  buildOurSide()
  const { runOurSide } = await import(pathToFileURL(path.join(build, 'conformance', 'ourSide.js')).href)

  /** @type {{file: string, scenario: any}[]} */
  const scenarios = []
  const add = file => scenarios.push({ file, scenario: JSON.parse(readFileSync(file, 'utf8')) })
  if (args.scenarios.length > 0) args.scenarios.forEach(add)
  else if (args.handWritten) {
    const dir = path.join(here, 'scenarios')
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.json')) add(path.join(dir, name))
  }
  if (args.count > 0) {
    const { generate } = await import(pathToFileURL(path.join(build, 'conformance', 'generate.js')).href)
    const dir = path.join(build, 'generated')
    mkdirSync(dir, { recursive: true })
    for (const scenario of generate(args.seed, args.count)) {
      const file = path.join(dir, `${scenario.name}.json`)
      writeFileSync(file, JSON.stringify(scenario, null, 1) + '\n')
      scenarios.push({ file, scenario })
    }
    console.log(`generated ${args.count} scenarios with --seed ${args.seed}`)
  }

  const start = performance.now()
  let diverged = 0
  let errors = 0
  const results = new Array(scenarios.length)
  // The oracle runs as child processes, two at a time; our side runs in this process.
  let next = 0
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++
      const { file, scenario } = scenarios[i]
      try {
        const real = await runOracle(binary, file)
        const ours = await runOurSide(scenario)
        results[i] = { real, ours, divergence: compare(real, ours) }
      } catch (error) {
        results[i] = { error }
      }
    }
  }
  await Promise.all([worker(), worker()])
  for (let i = 0; i < scenarios.length; i++) {
    const { file, scenario } = scenarios[i]
    const r = results[i]
    const name = scenario.name ?? path.basename(file, '.json')
    if (r.error) {
      errors++
      console.log(`ERROR ${name}: ${r.error.message ?? r.error}`)
      continue
    }
    if (!r.divergence) {
      console.log(`ok    ${name}`)
      continue
    }
    diverged++
    mkdirSync(failures, { recursive: true })
    const kept = path.join(failures, `${name}.json`)
    writeFileSync(kept, JSON.stringify(scenario, null, 1) + '\n')
    writeFileSync(
      path.join(failures, `${name}.kubernetes.trace.json`),
      JSON.stringify(r.real, null, 1) + '\n'
    )
    writeFileSync(
      path.join(failures, `${name}.job-action.trace.json`),
      JSON.stringify(r.ours, null, 1) + '\n'
    )
    console.log(`DIFF  ${name}  (replay: npm run conformance -- --scenario ${path.relative(root, kept)})`)
    console.log(formatDivergence(r.divergence, r.real, r.ours).replace(/^/gm, '      '))
    if (!args.keepGoing) break
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1)
  console.log(
    `\n${scenarios.length} scenarios in ${seconds} s: ${scenarios.length - diverged - errors} same, ${diverged} diverged, ${errors} errors` +
      (args.count > 0 ? ` (generated with --seed ${args.seed})` : '')
  )
  process.exitCode = diverged + errors > 0 ? 1 : 0
}

main().catch(error => {
  console.error(error)
  process.exitCode = 2
})
