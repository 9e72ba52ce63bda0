/**
 * What the GitHub runner would do with text we print: the workflow commands it would process.
 * A small model of actions/runner (ProcessInvoker: StreamReader.ReadLine; ActionCommand.TryParseV2
 * and the legacy TryParse; ActionCommandManager's stop-commands handling), so tests can check that
 * pod output never turns into a command.
 */
const REGISTERED = new Set([
  'set-output',
  'set-env',
  'add-path',
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'save-state',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
  'stop-commands'
])

interface Command {
  name: string
  data: string
}

/** Processed commands as `name:data`; stop-commands and its resume token appear as `stop-commands` and `resume`. */
export function runnerCommands(output: string): string[] {
  const processed: string[] = []
  let stopToken: string | undefined
  // ReadLine ends a line at \r\n, \r or \n.
  for (const line of output.split(/\r\n|\r|\n/)) {
    const known = (name: string): boolean => REGISTERED.has(name) || name === stopToken
    const command = parseV2(line, known) ?? parseLegacy(line, known)
    if (!command) continue
    if (stopToken !== undefined) {
      if (command.name.toLowerCase() === stopToken.toLowerCase()) {
        stopToken = undefined
        processed.push('resume')
      }
      continue
    }
    if (command.name === 'stop-commands') {
      stopToken = command.data
      processed.push('stop-commands')
      continue
    }
    processed.push(`${command.name}:${command.data}`)
  }
  return processed
}

function parseV2(message: string, known: (name: string) => boolean): Command | undefined {
  const line = message.trimStart()
  if (!line.startsWith('::')) return undefined
  const end = line.indexOf('::', 2)
  if (end < 0) return undefined
  const info = line.slice(2, end)
  const name = info.split(' ')[0]
  return known(name) ? { name, data: line.slice(end + 2) } : undefined
}

function parseLegacy(message: string, known: (name: string) => boolean): Command | undefined {
  const start = message.indexOf('##[')
  if (start < 0) return undefined
  const end = message.indexOf(']', start)
  if (end < 0) return undefined
  const name = message.slice(start + 3, end).split(' ')[0]
  return known(name) ? { name, data: message.slice(end + 1) } : undefined
}
