/**
 * The CLI's usage and its parser agree (bin/job-action.js over the bundle): `VERB --help` lists
 * exactly the flags VERB accepts, every other flag is refused with one line and exit code 2, and a
 * bare `job-action` is a usage mistake while `--help` is an answer.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/job-action.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '' }
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The flags a usage text describes: the first word of each line under "Flags:". */
function describedFlags(usage: string): string[] {
  const section = usage.slice(usage.indexOf('\nFlags:\n'), usage.indexOf('\nExit codes:'))
  return [...section.matchAll(/^ {2}(-[\w-]+)/gm)].map(match => match[1])
}

/** The flags in `job-action VERB …`, the synopsis of VERB --help. */
function synopsisFlags(usage: string, verb: string): string[] {
  const lines = usage.split('\n')
  const start = lines.findIndex(line => line.startsWith(`  job-action ${verb} `))
  const end = lines.findIndex((line, i) => i > start && !/^ +\[/.test(line))
  const synopsis = lines.slice(start, end).join('\n')
  return [...new Set([...synopsis.matchAll(/(?:^|[\s[])(-{1,2}[a-z][\w-]*)/g)].map(match => match[1]))]
}

const help = cli(['--help'])
const allFlags = describedFlags(help.stdout)

const accepted: Record<string, string[]> = {
  run: ['-f', '-n', '--runtime', '--logs', '--logs-dir', '--backoff-base', '-o', '--summary', '--shard'],
  validate: ['-f', '-n', '--runtime', '--shard'],
  merge: ['--logs-dir', '-o', '--summary'],
  create: ['-f', '-n', '--runtime', '--logs', '--logs-dir', '--backoff-base', '-o', '--summary', '--shard'],
  apply: ['-f', '-n', '--runtime', '--logs', '--logs-dir', '--backoff-base', '-o', '--summary', '--shard'],
  get: ['-n', '--logs-dir', '-o', '-l', '--no-headers', '-a'],
  describe: ['-n', '--logs-dir', '-l'],
  logs: ['-n', '--logs-dir', '-l', '-c', '-p', '--tail', '--prefix', '--all-containers', '-f']
}

describe('job-action usage', () => {
  test('--help, -h and help: the usage on stdout, exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = cli(args)
      expect([args, result.status, result.stderr]).toEqual([args, 0, ''])
      expect(result.stdout).toBe(help.stdout)
    }
    expect(help.stdout).toMatch(/^Usage:$/m)
  })

  test('a bare job-action: the usage on stderr, nothing on stdout, exit 2', () => {
    const result = cli([])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(help.stdout)
  })

  test('-n is described as --namespace is', () => {
    expect(help.stdout).toMatch(/^ {2}-n, --namespace NS +\S/m)
    expect(allFlags).toEqual([
      '-f',
      '-n',
      '--runtime',
      '--logs',
      '--logs-dir',
      '--backoff-base',
      '-o',
      '--summary',
      '--shard',
      // get's -o (kubectl's formats), then the flags of get, describe and logs.
      '-o',
      '-l',
      '--no-headers',
      '-a',
      '-c',
      '-p',
      '--tail',
      '--prefix',
      '--all-containers',
      '-f'
    ])
  })

  test.each(Object.entries(accepted))('%s --help lists exactly its flags', (verb, flags) => {
    const result = cli([verb, '--help'])
    expect(result.status).toBe(0)
    expect(synopsisFlags(result.stdout, verb)).toEqual(flags)
    expect(describedFlags(result.stdout)).toEqual(flags)
    expect(synopsisFlags(help.stdout, verb)).toEqual(flags)
  })

  // Each flag with a value: what a refused flag's value is does not matter, an accepted one's
  // fails later (no -f FILE, no PATH, or the value itself), never as "does not take".
  const cases = Object.keys(accepted).flatMap(verb => allFlags.map(flag => [verb, flag] as const))
  test.each(cases)('%s %s: refused exactly when its usage leaves it out', (verb, flag) => {
    const result = cli([verb, flag, 'x'])
    // get, describe and logs read the default logs folder: an accepted flag may succeed there.
    if (accepted[verb].includes(flag) && ['get', 'describe', 'logs'].includes(verb)) {
      expect(result.stderr).not.toContain('does not take')
      return
    }
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toHaveLength(2)
    if (accepted[verb].includes(flag)) expect(result.stderr).not.toContain('does not take')
    else
      expect(result.stderr).toMatch(
        new RegExp(
          `^error: ${verb} does not take ${flag}: its flags are .* \\(see job-action ${verb} --help\\)\\n$`
        )
      )
  })

  test.each([
    [['validate', '-f', 'examples/pi.yaml', '--logs', 'none'], 'error: validate does not take --logs'],
    [
      ['validate', '-f', 'examples/pi.yaml', '--backoff-base', '0'],
      'error: validate does not take --backoff-base'
    ],
    [['merge', 'dir', '--runtime', 'docker'], 'error: merge does not take --runtime'],
    [['merge', 'dir', '--namespace', 'ns'], 'error: merge does not take --namespace'],
    [['merge', 'dir', '--logs=none'], 'error: merge does not take --logs'],
    [['merge', 'dir', '-f', 'examples/pi.yaml'], 'error: merge does not take -f'],
    [
      ['run', '-f', 'examples/pi.yaml', 'extra'],
      'error: run takes no argument "extra": give manifests with -f FILE'
    ],
    [
      ['run', '-f', 'examples/pi.yaml', '--frobnicate'],
      'error: unknown flag "--frobnicate" (try job-action run --help)'
    ],
    [['frobnicate'], 'error: unknown command "frobnicate" (try job-action --help)'],
    [['run'], 'error: run needs at least one -f FILE'],
    [['merge'], 'error: merge needs at least one status file, folder or glob pattern']
  ])('%j: one line, exit 2, nothing runs', (args, message) => {
    const result = cli(args)
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect(result.stderr.startsWith(message)).toBe(true)
  })

  test('validate takes -n, as --namespace', () => {
    const result = cli(['validate', '-f', 'examples/pi.yaml', '-n', 'ci'])
    expect(result).toEqual({ status: 0, stdout: 'job.batch/pi valid\n', stderr: '' })
  })
})
