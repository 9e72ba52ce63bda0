/**
 * The log manager (src/logs/logManager.ts) in group mode: real processes write real files, and a
 * pod's output is printed as one group when the pod ends — containers, restarts, order, masking,
 * and output that cannot act as a workflow command.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogManager, type LogManager } from '../../src/logs/logManager.js'
import { CollectingOutput, makeTempDir, runContainer, stripAnsi } from './helpers.js'
import { runnerCommands } from './runnerCommands.js'

let temp: ReturnType<typeof makeTempDir>
let out: CollectingOutput
let logs: LogManager
beforeEach(() => {
  temp = makeTempDir()
  out = new CollectingOutput()
  logs = createLogManager({ mode: 'group', dir: temp.path, jobName: 'job', out })
})
afterEach(() => temp.remove())

/** The group's text with its random token replaced by TOKEN, and the token itself. */
function withoutToken(text: string): { text: string; token: string } {
  const token = /::stop-commands::([0-9a-f]+)\n/.exec(text)?.[1] ?? ''
  return { text: text.replaceAll(token, 'TOKEN'), token }
}

describe('group mode', () => {
  test("a pod's containers and restarts in one group, printed when the pod ends", async () => {
    await runContainer(logs, 'pod-a', 'setup', 0, 'echo preparing')
    await runContainer(logs, 'pod-a', 'main', 0, "echo 'first try'; echo oops >&2")
    await runContainer(logs, 'pod-a', 'main', 1, "printf 'second try, no newline'")
    expect(out.writes).toEqual([])

    logs.podEnded('pod-a')
    await logs.close()
    const { text, token } = withoutToken(out.text)
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(text).toBe(
      [
        '::group::pod-a',
        '::stop-commands::TOKEN',
        '----- setup -----',
        'preparing',
        '----- main -----',
        'first try',
        'oops',
        '----- main, restart 1 -----',
        'second try, no newline',
        '::TOKEN::',
        '::endgroup::',
        ''
      ].join('\n')
    )
    expect(readFileSync(join(temp.path, 'job', 'pod-a', 'main.1.log'), 'utf8')).toBe('second try, no newline')
  })

  test('each container with all its attempts, containers in the order they started', async () => {
    logs.open('pod-a', 'sidecar', 0)
    await runContainer(logs, 'pod-a', 'main', 0, 'echo main-0')
    await runContainer(logs, 'pod-a', 'sidecar', 1, 'echo sidecar-1')
    await runContainer(logs, 'pod-a', 'main', 1, 'echo main-1')
    logs.podEnded('pod-a')
    await logs.close()
    const headers = out.text.split('\n').filter(line => line.startsWith('----- '))
    expect(headers).toEqual([
      '----- sidecar -----',
      '----- sidecar, restart 1 -----',
      '----- main -----',
      '----- main, restart 1 -----'
    ])
  })

  test('pods running together get one whole group each, in the order they end', async () => {
    const a = runContainer(logs, 'pod-a', 'main', 0, 'for i in 1 2 3; do echo a$i; sleep 0.05; done')
    const b = runContainer(logs, 'pod-b', 'main', 0, 'for i in 1 2 3; do echo b$i; sleep 0.01; done')
    await b
    logs.podEnded('pod-b')
    await a
    logs.podEnded('pod-a')
    await logs.close()

    const groups = out.text.split('::endgroup::\n').slice(0, -1)
    expect(groups.map(group => withoutToken(group).text)).toEqual([
      '::group::pod-b\n::stop-commands::TOKEN\n----- main -----\nb1\nb2\nb3\n::TOKEN::\n',
      '::group::pod-a\n::stop-commands::TOKEN\n----- main -----\na1\na2\na3\n::TOKEN::\n'
    ])
    const tokens = groups.map(group => withoutToken(group).token)
    expect(tokens[0]).not.toBe(tokens[1])
  })

  test('pod output cannot act as a workflow command', async () => {
    const podOutput = [
      '::set-output name=status::hacked',
      '::error::x',
      '::add-mask::y',
      '##[set-output name=status;]legacy',
      '::endgroup::',
      '##[endgroup]',
      'progress\r::error::after a carriage return'
    ].join('\n')
    await runContainer(logs, 'pod-a', 'main', 0, `cat <<'EOF'\n${podOutput}\nEOF`)
    logs.podEnded('pod-a')
    await logs.close()

    expect(runnerCommands(out.text)).toEqual(['group:pod-a', 'stop-commands', 'resume', 'endgroup:'])
    const { text } = withoutToken(stripAnsi(out.text))
    expect(text).toBe(
      `::group::pod-a\n::stop-commands::TOKEN\n----- main -----\n${podOutput}\n::TOKEN::\n::endgroup::\n`
    )
  })

  test('masking applies to printed lines, not to files', async () => {
    out = new CollectingOutput()
    const mask = (text: string): string => text.replaceAll('s3cr3t', '***')
    logs = createLogManager({ mode: 'group', dir: temp.path, jobName: 'job', out, mask })
    const log = await runContainer(logs, 'pod-a', 'main', 0, "echo 'password=s3cr3t'")
    logs.podEnded('pod-a')
    await logs.close()
    expect(out.text).toContain('\npassword=***\n')
    expect(out.text).not.toContain('s3cr3t')
    expect(readFileSync(log.path, 'utf8')).toBe('password=s3cr3t\n')
  })

  test('close prints pods that never ended, once', async () => {
    await runContainer(logs, 'pod-a', 'main', 0, 'echo a')
    await runContainer(logs, 'pod-b', 'main', 0, 'echo b')
    logs.podEnded('pod-a')
    await logs.close()
    expect(out.text.match(/::group::\S+/g)).toEqual(['::group::pod-a', '::group::pod-b'])
  })

  test('a pod ended before its output is complete waits for it', async () => {
    const running = runContainer(logs, 'pod-a', 'main', 0, 'echo start; sleep 0.2; echo end')
    logs.podEnded('pod-a')
    await running
    await logs.close()
    expect(out.text).toContain('\nstart\nend\n')
  })
})
