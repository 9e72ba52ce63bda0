/**
 * What `describe pod` and `get pod -o json` show of a pod's history, from Jobs run on the real
 * controller and kubelet in virtual time and written as status files: the previous attempt of a
 * restarted container (Last State) and the pod's events as the scheduler and the kubelet record
 * them — Scheduled, Created, Started, BackOff for a crash loop, Killing at the active deadline.
 * The node is this machine's hostname, replaced by a fixed name so the goldens do not depend on it.
 */
process.env.TZ = 'UTC'
import { afterAll, beforeAll, describe, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { expectGolden, transcript } from './cliGolden.js'
import { writeStatusFile } from '../../src/shard/statusFile.js'
import type { Script } from '../support/scriptedEngine.js'
import { attemptCounter, runVirtual } from '../support/virtualRun.js'

const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-pod-history-'))
let now = 0

function manifest(name: string, restartPolicy: string, spec: string, podSpec = ''): string {
  return `
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
${podSpec}
      containers:
        - name: main
          image: busybox:1.36
          command: ["sh", "-c", "work"]
`
}

/** Fails twice with exit code 3 (2 s each), then succeeds. */
function crashTwice(): Script {
  const attemptOf = attemptCounter()
  return launch =>
    attemptOf(launch) < 2 ? { exitCode: 3, durationMs: 2000 } : { exitCode: 0, durationMs: 1000 }
}

async function writeRun(text: string, script: Script): Promise<number> {
  const result = await runVirtual(text, script)
  for (const pod of result.pods) pod.nodeName = 'runner-1'
  writeStatusFile(result, { logsDir, mask: t => t })
  return result.endedAt
}

beforeAll(async () => {
  const ends = [
    await writeRun(manifest('flaky', 'OnFailure', '  backoffLimit: 6'), crashTwice()),
    await writeRun(manifest('slow', 'Never', '  backoffLimit: 0', '      activeDeadlineSeconds: 5'), () => ({
      exitCode: 0,
      durationMs: Infinity
    }))
  ]
  now = Math.max(...ends) + 60_000
  jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate'] })
})
afterAll(() => {
  jest.useRealTimers()
  fs.rmSync(logsDir, { recursive: true, force: true })
})

const run = (args: string[]): Promise<string> => transcript(logsDir, args)

const cases: [name: string, args: string[]][] = [
  ['history-describe-pod-restarts', ['describe', 'pod', '-l', 'job-name=flaky']],
  [
    'history-pod-json-restarts',
    ['get', 'pods', '-l', 'job-name=flaky', '-o', 'jsonpath-as-json={.items[0].status}']
  ],
  ['history-describe-pod-deadline', ['describe', 'pod', '-l', 'job-name=slow']],
  ['history-get-pods-wide', ['get', 'pods', '-o', 'wide']]
]

describe('a pod’s history over the status files of virtual runs', () => {
  test.each(cases)('%s', async (name, args) => {
    expectGolden(name, await run(args))
  })
})
