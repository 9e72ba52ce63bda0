#!/usr/bin/env node
// npm run conformance [-- --ci | --count N --seed S | --scenario FILE] [--stop] [--only-generated]
//
// Builds what is needed (the Go oracle with its -overlay, our side with tsc into .build/), then
// runs every hand-written scenario (scenarios/*.json) and N generated ones (seeded) through both
// the real Kubernetes Job controller and ours, and compares them. The first divergence of a
// scenario is printed with both traces side by side; its scenario and traces are kept under
// conformance/failures/ for replay (--scenario conformance/failures/NAME.json).
//
// A divergence that one of the deliberate deviations listed below (docs/conformance.md) explains —
// the oracle given job-action's choice then agrees in full — is reported as such and passes. A
// scenario with `expectDivergence` pins one: it must diverge on the real controller and agree once
// the oracle is given that deviation.
//
// --ci: every hand-written scenario, CI_COUNT generated ones with CI_SEED, exit 1 on any
// unexplained divergence (conformance/ci.sh adds go mod download and the build caches).
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

/** The CI set: fixed, so that a red run replays. */
const CI_SEED = 16
const CI_COUNT = 1000
const CI_API_COUNT = 2000

/**
 * Deliberate deviations from the pinned release, each with the oracle settings that give the real
 * controller job-action's choice (docs/conformance.md lists them with their reasons).
 */
export const deviations = {
  'backoff-cap': {
    what: 'pod-failure backoff capped at 36 × base (6 min), Kubernetes 60 × base (10 min)',
    env: { ORACLE_BACKOFF_CAP_RATIO: '36' }
  }
}
const allDeviationsEnv = Object.assign({}, ...Object.values(deviations).map(d => d.env))

function parseArgs(argv) {
  const args = {
    count: 0,
    seed: undefined,
    scenarios: [],
    keepGoing: true,
    handWritten: true,
    ci: false,
    api: 0,
    printers: false
  }
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
    else if (a === '--ci') args.ci = true
    else if (a === '--api') args.api = Number(value())
    else if (a === '--printers') args.printers = true
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run conformance [-- --ci | --count N --seed S | --scenario FILE | --api N --seed S] [--stop] [--only-generated] [--our-backoff-cap]'
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  if (args.ci) {
    if (args.count === 0) args.count = CI_COUNT
    if (args.api === 0) args.api = CI_API_COUNT
    args.printers = true
    args.seed ??= CI_SEED
  }
  if ((args.count > 0 || args.api > 0) && args.seed === undefined)
    args.seed = Math.floor(Math.random() * 2 ** 31)
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
    newest(here, n => n.endsWith('.ts') && !n.endsWith('.d.ts'), 5),
    // The virtual clock is the test suite's (__tests__/support/virtualClock.ts).
    statSync(path.join(root, '__tests__', 'support', 'virtualClock.ts')).mtimeMs
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

function runOracle(binary, file, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env }
    })
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

/**
 * The verdict on one scenario. Without `expectDivergence`, a divergence passes only when the oracle
 * given every listed deviation agrees in full (explainedBy). With it, the scenario must diverge —
 * on `field` when given — and agree once the oracle is given that one deviation.
 */
async function judge(binary, file, scenario, real, ours) {
  const divergence = compare(real, ours)
  const expected = scenario.expectDivergence
  if (!expected) {
    if (!divergence) return { real, ours }
    for (const [id, { env }] of Object.entries(deviations))
      if (!compare(await runOracle(binary, file, env), ours)) return { real, ours, explainedBy: id }
    if (Object.keys(deviations).length > 1 && !compare(await runOracle(binary, file, allDeviationsEnv), ours))
      return { real, ours, explainedBy: Object.keys(deviations).join(' + ') }
    return { real, ours, divergence }
  }
  const deviation = deviations[expected.deviation]
  if (!deviation) throw new Error(`expectDivergence: unknown deviation ${expected.deviation}`)
  const fail = why => ({ real, ours, divergence: { field: why, at: NaN, real: '', ours: '' } })
  if (!divergence)
    return fail(
      `expected the deviation ${expected.deviation}, but both sides agree: the scenario no longer shows it`
    )
  if (expected.field && divergence.field !== expected.field)
    return {
      real,
      ours,
      divergence: { ...divergence, field: `${divergence.field} (expected ${expected.field})` }
    }
  const again = await runOracle(binary, file, deviation.env)
  const rest = compare(again, ours)
  if (rest)
    return {
      real: again,
      ours,
      divergence: { ...rest, field: `${rest.field} (beyond ${expected.deviation})` }
    }
  return { real, ours, explainedBy: expected.deviation }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  buildOurSide()
  // `--api N` alone runs the API oracle only.
  const controller = args.ci || args.count > 0 || args.scenarios.length > 0 || args.api === 0
  const controllerOk = controller ? await controllerOracle(args) : true
  const apiOk = args.api > 0 ? await apiOracle(args) : true
  process.exitCode = controllerOk && apiOk ? 0 : 1
}

/**
 * The printer oracle (printers/, --printers): `kubectl describe job` of the pinned kubectl over the
 * final Job and events of each scenario run, beside ours. Report only: its differences are listed
 * in docs/conformance.md.
 */
async function printerOracle(scenarios, results) {
  const binary = path.join(build, 'printers')
  timed('go build (printers)', () =>
    execFileSync('go', ['build', '-o', binary, './printers'], { cwd: here, stdio: 'inherit' })
  )
  const side = await import(pathToFileURL(path.join(build, 'conformance', 'printerSide.js')).href)
  const cases = []
  const ours = []
  for (let i = 0; i < scenarios.length; i++) {
    const input = results[i]?.ours?.describeInput
    if (!input) continue
    cases.push(side.printerCase(scenarios[i].scenario.name, input))
    ours.push({ describe: side.ourDescribe(input), pods: side.ourGetPods(input) })
  }
  const file = path.join(build, 'printer-cases.json')
  writeFileSync(file, JSON.stringify(cases))
  const real = JSON.parse(
    execFileSync(binary, [file], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } })
  )
  // Per printer: identical, differing only as listed, and the other differences grouped.
  const tally = { describe: { listed: 0, groups: new Map() }, pods: { listed: 0, groups: new Map() } }
  const note = (which, name, difference, texts) => {
    const key = difference.replace(/\d+/g, 'N')
    const group = tally[which].groups.get(key) ?? { count: 0, name, difference, texts }
    group.count++
    tally[which].groups.set(key, group)
  }
  for (let i = 0; i < cases.length; i++) {
    const name = cases[i].name
    if (real[i].error) {
      note('describe', name, `error: ${real[i].error}`, {})
      continue
    }
    const describe = side.compareDescribe(real[i].text, ours[i].describe)
    if (describe) note('describe', name, describe, { kubernetes: real[i].text, ours: ours[i].describe })
    const pods = side.comparePodTables(real[i].podsText ?? '', ours[i].pods)
    if (pods.listed) tally.pods.listed++
    else if (pods.difference)
      note('pods', name, pods.difference, { kubernetes: real[i].podsText, ours: ours[i].pods })
  }
  mkdirSync(failures, { recursive: true })
  let unlisted = 0
  for (const [which, label, listedAs] of [
    ['describe', 'describe texts (kubectl describe job)', 'a listed difference'],
    ['pods', 'pod tables (kubectl get pods)', 'a listed difference']
  ]) {
    const { listed, groups } = tally[which]
    let differing = 0
    for (const group of [...groups.values()].sort((a, b) => b.count - a.count)) {
      differing += group.count
      writeFileSync(
        path.join(failures, `${group.name}.${which}.kubernetes.txt`),
        group.texts.kubernetes ?? ''
      )
      writeFileSync(path.join(failures, `${group.name}.${which}.job-action.txt`), group.texts.ours ?? '')
      console.log(`${which.toUpperCase()} x${group.count}  e.g. ${group.name}\n ${group.difference}`)
    }
    unlisted += differing
    console.log(
      `${cases.length} ${label}: ${cases.length - differing - listed} identical, ` +
        `${listed} differing only by ${listedAs}, ${differing} differ otherwise`
    )
  }
  return unlisted === 0
}

async function controllerOracle(args) {
  const binary = buildOracle()
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
  let explained = 0
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
        results[i] = await judge(binary, file, scenario, real, ours)
        // --stop: no new scenario once one has diverged.
        if (results[i].divergence && !args.keepGoing) next = scenarios.length
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
    if (!r) continue
    if (r.error) {
      errors++
      console.log(`ERROR ${name}: ${r.error.message ?? r.error}`)
      continue
    }
    if (!r.divergence) {
      if (r.explainedBy) explained++
      console.log(`ok    ${name}${r.explainedBy ? `  (deviation ${r.explainedBy})` : ''}`)
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
  const ran = results.filter(Boolean).length
  console.log(
    `\n${ran} scenarios in ${seconds} s: ${ran - diverged - errors - explained} same, ` +
      `${explained} differing only by a listed deviation, ${diverged} diverged, ${errors} errors` +
      (args.count > 0 ? ` (generated with --seed ${args.seed})` : '')
  )
  const printersOk = args.printers ? await printerOracle(scenarios, results) : true
  return diverged + errors === 0 && printersOk
}

/**
 * The API oracle (apivalidation/): `args.api` generated and mutated manifests through the pinned
 * release's decoding, defaulting and validation and through our loadManifests. Differences are
 * grouped by kind (values taken out) and each group listed with one example kept under
 * failures/; a group not in knownApiDifferences fails the run.
 */
async function apiOracle(args) {
  const binary = path.join(build, 'apivalidation')
  timed('go build (apivalidation)', () =>
    execFileSync('go', ['build', '-o', binary, './apivalidation'], { cwd: here, stdio: 'inherit' })
  )
  const { apiCases, ourApiResult, compareApi, explainApi } = await import(
    pathToFileURL(path.join(build, 'conformance', 'apiSide.js')).href
  )
  const start = performance.now()
  const cases = apiCases(args.seed, args.api)
  const file = path.join(build, 'api-cases.json')
  writeFileSync(file, JSON.stringify(cases))
  const real = JSON.parse(
    execFileSync(binary, [file], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore']
    })
  )
  const groups = new Map()
  let accepted = 0
  for (let i = 0; i < cases.length; i++) {
    const ours = ourApiResult(cases[i])
    if (ours.problems.length === 0) accepted++
    const difference = compareApi(real[i], ours)
    if (!difference) continue
    const key = difference
      .split('\n')[0]
      .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
      .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')
      .replace(/\[\d+\]|\[N\]/g, '[i]')
    const explainedBy = explainApi(real[i], ours, difference)
    const group = groups.get(key) ?? {
      count: 0,
      example: cases[i],
      difference,
      real: real[i],
      ours,
      explainedBy
    }
    group.count++
    groups.set(key, group)
  }
  const differing = [...groups.values()].reduce((n, g) => n + g.count, 0)
  const unlisted = [...groups.values()].filter(g => !g.explainedBy).reduce((n, g) => n + g.count, 0)
  const byId = new Map()
  for (const g of groups.values())
    if (g.explainedBy) byId.set(g.explainedBy, (byId.get(g.explainedBy) ?? 0) + g.count)
  const seconds = ((performance.now() - start) / 1000).toFixed(1)
  mkdirSync(failures, { recursive: true })
  const sorted = [...groups.entries()].sort((a, b) => b[1].count - a[1].count)
  for (const [key, group] of sorted) {
    const kept = path.join(failures, `${group.example.name}.yaml`)
    writeFileSync(kept, group.example.text)
    writeFileSync(
      path.join(failures, `${group.example.name}.results.json`),
      JSON.stringify({ kubernetes: group.real, 'job-action': group.ours }, null, 1) + '\n'
    )
    const label = group.explainedBy ? `listed (${group.explainedBy})` : 'UNLISTED'
    console.log(`API   x${group.count} ${label}  ${key}\n      e.g. ${path.relative(root, kept)}:`)
    console.log(group.difference.replace(/^/gm, '        '))
  }
  console.log(
    `\n${cases.length} manifests (API oracle, --seed ${args.seed}) in ${seconds} s: ` +
      `${cases.length - differing} same verdict and field errors (${accepted} accepted by us), ` +
      `${differing - unlisted} differ as listed (${[...byId].map(([id, n]) => `${id} ${n}`).join(', ') || 'none'}), ` +
      `${unlisted} unlisted`
  )
  return unlisted === 0
}

main().catch(error => {
  console.error(error)
  process.exitCode = 2
})
