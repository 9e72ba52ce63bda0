/**
 * The kubectl verbs through the CLI's entry point, in process: a run's exit code, stdout and stderr
 * as one transcript, compared whole with a golden file under __tests__/golden/kubectl/
 * (`UPDATE_GOLDEN=1` rewrites them).
 */
import { expect } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli/runCli.js'
import type { CliIo } from '../../src/cli/types.js'

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'kubectl')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** `job-action ARGS --logs-dir LOGS`, with the output collected. */
export async function cliIn(logsDir: string, args: string[]): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false },
    stderr: { write: (text: string) => ((stderr += text), true) }
  } as unknown as CliIo
  const code = await runCli([...args, '--logs-dir', logsDir], io)
  return { code, stdout, stderr }
}

/** The run as one transcript: the command, its exit code, then stdout and stderr. */
export async function transcript(logsDir: string, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await cliIn(logsDir, args)
  return `$ job-action ${args.join(' ')}\nexit ${code}\n--- stdout\n${stdout}--- stderr\n${stderr}`
}

export function expectGolden(name: string, text: string): void {
  const file = path.join(goldenDir, `${name}.txt`)
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text)
  expect(text).toBe(fs.readFileSync(file, 'utf8'))
}
