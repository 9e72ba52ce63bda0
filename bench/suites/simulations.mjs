// The scripts that stand alone: the controller on 100,000 virtual pods
// (bench/controller-100k.mjs) and validating a 10,000-document manifest, in-process and with the
// CLI (bench/validate-10k.mjs).
// Their own output is quoted as it is.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export const title = 'Controller alone; validating 10,000 Jobs'

function runScript(ctx, script, args) {
  ctx.log(`${script} ${args.join(' ')}`)
  const run = spawnSync(process.execPath, [path.join(ctx.benchDir, script), ...args], {
    cwd: ctx.root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024
  })
  const text = `${run.stdout}${run.status === 0 ? '' : `\n(exit code ${run.status})\n${run.stderr}`}`.trim()
  return { ok: run.status === 0, text }
}

export async function run(ctx) {
  const controller = runScript(ctx, 'controller-100k.mjs', ctx.quick ? ['100000', '1000'] : [])
  const validate = runScript(ctx, 'validate-10k.mjs', [])
  const targetLines = `${controller.text}\n${validate.text}`.split('\n').filter(l => /target/.test(l))
  const targets = targetLines.map(line => ({
    figure: line.replace(/\s*\(target.*$/, '').trim(),
    value: '',
    limit: /target ([^:)]*)/.exec(line)?.[1] ?? '',
    ok: /: (ok|met)\b/.test(line)
  }))
  const markdown = [
    '`node bench/controller-100k.mjs` (virtual clock, fake engine: the controller, kubelet and run loop alone):',
    '```\n' + controller.text + '\n```',
    '`node bench/validate-10k.mjs` (parse, decode, default and validate 10,000 Jobs):',
    '```\n' + validate.text + '\n```'
  ].join('\n\n')
  return { markdown, targets, raw: { controller: controller.text, validate: validate.text } }
}
