/** Pods record `start end` lines (ns) in a file; how many ran at once is read from them. */
import * as fs from 'node:fs'

export function intervals(file: string): Array<[number, number]> {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(line => line.split(' ').map(Number) as [number, number])
}

export function maxOverlap(spans: Array<[number, number]>): number {
  const points = spans.flatMap(([s, e]) => [
    [s, 1],
    [e, -1]
  ])
  // An end and a start at the same instant do not overlap.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let max = 0
  for (const [, delta] of points) max = Math.max(max, (now += delta))
  return max
}
