/**
 * An action output written to the runner's GITHUB_OUTPUT file a slice at a time, in the form
 * setOutput writes (`name<<delimiter`, the value, the delimiter: actions/toolkit
 * packages/core/src/file-command.ts), so that a value of tens of megabytes (`pods-json` of a
 * 100,000-pod Job) is never one string. Where there is no such file (runners before 2.297),
 * setOutput with the whole text.
 */
import * as core from './actionsCore.js'
import { randomUUID } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { EOL } from 'node:os'

export function setOutputInSlices(name: string, slices: Iterable<string>): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) return core.setOutput(name, [...slices].join(''))
  const delimiter = `ghadelimiter_${randomUUID()}`
  const fd = openSync(file, 'a')
  try {
    writeSync(fd, `${name}<<${delimiter}${EOL}`)
    for (const slice of slices) {
      // As core checks: a value holding the delimiter would end early and the rest be read as commands.
      if (slice.includes(delimiter)) throw new Error(`the ${name} output contains its delimiter`)
      writeSync(fd, slice)
    }
    writeSync(fd, `${EOL}${delimiter}${EOL}`)
  } finally {
    closeSync(fd)
  }
}
