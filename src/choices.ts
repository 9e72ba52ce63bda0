/**
 * The values each enumerated setting allows, and the one check of a given value against them,
 * shared by the action's inputs and the CLI's flags so that both refuse a value in the same words.
 */
import { UsageError } from './errors.js'
import type { LogMode } from './logs/types.js'
import type { OutputFormat, RuntimeName } from './settings.js'

export const choices = {
  runtime: ['process', 'docker'] as readonly RuntimeName[],
  logs: ['stream', 'group', 'none'] as readonly LogMode[],
  output: ['describe', 'json', 'yaml', 'none'] as readonly OutputFormat[]
} as const

/** `value` if it is one of `allowed`; else a UsageError naming the setting (`input logs`, `--logs`). */
export function oneOf<T extends string>(setting: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find(choice => choice === value)
  if (found !== undefined) return found
  throw new UsageError(`${setting}: "${value}" is not one of ${allowed.map(a => `"${a}"`).join(', ')}`)
}
