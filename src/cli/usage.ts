/**
 * The usage text, written from the grammar table (grammar.ts) so that each verb's synopsis lists
 * exactly the flags the parser lets it take. `job-action VERB --help` shows that verb only.
 */
import { exitCodes } from '../errors.js'
import { flags, flagsOf, operandHelp, verbs, type FlagSpec } from './grammar.js'
import { verbNames, type Verb } from './types.js'

const width = 100
const helpColumn = 26

function synopsisWord(flag: FlagSpec): string {
  const value = flag.choices ? flag.choices.join('|') : flag.value
  // A boolean flag takes no value: `[--prefix]`, not `[--prefix ]`.
  const word = value ? `${flag.names[0]} ${value}` : flag.names[0]
  return flag.required ? `${word} [${word}...]` : `[${word}]`
}

/** `job-action VERB …`, wrapped under the verb's first operand. */
function synopsis(verb: Verb): string[] {
  const head = `  job-action ${verb} `
  const words = [...(verbs[verb].operands ? [verbs[verb].operands] : []), ...flagsOf(verb).map(synopsisWord)]
  const lines = [head]
  for (const word of words) {
    const last = lines[lines.length - 1]
    if (last.trim() !== `job-action ${verb}` && last.length + word.length + 1 > width)
      lines.push(`${' '.repeat(head.length)}${word}`)
    else lines[lines.length - 1] = `${last}${last.endsWith(' ') ? '' : ' '}${word}`
  }
  return [...lines, `      ${verbs[verb].summary}`]
}

function described(term: string, help: readonly string[]): string[] {
  const first = `  ${term}`.padEnd(helpColumn - 1)
  return help.map((line, i) => `${i === 0 ? `${first} ` : ' '.repeat(helpColumn)}${line}`)
}

/** The flags and operands of the verbs shown; which verb takes which, the synopses say. */
function flagLines(shown: readonly Verb[]): string[] {
  const flagPart = flags
    .filter(flag => flag.verbs.some(verb => shown.includes(verb)))
    .flatMap(flag => described(`${flag.names.join(', ')} ${flag.value}`, flag.help))
  const operandPart = operandHelp
    .filter(operand => operand.verbs.some(verb => shown.includes(verb)))
    .flatMap(operand => described(operand.name, operand.help))
  return [...flagPart, ...operandPart]
}

const exitCodeText = `Exit codes: ${exitCodes.ok} every Job Complete (or Suspended); ${exitCodes.jobFailed} a Job Failed (merge: or a shard never reported);
${exitCodes.usage} invalid manifest or usage, or status files that are not the shards of one Job;
${exitCodes.interrupted} interrupted (SIGINT/SIGTERM) after every pod was stopped.
`

/** The whole usage, or one verb's. */
export function usage(verb?: Verb): string {
  const shown = verb ? [verb] : verbNames
  return [
    'job-action — run a Kubernetes batch/v1 Job on this machine as the Job controller would',
    '',
    'Usage:',
    ...shown.flatMap(synopsis),
    ...(verb ? [] : ['  job-action --help | --version | VERB --help']),
    '',
    'Flags:',
    ...flagLines(shown),
    '',
    exitCodeText
  ].join('\n')
}
