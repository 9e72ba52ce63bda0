/**
 * scripts/changelog-section.mjs, which the release workflow uses for the GitHub release's notes:
 * the version's section and only it, and a refusal — exit 1, saying why — for a version without a
 * section, with an empty one, or with one still marked unreleased.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changelog-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function section(changelog: string, version: string): { status: number | null; out: string; err: string } {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.md`)
  fs.writeFileSync(file, changelog)
  const result = spawnSync(process.execPath, ['scripts/changelog-section.mjs', version, file], {
    encoding: 'utf8'
  })
  return { status: result.status, out: result.stdout, err: result.stderr }
}

const changelog = `# Changelog

## 1.2.10 — 2026-12-20

- Ten.

## 1.2.1 — 2026-12-06

- A fix.

  With a paragraph.

## 1.2.0 - 2026-11-30

- A feature.
`

describe('changelog-section', () => {
  test("prints the version's section without its heading", () => {
    expect(section(changelog, '1.2.1')).toEqual({
      status: 0,
      out: '- A fix.\n\n  With a paragraph.\n',
      err: ''
    })
    expect(section(changelog, '1.2.0').out).toBe('- A feature.\n')
  })

  test('1.2.1 is not 1.2.10', () => {
    expect(section(changelog, '1.2.10').out).toBe('- Ten.\n')
  })

  test('refuses a version without a section, or with an empty or unreleased one', () => {
    expect(section(changelog, '1.3.0')).toMatchObject({
      status: 1,
      err: expect.stringContaining('no "## 1.3.0"')
    })
    expect(section('## 2.0.0 — 2027-01-01\n\n## 1.0.0\n- x\n', '2.0.0')).toMatchObject({
      status: 1,
      err: expect.stringContaining('empty')
    })
    expect(section('## 1.0.0 — unreleased\n\n- First.\n', '1.0.0')).toMatchObject({
      status: 1,
      err: expect.stringContaining('unreleased')
    })
  })

  test('refuses what is not a version', () => {
    expect(section(changelog, 'v1').status).toBe(2)
  })
})
