/**
 * resolve.go parseTimestamp: time.Parse with the four layouts go-yaml allows, reduced to what
 * those layouts use (numeric date and clock fields, fractional seconds, Z or ±hh:mm).
 */

type Layout = readonly string[]

/** The layouts of resolve.go allowedTimestampFormats, split into time.Parse's chunks. */
const layouts: Layout[] = [
  ['year', '-', 'month', '-', 'day', 'T', 'hour', ':', 'minute', ':', 'second', 'frac', 'zone'],
  ['year', '-', 'month', '-', 'day', 't', 'hour', ':', 'minute', ':', 'second', 'frac', 'zone'],
  ['year', '-', 'month', '-', 'day', ' ', 'hour', ':', 'minute', ':', 'second', 'frac'],
  ['year', '-', 'month', '-', 'day']
]

const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39

/** time getnum: one or two digits (exactly two when fixed). [value, rest] or undefined. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined
  if (!isDigitAt(s, 1)) return fixed ? undefined : [s.charCodeAt(0) - 0x30, s.slice(1)]
  return [(s.charCodeAt(0) - 0x30) * 10 + s.charCodeAt(1) - 0x30, s.slice(2)]
}

/** time skip: a layout literal; a space matches a run of spaces. */
function skipLiteral(value: string, prefix: string): string | undefined {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return undefined
      prefix = prefix.replace(/^ +/, '')
      value = value.replace(/^ +/, '')
      continue
    }
    if (value.length === 0 || value[0] !== prefix[0]) return undefined
    prefix = prefix.slice(1)
    value = value.slice(1)
  }
  return value
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
}

/** Digits after a '.' or ',' (time's fractional seconds). */
function fraction(value: string): string | undefined {
  if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) return undefined
  let i = 1
  while (isDigitAt(value, i)) i++
  return value.slice(i)
}

/** time.Parse's stdISO8601ColonTZ: Z, or ±hh:mm with hh ≤ 24 and mm ≤ 60. */
function zone(value: string): string | undefined {
  if (value.length >= 1 && value[0] === 'Z') return value.slice(1)
  if (value.length < 6 || value[3] !== ':') return undefined
  const hour = getnum(value.slice(1, 3), true)
  const minute = getnum(value.slice(4, 6), true)
  if (!hour || !minute || hour[0] > 24 || minute[0] > 60) return undefined
  if (value[0] !== '+' && value[0] !== '-') return undefined
  return value.slice(6)
}

/** One field of a layout: the rest of the value, or undefined when it does not parse. */
function field(chunk: string, value: string, date: number[], nextIsFrac: boolean): string | undefined {
  const ranges: Record<string, [number, number, number]> = {
    month: [1, 12, 1],
    day: [0, 99, 2],
    hour: [0, 23, 3],
    minute: [0, 59, 4],
    second: [0, 59, 5]
  }
  if (chunk === 'year') {
    if (value.length < 4 || !/^[0-9]{4}/.test(value)) return undefined
    date[0] = Number(value.slice(0, 4))
    return value.slice(4)
  }
  if (chunk === 'frac') return fraction(value) ?? value
  if (chunk === 'zone') return zone(value)
  const range = ranges[chunk]
  if (range === undefined) return skipLiteral(value, chunk)
  const got = getnum(value, false)
  if (!got || got[0] < range[0] || got[0] > range[1]) return undefined
  date[range[2]] = got[0]
  let rest = got[1]
  // A fractional second the layout does not ask for is taken anyway.
  if (chunk === 'second' && !nextIsFrac) rest = fraction(rest) ?? rest
  return rest
}

function parseLayout(layout: Layout, s: string): boolean {
  const date = [0, 1, 1, 0, 0, 0]
  let value: string | undefined = s
  for (let i = 0; i < layout.length && value !== undefined; i++)
    value = field(layout[i], value, date, layout[i + 1] === 'frac')
  if (value === undefined || value.length > 0) return false
  return date[2] >= 1 && date[2] <= daysIn(date[1], date[0])
}

/** resolve.go parseTimestamp. */
export function parseTimestamp(s: string): boolean {
  let i = 0
  while (i < s.length && isDigitAt(s, i)) i++
  if (i !== 4 || i === s.length || s[i] !== '-') return false
  return layouts.some(layout => parseLayout(layout, s))
}
