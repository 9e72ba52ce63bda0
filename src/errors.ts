/**
 * The errors an adapter (src/main.ts, src/cli/) reports as one line — a failed step, or exit code
 * 2 — instead of a stack trace: the user's mistakes. Anything else is a bug and keeps its stack.
 * The exit codes live here too, so that the CLI's verbs and its usage text agree on them.
 */
import { ManifestError } from './api/load.js'

/**
 * A mistake in how the action or the CLI was called: an input, a flag, a file that cannot be read.
 * Lower layers throw subclasses for the mistakes only they can see (EngineUnavailableError,
 * StatusFileError), so the adapters need to know this one class.
 */
export class UsageError extends Error {}

export const exitCodes = {
  /** Every Job Complete (or Suspended); help and version. */
  ok: 0,
  /** A Job Failed (merge: or some shard never reported). */
  jobFailed: 1,
  /** Invalid manifest or usage: nothing ran. */
  usage: 2,
  /** SIGINT/SIGTERM, after every pod was stopped (128 + SIGINT, as shells report it). */
  interrupted: 130
} as const

/** A user mistake: the one line to report it with. */
export interface UserMistake {
  message: string
  /** `manifest`: the API server's words, printed as kubectl prints them (no `error:` prefix). */
  kind: 'usage' | 'manifest'
}

/** The user mistake an error is, or undefined for a bug (which the caller rethrows). */
export function userMistake(error: unknown): UserMistake | undefined {
  if (error instanceof UsageError) return { message: error.message, kind: 'usage' }
  if (error instanceof ManifestError) return { message: error.message, kind: 'manifest' }
  return undefined
}
