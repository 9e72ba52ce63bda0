/**
 * The command line: `job-action run|validate`. Same layers as the action; results on stdout,
 * notices and errors on stderr, exit codes 0 / 1 / 2 / 130 (design.md "CLI").
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { stringify } from 'yaml'
import { parseDuration, UsageError } from './duration.js'
import {
  defaultLogsDir,
  execute,
  executeMerge,
  failureMessage,
  loadAndCheck,
  type ExecuteResult
} from './execute.js'
import type { LogMode } from './logs/types.js'
import { unsupportedPlatform } from './platform.js'
import { getPodsTable } from './report/getPods.js'
import { jobJson } from './report/outputs.js'
import type { OutputFormat, RunSettings, RuntimeName } from './settings.js'
import { parseShard, type Shard } from './shard/shard.js'
import { onCancel } from './signals.js'
import { ManifestError, type ManifestSource } from './api/load.js'
import { version } from './version.js'

export const usage = `job-action — run a Kubernetes batch/v1 Job on this machine as the Job controller would

Usage:
  job-action run -f FILE [-f FILE...] [options]   run the Job(s), print live logs, then the result
  job-action validate -f FILE [-f FILE...]        parse, default and validate only; nothing runs
  job-action merge PATH [PATH...] [options]       report the shards of one Job as one run; nothing runs
  job-action --help | --version

  -f, --filename FILE     manifest (YAML or JSON, several documents allowed); "-" reads standard input
  --runtime RUNTIME       process (default: each container a child process) or docker
  --namespace NS          namespace of objects that name none (default "default")
  --logs MODE             stream (default: live, each line prefixed [pod/container]), group, or none
  --logs-dir DIR          log files go to DIR/<job>/<pod>/<container>.log
                          (default: $RUNNER_TEMP/job-action, else job-action in the system temp folder)
  --backoff-base DUR      base of the retry backoff, e.g. 10s (default, as Kubernetes), 250ms, 0
  -o, --output FORMAT     describe (default: kubectl describe job, then kubectl get pods), json, yaml, none
  --summary FILE          also write the Markdown step summary to FILE
  --shard I/N             run shard I of N (numbered from 1) of an Indexed Job: the indexes k with
                          k mod N == I - 1, spec.parallelism of them at a time
  PATH (merge)            <job>.status.json files, folders holding them, or glob patterns (* ? **);
                          every run writes <logs-dir>/<job>.status.json; merge accepts --logs-dir, -o, --summary

Exit codes: 0 every Job Complete (or Suspended); 1 a Job Failed (merge: or some shard never reported);
2 invalid manifest or usage, or status files that are not the shards of one Job;
130 interrupted (SIGINT/SIGTERM) after every pod was stopped.
`

interface CliOptions {
  command: 'run' | 'validate' | 'merge' | 'help' | 'version'
  files: string[]
  /** merge: the status files, folders or globs. */
  paths: string[]
  shard?: Shard
  runtime: RuntimeName
  namespace: string
  logs: LogMode
  logsDir?: string
  backoffBase: string
  output: OutputFormat
  summaryFile?: string
}

function pick<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag}: "${value}" is not one of ${allowed.join(', ')}`)
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    command: 'help',
    files: [],
    paths: [],
    runtime: 'process',
    namespace: 'default',
    logs: 'stream',
    backoffBase: '10s',
    output: 'describe'
  }
  const args = [...argv]
  const first = args.shift()
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return options
  if (first === '--version' || first === '-v') return { ...options, command: 'version' }
  if (first !== 'run' && first !== 'validate' && first !== 'merge')
    throw new UsageError(`unknown command "${first}" (try job-action --help)`)
  options.command = first
  while (args.length > 0) {
    const arg = args.shift() as string
    if (options.command === 'merge' && !arg.startsWith('-')) {
      options.paths.push(arg)
      continue
    }
    const [flag, inlineValue] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined]
    const value = (): string => {
      const v = inlineValue ?? args.shift()
      if (v === undefined) throw new UsageError(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '-h':
      case '--help':
        return { ...options, command: 'help' }
      case '-f':
      case '--filename':
        options.files.push(value())
        break
      case '--runtime':
        options.runtime = pick(flag, value(), ['process', 'docker'])
        break
      case '--namespace':
      case '-n':
        options.namespace = value()
        break
      case '--logs':
        options.logs = pick(flag, value(), ['stream', 'group', 'none'])
        break
      case '--logs-dir':
        options.logsDir = value()
        break
      case '--backoff-base':
        options.backoffBase = value()
        break
      case '-o':
      case '--output':
        options.output = pick(flag, value(), ['describe', 'json', 'yaml', 'none'])
        break
      case '--summary':
        options.summaryFile = value()
        break
      case '--shard':
        options.shard = parseShard(value(), '--shard')
        break
      default:
        throw new UsageError(`unknown flag "${flag}" (try job-action --help)`)
    }
  }
  if (options.command === 'merge') {
    if (options.paths.length === 0)
      throw new UsageError('merge needs at least one status file, folder or glob pattern')
    const runOnly = [
      [options.files.length > 0, '-f'],
      [options.shard !== undefined, '--shard']
    ] as const
    for (const [given, flag] of runOnly)
      if (given) throw new UsageError(`merge reads status files and runs nothing: ${flag} does not apply`)
    return options
  }
  if (options.files.length === 0) throw new UsageError(`${options.command} needs at least one -f FILE`)
  return options
}

function readSources(files: readonly string[]): ManifestSource[] {
  return files.map(file => {
    try {
      return { file: file === '-' ? '<stdin>' : file, text: fs.readFileSync(file === '-' ? 0 : file, 'utf8') }
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  })
}

/** Returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WritableStream } = {
    stdout: process.stdout,
    stderr: process.stderr
  }
): Promise<number> {
  const platformError = unsupportedPlatform()
  if (platformError) {
    io.stderr.write(`error: ${platformError}\n`)
    return 2
  }
  let options: CliOptions
  let settings: RunSettings
  let loaded
  try {
    options = parseArgs(argv)
    if (options.command === 'help') {
      io.stdout.write(usage)
      return 0
    }
    if (options.command === 'version') {
      io.stdout.write(`job-action ${version}\n`)
      return 0
    }
    const workspace = process.cwd()
    const logsDir = options.logsDir ? path.resolve(workspace, options.logsDir) : defaultLogsDir(process.env)
    if (options.command === 'merge') {
      const merged = executeMerge(options.paths, { logsDir, workspace })
      printResult(merged, options, io)
      io.stderr.write(`Logs: ${logsDir}\n`)
      if (merged.failure) io.stderr.write(`${merged.failure}\n`)
      return merged.failure ? 1 : 0
    }
    settings = {
      sources: readSources(options.files),
      runtime: options.runtime,
      namespace: options.namespace,
      logs: options.logs,
      logsDir,
      backoffBaseMs: parseDuration(options.backoffBase, '--backoff-base'),
      workspace,
      shard: options.shard
    }
    loaded = loadAndCheck(settings.sources, settings)
  } catch (error) {
    if (error instanceof ManifestError || error instanceof UsageError) {
      io.stderr.write(`${error instanceof UsageError ? 'error: ' : ''}${error.message}\n`)
      return 2
    }
    throw error
  }
  for (const notice of loaded.notices) io.stderr.write(`notice: ${notice}\n`)
  if (options.command === 'validate') {
    for (const { job } of loaded.jobs) io.stdout.write(`job.batch/${job.metadata.name} valid\n`)
    return 0
  }

  let interrupted = false
  let stopListening = (): void => {}
  let result: ExecuteResult
  try {
    result = await execute(loaded, settings, {
      out: io.stdout,
      color: io.stdout.isTTY === true || process.env.GITHUB_ACTIONS === 'true',
      notice: message => io.stderr.write(`notice: ${message}\n`),
      onStarted: jobs => {
        stopListening = onCancel(jobs, signal => {
          interrupted = true
          io.stderr.write(`\nReceived ${signal}: stopping every pod\n`)
        })
      }
    })
  } catch (error) {
    // Before any pod starts: no docker engine for --runtime docker.
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`error: ${error.message}\n`)
    return 2
  } finally {
    stopListening()
  }

  printResult(result, options, io)
  io.stderr.write(`Logs: ${settings.logsDir}\n`)
  const failure = failureMessage(result.results)
  if (failure) io.stderr.write(`${result.masker.apply(failure)}\n`)
  if (interrupted) return 130
  return failure ? 1 : 0
}

/** The chosen output on stdout, and the summary file. */
function printResult(result: ExecuteResult, options: CliOptions, io: { stdout: NodeJS.WriteStream }): void {
  const now = Date.now()
  switch (options.output) {
    case 'describe':
      io.stdout.write(`\n${result.outputs.describe.replace(/\n?$/, '\n')}`)
      for (const r of result.results)
        if (r.pods.length > 0) io.stdout.write(`\n${result.masker.apply(getPodsTable(r.pods, now))}\n`)
      break
    case 'json':
      io.stdout.write(`${result.masker.apply(JSON.stringify(jobJson(result.results), null, 4))}\n`)
      break
    case 'yaml':
      io.stdout.write(result.masker.apply(stringify(jobJson(result.results), { sortMapEntries: true })))
      break
    case 'none':
      break
  }
  if (options.summaryFile) fs.writeFileSync(options.summaryFile, result.summary())
}
