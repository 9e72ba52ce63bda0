/**
 * Group mode: a pod's whole output printed at once, as one collapsed `::group::` per pod (groups
 * cannot nest, so pods running side by side cannot each hold one open). The output is read back
 * from the log files rather than kept in memory, and goes between stop-commands lines so nothing
 * in it can act as a workflow command. Anywhere but the runner's log (a terminal) those lines
 * would be noise: the pod gets a plain header line instead.
 */
import { createReadStream } from 'node:fs'
import { LineSplitter } from './lineSplitter.js'
import type { OutputGate } from './outputGate.js'
import { closeQuietGroup, openQuietGroup, plainGroupHeader, stopCommandsToken } from './workflowCommands.js'

const READ_BYTES = 64 * 1024

export interface PrintedAttempt {
  containerName: string
  attempt: number
  path: string
}

/**
 * Prints the group; attempts in the order the pod started them. workflowCommands: a collapsed
 * group for the runner's log; else a header line.
 */
export async function printPodGroup(
  gate: OutputGate,
  podName: string,
  attempts: PrintedAttempt[],
  mask: ((text: string) => string) | undefined,
  workflowCommands = true
): Promise<void> {
  const token = workflowCommands ? stopCommandsToken() : undefined
  await write(gate, token ? openQuietGroup(podName, token) : plainGroupHeader(podName))
  for (const attempt of byContainer(attempts)) {
    const title =
      attempt.attempt === 0 ? attempt.containerName : `${attempt.containerName}, restart ${attempt.attempt}`
    await write(gate, `----- ${mask ? mask(title) : title} -----\n`)
    await printFile(gate, attempt.path, mask)
  }
  if (token) await write(gate, closeQuietGroup(token))
}

/** Each container's attempts together, containers in the order they first started. */
function byContainer(attempts: PrintedAttempt[]): PrintedAttempt[] {
  const first = new Map<string, number>()
  attempts.forEach((a, i) => first.set(a.containerName, first.get(a.containerName) ?? i))
  return attempts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => first.get(x.a.containerName)! - first.get(y.a.containerName)! || x.i - y.i)
    .map(({ a }) => a)
}

async function printFile(
  gate: OutputGate,
  path: string,
  mask: ((text: string) => string) | undefined
): Promise<void> {
  const splitter = new LineSplitter({ prefix: '', prefixAfterCarriageReturn: false, mask })
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BYTES })) {
      await write(gate, splitter.push(chunk as Buffer))
    }
  } catch (error) {
    await write(gate, splitter.end())
    await write(gate, `(cannot read ${path}: ${(error as Error).message})\n`)
    return
  }
  await write(gate, splitter.end())
}

async function write(gate: OutputGate, text: Buffer | string | undefined): Promise<void> {
  if (text !== undefined && !gate.write(text)) await gate.open()
}
