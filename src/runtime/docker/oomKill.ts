/**
 * Whether the kernel's OOM killer ended a docker container: its state says so, or docker's `oom` event
 * for it arrives late. Asked only of a container with a memory limit that died of a SIGKILL we did not
 * send, kept until now for the question (keptForInspection in containerArgs.ts).
 */
import { spawn } from 'node:child_process'
import { runDocker } from './dockerCli.js'

/**
 * How long an exit that may be an OOM kill waits for docker's late `oom` event. Only a memory-limited
 * container SIGKILLed by someone else waits at all, so the wait is generous: on a loaded machine the
 * event was seen to come more than 2 s after the exit.
 */
const OOM_EVENT_WAIT_MS = 5000

export async function wasOomKilled(dockerPath: string, name: string, startedAt: number): Promise<boolean> {
  return (await stateSaysOomKilled(dockerPath, name)) || (await oomEventSeen(dockerPath, name, startedAt))
}

/** The kept container's State.OOMKilled. */
async function stateSaysOomKilled(dockerPath: string, name: string): Promise<boolean> {
  const result = await runDocker(dockerPath, [
    'inspect',
    '--type=container',
    '--format={{.State.OOMKilled}}',
    name
  ])
  return result.code === 0 && result.stdout.trim() === 'true'
}

/**
 * Waits (at most OOM_EVENT_WAIT_MS) for docker's `oom` event of the container: the kernel's OOM notice
 * may reach docker after the container's exit (seen up to ~0.5 s later under load), and then
 * State.OOMKilled stays false.
 */
function oomEventSeen(dockerPath: string, name: string, startedAt: number): Promise<boolean> {
  const since = startedAt - 1000
  const until = Date.now() + OOM_EVENT_WAIT_MS
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  return new Promise(resolve => {
    const child = spawn(
      dockerPath,
      [
        'events',
        `--since=${seconds(since)}`,
        `--until=${seconds(until)}`,
        `--filter=container=${name}`,
        '--filter=event=oom',
        '--format={{.Action}}'
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] }
    )
    child.stdout.on('data', () => {
      resolve(true)
      child.kill()
    })
    child.on('error', () => resolve(false))
    child.on('close', () => resolve(false))
  })
}
