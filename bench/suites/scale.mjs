// 4. Scale: an Indexed Job of 100,000 completions of /bin/true at parallelism 16 and at parallelism
// 100,000 (every pod at once, which the node's capacity holds back), run by the action as the
// runner starts it: wall time, peak RSS, and the size of what it hands the runner.
import { readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { actionEnv, jobManifest, parseOutputFile } from '../lib/artifact.mjs'
import { measureOnce } from '../lib/measure.mjs'
import { table, verdict } from '../lib/table.mjs'

export const title = 'Scale'

const MiB = 2 ** 20

/** One run of the action on the Job at this parallelism; the scratch folder is removed afterwards. */
function measureScale(ctx, completions, parallelism) {
  const dir = path.join(ctx.scratch, 'scale')
  rmSync(dir, { recursive: true, force: true })
  ctx.mkdir(dir)
  const job = jobManifest({
    name: 'scale',
    completions,
    parallelism,
    indexed: true,
    command: ['/bin/true']
  })
  const action = actionEnv(dir, { job, logs: 'stream', 'backoff-base': '0' })
  ctx.log(`scale: Indexed Job of ${completions} × /bin/true at parallelism ${parallelism} (one run)`)
  const sample = measureOnce(
    {
      id: `scale-p${parallelism}`,
      label: `job-action (scale, parallelism ${parallelism})`,
      env: action.env,
      cwd: dir,
      cmd: [process.execPath, ctx.artifact.index]
    },
    ctx.scratch
  )
  const outputs = parseOutputFile(readFileSync(action.files.GITHUB_OUTPUT, 'utf8'))
  const summaryBytes = statSync(action.files.GITHUB_STEP_SUMMARY).size
  const jobJson = Buffer.byteLength(outputs['job-json'] ?? '')
  const podsJson = Buffer.byteLength(outputs['pods-json'] ?? '')
  ctx.log(`  removing ${completions} pod log folders`)
  rmSync(dir, { recursive: true, force: true })
  return { parallelism, sample, outputs, summaryBytes, jobJson, podsJson }
}

export async function run(ctx) {
  const completions = ctx.quick ? 10_000 : 100_000
  // 16: the usual width; completions: every pod asked for at once, held back by the node's capacity.
  const runs = [16, completions].map(parallelism => measureScale(ctx, completions, parallelism))
  const targets = runs.flatMap(({ parallelism, sample, outputs, summaryBytes }) => {
    const peak = sample.maxrss_kib / 1024
    const at = `at parallelism ${parallelism.toLocaleString('en')}`
    const complete = outputs.status === 'Complete' && outputs.succeeded === String(completions)
    return [
      {
        figure: `Scale: ${completions.toLocaleString('en')} pods complete ${at} (status, succeeded)`,
        value: `${outputs.status}, ${outputs.succeeded}`,
        limit: `Complete, ${completions}`,
        ok: complete
      },
      {
        figure: `Scale: peak RSS with ${completions.toLocaleString('en')} pods ${at}`,
        value: `${peak.toFixed(0)} MiB`,
        limit: '< 400 MB',
        ok: peak * MiB < 400e6
      },
      {
        figure: `Scale: step summary size ${at}`,
        value: `${(summaryBytes / 1024).toFixed(0)} KiB`,
        limit: '< 1 MiB',
        ok: summaryBytes < MiB
      }
    ]
  })
  const markdown = [
    `One run of the action per parallelism (\`node dist/index.js\`, INPUT_* as the runner sets them, \`logs: stream\`, ` +
      `summary on) on an Indexed Job of ${completions.toLocaleString('en')} completions.`,
    table(
      [
        'parallelism',
        'wall s',
        'pods/s',
        'wall ms/pod',
        'CPU s',
        'CPU ms/pod',
        'peak RSS MiB',
        'step summary',
        '`job-json`',
        '`pods-json`'
      ],
      runs.map(({ parallelism, sample, summaryBytes, jobJson, podsJson }) => [
        parallelism.toLocaleString('en'),
        sample.wall_s.toFixed(1),
        (completions / sample.wall_s).toFixed(0),
        ((sample.wall_s * 1000) / completions).toFixed(2),
        sample.cpu_s.toFixed(1),
        ((sample.cpu_s * 1000) / completions).toFixed(2),
        (sample.maxrss_kib / 1024).toFixed(0),
        `${(summaryBytes / 1024).toFixed(0)} KiB`,
        `${(jobJson / 1024).toFixed(1)} KiB`,
        `${(podsJson / MiB).toFixed(1)} MiB`
      ])
    ),
    targets.map(t => `- ${t.figure}: ${t.value} (target ${t.limit}) — ${verdict(t.ok)}`).join('\n')
  ].join('\n\n')
  return {
    markdown,
    targets,
    raw: runs.map(({ parallelism, sample, summaryBytes, jobJson, podsJson, outputs }) => ({
      parallelism,
      sample,
      summaryBytes,
      jobJson,
      podsJson,
      outputs: { status: outputs.status, succeeded: outputs.succeeded }
    }))
  }
}
