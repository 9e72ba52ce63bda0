// 1. Scheduling: N × /bin/true at parallelism 1, 4 and 16 — the action's process runtime against
// xargs -P, GNU parallel and the minimal Node.js spawn loops, paired in the same rounds.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cliCommand, jobManifest } from '../lib/artifact.mjs'
import { has } from '../lib/machine.mjs'
import { cpus, median, medianRange, pairedRounds, peakMiB, walls } from '../lib/measure.mjs'
import { table, verdict } from '../lib/table.mjs'

export const title = 'Scheduling'

export async function run(ctx) {
  const n = ctx.quick ? 1000 : 2000
  const runs = ctx.quick ? 3 : 5
  const warmup = 1
  const dir = path.join(ctx.scratch, 'sched')
  const seq = path.join(dir, 'seq')
  rmSync(dir, { recursive: true, force: true })
  ctx.mkdir(dir)
  writeFileSync(seq, Array.from({ length: n }, (_, i) => `${i + 1}\n`).join(''))
  const parallel = has('parallel')
  const sections = []
  const targets = []
  const raw = {}

  for (const p of [1, 4, 16]) {
    ctx.log(`scheduling: ${n} × /bin/true at parallelism ${p}`)
    const manifest = path.join(dir, `job-${p}.yaml`)
    writeFileSync(
      manifest,
      jobManifest({ name: 'sched', completions: n, parallelism: p, command: ['/bin/true'] })
    )
    const logs = path.join(dir, 'logs')
    // Every run gets a fresh logs folder, and nothing is deleted while the suite runs: the last
    // run's folder is renamed aside (O(1)). A large delete slowed the next mkdir-heavy run on
    // these disks (2,000 pod folders: 1.2 s into fresh folders, up to 2.8 s right after an
    // `rm -rf` of the last run's); see bench/README.md, "Per-pod folders".
    const used = path.join(dir, `used-${p}`)
    let usedCount = 0
    const clean = () => {
      if (!existsSync(logs)) return
      mkdirSync(used, { recursive: true })
      renameSync(logs, path.join(used, String(usedCount++)))
    }
    const candidates = [
      {
        id: 'xargs',
        label: `xargs -P ${p}`,
        cmd: ['xargs', '-a', seq, '-n', '1', '-P', String(p), '/bin/true']
      },
      ...(parallel
        ? [
            {
              id: 'parallel',
              label: `GNU parallel -j ${p}`,
              cmd: ['parallel', '--will-cite', '-j', String(p), '-a', seq, '/bin/true']
            }
          ]
        : []),
      {
        id: 'drain',
        label: 'Node spawn loop (stdio drained)',
        cmd: [
          process.execPath,
          ctx.spawnLoop,
          '--n',
          String(n),
          '--p',
          String(p),
          '--mode',
          'drain',
          '--',
          '/bin/true'
        ]
      },
      {
        id: 'files',
        label: 'Node spawn loop + per-child log files',
        before: clean,
        cmd: [
          process.execPath,
          ctx.spawnLoop,
          '--n',
          String(n),
          '--p',
          String(p),
          '--mode',
          'files',
          '--logdir',
          logs,
          '--',
          '/bin/true'
        ]
      },
      {
        id: 'action',
        label: 'job-action, `--logs none`',
        before: clean,
        cmd: cliCommand(ctx.artifact, manifest, logs, 'none')
      },
      {
        id: 'stream',
        label: 'job-action, `--logs stream`',
        before: clean,
        cmd: cliCommand(ctx.artifact, manifest, logs, 'stream')
      }
    ]
    const results = pairedRounds(candidates, {
      runs,
      warmup,
      baseline: 'xargs',
      scratch: ctx.scratch,
      log: ctx.log
    })
    clean()
    // `used` stays until the whole benchmark ends (run.mjs removes the scratch folder): a large
    // delete here slowed the next parallelism's mkdirs (ext4 with online discard).
    const byId = Object.fromEntries(results.map(r => [r.candidate.id, r]))
    const xargs = byId.xargs
    const ratio = (a, b) => a.samples.map((s, i) => s.wall_s / b.samples[i].wall_s)
    const extraMs = r => r.samples.map((s, i) => ((s.wall_s - xargs.samples[i].wall_s) * 1000) / n)
    const rows = results.map(r => [
      r.candidate.label,
      medianRange(walls(r)),
      (n / median(walls(r))).toFixed(0),
      ((median(walls(r)) * 1000) / n).toFixed(2),
      ((median(cpus(r)) * 1000) / n).toFixed(2),
      r.candidate.id === 'xargs' ? '–' : medianRange(extraMs(r), 2),
      r.candidate.id === 'xargs' ? '1' : medianRange(r.wallRatios, 2),
      r.candidate.id === 'xargs' ? '1' : median(r.cpuRatios).toFixed(2),
      peakMiB(r).toFixed(0)
    ])
    sections.push(
      `#### Parallelism ${p}\n\n` +
        table(
          [
            'candidate',
            'wall s median [min–max]',
            'pods/s',
            'wall ms/pod',
            'CPU ms/pod',
            'extra wall ms/pod over xargs',
            '×xargs wall [min–max]',
            '×xargs CPU',
            'peak RSS MiB'
          ],
          rows
        )
    )
    const action = byId.action
    const vsXargs = median(ratio(action, xargs))
    const vsFiles = median(ratio(action, byId.files))
    raw[`p${p}`] = results.map(r => ({ id: r.candidate.id, samples: r.samples }))
    if (p === 1) continue
    targets.push({
      figure: `Scheduling P=${p}: job-action ÷ xargs -P (wall)`,
      value: vsXargs.toFixed(2),
      limit: '≤ 2',
      ok: vsXargs <= 2
    })
    if (parallel) {
      const faster = median(ratio(byId.parallel, action))
      targets.push({
        figure: `Scheduling P=${p}: GNU parallel ÷ job-action (wall)`,
        value: faster.toFixed(2),
        limit: '≥ 2',
        ok: faster >= 2
      })
    }
    targets.push({
      figure: `Scheduling P=${p}: job-action ÷ Node spawn loop with log files (wall)`,
      value: vsFiles.toFixed(2),
      limit: '≤ 1.2',
      ok: vsFiles <= 1.2
    })
  }

  const markdown = [
    `${n} completions of \`/bin/true\` (a NonIndexed Job, \`command: ["/bin/true"]\`), ${runs} paired rounds ` +
      `after ${warmup} warm-up. job-action is the CLI on the bundle ` +
      '(`node bin/job-action.js run -f job.yaml --logs none|stream -o none --logs-dir DIR --backoff-base 0`), ' +
      "which writes every pod's log file in both modes; `stream` prints to /dev/null here. The Node loops are " +
      "`bench/lib/spawn-loop.mjs` (`--mode drain`: stdout and stderr piped and read; `--mode files`: each child's " +
      'output piped into its own file, `JOB_COMPLETION_INDEX` set). "extra wall ms/pod" is (candidate − xargs) ÷ N ' +
      'within each round.',
    ...sections,
    targets.map(t => `- ${t.figure}: ${t.value} (target ${t.limit}) — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return { markdown, targets, raw }
}
