/**
 * Whether the docker runtime can run here at all, asked once before any pod starts: a client on the
 * PATH and an engine that answers, within a time limit.
 */
import { dockerMessage, runDocker } from './dockerCli.js'

/** A daemon that accepts connections but does not answer (hung, starting) must not hang the run. */
const ENGINE_CHECK_TIMEOUT_MS = 20_000

/** Why the docker runtime cannot run here (no client, no engine answering), or undefined when it can. */
export async function dockerEngineProblem(
  dockerPath = 'docker',
  timeoutMs = ENGINE_CHECK_TIMEOUT_MS
): Promise<string | undefined> {
  const result = await runDocker(
    dockerPath,
    ['version', '--format', '{{.Server.Version}}'],
    undefined,
    timeoutMs
  )
  if (result.code === 0 && result.stdout.trim() !== '') return undefined
  const said = result.timedOut
    ? `\`docker version\` did not answer within ${timeoutMs / 1000} s`
    : dockerMessage(result)
  return `the docker runtime needs a running docker engine: ${said}`
}
