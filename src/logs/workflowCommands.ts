/**
 * Keeping pod output from acting as GitHub workflow commands.
 *
 * The runner reads our stdout with .NET's StreamReader.ReadLine, so a line ends at `\n`, `\r\n`
 * or a lone `\r`, and it parses each line two ways (actions/runner ActionCommand.cs):
 * `::cmd::data` after leading white space, and the legacy `##[cmd]data` *anywhere* in the line.
 * A prefix in front of each line stops the first form only; the second is broken up here, and
 * the line splitter puts the prefix after every lone `\r` too. Raw output (group mode) goes
 * between `::stop-commands::<token>` and `::<token>::`, which makes the runner ignore every
 * command but the token until then.
 */
import { randomBytes } from 'node:crypto'

const LEGACY_COMMAND = '##['
/**
 * `##` + SGR 25 ("blink off", which changes nothing visible) + `[`: the runner no longer finds
 * `##[`, the log viewer shows the same text, and stripping ANSI codes gives the original back.
 * This also keeps a raw `##[endgroup]` line from closing our group in the log viewer.
 */
const BROKEN_LEGACY_COMMAND = '##\x1b[25m['

/** text with every `##[` broken up; text is a latin1 or UTF-16 string (the sequence is ASCII). */
export function breakLegacyCommands(text: string): string {
  return text.includes(LEGACY_COMMAND) ? text.replaceAll(LEGACY_COMMAND, BROKEN_LEGACY_COMMAND) : text
}

/** A token no pod can guess, so no pod can end a stop-commands block early. */
export function stopCommandsToken(): string {
  return randomBytes(16).toString('hex')
}

/** The lines that open a collapsed group whose content cannot issue workflow commands. */
export function openQuietGroup(title: string, token: string): string {
  return `::group::${title}\n::stop-commands::${token}\n`
}

/** The lines that resume command processing and close the group opened by openQuietGroup. */
export function closeQuietGroup(token: string): string {
  return `::${token}::\n::endgroup::\n`
}

/** A pod's group where no runner reads workflow commands: one line a reader's eye finds. */
export function plainGroupHeader(title: string): string {
  return `── pod ${title} ──\n`
}
