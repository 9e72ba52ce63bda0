#!/usr/bin/env node
// The floor a Node.js job runner cannot go below with child_process: the smallest loop that runs
// N commands, at most P at once, and waits for each one's exit and end of output.
//   node spawn-loop.mjs --n N --p P --mode drain|files|tee|fd [--logdir DIR] -- COMMAND [ARGS...]
// Modes: drain — stdout and stderr piped and read, nothing kept; files — both piped into the
// child's own log file DIR/pod-I.log (what every pod of the action gets), with
// JOB_COMPLETION_INDEX=I in its environment; tee — files, plus every line to our stdout with a
// `[pod-I] ` prefix (the live stream); fd — the log file's descriptor handed to the child.
// Exits 1 if any command failed.
import { spawn } from 'node:child_process'
import { closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs'
import path from 'node:path'

const argv = process.argv.slice(2)
const separator = argv.indexOf('--')
if (separator < 0) throw new Error('usage: spawn-loop.mjs --n N --p P --mode MODE [--logdir DIR] -- COMMAND')
const flags = new Map()
for (let i = 0; i < separator; i += 2) flags.set(argv[i], argv[i + 1])
const [command, ...args] = argv.slice(separator + 1)
const total = Number(flags.get('--n') ?? 1)
const parallelism = Number(flags.get('--p') ?? 1)
const mode = flags.get('--mode') ?? 'drain'
const logdir = flags.get('--logdir')
if (mode !== 'drain') {
  if (!logdir) throw new Error(`--mode ${mode} needs --logdir`)
  mkdirSync(logdir, { recursive: true })
}

let started = 0
let running = 0
let failed = 0

/** Writes whole lines with a prefix; a partial line waits for its end. */
function prefixer(prefix) {
  let partial = ''
  return {
    push(chunk) {
      const text = partial + chunk.toString('latin1')
      const end = text.lastIndexOf('\n')
      if (end < 0) {
        partial = text
        return
      }
      partial = text.slice(end + 1)
      process.stdout.write(Buffer.from(prefix + text.slice(0, end).replaceAll('\n', '\n' + prefix) + '\n', 'latin1'))
    },
    end() {
      if (partial) process.stdout.write(Buffer.from(prefix + partial + '\n', 'latin1'))
    }
  }
}

function startOne() {
  const index = started++
  running++
  const env = mode === 'drain' ? process.env : { ...process.env, JOB_COMPLETION_INDEX: String(index) }
  const file = logdir ? path.join(logdir, `pod-${index}.log`) : undefined
  if (mode === 'fd') {
    const fd = openSync(file, 'w')
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    child.on('exit', code => finished(code))
    return
  }
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let pending = 3 // exit, stdout end, stderr end
  let exitCode = 0
  const done = () => {
    if (--pending === 0) finished(exitCode)
  }
  child.on('exit', code => {
    exitCode = code
    done()
  })
  if (mode === 'drain') {
    for (const stream of [child.stdout, child.stderr]) {
      stream.resume()
      stream.on('end', done)
    }
    return
  }
  const out = createWriteStream(file)
  let open = 2
  let paused = false
  for (const stream of [child.stdout, child.stderr]) {
    const lines = mode === 'tee' ? prefixer(`[pod-${index}] `) : undefined
    stream.on('data', chunk => {
      if (!out.write(chunk) && !paused) {
        paused = true
        child.stdout.pause()
        child.stderr.pause()
        out.once('drain', () => {
          paused = false
          child.stdout.resume()
          child.stderr.resume()
        })
      }
      lines?.push(chunk)
    })
    stream.on('end', () => {
      lines?.end()
      if (--open === 0) out.end()
    })
  }
  out.on('close', () => {
    done()
    done()
  })
}

function finished(code) {
  running--
  if (code !== 0) failed++
  fill()
}

function fill() {
  while (running < parallelism && started < total) startOne()
  if (running === 0 && started === total) process.exitCode = failed > 0 ? 1 : 0
}

fill()
