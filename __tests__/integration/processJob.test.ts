/**
 * Job semantics with real processes: the same controller, kubelet, process engine and log layer
 * the action uses.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'
import { intervals, maxOverlap } from '../support/overlap.js'

let run: RealRun | undefined
afterEach(() => {
  cleanup(run)
  run = undefined
})

describe('process runtime, real processes', () => {
  test('no more than parallelism pods overlap and exactly completions succeed', async () => {
    const marker = `/tmp/job-action-overlap-${process.pid}-${Date.now()}`
    try {
      run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: overlap }
spec:
  completions: 9
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: ["sh", "-c", "s=$(date +%s%N); sleep 0.2; e=$(date +%s%N); echo \\"$s $e\\" >> ${marker}"]
`)
      const spans = intervals(marker)
      expect(spans).toHaveLength(9)
      expect(maxOverlap(spans)).toBe(3)
      expect(run.outputs.status).toBe('Complete')
      expect(run.outputs.succeeded).toBe('9')
      expect(run.results[0].pods.filter(p => p.phase === 'Succeeded')).toHaveLength(9)
    } finally {
      fs.rmSync(marker, { force: true })
    }
  })

  test('pi: the log streams with its prefix, the log file holds it, outputs say Complete', async () => {
    const manifest = fs.readFileSync(path.join(process.cwd(), 'examples/pi.yaml'), 'utf8')
    run = await runReal(manifest)
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.reason).toBe('CompletionsReached')
    const pod = run.results[0].pods[0]
    expect(run.output).toMatch(new RegExp(`^\\[${pod.name}/pi\\] 3\\.14159265358979`, 'm'))
    const logFile = path.join(run.logsDir, 'pi', pod.name, 'pi.log')
    expect(pod.containerStatuses[0].logs).toEqual([logFile])
    expect(fs.readFileSync(logFile, 'utf8')).toMatch(/^3\.14159265358979\d{985}\n$/)
    const pods = JSON.parse(run.podsJson)
    expect(pods).toEqual([
      expect.objectContaining({ name: pod.name, index: null, phase: 'Succeeded', exitCode: 0, restarts: 0 })
    ])
  })

  test('a container running false with backoffLimit 2 fails the Job with 3 failed pods', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: fails }
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox, command: ["false"] }]
`)
    expect(run.outputs.status).toBe('Failed')
    expect(run.outputs.reason).toBe('BackoffLimitExceeded')
    expect(run.outputs.failed).toBe('3')
    expect(run.outputs.succeeded).toBe('0')
  })

  test('Indexed: every pod sees its JOB_COMPLETION_INDEX and hostname', async () => {
    const manifest = fs.readFileSync(path.join(process.cwd(), 'examples/indexed.yaml'), 'utf8')
    run = await runReal(manifest)
    expect(run.outputs['completed-indexes']).toBe('0-7')
    for (const pod of run.results[0].pods)
      expect(run.output).toContain(`[${pod.name}/worker] index ${pod.index} on indexed-${pod.index}\n`)
  })

  test('flaky: two failures, then success on the third attempt', async () => {
    const manifest = fs.readFileSync(path.join(process.cwd(), 'examples/flaky.yaml'), 'utf8')
    run = await runReal(manifest)
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.failed).toBe('2')
    expect(run.results[0].pods.map(p => p.phase)).toEqual(['Failed', 'Failed', 'Succeeded'])
  })
})
