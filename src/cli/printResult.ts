/**
 * A finished run (or merge) on stdout in the format `-o` chose, as kubectl prints it, and the
 * Markdown summary in the file `--summary` named. Secret values are masked in everything printed.
 */
import * as fs from 'node:fs'
import { stringify } from 'yaml'
import type { ExecuteResult } from '../execute.js'
import { getPodsTable } from '../report/getPods.js'
import { jobJson } from '../report/outputs.js'
import type { CliIo, CliOptions } from './types.js'

export function printResult(
  result: ExecuteResult,
  options: Pick<CliOptions, 'output' | 'summaryFile'>,
  io: Pick<CliIo, 'stdout'>
): void {
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
