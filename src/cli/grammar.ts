/**
 * The CLI's grammar in one table: each verb, and each flag with the verbs that accept it. The
 * parser (parseArgs.ts) refuses a flag its verb does not list, and the usage text (usage.ts) is
 * written from the same table, so the two cannot disagree. Defaults come from src/runDefaults.ts,
 * the table the action's inputs read too.
 */
import { choices, oneOf } from '../choices.js'
import { runDefaults } from '../runDefaults.js'
import { parseShard } from '../shard/shard.js'
import type { CliOptions, Verb } from './types.js'

export interface VerbSpec {
  /** Arguments that are not flags, as the synopsis shows them. */
  operands?: string
  summary: string
}

export const verbs: Record<Verb, VerbSpec> = {
  run: { summary: 'run the Job(s), print live logs, then the result' },
  validate: { summary: 'parse, default and validate only; nothing runs' },
  merge: { operands: 'PATH [PATH...]', summary: 'report the shards of one Job as one run; nothing runs' }
}

export interface FlagSpec {
  /** The short form first, when there is one. */
  names: readonly string[]
  /** The value's name in the usage text. */
  value: string
  /** The allowed values, shown in the synopsis instead of the value's name. */
  choices?: readonly string[]
  /** Given at least once (and as often as wanted). */
  required?: boolean
  verbs: readonly Verb[]
  /** Lines of the usage text. */
  help: readonly string[]
  set(options: CliOptions, value: string, flag: string): void
}

export const flags: readonly FlagSpec[] = [
  {
    names: ['-f', '--filename'],
    value: 'FILE',
    required: true,
    verbs: ['run', 'validate'],
    help: ['manifest: YAML or JSON, several documents allowed; "-" is standard input'],
    set: (options, value) => void options.files.push(value)
  },
  {
    names: ['-n', '--namespace'],
    value: 'NS',
    verbs: ['run', 'validate'],
    help: [`namespace of objects that name none (default "${runDefaults.namespace}")`],
    set: (options, value) => void (options.namespace = value)
  },
  {
    names: ['--runtime'],
    value: 'RUNTIME',
    choices: choices.runtime,
    verbs: ['run', 'validate'],
    help: [
      'process (each container a child process) or docker (each a container);',
      `default ${runDefaults.runtime}`
    ],
    set: (options, value, flag) => void (options.runtime = oneOf(flag, value, choices.runtime))
  },
  {
    names: ['--logs'],
    value: 'MODE',
    choices: choices.logs,
    verbs: ['run'],
    help: [
      "stream (live, each line prefixed [pod/container]), group (each pod's logs",
      `once it ends) or none; default ${runDefaults.logs}`
    ],
    set: (options, value, flag) => void (options.logs = oneOf(flag, value, choices.logs))
  },
  {
    names: ['--logs-dir'],
    value: 'DIR',
    verbs: ['run', 'merge'],
    help: [
      'log files go to DIR/<job>/<pod>/<container>.log, status files to',
      'DIR/<job>.status.json; default $RUNNER_TEMP/job-action, else job-action in',
      'the system temp folder'
    ],
    set: (options, value) => void (options.logsDir = value)
  },
  {
    names: ['--backoff-base'],
    value: 'DUR',
    verbs: ['run'],
    help: [
      `base of the retry backoff, e.g. 250ms or 0; default ${runDefaults['backoff-base']}, as Kubernetes`
    ],
    set: (options, value) => void (options.backoffBase = value)
  },
  {
    names: ['-o', '--output'],
    value: 'FORMAT',
    choices: choices.output,
    verbs: ['run', 'merge'],
    help: [
      'describe (as kubectl describe job, then get pods), json, yaml or none;',
      `default ${runDefaults.output}`
    ],
    set: (options, value, flag) => void (options.output = oneOf(flag, value, choices.output))
  },
  {
    names: ['--summary'],
    value: 'FILE',
    verbs: ['run', 'merge'],
    help: ['also write the Markdown step summary to FILE'],
    set: (options, value) => void (options.summaryFile = value)
  },
  {
    names: ['--shard'],
    value: 'I/N',
    verbs: ['run', 'validate'],
    help: [
      'shard I of N (numbered from 1) of an Indexed Job: the indexes k with',
      'k mod N == I - 1, spec.parallelism of them at a time'
    ],
    set: (options, value, flag) => void (options.shard = parseShard(value, flag))
  }
]

/** Operands described in the usage text like flags. */
export const operandHelp: readonly { name: string; verbs: readonly Verb[]; help: readonly string[] }[] = [
  {
    name: 'PATH',
    verbs: ['merge'],
    help: [
      '<job>.status.json files (every run writes <logs-dir>/<job>.status.json),',
      'folders holding them, or glob patterns (* ? **)'
    ]
  }
]

export function initialOptions(): CliOptions {
  return {
    files: [],
    paths: [],
    runtime: runDefaults.runtime,
    namespace: runDefaults.namespace,
    logs: runDefaults.logs,
    backoffBase: runDefaults['backoff-base'],
    output: runDefaults.output
  }
}

export function flagNamed(name: string): FlagSpec | undefined {
  return flags.find(flag => flag.names.includes(name))
}

export function flagsOf(verb: Verb): FlagSpec[] {
  return flags.filter(flag => flag.verbs.includes(verb))
}
