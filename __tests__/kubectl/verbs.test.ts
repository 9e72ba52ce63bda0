/**
 * get, describe and logs over a logs folder (statusFixtures.ts), through the CLI's entry point:
 * each case's exit code, stdout and stderr compared whole with its golden file under
 * __tests__/golden/kubectl/. `UPDATE_GOLDEN=1` rewrites them. Time is fixed and the zone is UTC so
 * ages and times are stable.
 */
process.env.TZ = 'UTC'
import { afterAll, beforeAll, describe, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { expectGolden, transcript } from './cliGolden.js'
import { now, writeLogsFolder } from './statusFixtures.js'

const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-kubectl-'))

beforeAll(() => {
  writeLogsFolder(logsDir)
  jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate'] })
})
afterAll(() => {
  jest.useRealTimers()
  fs.rmSync(logsDir, { recursive: true, force: true })
})

const run = (args: string[]): Promise<string> => transcript(logsDir, args)

const cases: [name: string, args: string[]][] = [
  // The walkthrough, over a run of examples/pi.yaml.
  ['walkthrough-describe-job', ['describe', 'job', 'pi']],
  ['walkthrough-get-pod', ['get', 'pod', '--show-all', '-l', 'job-name=pi']],
  [
    'walkthrough-jsonpath',
    ['get', 'pods', '--selector=job-name=pi', '--output=jsonpath={.items..metadata.name}']
  ],
  ['walkthrough-logs', ['logs', 'pi-x7k2p']],
  // get
  ['get-jobs', ['get', 'jobs']],
  ['get-jobs-wide', ['get', 'jobs', '-o', 'wide']],
  ['get-job-name', ['get', 'job.batch/pi', '-o', 'name']],
  ['get-pods', ['get', 'pods']],
  ['get-pods-wide', ['get', 'po', '-owide']],
  ['get-pods-name', ['get', 'pods', '-o', 'name']],
  ['get-pod-json', ['get', 'pod', 'flaky-q9w8e', '-o', 'json']],
  ['get-pods-yaml', ['get', 'pods', '-l', 'job-name=pi', '-o', 'yaml']],
  ['get-pods-no-headers', ['get', 'pods', '--no-headers']],
  [
    'get-pods-custom-columns',
    [
      'get',
      'pods',
      '-o',
      'custom-columns=NAME:.metadata.name,PHASE:.status.phase,INDEX:.metadata.annotations.batch\\.kubernetes\\.io/job-completion-index,RESTARTS:.status.containerStatuses[*].restartCount'
    ]
  ],
  ['get-unknown-pod', ['get', 'pod', 'nope']],
  ['get-unknown-job', ['get', 'jobs', 'pi', 'nope']],
  ['get-selector-none', ['get', 'pods', '-l', 'job-name=nope']],
  ['get-other-namespace', ['get', 'jobs', '-n', 'kube-system']],
  ['get-unknown-type', ['get', 'deployments']],
  ['get-bad-output', ['get', 'pods', '-o', 'xml']],
  // selectors
  ['selector-equality', ['get', 'pods', '-l', 'app=flaky', '-o', 'name']],
  ['selector-double-equals', ['get', 'pods', '-l', 'app==flaky,tier==batch', '-o', 'name']],
  ['selector-not-equal', ['get', 'pods', '-l', 'app!=flaky', '-o', 'name']],
  ['selector-in', ['get', 'pods', '-l', 'job-name in (pi,sharded)', '-o', 'name']],
  ['selector-notin', ['get', 'pods', '-l', 'job-name notin (pi)', '-o', 'name']],
  ['selector-exists', ['get', 'pods', '-l', 'batch.kubernetes.io/job-completion-index', '-o', 'name']],
  ['selector-not-exists', ['get', 'pods', '-l', '!batch.kubernetes.io/job-completion-index', '-o', 'name']],
  ['selector-invalid', ['get', 'pods', '-l', 'a in b']],
  // jsonpath over the pods
  [
    'jsonpath-range',
    ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}']
  ],
  [
    'jsonpath-filter',
    ['get', 'pods', '-o', 'jsonpath={.items[?(@.status.phase=="Succeeded")].metadata.name}']
  ],
  ['jsonpath-first', ['get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}']],
  [
    'jsonpath-as-json',
    [
      'get',
      'pods',
      '-l',
      'job-name=pi',
      '-o',
      'jsonpath-as-json={.items[*].status.containerStatuses[0].state}'
    ]
  ],
  ['jsonpath-unclosed', ['get', 'pods', '-o', 'jsonpath={.items[0]']],
  // describe
  ['describe-jobs-selector', ['describe', 'jobs', '-l', 'app=flaky']],
  ['describe-pod', ['describe', 'pod', 'pi-x7k2p']],
  ['describe-pod-restarts', ['describe', 'pod', 'flaky-q9w8e']],
  ['describe-pod-merged', ['describe', 'pods/sharded-1-d3e4f']],
  ['describe-unknown-pod', ['describe', 'pod', 'nope']],
  ['describe-merged-job', ['describe', 'job', 'sharded']],
  // logs
  ['logs-previous', ['logs', 'flaky-q9w8e', '--previous']],
  ['logs-previous-none', ['logs', 'pi-x7k2p', '-p']],
  ['logs-tail-prefix', ['logs', 'flaky-q9w8e', '--tail', '1', '--prefix']],
  ['logs-container', ['logs', 'flaky-q9w8e', '-c', 'main']],
  ['logs-container-inline', ['logs', 'flaky-q9w8e', 'main']],
  ['logs-bad-container', ['logs', 'flaky-q9w8e', '-c', 'side']],
  ['logs-selector', ['logs', '-l', 'job-name in (pi,flaky)', '--prefix']],
  ['logs-job', ['logs', 'job/sharded']],
  ['logs-follow', ['logs', '-f', 'pi-x7k2p']],
  ['logs-unknown-pod', ['logs', 'nope']],
  ['logs-unknown-job', ['logs', 'job/nope']]
]

describe('get, describe and logs over the status files of a logs folder', () => {
  test.each(cases)('%s', async (name, args) => {
    expectGolden(name, await run(args))
  })
})
