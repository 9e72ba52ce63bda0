/**
 * The command line read into one command: a verb with its options, or help, or the version. A
 * flag the verb does not use is refused rather than ignored, so that `merge --runtime docker`
 * never looks as if it did something.
 */
import { UsageError } from '../errors.js'
import { flagNamed, flagsOf, initialOptions } from './grammar.js'
import { verbNames, type CliOptions, type Verb } from './types.js'

export type Command =
  /** `asked`: --help, -h or help (usage on stdout, exit 0); else no verb at all (stderr, exit 2). */
  | { kind: 'help'; verb?: Verb; asked: boolean }
  | { kind: 'version' }
  | { kind: 'verb'; verb: Verb; options: CliOptions }

const helpWords = ['help', '--help', '-h']

function verbNamed(word: string): Verb | undefined {
  return verbNames.find(verb => verb === word)
}

export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv
  if (first === undefined) return { kind: 'help', asked: false }
  if (first === '--version' || first === '-v') return { kind: 'version' }
  if (helpWords.includes(first)) {
    // `job-action help run`: the usage of one verb.
    const of = rest[0] === undefined ? undefined : verbNamed(rest[0])
    if (rest[0] !== undefined && of === undefined)
      throw new UsageError(`unknown command "${rest[0]}" (try job-action --help)`)
    return { kind: 'help', verb: of, asked: true }
  }
  const verb = verbNamed(first)
  if (verb === undefined) throw new UsageError(`unknown command "${first}" (try job-action --help)`)
  const options = initialOptions()
  const args = [...rest]
  while (args.length > 0) {
    const arg = args.shift() as string
    if (arg === '-h' || arg === '--help') return { kind: 'help', verb, asked: true }
    if (!arg.startsWith('-') || arg === '-') {
      operand(verb, options, arg)
      continue
    }
    const [name, inlineValue] = splitFlag(arg, verb)
    const flag = flagNamed(name, verb)
    if (flag === undefined) throw new UsageError(`unknown flag "${name}" (try job-action ${verb} --help)`)
    if (!flag.verbs.includes(verb)) throw new UsageError(refusal(verb, name))
    if (flag.boolean) {
      if (inlineValue !== undefined && inlineValue !== 'true' && inlineValue !== 'false')
        throw new UsageError(`${name}: "${inlineValue}" is not true or false`)
      flag.set(options, inlineValue ?? 'true', name)
      continue
    }
    const value = inlineValue ?? args.shift()
    if (value === undefined) throw new UsageError(`${name} needs a value`)
    flag.set(options, value, name)
  }
  checkRequired(verb, options)
  return { kind: 'verb', verb, options }
}

/**
 * `--name=value`, and as kubectl's flag library takes short flags: `-o=json` and `-ojson` (a short
 * flag that takes a value, with the value attached).
 */
function splitFlag(arg: string, verb: Verb): [name: string, value: string | undefined] {
  if (arg.startsWith('--'))
    return arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
  if (arg.length > 2) {
    const short = flagNamed(arg.slice(0, 2), verb)
    if (short && !short.boolean) return [arg.slice(0, 2), arg.slice(arg[2] === '=' ? 3 : 2)]
  }
  return [arg, undefined]
}

/** merge: its paths; get, describe and logs: resource type, names, pod and container. */
function operand(verb: Verb, options: CliOptions, arg: string): void {
  if (verb === 'merge') options.paths.push(arg)
  else if (verb === 'get' || verb === 'describe' || verb === 'logs') options.operands.push(arg)
  else throw new UsageError(`${verb} takes no argument "${arg}": give manifests with -f FILE`)
}

function refusal(verb: Verb, flag: string): string {
  const accepted = flagsOf(verb).map(spec => spec.names[0])
  const list = `${accepted.slice(0, -1).join(', ')} and ${accepted[accepted.length - 1]}`
  return `${verb} does not take ${flag}: its flags are ${list} (see job-action ${verb} --help)`
}

function checkRequired(verb: Verb, options: CliOptions): void {
  switch (verb) {
    case 'merge':
      if (options.paths.length === 0)
        throw new UsageError('merge needs at least one status file, folder or glob pattern')
      return
    case 'get':
    case 'describe':
      if (options.operands.length === 0)
        throw new UsageError(`${verb} needs a resource type: jobs or pods (see job-action ${verb} --help)`)
      return
    case 'logs':
      if (options.operands.length === 0 && options.selector === undefined)
        throw new UsageError('logs needs a pod name, job/NAME or -l SELECTOR (see job-action logs --help)')
      return
    default:
      if (options.files.length === 0) throw new UsageError(`${verb} needs at least one -f FILE`)
  }
}
