/**
 * The CLI's grammar in one table: each verb, and each flag with the verbs that accept it. The
 * parser (parseArgs.ts) refuses a flag its verb does not list, and the usage text (usage.ts) is
 * written from the same table, so the two cannot disagree. Defaults come from src/runDefaults.ts,
 * the table the action's inputs read too.
 */
import { choices, oneOf } from '../choices.js'
import { UsageError } from '../errors.js'
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
  merge: { operands: 'PATH [PATH...]', summary: 'report the shards of one Job as one run; nothing runs' },
  create: { summary: 'the same as run (kubectl create -f)' },
  apply: { summary: 'the same as run (kubectl apply -f)' },
  get: {
    operands: 'jobs|pods [NAME...]',
    summary: 'list the Jobs or pods of the runs in the logs folder, as kubectl get; nothing runs'
  },
  describe: {
    operands: 'job|pod [NAME...]',
    summary: 'describe Jobs or pods of the runs in the logs folder, as kubectl describe; nothing runs'
  },
  logs: {
    operands: 'POD [CONTAINER] | job/NAME',
    summary: "print a pod's container logs from the logs folder, as kubectl logs; job/NAME: every pod's"
  }
}

/** The verbs that run a manifest: kubectl's create and apply are names for run. */
const running: readonly Verb[] = ['run', 'create', 'apply']
/** The verbs that read the status files a run left, as kubectl reads the API server. */
const reading: readonly Verb[] = ['get', 'describe', 'logs']

export interface FlagSpec {
  /** The short form first, when there is one. */
  names: readonly string[]
  /** The value's name in the usage text. */
  value: string
  /** The allowed values, shown in the synopsis instead of the value's name. */
  choices?: readonly string[]
  /** Given at least once (and as often as wanted). */
  required?: boolean
  /** Takes no value (`--flag`, or `--flag=true|false`). */
  boolean?: boolean
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
    verbs: [...running, 'validate'],
    help: ['manifest: YAML or JSON, several documents allowed; "-" is standard input'],
    set: (options, value) => void options.files.push(value)
  },
  {
    names: ['-n', '--namespace'],
    value: 'NS',
    verbs: [...running, 'validate', ...reading],
    help: [`namespace of objects that name none (default "${runDefaults.namespace}")`],
    set: (options, value) => void (options.namespace = value)
  },
  {
    names: ['--runtime'],
    value: 'RUNTIME',
    choices: choices.runtime,
    verbs: [...running, 'validate'],
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
    verbs: running,
    help: [
      "stream (live, each line prefixed [pod/container]), group (each pod's logs",
      `once it ends) or none; default ${runDefaults.logs}`
    ],
    set: (options, value, flag) => void (options.logs = oneOf(flag, value, choices.logs))
  },
  {
    names: ['--logs-dir'],
    value: 'DIR',
    verbs: [...running, 'merge', ...reading],
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
    verbs: running,
    help: [
      `base of the retry backoff, e.g. 250ms or 0; default ${runDefaults['backoff-base']}, as Kubernetes`
    ],
    set: (options, value) => void (options.backoffBase = value)
  },
  {
    names: ['-o', '--output'],
    value: 'FORMAT',
    choices: choices.output,
    verbs: [...running, 'merge'],
    help: [
      'describe (as kubectl describe job, then get pods), json, yaml or none;',
      `default ${runDefaults.output}`
    ],
    set: (options, value, flag) => void (options.output = oneOf(flag, value, choices.output))
  },
  {
    names: ['--summary'],
    value: 'FILE',
    verbs: [...running, 'merge'],
    help: ['also write the Markdown step summary to FILE'],
    set: (options, value) => void (options.summaryFile = value)
  },
  {
    names: ['--shard'],
    value: 'I/N',
    verbs: [...running, 'validate'],
    help: [
      'shard I of N (numbered from 1) of an Indexed Job: the indexes k with',
      'k mod N == I - 1, spec.parallelism of them at a time'
    ],
    set: (options, value, flag) => void (options.shard = parseShard(value, flag))
  },
  ...readingFlags(),
  ...logsFlags()
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

/** The flags of get and describe, as kubectl spells them. */
function readingFlags(): FlagSpec[] {
  return [
    {
      names: ['-o', '--output'],
      value: 'FORMAT',
      verbs: ['get'],
      help: [
        'get: wide, name, json, yaml, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE or',
        'custom-columns=HEADER:PATH,...; default the table'
      ],
      set: (options, value) => void (options.getOutput = value)
    },
    {
      names: ['-l', '--selector'],
      value: 'SELECTOR',
      verbs: ['get', 'describe', 'logs'],
      help: ['label selector: a=b, a==b, a!=b, "a in (x,y)", "a notin (x)", a, !a; comma-joined'],
      set: (options, value) => void (options.selector = value)
    },
    {
      names: ['--no-headers'],
      value: '',
      boolean: true,
      verbs: ['get'],
      help: ['tables without their header line'],
      set: (options, value) => void (options.noHeaders = value === 'true')
    },
    {
      names: ['-a', '--show-all'],
      value: '',
      boolean: true,
      verbs: ['get'],
      help: ['accepted and ignored, as by kubectl since 1.10: finished pods are always listed'],
      set: () => undefined
    }
  ]
}

/** The flags of logs. */
function logsFlags(): FlagSpec[] {
  return [
    {
      names: ['-c', '--container'],
      value: 'NAME',
      verbs: ['logs'],
      help: ["the container whose log to print; default the pod's first"],
      set: (options, value) => void (options.container = value)
    },
    {
      names: ['-p', '--previous'],
      value: '',
      boolean: true,
      verbs: ['logs'],
      help: ['the log of the attempt before the last (a restarted container)'],
      set: (options, value) => void (options.previous = value === 'true')
    },
    {
      names: ['--tail'],
      value: 'N',
      verbs: ['logs'],
      help: ['the last N lines only; default all, or 10 with -l, as kubectl'],
      set: (options, value, flag) => void (options.tail = integer(value, flag))
    },
    {
      names: ['--prefix'],
      value: '',
      boolean: true,
      verbs: ['logs'],
      help: ['each line prefixed [pod/NAME/CONTAINER] (always so for job/NAME)'],
      set: (options, value) => void (options.prefix = value === 'true')
    },
    {
      names: ['--all-containers'],
      value: '',
      boolean: true,
      verbs: ['logs'],
      help: ["every container's log, init containers first"],
      set: (options, value) => void (options.allContainers = value === 'true')
    },
    {
      names: ['-f', '--follow'],
      value: '',
      boolean: true,
      verbs: ['logs'],
      help: ["accepted: a run's pods have all ended, so their logs are whole already"],
      set: () => undefined
    }
  ]
}

function integer(value: string, flag: string): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag}: "${value}" is not an integer`)
  return Number(value)
}

export function initialOptions(): CliOptions {
  return {
    files: [],
    paths: [],
    runtime: runDefaults.runtime,
    namespace: runDefaults.namespace,
    logs: runDefaults.logs,
    backoffBase: runDefaults['backoff-base'],
    output: runDefaults.output,
    operands: [],
    getOutput: '',
    noHeaders: false,
    previous: false,
    prefix: false,
    allContainers: false
  }
}

/** The flag of that name a verb takes (-o and -f mean different things to different verbs). */
export function flagNamed(name: string, verb?: Verb): FlagSpec | undefined {
  const named = flags.filter(flag => flag.names.includes(name))
  return named.find(flag => verb !== undefined && flag.verbs.includes(verb)) ?? named[0]
}

export function flagsOf(verb: Verb): FlagSpec[] {
  return flags.filter(flag => flag.verbs.includes(verb))
}
