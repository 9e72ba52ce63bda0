/**
 * A main step that dies (SIGKILL: no chance to clean up) while its pods run as containers, then the
 * action's post step, both run from dist/ as the runner runs them: the post step finds the run by the
 * state the main step saved and removes every container and volume of it.
 */
import { expect, test } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseOutputFile, startAction } from '../support/actionRunner.js'
import { describeWithDocker, dockerOutput, labelledIds, twoPodJob } from '../support/docker.js'

const manifest = twoPodJob('dj-crash', '["sleep", "600"]', '["sleep", "600"]')

describeWithDocker('docker runtime: a crashed main step', () => {
  test('the post step removes every container and volume the killed main step left', async () => {
    const { child, done } = startAction({ job: manifest, runtime: 'docker', logs: 'none', summary: 'false' })
    try {
      // Both pods running: a pause container, main and helper each (and the emptyDir volumes before them).
      const running = ['ps', '--quiet', '--filter', 'label=job-action.job=dj-crash']
      for (let tries = 0; tries < 600; tries++) {
        if ((await dockerOutput(running)).trim().split('\n').length === 6) break
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      child.kill('SIGKILL')
      const run = await done
      const runId = parseOutputFile(run.state)['run-id']
      expect(runId).toMatch(/^[0-9a-f-]{36}$/)
      expect(run.state).toContain('docker')
      const left = await labelledIds(`job-action.run-id=${runId}`)
      // two pods: a pause container, two containers and an emptyDir volume each
      expect(left).toHaveLength(8)

      const post = spawn(process.execPath, [path.join(process.cwd(), 'dist/post/index.js')], {
        env: { PATH: process.env.PATH, 'STATE_run-id': runId, STATE_runtime: 'docker' }
      })
      let stdout = ''
      post.stdout.on('data', chunk => (stdout += chunk))
      const code = await new Promise(resolve => post.on('close', resolve))
      expect(code).toBe(0)
      expect(stdout).toContain('::warning::Removed 6 containers left behind by the main step')
      expect(await labelledIds(`job-action.run-id=${runId}`)).toEqual([])
      fs.rmSync(run.dir, { recursive: true, force: true })
    } finally {
      child.kill('SIGKILL')
      // Whatever the assertions said, nothing of this test stays.
      const ids = execFileSync(
        'docker',
        ['ps', '--all', '--quiet', '--filter', 'label=job-action.job=dj-crash'],
        {
          encoding: 'utf8'
        }
      ).trim()
      if (ids) execFileSync('docker', ['rm', '--force', ...ids.split('\n')], { stdio: 'pipe' })
    }
  }, 60_000)
})
