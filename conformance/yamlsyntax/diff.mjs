#!/usr/bin/env node
// node conformance/yamlsyntax/diff.mjs [--count N] [--seed S] [--show N] [--write-golden]
//
// The YAML syntax oracle beside our port: N generated chunks (cases.mjs, seeded) through
// sigs.k8s.io/yaml.YAMLToJSON with go-yaml v2.4.4 (main.go) and through goYamlCheck
// (src/api/yaml/goyaml/check.ts), compared on the error text and, where the chunk converts, on
// the depth. Prints the agreement and the first disagreements side by side.
//
// --write-golden writes __tests__/golden/goyaml-errors.json instead: GOLDEN_COUNT cases of
// GOLDEN_SEED with go-yaml's answers (__tests__/golden/README.md).
//
// Builds what it needs, as run.mjs does: our side with tsc into .build/yamlsyntax-ts, the Go side
// with -tags nodedepth against a copy of go.yaml.in/yaml/v2 (symbolic links into the module
// cache) that adds node_depth.go.in, so that go-yaml's unexported node tree gives the depth; the
// replace line lives in .build/yamlsyntax.mod (-modfile), the committed go.mod stays clean.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { yamlCases } from './cases.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const conformance = path.resolve(here, '..')
const root = path.resolve(conformance, '..')
const build = path.join(conformance, '.build')

const GOLDEN_SEED = 2026
const GOLDEN_COUNT = 600
const goldenFile = path.join(root, '__tests__', 'golden', 'goyaml-errors.json')

function parseArgs(argv) {
  const args = { count: 2000, seed: undefined, show: 8, golden: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return Number(v)
    }
    if (a === '--count') args.count = value()
    else if (a === '--seed') args.seed = value()
    else if (a === '--show') args.show = value()
    else if (a === '--write-golden') args.golden = true
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node conformance/yamlsyntax/diff.mjs [--count N] [--seed S] [--show N] [--write-golden]'
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  args.seed ??= Math.floor(Math.random() * 2 ** 31)
  return args
}

function buildGo() {
  mkdirSync(build, { recursive: true })
  const source = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'go.yaml.in/yaml/v2'], {
    cwd: conformance,
    encoding: 'utf8'
  }).trim()
  const copy = path.join(build, 'goyamlv2')
  rmSync(copy, { recursive: true, force: true })
  mkdirSync(copy)
  for (const entry of readdirSync(source)) symlinkSync(path.join(source, entry), path.join(copy, entry))
  copyFileSync(path.join(here, 'node_depth.go.in'), path.join(copy, 'node_depth.go'))
  const modfile = path.join(build, 'yamlsyntax.mod')
  writeFileSync(
    modfile,
    readFileSync(path.join(conformance, 'go.mod'), 'utf8') +
      '\nreplace go.yaml.in/yaml/v2 => ./.build/goyamlv2\n'
  )
  copyFileSync(path.join(conformance, 'go.sum'), path.join(build, 'yamlsyntax.sum'))
  const binary = path.join(build, 'yamlsyntax')
  execFileSync('go', ['build', '-tags', 'nodedepth', '-modfile', modfile, '-o', binary, './yamlsyntax'], {
    cwd: conformance,
    stdio: 'inherit'
  })
  return binary
}

async function buildOurs() {
  const out = path.join(build, 'yamlsyntax-ts')
  rmSync(out, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '--ignoreConfig',
      '--outDir',
      out,
      '--rootDir',
      path.join(root, 'src'),
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--types',
      'node',
      '--strict',
      '--skipLibCheck',
      path.join(root, 'src/api/yaml/goyaml/check.ts')
    ],
    { stdio: 'inherit' }
  )
  return import(pathToFileURL(path.join(out, 'api/yaml/goyaml/check.js')).href)
}

function runGo(binary, cases) {
  const file = path.join(build, 'yamlsyntax-cases.json')
  writeFileSync(file, JSON.stringify(cases))
  return JSON.parse(execFileSync(binary, [file], { encoding: 'utf8', maxBuffer: 1 << 30 }))
}

/** The difference between go-yaml's answer and ours, or undefined. */
function difference(real, ours) {
  const ourError = ours.error ?? ''
  const accepted = real.alternatives ?? [real.error]
  if (!accepted.includes(ourError)) return 'error'
  if (real.depth !== undefined && real.depth !== ours.depth) return 'depth'
  return undefined
}

/** The chunk's lines around the line an error names (or its start). */
function excerpt(text, error) {
  const lines = text.split('\n')
  const named = /line (\d+):/.exec(error ?? '')
  const at = named ? Number(named[1]) - 1 : 0
  const from = Math.max(0, at - 2)
  return lines
    .slice(from, from + 5)
    .map(
      (line, i) => `${String(from + i + 1).padStart(5)} | ${JSON.stringify(line).slice(1, -1).slice(0, 150)}`
    )
    .join('\n')
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const [binary, ours] = [buildGo(), await buildOurs()]
  const seed = args.golden ? GOLDEN_SEED : args.seed
  const count = args.golden ? GOLDEN_COUNT : args.count
  const cases = yamlCases(seed, count)
  let start = performance.now()
  const real = runGo(binary, cases)
  const goSeconds = (performance.now() - start) / 1000
  if (args.golden) {
    const golden = cases.map((c, i) => ({ ...c, ...real[i], name: c.name }))
    writeFileSync(goldenFile, JSON.stringify(golden, null, 1) + '\n')
    console.log(`wrote ${golden.length} cases (seed ${seed}) to ${path.relative(root, goldenFile)}`)
  }
  start = performance.now()
  const results = cases.map(c => ours.goYamlCheck(c.text))
  const ourSeconds = (performance.now() - start) / 1000
  const differing = []
  let errors = 0
  let withDepth = 0
  for (let i = 0; i < cases.length; i++) {
    if (real[i].error) errors++
    if (real[i].depth !== undefined) withDepth++
    const kind = difference(real[i], results[i])
    if (kind) differing.push({ i, kind })
  }
  for (const { i, kind } of differing.slice(0, args.show)) {
    console.log(`\nDIFF (${kind})  ${cases[i].name}`)
    console.log(
      `  go-yaml: ${JSON.stringify(real[i].alternatives ?? real[i].error)}  depth ${real[i].depth ?? '-'}`
    )
    console.log(`  ours:    ${JSON.stringify(results[i].error ?? '')}  depth ${results[i].depth}`)
    console.log(excerpt(cases[i].text, real[i].error || results[i].error))
  }
  const agree = cases.length - differing.length
  console.log(
    `\n${cases.length} cases (seed ${seed}): ${agree} agree (${((100 * agree) / cases.length).toFixed(2)}%), ` +
      `${differing.length} differ; go-yaml refused ${errors}, depth compared on ${withDepth}; ` +
      `go ${goSeconds.toFixed(1)} s (8 runs each), ours ${ourSeconds.toFixed(1)} s`
  )
  process.exitCode = differing.length === 0 ? 0 : 1
}

await main()
