/**
 * The layer check of `npm run lint` (.dependency-cruiser.cjs) passes on the source tree and fails
 * on each kind of violation: a fixture tree with the project's config and tsconfig is cruised, and
 * every planted violation must be named.
 */
import { afterAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const repo = process.cwd()
const depcruise = path.join(repo, 'node_modules', '.bin', 'depcruise')
const fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'))
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }))

function cruise(cwd: string): { status: number | null; output: string } {
  const result = spawnSync(depcruise, ['src', '--config', path.join(repo, '.dependency-cruiser.cjs')], {
    cwd,
    encoding: 'utf8'
  })
  return { status: result.status, output: result.stdout + result.stderr }
}

/** A tree of one-line modules: each file imports the files listed for it. */
function tree(name: string, files: Record<string, string[]>): string {
  const root = path.join(fixtures, name)
  fs.mkdirSync(root, { recursive: true })
  fs.copyFileSync(path.join(repo, 'tsconfig.json'), path.join(root, 'tsconfig.json'))
  for (const [file, imports] of Object.entries(files)) {
    const full = path.join(root, file)
    fs.mkdirSync(path.dirname(full), { recursive: true })
    const lines = imports.map((target, i) => {
      let relative = path.relative(path.dirname(full), path.join(root, target)).replace(/\.ts$/, '.js')
      if (!relative.startsWith('.')) relative = `./${relative}`
      return `import { v as v${i} } from '${relative}'\nexport const u${i} = v${i}\n`
    })
    fs.writeFileSync(full, `${lines.join('')}export const v = 1\n`)
  }
  return root
}

describe('layer check', () => {
  test('the source tree passes', () => {
    const { status, output } = cruise(repo)
    expect(output).toContain('no dependency violations found')
    expect(status).toBe(0)
  })

  test.each([
    ['controller-is-pure', { 'src/controller/a.ts': ['src/runtime/b.ts'], 'src/runtime/b.ts': [] }],
    ['controller-is-pure', { 'src/controller/a.ts': ['src/report/b.ts'], 'src/report/b.ts': [] }],
    ['report-reads-data', { 'src/report/a.ts': ['src/runner/b.ts'], 'src/runner/b.ts': [] }],
    ['report-reads-data', { 'src/report/a.ts': ['src/runtime/b.ts'], 'src/runtime/b.ts': [] }],
    ['runtime-layer', { 'src/runtime/a.ts': ['src/controller/b.ts'], 'src/controller/b.ts': [] }],
    ['logs-below-runtime', { 'src/logs/a.ts': ['src/runtime/b.ts'], 'src/runtime/b.ts': [] }],
    ['api-is-the-base', { 'src/api/a.ts': ['src/controller/b.ts'], 'src/controller/b.ts': [] }],
    ['base-imports-base', { 'src/clock.ts': ['src/logs/b.ts'], 'src/logs/b.ts': [] }],
    ['orchestration-below-adapters', { 'src/runner/a.ts': ['src/cli/b.ts'], 'src/cli/b.ts': [] }],
    ['orchestration-below-adapters', { 'src/execute.ts': ['src/main.ts'], 'src/main.ts': [] }],
    ['no-circular', { 'src/logs/a.ts': ['src/logs/b.ts'], 'src/logs/b.ts': ['src/logs/a.ts'] }]
  ])('%s is refused: %j', (rule, files) => {
    const { status, output } = cruise(tree(`${rule}-${Object.keys(files)[0].replace(/\W/g, '_')}`, files))
    expect(output).toContain(`error ${rule}:`)
    expect(status).not.toBe(0)
  })

  test('the allowed directions pass', () => {
    const { status, output } = cruise(
      tree('allowed', {
        'src/main.ts': ['src/execute.ts'],
        'src/execute.ts': ['src/report/a.ts', 'src/runtime/a.ts'],
        'src/report/a.ts': ['src/controller/a.ts', 'src/logs/a.ts'],
        'src/runtime/a.ts': ['src/logs/a.ts', 'src/api/a.ts'],
        'src/controller/a.ts': ['src/api/a.ts', 'src/clock.ts'],
        'src/logs/a.ts': ['src/errors.ts'],
        'src/errors.ts': ['src/api/a.ts'],
        'src/api/a.ts': [],
        'src/clock.ts': []
      })
    )
    expect(output).toContain('no dependency violations found')
    expect(status).toBe(0)
  })
})
