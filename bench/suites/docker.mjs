// 5. Docker runtime: 50 pods of `true` against a plain `docker run --rm` loop at the same
// parallelism. Skipped when no docker engine answers.
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { jobManifest } from '../lib/artifact.mjs'
import { dockerServerVersion } from '../lib/machine.mjs'
import { median, medianRange, pairedRounds, walls } from '../lib/measure.mjs'
import { table, verdict } from '../lib/table.mjs'

export const title = 'Docker runtime'

export const IMAGE = process.env.BENCH_DOCKER_IMAGE ?? 'local/busybox:1'

export async function run(ctx) {
  if (!dockerServerVersion()) return { skipped: 'no docker engine answers `docker version`' }
  if (spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status !== 0)
    return {
      skipped: `image ${IMAGE} is not on this machine (set BENCH_DOCKER_IMAGE to a local image with \`true\`)`
    }
  const pods = 50
  const parallelism = 4
  const runs = ctx.quick ? 1 : 3
  const dir = path.join(ctx.scratch, 'docker')
  rmSync(dir, { recursive: true, force: true })
  ctx.mkdir(dir)
  const seq = path.join(dir, 'seq')
  writeFileSync(seq, Array.from({ length: pods }, (_, i) => `${i}\n`).join(''))
  const manifest = path.join(dir, 'job.yaml')
  writeFileSync(
    manifest,
    jobManifest({ name: 'docker', completions: pods, parallelism, command: ['true'] }).replace(
      'local/busybox:1',
      IMAGE
    )
  )
  const logs = path.join(dir, 'logs')
  ctx.log(`docker: ${pods} pods of true at parallelism ${parallelism}`)
  const candidates = [
    {
      id: 'loop',
      label: `\`xargs -P ${parallelism}\` of \`docker run --rm ${IMAGE} true\``,
      cmd: ['xargs', '-a', seq, '-P', String(parallelism), '-I{}', 'docker', 'run', '--rm', IMAGE, 'true']
    },
    {
      id: 'action',
      label: 'job-action `--runtime docker --logs none`',
      before: () => rmSync(logs, { recursive: true, force: true }),
      cmd: [
        process.execPath,
        ctx.artifact.cli,
        'run',
        '-f',
        manifest,
        '--runtime',
        'docker',
        '--logs',
        'none',
        '-o',
        'none',
        '--logs-dir',
        logs,
        '--backoff-base',
        '0'
      ]
    }
  ]
  const results = pairedRounds(candidates, {
    runs,
    warmup: 1,
    baseline: 'loop',
    scratch: ctx.scratch,
    log: ctx.log
  })
  rmSync(dir, { recursive: true, force: true })
  const action = results[1]
  const ratio = median(action.wallRatios)
  const rows = results.map(r => [
    r.candidate.label,
    medianRange(walls(r), 2),
    ((median(walls(r)) * 1000) / pods).toFixed(0),
    r.candidate.id === 'loop' ? '1' : medianRange(r.wallRatios, 2)
  ])
  const targets = [
    {
      figure: `Docker: job-action ÷ \`docker run --rm\` loop, ${pods} pods at parallelism ${parallelism} (wall)`,
      value: ratio.toFixed(2),
      limit: '≤ 1.2',
      ok: ratio <= 1.2
    }
  ]
  const markdown = [
    `${pods} pods of \`true\` in \`${IMAGE}\` (present locally), parallelism ${parallelism}, ${runs} paired ` +
      'round(s) after 1 warm-up. CPU is not compared: the work happens in the docker daemon, outside the timed tree.',
    table(['candidate', 'wall s median [min–max]', 'wall ms/pod', '×loop wall [min–max]'], rows),
    targets.map(t => `- ${t.figure}: ${t.value} (target ${t.limit}) — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return { markdown, targets, raw: results.map(r => ({ id: r.candidate.id, samples: r.samples })) }
}
