/**
 * The shapes the CLI's modules pass each other: its verbs, the options its flags set, and the
 * streams it writes to (process.stdout / stderr, or a test's).
 */
import type { LogMode } from '../logs/types.js'
import type { OutputFormat, RuntimeName } from '../settings.js'
import type { Shard } from '../shard/shard.js'

export const verbNames = ['run', 'validate', 'merge', 'create', 'apply', 'get', 'describe', 'logs'] as const
export type Verb = (typeof verbNames)[number]

/** Every flag's value after parsing; a verb reads only the ones its flags set (src/cli/grammar.ts). */
export interface CliOptions {
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
  /** get, describe, logs: the resource type and names, or the pod (and container). */
  operands: string[]
  /** get, logs: -l. */
  selector?: string
  /** get: -o as kubectl takes it ('' for the table). */
  getOutput: string
  noHeaders: boolean
  /** logs. */
  container?: string
  previous: boolean
  tail?: number
  prefix: boolean
  allContainers: boolean
}

export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WritableStream
}
