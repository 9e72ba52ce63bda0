/**
 * Every process of a run, found knowing only the run's id — after the action, and perhaps its
 * spawner too, was SIGKILLed (the post step), or as the action exits: the processes the spawner
 * recorded in the run's ledger (spawner.py, docs/architecture.md "Containment") that are still the
 * same processes (same start time), the processes carrying the run's marker (markedProcesses.ts),
 * and all their descendants, however they changed their environment, session or descriptors.
 *
 * They are stopped (SIGSTOP) before any is killed, and the tree is read again until no new process
 * appears: a stopped process cannot fork, and a parent killed first would hand its children to
 * init, beyond reach.
 */
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { findMarkedPids } from './markedProcesses.js'
import { volumesRoot } from './processVolumes.js'
import {
  readProcessTable,
  selectContainerProcesses,
  signalIfStillThere,
  type ProcessEntry
} from './processTree.js'

/** Rounds of stop-and-look before the kill: each one only finds what forked during the last. */
const MAX_FREEZE_ROUNDS = 20

/** The spawner's ledger of the run's processes: `pid starttime` lines, appended. */
export function processLedgerPath(runId: string, root = volumesRoot()): string {
  return path.join(root, runId, 'processes')
}

/** Pids of the ledger whose process is still the one recorded (pids are reused). */
function ledgerPids(ledger: string, table: readonly ProcessEntry[]): number[] {
  let text: string
  try {
    text = readFileSync(ledger, 'latin1')
  } catch {
    return []
  }
  const starts = new Map<number, string | undefined>(table.map(entry => [entry.pid, entry.startTime]))
  const pids: number[] = []
  for (const line of text.split('\n')) {
    const [pid, startTime] = line.split(' ')
    // Without a start time to compare (no /proc) a pid could be anyone's now: left alone.
    if (startTime !== undefined && starts.get(Number(pid)) === startTime) pids.push(Number(pid))
  }
  return pids
}

/** SIGKILL every process of the run that is still alive; returns how many were killed. */
export function killRunProcesses(runId: string, root = volumesRoot()): number {
  let table = readProcessTable()
  const roots = new Set([...ledgerPids(processLedgerPath(runId, root), table), ...findMarkedPids(runId)])
  const stopped = new Map<number, ProcessEntry>()
  const tried = new Set<number>([process.pid])
  for (let round = 0; round < MAX_FREEZE_ROUNDS; round++) {
    // No process group matches -1: only the roots and their descendants are selected.
    const found = selectContainerProcesses(table, -1, [...roots, ...stopped.keys()])
    const fresh = found.filter(entry => !tried.has(entry.pid))
    if (fresh.length === 0) break
    for (const entry of fresh) {
      tried.add(entry.pid)
      if (signalIfStillThere(entry, 'SIGSTOP')) stopped.set(entry.pid, entry)
    }
    table = readProcessTable()
  }
  let killed = 0
  for (const entry of stopped.values()) if (signalIfStillThere(entry, 'SIGKILL')) killed++
  return killed
}
