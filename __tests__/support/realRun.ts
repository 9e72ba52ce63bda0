/**
 * Runs manifests the way the action does — loader, controller, kubelet, a real engine and the real
 * log layer — with the output collected, in a temporary folder that is removed afterwards.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough } from 'node:stream'
import { execute, loadAndCheck, type ExecuteResult } from '../../src/execute.js'
import type { LogMode } from '../../src/logs/types.js'
import { allPods } from '../../src/report/outputs.js'
import { podsJsonText } from '../../src/report/podsJson.js'
import type { RuntimeName } from '../../src/settings.js'

export interface RealRun extends ExecuteResult {
  /** The `pods-json` output's text. */
  podsJson: string
  output: string
  dir: string
  logsDir: string
}

export async function runReal(
  manifest: string,
  options: { runtime?: RuntimeName; logs?: LogMode; backoffBase?: number; workspace?: string } = {}
): Promise<RealRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-test-'))
  const logsDir = path.join(dir, 'logs')
  const settings = {
    sources: [{ text: manifest, file: 'job.yaml' }],
    runtime: options.runtime ?? 'process',
    namespace: 'default',
    logs: options.logs ?? 'stream',
    logsDir,
    backoffBaseMs: options.backoffBase ?? 50,
    workspace: options.workspace ?? dir
  }
  const loaded = loadAndCheck(settings.sources, settings)
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', chunk => chunks.push(chunk))
  const result = await execute(loaded, settings, { out, color: false, notice: () => {} })
  return {
    ...result,
    podsJson: podsJsonText(allPods(result.results)),
    output: Buffer.concat(chunks).toString('utf8'),
    dir,
    logsDir
  }
}

export function cleanup(run: RealRun | undefined): void {
  if (run) fs.rmSync(run.dir, { recursive: true, force: true })
}
