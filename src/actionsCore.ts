/**
 * The part of the runner protocol the action speaks, written as actions/toolkit's packages/core
 * writes it, byte for byte: inputs and state from the environment, workflow commands on stdout
 * (packages/core/src/command.ts), outputs and state through the runner's files
 * (packages/core/src/file-command.ts) and the step summary (packages/core/src/summary.ts).
 *
 * Why not @actions/core itself: importing it loads its OIDC client and with it
 * @actions/http-client and undici, about 26 ms of CPU at the start of every run for getIDToken,
 * which the action never calls. Only the functions the action uses are here;
 * __tests__/adapters/actionsCore.test.ts compares their output with @actions/core's.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync } from 'node:fs'
import { access, appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'

/** Where an annotation points (packages/core/src/core.ts AnnotationProperties). */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

// --- inputs and state (packages/core/src/core.ts) ---

/** Input `name` as the runner passes it: INPUT_<NAME>, spaces as `_`, trimmed. */
export function getInput(name: string, options?: { required?: boolean }): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`)
  return value.trim()
}

/** The input's lines: empty lines dropped before each line is trimmed, as core does it. */
export function getMultilineInput(name: string): string[] {
  return getInput(name)
    .split('\n')
    .filter(line => line !== '')
    .map(line => line.trim())
}

/** YAML 1.2 core schema booleans only; anything else is core's TypeError. */
export function getBooleanInput(name: string): boolean {
  const value = getInput(name)
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new TypeError(
    `Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
      'Support boolean input list: `true | True | TRUE | false | False | FALSE`'
  )
}

/** What the main step saved under `name`, in the post step. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

// --- outputs and state through the runner's files (packages/core/src/file-command.ts) ---

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (file) return issueFileCommand(file, keyValueMessage(name, value))
  // Runners before 2.297 have no file; core starts the command on a line of its own.
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, value)
}

export function saveState(name: string, value: string): void {
  const file = process.env.GITHUB_STATE
  if (file) return issueFileCommand(file, keyValueMessage(name, value))
  issueCommand('save-state', { name }, value)
}

/** The runner creates the file: one that is missing is not created here. */
function issueFileCommand(file: string, message: string): void {
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' })
}

/**
 * `name<<delimiter`, the value, the delimiter: a value may hold newlines. A name or value holding
 * the delimiter would end the entry early and the rest be read as entries of its own.
 */
export function keyValueMessage(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (value.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`
}

// --- workflow commands on stdout (packages/core/src/command.ts) ---

/** The runner masks `secret` in everything the job logs from now on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', commandProperties(properties), message)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', commandProperties(properties), message)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', commandProperties(properties), message)
}

/** The step fails when the process ends (exit code 1), with `message` as an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

type CommandProperties = Record<string, string | number | undefined>

/** The runner's property names, in core's order (packages/core/src/utils.ts toCommandProperties). */
function commandProperties(properties: AnnotationProperties): CommandProperties {
  if (Object.keys(properties).length === 0) return {}
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn
  }
}

/**
 * `::command key=value,key=value::message`. As core does: a property without a value (or 0) is
 * left out, yet the space after the command stays when the object has keys at all.
 */
export function commandLine(command: string, properties: CommandProperties, message: string): string {
  let line = `::${command}`
  const keys = Object.keys(properties)
  if (keys.length > 0) {
    line += ' '
    line += keys
      .filter(key => properties[key])
      .map(key => `${key}=${escapeProperty(commandValue(properties[key]))}`)
      .join(',')
  }
  return `${line}::${escapeData(message)}`
}

function issueCommand(command: string, properties: CommandProperties, message: string): void {
  process.stdout.write(commandLine(command, properties, message) + EOL)
}

/** As core's toCommandValue: a number as JSON writes it. */
function commandValue(value: string | number | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** A message's line breaks (and `%`, the escape itself) would end the command early. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A property value also must not hold `:` (ends the properties) or `,` (starts the next one). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

// --- the step summary (packages/core/src/summary.ts) ---

/** `markdown` and a line break appended to the step summary: core's summary.addRaw(text, true).write(). */
export async function appendStepSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  try {
    await access(file, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    )
  }
  await appendFile(file, markdown + EOL, { encoding: 'utf8' })
}
