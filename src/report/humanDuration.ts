/**
 * apimachinery pkg/util/duration.HumanDuration: the Age / Duration strings of kubectl,
 * about two significant figures. Go truncates every unit toward zero, and so do we.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  // Up to two seconds in the future still reads as "now", to tolerate clock skew.
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.trunc(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.trunc(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  const days = Math.trunc(hours / 24)
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${days}d` : `${days}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${days}d`
  const years = Math.trunc(days / 365)
  if (hours < 24 * 365 * 8) {
    const dy = days % 365
    return dy === 0 ? `${years}y` : `${years}y${dy}d`
  }
  return `${years}y`
}

/**
 * describe.go's translateTimestampSince. API timestamps (metav1.Time) carry whole seconds,
 * so the instant is cut to its second before the age is taken, as kubectl would see it.
 */
export function timestampSince(timestampMs: number | undefined, nowMs: number): string {
  if (timestampMs === undefined) return '<unknown>'
  return humanDuration(nowMs - truncateToSecond(timestampMs))
}

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}
