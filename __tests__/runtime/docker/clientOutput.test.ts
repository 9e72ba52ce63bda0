/**
 * The docker client's own lines on the container's stderr: what is the client's never reaches the
 * log, what is the container's does, byte for byte.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { ClientOutputFilter } from '../../../src/runtime/docker/clientOutput.js'

const IPV4 = 'WARNING: IPv4 forwarding is disabled. Networking will not work.\n'
const SWAP =
  'WARNING: Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.\n'
const START_ERROR =
  'docker: Error response from daemon: failed to create shim task: exec: "/x": no such file\n\n' +
  "Run 'docker run --help' for more information\n"

const dir = mkdtempSync(join(tmpdir(), 'job-action-client-output-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Chunks read before the container's id is in the cidfile, chunks read after, and the verdict. */
const cases = [
  {
    name: "the daemon's warnings ahead of the container's output are the client's",
    before: [],
    after: [IPV4, 'out\n'],
    logged: 'out\n'
  },
  {
    name: 'warnings and output read as one chunk',
    before: [],
    after: [IPV4 + SWAP + 'mine\n'],
    logged: 'mine\n'
  },
  {
    name: "a warning of the container's own stays",
    before: [],
    after: ["WARNING: Running pip as the 'root' user\n"],
    logged: "WARNING: Running pip as the 'root' user\n"
  },
  {
    name: "a line like the daemon's after the container's output stays",
    before: [],
    after: ['x\n', IPV4],
    logged: 'x\n' + IPV4
  },
  {
    name: 'whatever is read before the container exists is the client’s',
    before: ['WARNING: something new\n'],
    after: ['out\n'],
    logged: 'out\n'
  },
  {
    name: 'a start error is held back and dropped',
    before: [],
    after: [IPV4, START_ERROR],
    clientError: true,
    logged: ''
  },
  {
    name: "output like a client error that was the container's is logged at the end",
    before: [],
    after: ['Error response from daemon: mine\n'],
    logged: 'Error response from daemon: mine\n'
  }
]

describe('ClientOutputFilter', () => {
  test.each(cases.map((c, index) => ({ ...c, index })))(
    '$name',
    async ({ index, before, after, clientError, logged }) => {
      const cidFile = join(dir, `${index}.cid`)
      writeFileSync(cidFile, '')
      const source = new PassThrough()
      const filter = new ClientOutputFilter(source, cidFile)
      const out: Buffer[] = []
      filter.stream.on('data', (chunk: Buffer) => out.push(chunk))
      const ended = new Promise(resolve => filter.stream.on('end', resolve))
      const send = async (chunk: string) => {
        source.write(chunk)
        await new Promise(resolve => setImmediate(resolve))
      }
      for (const chunk of before) await send(chunk)
      writeFileSync(cidFile, 'f'.repeat(64))
      for (const chunk of after) await send(chunk)
      filter.end(clientError === true)
      await ended
      expect(Buffer.concat(out).toString('utf8')).toBe(logged)
      expect(filter.created).toBe(true)
    }
  )
})
