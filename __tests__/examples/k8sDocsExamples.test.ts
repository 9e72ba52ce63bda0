/**
 * The Kubernetes documentation's own Job examples (k8s-docs/, see its README), each run to the
 * outcome its page describes: the process runtime where the command runs as well on the runner
 * (python3, bash, sh), docker where the page needs an image's file system or a volume a process
 * cannot have. There is no registry here, so before a docker run the test swaps the pages' public
 * images for the local ones with the same programs (busybox, alpine → local/busybox:1; perl →
 * perl:5.36); the manifests themselves stay as published. Where a page waits on a long `sleep` only
 * to make a pod observable mid-run, the test shortens it, saying so at the case.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { loadAndCheck } from '../../src/execute.js'
import { getPodsTable } from '../../src/report/getPods.js'
import { describeWithDocker, BUSYBOX } from '../support/docker.js'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'

const examples = path.join(process.cwd(), '__tests__', 'examples', 'k8s-docs')

function example(file: string): string {
  return fs.readFileSync(path.join(examples, file), 'utf8')
}

/** The public images of the pages → the local images holding the same programs. */
function localImages(manifest: string): string {
  return manifest
    .replace(/image: '?docker\.io\/library\/busybox'?$/gm, `image: ${BUSYBOX}`)
    .replace(/image: busybox:1\.28$/gm, `image: ${BUSYBOX}`)
    .replace(/image: alpine:latest$/gm, `image: ${BUSYBOX}`)
    .replace(/image: perl:5\.34\.0$/gm, 'image: perl:5.36')
}

/** The sorted index list of pods of one phase. */
function indexesOf(run: RealRun, phase: string): number[] {
  return run.results[0].pods
    .filter(pod => pod.phase === phase)
    .map(pod => pod.index ?? -1)
    .sort((a, b) => a - b)
}

let run: RealRun | undefined
afterEach(() => {
  cleanup(run)
  run = undefined
})

describe('Kubernetes docs Job examples (process runtime)', () => {
  test('job-backoff-limit-per-index-example.yaml: even indexes fail twice, then the Job fails FailedIndexes', async () => {
    run = await runReal(example('job-backoff-limit-per-index-example.yaml'), { backoffBase: 10 })
    // The page's status: 1,3,5,7,9 completed, 0,2,4,6,8 failed, 10 failed pods, 5 succeeded.
    expect(run.outputs.status).toBe('Failed')
    expect(run.outputs.reason).toBe('FailedIndexes')
    expect(run.outputs['completed-indexes']).toBe('1,3,5,7,9')
    expect(run.outputs['failed-indexes']).toBe('0,2,4,6,8')
    expect(run.outputs.succeeded).toBe('5')
    expect(run.outputs.failed).toBe('10')
    expect(run.results[0].terminal?.message).toBe('Job has failed indexes')
  }, 120000)

  test('job-backoff-limit-per-index-failindex.yaml: index 0 retried once, index 1 failed by FailIndex', async () => {
    run = await runReal(example('job-backoff-limit-per-index-failindex.yaml'), { backoffBase: 10 })
    // The page: failedIndexes 0,1, completedIndexes 2,3, failed 3, succeeded 2.
    expect(run.outputs.status).toBe('Failed')
    expect(run.outputs.reason).toBe('FailedIndexes')
    expect(run.outputs['failed-indexes']).toBe('0,1')
    expect(run.outputs['completed-indexes']).toBe('2,3')
    expect(run.outputs.failed).toBe('3')
    expect(run.outputs.succeeded).toBe('2')
    expect(run.results[0].pods.filter(p => p.index === 1)).toHaveLength(1)
  }, 60000)

  test('job-pod-failure-policy-example.yaml: exit code 42 fails the Job at once (PodFailurePolicy)', async () => {
    run = await runReal(example('job-pod-failure-policy-example.yaml'), { backoffBase: 10 })
    expect(run.outputs.status).toBe('Failed')
    expect(run.outputs.reason).toBe('PodFailurePolicy')
    expect(run.results[0].terminal?.message).toMatch(
      /^Container main for pod default\/job-pod-failure-policy-example-\w+ failed with exit code 42 matching FailJob rule at index 0$/
    )
    // No retry: only the first wave of 3 pods ever ran, out of 12 completions.
    expect(run.results[0].pods).toHaveLength(3)
    expect(run.outputs.succeeded).toBe('0')
  }, 60000)

  test('job-pod-failure-policy-failjob.yaml: exit code 42 fails the Job (its sleep 30 shortened to 1)', async () => {
    const manifest = example('job-pod-failure-policy-failjob.yaml').replace('sleep 30', 'sleep 1')
    run = await runReal(manifest, { backoffBase: 10 })
    expect(run.outputs.status).toBe('Failed')
    expect(run.outputs.reason).toBe('PodFailurePolicy')
    expect(run.results[0].terminal?.message).toMatch(
      /failed with exit code 42 matching FailJob rule at index 0$/
    )
    expect(run.results[0].pods).toHaveLength(2)
    expect(run.output).toContain("Hello world! I'm going to exit with 42 to simulate a software bug.")
  }, 60000)

  test('job-pod-failure-policy-ignore.yaml: with no disruption the 4 pods succeed (its sleep 90 shortened to 1)', async () => {
    // The page drains the node to show the Ignore rule; no node is drained here, so every pod completes.
    const manifest = example('job-pod-failure-policy-ignore.yaml').replace('sleep 90', 'sleep 1')
    run = await runReal(manifest, { backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.succeeded).toBe('4')
    expect(run.outputs.failed).toBe('0')
  }, 60000)

  test('job-success-policy.yaml: index 2 succeeding meets the rule, SuccessCriteriaMet then Complete', async () => {
    // The other nine indexes fail after 2 s, not at once: started together, nine failures can reach
    // the controller before index 2's success, and past backoffLimit (6) they fail the Job first —
    // a race the page's cluster (pods started over seconds) does not show.
    const manifest = example('job-success-policy.yaml')
      .replace('import os, sys', 'import os, sys, time')
      .replace('sys.exit(1)', 'time.sleep(2); sys.exit(1)')
    run = await runReal(manifest, { backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.reason).toBe('SuccessPolicy')
    expect(run.outputs['completed-indexes']).toBe('2')
    expect(run.outputs.succeeded).toBe('1')
    const types = (run.results[0].job.status?.conditions ?? []).map(c => `${c.type}:${c.reason}`)
    expect(types).toEqual(['SuccessCriteriaMet:SuccessPolicy', 'Complete:SuccessPolicy'])
  }, 60000)

  test('job-tmpl.yaml: one Job per item, as the page expands it (sed s/$ITEM/…/)', async () => {
    const manifest = ['apple', 'banana', 'cherry']
      .map(item => example('job-tmpl.yaml').replaceAll('$ITEM', item))
      .join('---\n')
    run = await runReal(manifest, { backoffBase: 10 })
    expect(run.results.map(r => [r.job.metadata.name, r.status])).toEqual([
      ['process-item-apple', 'Complete'],
      ['process-item-banana', 'Complete'],
      ['process-item-cherry', 'Complete']
    ])
    for (const item of ['apple', 'banana', 'cherry'])
      expect(run.output).toContain(`Processing item ${item}\n`)
  }, 60000)

  test('indexed-job.yaml: the init container picks the word, the worker reverses it (parallelism 1)', async () => {
    // The process runtime offers an emptyDir through a link at its mountPath, one per path: the
    // test sets parallelism 1 so the five pods take /input in turn (docker has no bash image here).
    const manifest = example('indexed-job.yaml').replace('parallelism: 3', 'parallelism: 1')
    run = await runReal(manifest, { backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs['completed-indexes']).toBe('0-4')
    for (const word of ['oof', 'rab', 'zab', 'xuq', 'zyx']) expect(run.output).toContain(`${word}\n`)
  }, 60000)

  test('indexed-job-vol.yaml is refused by the process runtime before anything runs', () => {
    const sources = [{ text: example('indexed-job-vol.yaml'), file: 'indexed-job-vol.yaml' }]
    expect(() => loadAndCheck(sources, { namespace: 'default', runtime: 'process' })).toThrow(
      /cannot mount volume "input" \(downwardAPI\)/
    )
  })
})

describeWithDocker('Kubernetes docs Job examples (docker runtime, local images)', () => {
  test('job.yaml: the pi Job prints its digits and completes', async () => {
    // 1000 digits, not the page's 2000: the local image carries Debian 12's perl 5.36, whose
    // Math::BigInt::Calc dies on bpi(2000) ("Can't use an undefined value as an ARRAY reference");
    // the page's perl:5.34.0 does not.
    const manifest = localImages(example('job.yaml')).replace('bpi(2000)', 'bpi(1000)')
    run = await runReal(manifest, { runtime: 'docker', backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.reason).toBe('CompletionsReached')
    expect(run.outputs.succeeded).toBe('1')
    expect(run.output).toMatch(/\] 3\.14159265358979\d{985}\n/)
  }, 120000)

  test('indexed-job-vol.yaml: each pod reads its index from a downwardAPI volume', async () => {
    run = await runReal(localImages(example('indexed-job-vol.yaml')), { runtime: 'docker', backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs['completed-indexes']).toBe('0-4')
    expect(run.outputs.failed).toBe('0')
    expect(indexesOf(run, 'Succeeded')).toEqual([0, 1, 2, 3, 4])
    for (const pod of run.results[0].pods)
      expect(run.output).toContain(`[${pod.name}/worker] ${String(pod.index)}\n`)
  }, 120000)

  test('job-sidecar.yaml: the sidecar is stopped when the main container ends; pods show Completed', async () => {
    run = await runReal(localImages(example('job-sidecar.yaml')), { runtime: 'docker', backoffBase: 10 })
    expect(run.outputs.status).toBe('Complete')
    expect(run.outputs.succeeded).toBe('1')
    const [pod] = run.results[0].pods
    expect(pod.phase).toBe('Succeeded')
    expect(getPodsTable(run.results[0].pods, Date.now())).toMatch(
      new RegExp(`^${pod.name} +0/2 +Completed `, 'm')
    )
  }, 120000)
})
