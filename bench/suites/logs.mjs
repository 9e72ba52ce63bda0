// 2. Logs: one pod writing 1 GiB of 100-byte lines against `cmd > file`, and 16 pods × 64 MiB of
// numbered 64-byte lines in stream mode, checked line by line afterwards.
import { spawnSync } from 'node:child_process'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cliCommand, jobManifest } from '../lib/artifact.mjs'
import { has } from '../lib/machine.mjs'
import { measureOnce, median, medianRange, pairedRounds, peakMiB, walls } from '../lib/measure.mjs'
import { table, verdict } from '../lib/table.mjs'

export const title = 'Logs'

const MiB = 2 ** 20

export async function run(ctx) {
  const dir = path.join(ctx.scratch, 'logs')
  rmSync(dir, { recursive: true, force: true })
  ctx.mkdir(dir)
  const one = onePod(ctx, dir)
  const many = sixteenPods(ctx, dir)
  rmSync(dir, { recursive: true, force: true })
  return {
    markdown: `${one.markdown}\n\n${many.markdown}`,
    targets: [...one.targets, ...many.targets],
    raw: { onePod: one.raw, sixteenPods: many.raw }
  }
}

function onePod(ctx, dir) {
  const bytes = ctx.quick ? 256 * MiB : 1024 * MiB
  const runs = ctx.quick ? 3 : 5
  const gen = path.join(ctx.benchDir, 'lib', 'gen-lines.sh')
  const redirectFile = path.join(dir, 'redirect.log')
  const logs = path.join(dir, 'one')
  const manifest = path.join(dir, 'one.yaml')
  writeFileSync(
    manifest,
    jobManifest({ name: 'big', completions: 1, parallelism: 1, command: ['sh', gen, String(bytes), '100'] })
  )
  const clean = () => {
    rmSync(logs, { recursive: true, force: true })
    rmSync(redirectFile, { force: true })
  }
  ctx.log(`logs: one pod writing ${bytes / MiB} MiB`)
  const candidates = [
    {
      id: 'redirect',
      label: '`sh gen-lines.sh > file` (the limit)',
      before: clean,
      cmd: ['sh', '-c', `exec sh '${gen}' ${bytes} 100 > '${redirectFile}'`]
    },
    {
      id: 'none',
      label: 'job-action, `--logs none`',
      before: clean,
      cmd: cliCommand(ctx.artifact, manifest, logs, 'none')
    },
    {
      id: 'stream',
      label: 'job-action, `--logs stream` (stdout → /dev/null)',
      before: clean,
      cmd: cliCommand(ctx.artifact, manifest, logs, 'stream')
    },
    {
      id: 'loop',
      label: 'Node spawn loop, piped into the file',
      before: clean,
      cmd: [
        process.execPath,
        ctx.spawnLoop,
        '--mode',
        'files',
        '--logdir',
        logs,
        '--',
        'sh',
        gen,
        String(bytes),
        '100'
      ]
    }
  ]
  const results = pairedRounds(candidates, {
    runs,
    warmup: 1,
    baseline: 'redirect',
    scratch: ctx.scratch,
    log: ctx.log
  })
  clean()
  const mbps = r => (bytes / 1e6 / median(walls(r))).toFixed(0)
  const rows = results.map(r => [
    r.candidate.label,
    medianRange(walls(r)),
    mbps(r),
    r.candidate.id === 'redirect' ? '1' : medianRange(r.wallRatios, 2),
    r.candidate.id === 'redirect' ? '100%' : `${(100 / median(r.wallRatios)).toFixed(0)}%`,
    r.candidate.id === 'redirect' ? '1' : median(r.cpuRatios).toFixed(2),
    peakMiB(r).toFixed(0)
  ])
  const byId = Object.fromEntries(results.map(r => [r.candidate.id, r]))
  const targets = []
  for (const id of ['none', 'stream']) {
    const share = 1 / median(byId[id].wallRatios)
    targets.push({
      figure: `Logs, one ${bytes / MiB} MiB pod, \`--logs ${id}\`: throughput ÷ \`cmd > file\``,
      value: `${(share * 100).toFixed(0)}%`,
      limit: '≥ 60%',
      ok: share >= 0.6
    })
    targets.push({
      figure: `Logs, one ${bytes / MiB} MiB pod, \`--logs ${id}\`: peak RSS`,
      value: `${peakMiB(byId[id]).toFixed(0)} MiB`,
      limit: '< 150 MB',
      ok: peakMiB(byId[id]) * MiB < 150e6
    })
  }
  const markdown = [
    `#### One pod, ${bytes / MiB} MiB of 100-byte lines`,
    `\`bench/lib/gen-lines.sh ${bytes} 100\` (\`yes\` piped into \`head -c\`) on the disk-backed scratch folder, ` +
      `${runs} paired rounds after 1 warm-up. Throughput share = 1 ÷ the paired wall ratio. Peak RSS is the ` +
      'largest process of the tree (the action itself).',
    table(
      [
        'candidate',
        'wall s median [min–max]',
        'MB/s',
        '×limit wall [min–max]',
        'throughput vs limit',
        '×limit CPU',
        'peak RSS MiB'
      ],
      rows
    ),
    targets.map(t => `- ${t.figure}: ${t.value} (target ${t.limit}) — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return { markdown, targets, raw: results.map(r => ({ id: r.candidate.id, samples: r.samples })) }
}

function sixteenPods(ctx, dir) {
  const lines = ctx.quick ? 262144 : 1048576
  const pods = 16
  const runs = ctx.quick ? 2 : 3
  const gen = path.join(ctx.benchDir, 'lib', 'gen-pod-lines.sh')
  const podList = path.join(dir, 'pods')
  writeFileSync(podList, Array.from({ length: pods }, (_, i) => `${i}\n`).join(''))
  const limitDir = path.join(dir, 'limit')
  const parallelDir = path.join(dir, 'parallel')
  const loopDir = path.join(dir, 'loop')
  const logs = path.join(dir, 'sixteen')
  const manifest = path.join(dir, 'lines.yaml')
  writeFileSync(
    manifest,
    jobManifest({
      name: 'lines',
      completions: pods,
      parallelism: pods,
      indexed: true,
      command: ['sh', gen, String(lines)]
    })
  )
  const fresh = folder => () => {
    rmSync(folder, { recursive: true, force: true })
    ctx.mkdir(folder)
  }
  const mib = (lines * 64 * pods) / MiB
  ctx.log(`logs: ${pods} pods × ${(lines * 64) / MiB} MiB in stream mode`)
  const candidates = [
    {
      id: 'limit',
      label: 'xargs -P 16, each pod `> its own file` (the limit)',
      before: fresh(limitDir),
      cmd: [
        'xargs',
        '-a',
        podList,
        '-P',
        String(pods),
        '-I{}',
        'sh',
        '-c',
        `JOB_COMPLETION_INDEX={} exec sh '${gen}' ${lines} > '${limitDir}/pod-{}.log'`
      ]
    },
    {
      id: 'stream',
      label: 'job-action, `--logs stream` (stdout → /dev/null)',
      before: fresh(logs),
      cmd: cliCommand(ctx.artifact, manifest, logs, 'stream')
    },
    {
      id: 'loop',
      label: 'Node spawn loop, log files + prefixed lines',
      before: fresh(loopDir),
      cmd: [
        process.execPath,
        ctx.spawnLoop,
        '--n',
        String(pods),
        '--p',
        String(pods),
        '--mode',
        'tee',
        '--logdir',
        loopDir,
        '--',
        'sh',
        gen,
        String(lines)
      ]
    },
    ...(has('parallel')
      ? [
          {
            id: 'parallel',
            label: 'GNU parallel --line-buffer --tagstring, `tee` to files',
            before: fresh(parallelDir),
            cmd: [
              'parallel',
              '--will-cite',
              '-j',
              String(pods),
              '--line-buffer',
              '--tagstring',
              '[pod-{}]',
              `JOB_COMPLETION_INDEX={} sh '${gen}' ${lines} | tee '${parallelDir}/pod-{}.log'`,
              '::::',
              podList
            ]
          }
        ]
      : [])
  ]
  const results = pairedRounds(candidates, {
    runs,
    warmup: 1,
    baseline: 'limit',
    scratch: ctx.scratch,
    log: ctx.log
  })
  for (const folder of [limitDir, parallelDir, loopDir]) rmSync(folder, { recursive: true, force: true })

  // The check: one more run of the action, its live output kept this time.
  ctx.log('logs: checking every line of one more 16-pod run')
  const kept = path.join(dir, 'stream.out')
  const action = candidates.find(c => c.id === 'stream')
  measureOnce({ ...action, stdout: kept }, ctx.scratch)
  const awk = spawnSync(
    'awk',
    [
      '-v',
      `pods=${pods}`,
      '-v',
      `lines=${lines}`,
      '-f',
      path.join(ctx.benchDir, 'lib', 'verify-lines.awk'),
      kept
    ],
    {
      encoding: 'utf8'
    }
  )
  rmSync(kept, { force: true })
  const liveOk = awk.status === 0
  let identical = 0
  const jobDir = path.join(logs, 'lines')
  for (const pod of readdirSync(jobDir)) {
    const index = Number(pod.split('-')[1])
    const cmp = spawnSync('sh', [
      '-c',
      `JOB_COMPLETION_INDEX=${index} sh '${gen}' ${lines} | cmp -s - '${path.join(jobDir, pod, 'c.log')}'`
    ])
    if (cmp.status === 0) identical++
  }
  rmSync(logs, { recursive: true, force: true })

  const byId = Object.fromEntries(results.map(r => [r.candidate.id, r]))
  const rows = results.map(r => [
    r.candidate.label,
    medianRange(walls(r)),
    ((mib * 1.048576) / median(walls(r))).toFixed(0),
    r.candidate.id === 'limit' ? '1' : medianRange(r.wallRatios, 2),
    r.candidate.id === 'limit' ? '1' : median(r.cpuRatios).toFixed(2),
    peakMiB(r).toFixed(0)
  ])
  const vsLoop = median(byId.stream.samples.map((s, i) => s.wall_s / byId.loop.samples[i].wall_s))
  const targets = [
    {
      figure: `Logs, ${pods} pods in stream mode: no line lost, repeated or torn; log files byte-exact`,
      value: `${awk.stdout.trim()}; ${identical} of ${pods} log files identical`,
      limit: 'all lines whole, 16 of 16 files',
      ok: liveOk && identical === pods
    }
  ]
  const markdown = [
    `#### ${pods} pods × ${(lines * 64) / MiB} MiB of numbered 64-byte lines (${mib} MiB), stream mode`,
    `Indexed Job, parallelism ${pods}; every pod runs \`bench/lib/gen-pod-lines.sh ${lines}\` (\`seq -f\`, ` +
      `lines \`II LNNNNNNNNN abc…\`). ${runs} paired rounds after 1 warm-up, live output to /dev/null. ` +
      `job-action ÷ the Node loop with files and prefixed lines: ${vsLoop.toFixed(2)} (paired median).`,
    table(
      ['candidate', 'wall s median [min–max]', 'MB/s', '×limit wall [min–max]', '×limit CPU', 'peak RSS MiB'],
      rows
    ),
    'Line check of one more job-action run, its live output kept (`bench/lib/verify-lines.awk`: every line ' +
      "`[pod/c] II L…` with the pod's own index, each pod's numbers 1, 2, 3… with no gap, repeat or swap) and " +
      "each pod's log file compared with what the pod wrote (`cmp`):",
    targets.map(t => `- ${t.figure}: ${t.value} — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return { markdown, targets, raw: results.map(r => ({ id: r.candidate.id, samples: r.samples })) }
}
