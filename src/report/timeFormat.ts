/**
 * The two time layouts of the report: Go's time.RFC1123Z, which kubectl describe prints in
 * its local time zone, and RFC 3339 at whole seconds in UTC, which is how metav1.Time is
 * serialised (`kubectl get -o json`).
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** The offset of the process's local time zone at that instant, in minutes east of UTC. */
export function localUtcOffsetMinutes(ms: number): number {
  // getTimezoneOffset is UTC minus local; `|| 0` turns -0 into 0.
  return -new Date(ms).getTimezoneOffset() || 0
}

/**
 * `Mon, 02 Jan 2006 15:04:05 -0700`. Without an explicit offset the local time zone is
 * used, daylight saving time included, as kubectl does.
 */
export function formatRFC1123Z(ms: number, utcOffsetMinutes: number = localUtcOffsetMinutes(ms)): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + utcOffsetMinutes * 60_000)
  const sign = utcOffsetMinutes < 0 ? '-' : '+'
  const offset = Math.abs(utcOffsetMinutes)
  return (
    `${DAYS[local.getUTCDay()]}, ${pad(local.getUTCDate(), 2)} ${MONTHS[local.getUTCMonth()]} ` +
    `${pad(local.getUTCFullYear(), 4)} ${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:` +
    `${pad(local.getUTCSeconds(), 2)} ${sign}${pad(Math.trunc(offset / 60), 2)}${pad(offset % 60, 2)}`
  )
}

/** `2026-04-26T18:37:06Z`: UTC, whole seconds (metav1.Time drops the fraction). */
export function formatRFC3339(ms: number): string {
  const t = new Date(Math.floor(ms / 1000) * 1000)
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}T` +
    `${pad(t.getUTCHours(), 2)}:${pad(t.getUTCMinutes(), 2)}:${pad(t.getUTCSeconds(), 2)}Z`
  )
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** Milliseconds since the epoch of an RFC 3339 timestamp, as Job status times carry them. */
export function parseRFC3339(text: string): number {
  const ms = RFC3339.test(text) ? Date.parse(text.toUpperCase()) : NaN
  if (Number.isNaN(ms)) throw new Error(`invalid RFC 3339 time: ${JSON.stringify(text)}`)
  return ms
}
