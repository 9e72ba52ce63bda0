/**
 * A logs folder as runs leave it, for the get / describe / logs tests: three status files at the
 * top — a finished pi Job, a Job whose container restarted twice (a log file per attempt), and an
 * Indexed Job merged from two shards whose status file was written on another runner (its log
 * paths point elsewhere; one log travelled with the folder, the other only as the tail the status
 * file carries).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { statusApiVersion, statusKind, type StatusFile } from '../../src/shard/statusFile.js'
import {
  at,
  container,
  containerStatus,
  defaultedJob,
  event,
  generatedLabels,
  pod
} from '../report/fixtures.js'

export const now = at('2024-05-01T12:10:00Z')

function statusFile(
  fields: Omit<StatusFile, 'apiVersion' | 'kind' | 'cancelled' | 'events' | 'logTails'> & Partial<StatusFile>
): StatusFile {
  return {
    apiVersion: statusApiVersion,
    kind: statusKind,
    cancelled: false,
    events: [],
    logTails: {},
    ...fields
  }
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

function piRun(logsDir: string): StatusFile {
  const uid = 'c1d2e3f4-0000-4000-8000-000000000001'
  const job = defaultedJob({
    name: 'pi',
    uid,
    spec: { backoffLimit: 4 },
    containers: [
      container({ name: 'pi', image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(50)'] })
    ],
    status: {
      startTime: '2024-05-01T12:00:00Z',
      completionTime: '2024-05-01T12:00:07Z',
      succeeded: 1,
      ready: 0,
      active: 0,
      conditions: [
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          lastProbeTime: '2024-05-01T12:00:07Z',
          lastTransitionTime: '2024-05-01T12:00:07Z',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods'
        },
        {
          type: 'Complete',
          status: 'True',
          lastProbeTime: '2024-05-01T12:00:07Z',
          lastTransitionTime: '2024-05-01T12:00:07Z',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods'
        }
      ]
    }
  })
  const log = write(
    path.join(logsDir, 'pi', 'pi-x7k2p', 'pi.log'),
    '3.1415926535897932384626433832795028841971693993751\n'
  )
  return statusFile({
    shard: null,
    logsDir,
    status: 'Complete',
    reason: 'CompletionsReached',
    startedAt: at('2024-05-01T12:00:00Z'),
    endedAt: at('2024-05-01T12:00:07Z'),
    job,
    pods: [
      pod({
        name: 'pi-x7k2p',
        uid: 'd0d0d0d0-0000-4000-8000-000000000002',
        labels: generatedLabels('pi', uid),
        creationTimestamp: at('2024-05-01T12:00:00Z'),
        startTime: at('2024-05-01T12:00:00Z'),
        finishTime: at('2024-05-01T12:00:07Z'),
        conditions: [
          {
            type: 'PodReadyToStartContainers',
            status: 'False',
            lastTransitionTime: at('2024-05-01T12:00:07Z')
          },
          { type: 'Initialized', status: 'True', lastTransitionTime: at('2024-05-01T12:00:00Z') },
          {
            type: 'Ready',
            status: 'False',
            reason: 'PodCompleted',
            lastTransitionTime: at('2024-05-01T12:00:07Z')
          },
          {
            type: 'ContainersReady',
            status: 'False',
            reason: 'PodCompleted',
            lastTransitionTime: at('2024-05-01T12:00:07Z')
          },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: at('2024-05-01T12:00:00Z') }
        ],
        containerStatuses: [
          containerStatus({
            name: 'pi',
            startedAt: at('2024-05-01T12:00:01Z'),
            finishedAt: at('2024-05-01T12:00:06Z'),
            logs: [log]
          })
        ]
      })
    ],
    events: [
      event('Normal', 'SuccessfulCreate', 'Created pod: pi-x7k2p', at('2024-05-01T12:00:00Z')),
      event('Normal', 'Completed', 'Job completed', at('2024-05-01T12:00:07Z'))
    ]
  })
}

function flakyRun(logsDir: string): StatusFile {
  const uid = 'c1d2e3f4-0000-4000-8000-000000000003'
  const job = defaultedJob({
    name: 'flaky',
    uid,
    labels: { app: 'flaky', tier: 'batch' },
    templateLabels: { app: 'flaky', tier: 'batch' },
    containers: [
      container({
        name: 'main',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'test -f /tmp/ok || exit 3'],
        env: [
          { name: 'MODE', value: 'retry' },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
          { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }
        ],
        resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '250m', memory: '64Mi' } }
      })
    ],
    podSpec: { restartPolicy: 'OnFailure' },
    status: {
      startTime: '2024-05-01T12:01:00Z',
      completionTime: '2024-05-01T12:01:40Z',
      succeeded: 1,
      ready: 0,
      active: 0,
      conditions: [
        {
          type: 'Complete',
          status: 'True',
          lastProbeTime: '2024-05-01T12:01:40Z',
          lastTransitionTime: '2024-05-01T12:01:40Z',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods'
        }
      ]
    }
  })
  const dir = path.join(logsDir, 'flaky', 'flaky-q9w8e')
  const logs = [
    write(path.join(dir, 'main.log'), 'attempt 1\nno /tmp/ok yet\n'),
    write(path.join(dir, 'main.1.log'), 'attempt 2\nno /tmp/ok yet\n'),
    write(path.join(dir, 'main.2.log'), 'attempt 3\nok\n')
  ]
  return statusFile({
    shard: null,
    logsDir,
    status: 'Complete',
    reason: 'CompletionsReached',
    startedAt: at('2024-05-01T12:01:00Z'),
    endedAt: at('2024-05-01T12:01:40Z'),
    job,
    pods: [
      pod({
        name: 'flaky-q9w8e',
        uid: 'd0d0d0d0-0000-4000-8000-000000000004',
        labels: { ...generatedLabels('flaky', uid), app: 'flaky', tier: 'batch' },
        creationTimestamp: at('2024-05-01T12:01:00Z'),
        startTime: at('2024-05-01T12:01:00Z'),
        containerStatuses: [
          containerStatus({
            name: 'main',
            restartCount: 2,
            startedAt: at('2024-05-01T12:01:30Z'),
            finishedAt: at('2024-05-01T12:01:39Z'),
            logs
          })
        ]
      })
    ],
    events: [event('Normal', 'SuccessfulCreate', 'Created pod: flaky-q9w8e', at('2024-05-01T12:01:00Z'))]
  })
}

/** The merge of two shards: written on another runner (its logsDir is not ours). */
function mergedRun(logsDir: string): StatusFile {
  const uid = 'c1d2e3f4-0000-4000-8000-000000000005'
  const elsewhere = '/home/runner/work/_temp/job-action'
  const job = defaultedJob({
    name: 'sharded',
    uid,
    spec: { completions: 2, parallelism: 2, completionMode: 'Indexed' },
    containers: [container({ name: 'work', image: 'python:3.12', command: ['python', '-c', 'print(1)'] })],
    status: {
      startTime: '2024-05-01T12:02:00Z',
      succeeded: 1,
      failed: 1,
      ready: 0,
      active: 0,
      completedIndexes: '0',
      failedIndexes: '1',
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          lastProbeTime: '2024-05-01T12:02:30Z',
          lastTransitionTime: '2024-05-01T12:02:30Z',
          reason: 'FailedIndexes',
          message: 'Job has failed indexes'
        }
      ]
    }
  })
  const podOf = (index: number, name: string, failed: boolean) =>
    pod({
      name,
      uid: `d0d0d0d0-0000-4000-8000-00000000001${index}`,
      index,
      labels: {
        ...generatedLabels('sharded', uid),
        'batch.kubernetes.io/job-completion-index': String(index)
      },
      annotations: { 'batch.kubernetes.io/job-completion-index': String(index) },
      hostname: `sharded-${index}`,
      phase: failed ? 'Failed' : 'Succeeded',
      creationTimestamp: at('2024-05-01T12:02:00Z'),
      startTime: at('2024-05-01T12:02:00Z'),
      containerStatuses: [
        containerStatus({
          name: 'work',
          exitCode: failed ? 1 : 0,
          reason: failed ? 'Error' : 'Completed',
          startedAt: at('2024-05-01T12:02:01Z'),
          finishedAt: at('2024-05-01T12:02:20Z'),
          logs: [`${elsewhere}/sharded/${name}/work.log`]
        })
      ]
    })
  write(path.join(logsDir, 'sharded', 'sharded-0-a1b2c', 'work.log'), 'index 0 done\n')
  return statusFile({
    shard: null,
    logsDir: elsewhere,
    status: 'Failed',
    reason: 'FailedIndexes',
    startedAt: at('2024-05-01T12:02:00Z'),
    endedAt: at('2024-05-01T12:02:30Z'),
    job,
    pods: [podOf(0, 'sharded-0-a1b2c', false), podOf(1, 'sharded-1-d3e4f', true)],
    logTails: {
      [`${elsewhere}/sharded/sharded-1-d3e4f/work.log`]: [
        'Traceback (most recent call last):',
        'ValueError: index 1'
      ]
    }
  })
}

/** Writes the three runs' status files (and logs) into `logsDir`. */
export function writeLogsFolder(logsDir: string): void {
  for (const status of [piRun(logsDir), flakyRun(logsDir), mergedRun(logsDir)])
    write(path.join(logsDir, `${status.job.metadata.name}.status.json`), `${JSON.stringify(status)}\n`)
}
