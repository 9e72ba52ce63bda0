/**
 * Telling the docker client's own output from the container's. The client writes its lines to the
 * container's stderr — the daemon's warnings when it creates the container, and its errors — and
 * exits with 125, 126 or 127 for its own failures, codes a container may exit with too: they are the
 * client's when the container's id never reached the --cidfile (the container was never created:
 * CreateContainerError), or when the client's error is all the stderr there is after creation
 * (created, but its process never ran: StartError).
 */
import { readFile } from 'node:fs/promises'
import { statSync } from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'

/** The client writes the container's id to its --cidfile once the container is created. */
export function cidWritten(cidFile: string): boolean {
  return cidFile !== '' && (statSync(cidFile, { throwIfNoEntry: false })?.size ?? 0) > 0
}

/** Whether a 125, 126 or 127 is the client's, and then what it said. */
export async function clientFailure(
  stderr: ClientOutputFilter,
  code: number
): Promise<{ reason: 'CreateContainerError' | 'StartError'; message: string } | undefined> {
  const created = stderr.created || (await readFile(stderr.cidFile, 'utf8').catch(() => '')).trim() !== ''
  if (!created) return { reason: 'CreateContainerError', message: clientMessage(stderr.clientText(), code) }
  const held = stderr.heldText()
  if (stderr.heldFromStart && CLIENT_ERROR_TEXT.test(held)) {
    return { reason: 'StartError', message: clientMessage(held, code) }
  }
  return undefined
}

/** docker's message on one line, without the client's prefixes, warnings and usage hint. */
function clientMessage(text: string, code: number): string {
  const message = text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('WARNING:') && !/^(See|Run) 'docker/.test(line))
    .join(' ')
    .replace(/^docker: /, '')
    .replace(/^Error response from daemon: /, '')
  return message || `docker run exited with code ${code}`
}

/** A chunk that may be the client's error, by its beginning. */
const CLIENT_ERROR = /^(docker: |Error response from daemon: )/
/**
 * All the client prints when the daemon cannot start a container: one line, then the usage hint
 * (`Run '…' for more information` from docker 23, `See '…'.` before).
 */
const CLIENT_ERROR_TEXT =
  /^docker: Error response from daemon: [^\n]*\n\n?(Run|See) 'docker run --help'[^\n]*\n$/

/**
 * The warnings the daemon returns when it creates a container (moby's verifyPlatformContainerResources
 * and verifyPlatformContainerSettings, the platform check), which the client prints before it starts
 * the container: no container wrote them.
 */
const DAEMON_WARNING =
  /^WARNING: (Your kernel does not support |IPv4 forwarding is disabled|Published ports are discarded|The requested image's platform |OOM killer is disabled|You specified a kernel memory limit)/

/**
 * The docker client writes its own lines to the container's stderr: the daemon's warnings when it
 * creates the container ("WARNING: IPv4 forwarding is disabled…") and its errors, so that the log
 * would not hold only what the container wrote.
 * - Whatever is read while the container's id is not yet in the cidfile was written before the
 *   container existed: the client's. The client writes the warnings a moment before the id, though,
 *   so they are usually read after it, and recognised by their text ahead of the container's output.
 * - Output that reads like a client error is held back until the attempt is over, and dropped if it
 *   was the client's.
 */
export class ClientOutputFilter {
  readonly stream = new PassThrough()
  created = false
  /** The first stderr chunk after creation was held. */
  heldFromStart = false
  private readonly before: Buffer[] = []
  private readonly held: Buffer[] = []
  /** Nothing but the client's has been read yet. */
  private leading = true

  constructor(
    source: Readable,
    readonly cidFile: string
  ) {
    source.on('data', (data: Buffer) => {
      this.created ||= cidWritten(cidFile)
      if (!this.created) return void this.before.push(data)
      const chunk = this.leading ? this.dropWarnings(data) : data
      if (chunk.length === 0) return
      if (this.held.length > 0 || CLIENT_ERROR.test(chunk.toString('latin1', 0, 64))) {
        if (this.leading) this.heldFromStart = true
        this.held.push(chunk)
      } else if (!this.stream.write(chunk)) {
        source.pause()
        this.stream.once('drain', () => source.resume())
      }
      this.leading = false
    })
  }

  private dropWarnings(chunk: Buffer): Buffer {
    while (chunk.length > 0) {
      const end = chunk.indexOf(0x0a)
      if (end < 0 || !DAEMON_WARNING.test(chunk.toString('utf8', 0, end))) break
      this.before.push(chunk.subarray(0, end + 1))
      chunk = chunk.subarray(end + 1)
    }
    return chunk
  }

  clientText(): string {
    return Buffer.concat([...this.before, ...this.held]).toString('utf8')
  }

  heldText(): string {
    return Buffer.concat(this.held).toString('utf8')
  }

  end(clientError: boolean): void {
    if (!clientError) for (const chunk of this.held) this.stream.write(chunk)
    this.stream.end()
  }
}
