/**
 * The spawner helper's request protocol (spawner.py), spoken directly to the real program: a
 * malformed record gets its E reply and costs nothing more, so the valid request sent after each
 * one still starts its process and reports its exit.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { SPAWNER_PROGRAM } from '../../../src/runtime/process/spawnerProgram.generated.js'
import { makeTempDir } from './support/harness.js'

const END = Buffer.from([0xff])
const PATH = `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`

/** A well-formed record: each field followed by NUL, then the record's end. */
function record(...fields: Array<string | Buffer>): Buffer {
  return Buffer.concat([...fields.flatMap(field => [Buffer.from(field), Buffer.from([0])]), END])
}

/** The helper as a child process, its reply lines read as they come. */
class Helper {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly lines: string[] = []
  private readonly waiting: Array<() => void> = []
  private partial = ''

  constructor() {
    this.child = spawn('python3', ['-I', '-S', '-c', SPAWNER_PROGRAM], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }
    })
    this.child.stdout.setEncoding('latin1')
    this.child.stdout.on('data', (text: string) => {
      const lines = (this.partial + text).split('\n')
      this.partial = lines.pop() ?? ''
      this.lines.push(...lines)
      for (const wake of this.waiting.splice(0)) wake()
    })
    this.child.stdout.on('end', () => {
      for (const wake of this.waiting.splice(0)) wake()
    })
  }

  send(bytes: Buffer): void {
    this.child.stdin.write(bytes)
  }

  /** The next reply line, or undefined if the helper has ended. */
  async next(timeoutMs = 5000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs
    while (this.lines.length === 0) {
      if (this.child.stdout.readableEnded || Date.now() > deadline) return undefined
      await new Promise<void>(resolve => {
        this.waiting.push(resolve)
        setTimeout(resolve, 100)
      })
    }
    return this.lines.shift()
  }

  /** stdin closed: the helper ends. */
  async close(): Promise<number | null> {
    this.child.stdin.end()
    if (this.child.exitCode !== null) return this.child.exitCode
    return new Promise(resolve => this.child.once('exit', code => resolve(code)))
  }
}

// Made now: the cases' records name it.
const temp = makeTempDir('spawner-protocol')
const dir = realpathSync(temp.dir)
let helper: Helper
let nextId = 1000

beforeAll(async () => {
  helper = new Helper()
  expect(await helper.next()).toBe('R group')
})

afterAll(async () => {
  expect(await helper.close()).toBe(0)
  temp.remove()
})

/** A valid S record running `sh -c 'echo <id>; exit <code>'` with no base. */
function validStart(id: number, code: number): { bytes: Buffer; output: string } {
  const output = path.join(dir, `${id}.log`)
  const script = `echo ${id}; exit ${code}`
  return {
    bytes: record('S', String(id), '/bin/sh', dir, output, '', '3', '1', 'sh', '-c', script, PATH),
    output
  }
}

/** The valid request after a malformed one: started, and its exit reported. */
async function expectServed(): Promise<void> {
  const id = nextId++
  const code = id % 100
  const valid = validStart(id, code)
  helper.send(valid.bytes)
  const started = await helper.next()
  expect(started).toMatch(new RegExp(`^P ${id} \\d+$`))
  const pid = started?.split(' ')[2]
  expect(await helper.next()).toBe(`X ${pid} ${code} 0`)
  expect(readFileSync(valid.output, 'utf8')).toBe(`${id}\n`)
}

/** An S record's fields up to argc and envc, with a given id, and `sh -c :` as its program. */
function start(id: string, argc: string | Buffer = '3', envc = '1', base = ''): Array<string | Buffer> {
  return ['S', id, '/bin/sh', dir, path.join(dir, 'never.log'), base, argc, envc]
}

const args = ['sh', '-c', ':']

describe('the spawner program', () => {
  test.each<[string, Buffer, RegExp[]]>([
    ['an unknown request kind', record('Q', '7', 'x'), [/^E 7 unknown request kind b'Q'$/]],
    ['an unknown kind whose id cannot be read', record('Q'), [/^E - unknown request kind b'Q'$/]],
    ['an empty record', END, [/^E - unknown request kind b''$/]],
    [
      'an id that is not a number',
      record(...start('x1'), ...args, PATH),
      [/^E - id is not a number: b'x1'$/]
    ],
    [
      'an id that does not decode',
      record(...start('\u00e9'), ...args, PATH),
      [/^E - id is not a number: b'\\xc3\\xa9'$/]
    ],
    [
      'a count that is not a number',
      record(...start('8', 'two'), ...args, PATH),
      [/^E 8 argc is not a number: b'two'$/]
    ],
    [
      'a negative count',
      record(...start('9', '3', '-1'), ...args, PATH),
      [/^E 9 envc is not a number: b'-1'$/]
    ],
    [
      'a count of thousands of digits',
      record(...start('23', '9'.repeat(5000)), ...args, PATH),
      [/^E 23 argc is too large: b'9{40}'$/]
    ],
    [
      'a base whose count has thousands of digits',
      Buffer.concat([
        record('B', 'b3', '9'.repeat(5000)),
        record(...start('24', '3', '1', 'b3'), ...args, PATH)
      ]),
      [/^E 24 base b'b3': envc is too large: b'9{40}'$/]
    ],
    [
      'a count that does not decode',
      record(...start('10', Buffer.from([0xe9])), ...args, PATH),
      [/^E 10 argc is not a number: b'\\xe9'$/]
    ],
    [
      'more arguments counted than sent',
      record(...start('11', '5'), ...args, PATH),
      [/^E 11 S record: 12 fields where its counts say 14$/]
    ],
    [
      'fewer arguments counted than sent',
      record(...start('12', '2'), ...args, PATH),
      [/^E 12 S record: 12 fields where its counts say 11$/]
    ],
    ['no argument at all', record(...start('13', '0', '1'), PATH), [/^E 13 argc is 0: argv\[0\] is needed$/]],
    ['a record cut short', record('S', '14', '/bin/sh'), [/^E 14 S record: 3 fields, fewer than 8$/]],
    [
      "an environment entry without '='",
      record(...start('15'), ...args, 'FOO'),
      [/^E 15 environment entry 0 has no '=': b'FOO'$/]
    ],
    [
      'an empty variable name, which posix_spawn refuses',
      record(...start('16', '3', '2'), ...args, PATH, '=x'),
      [/^E 16 ValueError: illegal environment variable name$/]
    ],
    ['an unknown base', record(...start('17', '3', '1', '77'), ...args, PATH), [/^E 17 unknown base b'77'$/]],
    [
      'a base with an entry without =',
      Buffer.concat([
        record('B', 'b1', '1', 'NOEQUALS'),
        record(...start('18', '3', '1', 'b1'), ...args, PATH)
      ]),
      [/^E 18 base b'b1': environment entry 0 has no '=': b'NOEQUALS'$/]
    ],
    [
      'a base whose count is wrong',
      Buffer.concat([record('B', 'b2', '3', PATH), record(...start('19', '3', '1', 'b2'), ...args, PATH)]),
      [/^E 19 base b'b2': B record: 4 fields where its counts say 6$/]
    ],
    [
      'a value holding a NUL byte, as the helper would have been sent it',
      record(...start('20', '3', '2'), ...args, PATH, 'SECRET=a\0b'),
      [/^E 20 S record: 14 fields where its counts say 13$/]
    ],
    [
      'a last field without its NUL',
      Buffer.concat([
        Buffer.from(['S', '21', '/bin/sh', dir, 'o', '', '3', '1', ...args, PATH].join('\0')),
        END
      ]),
      [/^E 21 its last field has no NUL after it$/]
    ],
    [
      'a record end inside a field: two malformed records',
      Buffer.concat([Buffer.from(`S\x0022\x00/bin/s`), END, Buffer.from(`h\x00${dir}\x00`), END]),
      [/^E 22 its last field has no NUL after it$/, /^E - unknown request kind b'h'$/]
    ]
  ])('%s: an E reply, then the next request is served', async (_case, bytes, replies) => {
    helper.send(bytes)
    for (const reply of replies) expect(await helper.next()).toMatch(reply)
    await expectServed()
  })

  test('a request split across writes, and several in one write, are each served once', async () => {
    const first = validStart(nextId++, 0)
    const second = validStart(nextId++, 0)
    const both = Buffer.concat([first.bytes, second.bytes])
    helper.send(both.subarray(0, 5))
    helper.send(both.subarray(5, first.bytes.length + 3))
    helper.send(both.subarray(first.bytes.length + 3))
    const replies = [await helper.next(), await helper.next(), await helper.next(), await helper.next()]
    expect(replies.filter(line => line?.startsWith('P '))).toHaveLength(2)
    expect(replies.filter(line => line?.startsWith('X '))).toHaveLength(2)
    await expectServed()
  })

  test('a base is the environment of the requests that name it, with their entries on top', async () => {
    const id = nextId++
    const output = path.join(dir, `${id}.log`)
    helper.send(record('B', 'base', '2', PATH, 'FROM=base'))
    helper.send(
      record(
        'S',
        String(id),
        '/bin/sh',
        dir,
        output,
        'base',
        '3',
        '1',
        'sh',
        '-c',
        'echo $FROM $MORE',
        'MORE=own'
      )
    )
    const started = await helper.next()
    expect(started).toMatch(new RegExp(`^P ${id} \\d+$`))
    expect(await helper.next()).toMatch(/^X \d+ 0 0$/)
    expect(readFileSync(output, 'utf8')).toBe('base own\n')
  })
})
