/**
 * Durations as users write them in inputs and flags: Go-style `10s`, `250ms`, `1m30s`, `2h`, or
 * `0`. A bare number other than 0 is refused, so that `10` is never silently read as 10 ms.
 */
import { UsageError } from './errors.js'

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export function parseDuration(text: string, name: string): number {
  const trimmed = text.trim()
  if (trimmed === '0') return 0
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g
  let total = 0
  let consumed = 0
  for (const match of trimmed.matchAll(pattern)) {
    if (match.index !== consumed) break
    total += Number(match[1]) * units[match[2]]
    consumed += match[0].length
  }
  if (consumed === 0 || consumed !== trimmed.length)
    throw new UsageError(`invalid ${name} "${text}": use a duration such as 10s, 250ms, 1m30s or 0`)
  return Math.round(total)
}
