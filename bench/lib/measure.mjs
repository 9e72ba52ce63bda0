// Timing commands as whole processes (measure.py: wall, CPU of the whole tree, peak RSS) and
// running candidates in paired, alternating rounds so that the machine's drift cancels out of
// the ratios: round r runs every candidate once, in the opposite order to round r - 1, and each
// ratio is taken within one round, before the median is.
import { spawnSync } from 'node:child_process'
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const measurePy = path.join(here, 'measure.py')

/**
 * @typedef {object} Candidate
 * @property {string} id
 * @property {string} label
 * @property {string[]} cmd
 * @property {Record<string, string>} [env]  the whole environment (default: ours)
 * @property {string} [cwd]
 * @property {string} [stdout] file that receives the command's stdout (default /dev/null)
 * @property {() => void} [before] runs before every measurement (not timed): clean-up of the last run
 * @property {(result: Sample) => string | undefined} [check] returns a problem, if any
 */

/**
 * @typedef {object} Sample
 * @property {number} wall_s
 * @property {number} cpu_s
 * @property {number} maxrss_kib
 * @property {number} exit
 * @property {number} leftover
 */

/** One timed run of a candidate. Throws when the command fails: a failed run measures nothing. */
export function measureOnce(candidate, scratch) {
  candidate.before?.()
  const resultFile = path.join(scratch, `measure-${process.pid}.json`)
  rmSync(resultFile, { force: true })
  const stdout = openSync(candidate.stdout ?? '/dev/null', 'w')
  let stderrText
  try {
    const run = spawnSync('python3', [measurePy, resultFile, '--', ...candidate.cmd], {
      cwd: candidate.cwd,
      env: candidate.env ?? process.env,
      stdio: ['ignore', stdout, 'pipe'],
      maxBuffer: 64 * 1024 * 1024
    })
    stderrText = run.stderr?.toString('utf8') ?? ''
    if (run.error) throw run.error
  } finally {
    closeSync(stdout)
  }
  let sample
  try {
    sample = JSON.parse(readFileSync(resultFile, 'utf8'))
  } catch {
    throw new Error(`${candidate.label}: no measurement (${stderrText.trim().slice(-500)})`)
  }
  const problem =
    sample.exit !== 0 ? `exit code ${sample.exit}` : candidate.check ? candidate.check(sample) : undefined
  if (problem) throw new Error(`${candidate.label}: ${problem}\n${stderrText.trim().slice(-2000)}`)
  return sample
}

/**
 * Runs `warmup` uncounted rounds and `runs` counted ones; every candidate runs once per round,
 * in alternating order. Returns per candidate its samples and, against `baseline`, the per-round
 * ratios of wall and CPU time.
 */
export function pairedRounds(candidates, { runs, warmup, baseline, scratch, log }) {
  const samples = new Map(candidates.map(c => [c.id, []]))
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 === 0 ? candidates : [...candidates].reverse()
    for (const candidate of order) {
      const sample = measureOnce(candidate, scratch)
      log?.(
        `  ${round < warmup ? 'warm-up' : `run ${round - warmup + 1}/${runs}`} ${candidate.label}: ` +
          `${sample.wall_s.toFixed(3)} s, ${(sample.maxrss_kib / 1024).toFixed(0)} MiB`
      )
      if (round >= warmup) samples.get(candidate.id).push(sample)
    }
  }
  const base = baseline ? samples.get(baseline) : undefined
  return candidates.map(candidate => {
    const own = samples.get(candidate.id)
    return {
      candidate,
      samples: own,
      wallRatios: base ? own.map((s, i) => s.wall_s / base[i].wall_s) : [],
      cpuRatios: base ? own.map((s, i) => s.cpu_s / base[i].cpu_s) : []
    }
  })
}

export function median(values) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

/** `1.234 [1.100–1.400]` with the given number of decimals. */
export function medianRange(values, decimals = 3, scale = 1) {
  if (values.length === 0) return '–'
  const { median: m, min, max } = spread(values.map(v => v * scale))
  return values.length === 1
    ? m.toFixed(decimals)
    : `${m.toFixed(decimals)} [${min.toFixed(decimals)}–${max.toFixed(decimals)}]`
}

export const walls = result => result.samples.map(s => s.wall_s)
export const cpus = result => result.samples.map(s => s.cpu_s)
export const peakMiB = result => Math.max(...result.samples.map(s => s.maxrss_kib)) / 1024
