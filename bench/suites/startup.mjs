// 3. Cold start: the action, started as the runner starts it, on a one-pod /bin/true Job, against
// `node -e 0`; the CLI on the same Job beside it.
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { actionEnv, cliCommand, jobManifest } from '../lib/artifact.mjs'
import { median, medianRange, pairedRounds, peakMiB, walls } from '../lib/measure.mjs'
import { table, verdict } from '../lib/table.mjs'

export const title = 'Cold start'

export async function run(ctx) {
  const runs = ctx.quick ? 8 : 20
  const warmup = 2
  const dir = path.join(ctx.scratch, 'startup')
  rmSync(dir, { recursive: true, force: true })
  ctx.mkdir(dir)
  const job = jobManifest({ name: 'one', completions: 1, parallelism: 1, command: ['/bin/true'] })
  const manifest = path.join(dir, 'one.yaml')
  writeFileSync(manifest, job)
  const action = actionEnv(path.join(dir, 'action'), { job, logs: 'stream', 'backoff-base': '0' })
  const logs = path.join(dir, 'cli-logs')
  ctx.log('cold start: the action and the CLI on a one-pod Job against node -e 0')
  const candidates = [
    { id: 'node', label: '`node -e 0`', cmd: [process.execPath, '-e', '0'] },
    {
      id: 'action',
      label: '`node dist/index.js` (the action, one-pod Job, summary and outputs)',
      env: action.env,
      cwd: dir,
      before: () => {
        action.reset()
        rmSync(path.join(dir, 'action', 'job-action'), { recursive: true, force: true })
      },
      cmd: [process.execPath, ctx.artifact.index]
    },
    {
      id: 'cli',
      label: '`job-action run` (the CLI, same Job)',
      before: () => rmSync(logs, { recursive: true, force: true }),
      cmd: cliCommand(ctx.artifact, manifest, logs, 'stream')
    }
  ]
  const results = pairedRounds(candidates, {
    runs,
    warmup,
    baseline: 'node',
    scratch: ctx.scratch,
    log: ctx.log
  })
  rmSync(dir, { recursive: true, force: true })
  const node = results[0]
  const extraMs = r => r.samples.map((s, i) => (s.wall_s - node.samples[i].wall_s) * 1000)
  const rows = results.map(r => [
    r.candidate.label,
    medianRange(walls(r), 0, 1000),
    r.candidate.id === 'node' ? '–' : medianRange(extraMs(r), 0),
    r.candidate.id === 'node' ? '1' : medianRange(r.wallRatios, 2),
    r.candidate.id === 'node' ? '1' : median(r.cpuRatios).toFixed(2),
    peakMiB(r).toFixed(0)
  ])
  const extra = median(extraMs(results.find(r => r.candidate.id === 'action')))
  const targets = [
    {
      figure: 'Cold start: the action − `node -e 0` (wall, paired)',
      value: `${extra.toFixed(0)} ms`,
      limit: '≤ 80 ms',
      ok: extra <= 80
    }
  ]
  const markdown = [
    `${runs} paired rounds after ${warmup} warm-up; the bundle is ${(ctx.artifact.bytes / 1e6).toFixed(2)} MB. ` +
      'The action runs the whole way: reads its inputs, runs the pod, writes its outputs and the step summary.',
    table(
      [
        'candidate',
        'wall ms median [min–max]',
        'extra ms over node -e 0 [min–max]',
        '×node wall [min–max]',
        '×node CPU',
        'peak RSS MiB'
      ],
      rows
    ),
    targets.map(t => `- ${t.figure}: ${t.value} (target ${t.limit}) — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return { markdown, targets, raw: results.map(r => ({ id: r.candidate.id, samples: r.samples })) }
}
