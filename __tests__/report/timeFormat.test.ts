import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { formatRFC1123Z, formatRFC3339, parseRFC3339 } from '../../src/report/timeFormat.js'

describe('formatRFC1123Z (Go time.RFC1123Z)', () => {
  test.each<[string, string, number, string]>([
    ['UTC', '2024-08-30T10:14:32Z', 0, 'Fri, 30 Aug 2024 10:14:32 +0000'],
    ['east of UTC', '2026-04-16T10:36:28Z', 120, 'Thu, 16 Apr 2026 12:36:28 +0200'],
    ['west of UTC, previous day', '2026-01-03T01:46:39Z', -300, 'Fri, 02 Jan 2026 20:46:39 -0500'],
    ['half-hour zone', '2026-07-01T00:00:00Z', 330, 'Wed, 01 Jul 2026 05:30:00 +0530'],
    ['negative half-hour zone', '2026-07-01T12:00:00Z', -570, 'Wed, 01 Jul 2026 02:30:00 -0930'],
    [
      'milliseconds are dropped, not rounded',
      '2026-12-31T23:59:59.999Z',
      0,
      'Thu, 31 Dec 2026 23:59:59 +0000'
    ],
    ['single-digit day is zero-padded', '2019-12-02T13:20:11Z', 120, 'Mon, 02 Dec 2019 15:20:11 +0200']
  ])('%s', (_name, iso, offset, expected) => {
    expect(formatRFC1123Z(Date.parse(iso), offset)).toBe(expected)
  })

  test('without an offset, the local time zone of the process, daylight saving included', () => {
    // Jest's sandbox hides TZ changes, so the module runs in a child node with TZ set.
    const dir = mkdtempSync(join(tmpdir(), 'job-action-timeformat-'))
    try {
      const source = readFileSync(new URL('../../src/report/timeFormat.ts', import.meta.url), 'utf8')
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
      })
      const modulePath = join(dir, 'timeFormat.mjs')
      writeFileSync(modulePath, outputText)
      const inZone = (tz: string, iso: string): string =>
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(pathToFileURL(modulePath).href)}); ` +
              `process.stdout.write(m.formatRFC1123Z(Date.parse(${JSON.stringify(iso)})))`
          ],
          { env: { ...process.env, TZ: tz }, encoding: 'utf8' }
        )
      expect(inZone('Europe/Berlin', '2026-01-15T12:00:00Z')).toBe('Thu, 15 Jan 2026 13:00:00 +0100')
      expect(inZone('Europe/Berlin', '2026-07-15T12:00:00Z')).toBe('Wed, 15 Jul 2026 14:00:00 +0200')
      expect(inZone('America/St_Johns', '2026-01-15T12:00:00Z')).toBe('Thu, 15 Jan 2026 08:30:00 -0330')
      expect(inZone('UTC', '2026-01-15T12:00:00Z')).toBe('Thu, 15 Jan 2026 12:00:00 +0000')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('formatRFC3339 (metav1.Time as JSON)', () => {
  test.each<[string, number, string]>([
    ['whole seconds', Date.parse('2026-04-26T18:37:06Z'), '2026-04-26T18:37:06Z'],
    ['milliseconds dropped', Date.parse('2026-04-26T18:37:06.999Z'), '2026-04-26T18:37:06Z'],
    ['epoch', 0, '1970-01-01T00:00:00Z']
  ])('%s', (_name, ms, expected) => {
    expect(formatRFC3339(ms)).toBe(expected)
  })
})

describe('parseRFC3339', () => {
  test.each<[string, string, number]>([
    ['UTC', '2026-04-26T18:37:06Z', Date.parse('2026-04-26T18:37:06Z')],
    ['offset', '2026-04-26T20:37:06+02:00', Date.parse('2026-04-26T18:37:06Z')],
    ['fraction', '2026-04-26T18:37:06.250Z', Date.parse('2026-04-26T18:37:06.250Z')],
    ['lower-case separators', '2026-04-26t18:37:06z', Date.parse('2026-04-26T18:37:06Z')]
  ])('%s', (_name, text, ms) => {
    expect(parseRFC3339(text)).toBe(ms)
  })
  test.each(['', '2026-04-26', '2026-04-26 18:37:06Z', 'yesterday'])('rejects %j', text => {
    expect(() => parseRFC3339(text)).toThrow('invalid RFC 3339 time')
  })
})
