import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import {
  parseProcStat,
  parsePsLine,
  selectContainerProcesses,
  sendSignal,
  type ProcessEntry
} from '../../../src/runtime/process/processTree.js'

// session … itrealvalue (fields 6–21), starttime (22), then more.
const tail = '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 8123 0 0 0'

describe('parseProcStat', () => {
  test.each([
    ['a plain name', `42 (sleep) S 7 42 ${tail}`, { pid: 42, state: 'S', ppid: 7, pgid: 42 }],
    [
      'a name with spaces and parentheses',
      `43 (a) b (c) Z 1 40 ${tail}`,
      { pid: 43, state: 'Z', ppid: 1, pgid: 40 }
    ]
  ])('%s', (_case, text, expected) => {
    expect(parseProcStat(text)).toEqual({ ...expected, startTime: '8123' })
  })

  test('reads our own entry', () => {
    const own = parseProcStat(readFileSync('/proc/self/stat', 'latin1'))
    expect(own).toMatchObject({ pid: process.pid, ppid: process.ppid, state: 'R' })
  })

  test('rejects a truncated line', () => {
    expect(parseProcStat('42 (sleep) S 7')).toBeUndefined()
  })
})

test('parsePsLine reads pid, ppid, pgid and the state letter', () => {
  expect(parsePsLine('  501   1  501 Ss+ ')).toEqual({ pid: 501, ppid: 1, pgid: 501, state: 'S' })
})

describe('selectContainerProcesses', () => {
  const entry = (pid: number, ppid: number, pgid: number, state = 'S'): ProcessEntry => ({
    pid,
    ppid,
    pgid,
    state
  })
  // Container: main 100 in group 100.
  const table = [
    entry(1, 0, 1),
    entry(100, 1, 100), // main
    entry(101, 100, 100), // child in the group
    entry(102, 100, 102), // left the group (setsid)
    entry(103, 102, 102), // its child
    entry(104, 1, 100), // orphaned group member, reparented to init
    entry(105, 104, 105), // left the group from an orphan
    entry(106, 100, 100, 'Z'), // zombie
    entry(200, 1, 200), // unrelated
    entry(201, 200, 100 + 200) // unrelated child
  ]
  test.each([
    ['from the main process', [100], [100, 101, 102, 103, 104, 105]],
    ['after the main process is gone, from the group', [], [100, 101, 102, 103, 104, 105]],
    ['with an escapee found earlier as an extra root', [200], [100, 101, 102, 103, 104, 105, 200, 201]]
  ])('%s', (_case, roots, expected) => {
    const pids = selectContainerProcesses(table, 100, roots).map(found => found.pid)
    expect(pids.sort((a, b) => a - b)).toEqual(expected)
  })
})

describe('sendSignal', () => {
  test('a pid that does not exist is not an error', () => {
    expect(sendSignal(2 ** 22 + 1, 'SIGTERM')).toBe(false)
  })
})
