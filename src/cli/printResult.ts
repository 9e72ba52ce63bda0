/**
 * A finished run (or merge) on stdout in the format `-o` chose, as kubectl prints it, and the
 * Markdown summary in the file `--summary` named. Secret values are masked in everything printed.
 */
import * as fs from 'node:fs'
import type { ExecuteResult } from '../execute.js'
import { getPodsTable } from '../report/getPods.js'
import { kubectlYaml } from '../report/kubectlYaml.js'
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
      io.stdout.write(result.masker.apply(kubectlYaml(jobJson(result.results))))
      break
    case 'none':
      break
  }
  if (options.summaryFile) fs.writeFileSync(options.summaryFile, result.summary())
}

const quietCodes = new Set(['EPIPE', 'ERR_STREAM_DESTROYED'])

/**
 * A reader that goes away (`job-action run … | head -2`) stops the printing, not the run: the Job
 * runs to its end, its logs still reach their files, and the exit code is still the Job's. Node
 * reports the closed pipe as an 'error' event on the stream, which without a listener ends the
 * process with a stack trace; EPIPE, and the writes refused after it, are taken quietly.
 */
export function quietOnClosedPipe(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    // A test's stand-in for a stream may have no events at all.
    if (typeof stream.listeners !== 'function' || stream.listeners('error').includes(ignoreClosedPipe))
      continue
    stream.on('error', ignoreClosedPipe)
  }
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (!quietCodes.has(error.code ?? '')) throw error
}
