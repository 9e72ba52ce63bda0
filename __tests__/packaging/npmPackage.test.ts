/**
 * The npm package of the CLI: `npm pack` ships the bundle and what its users read, nothing of the
 * sources, tests or tooling; and it declares no runtime dependency, since dist/ inlines every
 * library (installing the CLI downloads nothing else). scripts/check-package.sh runs the packed
 * CLI itself.
 */
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'

interface PackedFile {
  path: string
  size: number
}

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>
  exports: Record<string, string>
  files: string[]
  engines: { node: string }
  dependencies?: Record<string, string>
}

function packedFiles(): PackedFile[] {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
  })
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed: ${result.stderr}`)
  const [pack] = JSON.parse(result.stdout) as [{ files: PackedFile[] }]
  return pack.files
}

/** dist/index.js, the chunks it imports lazily (dist/<id>.index.js) and the post entry. */
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^bin\/job-action\.js$/,
  /^dist\/index\.js$/,
  /^dist\/\d+\.index\.js$/,
  /^dist\/post\/index\.js$/,
  /^dist\/package\.json$/,
  /^dist\/licenses\.txt$/
]

describe('npm pack', () => {
  const files = packedFiles().map(file => file.path)

  test('ships only the bundle, the CLI entry and the documents', () => {
    expect(files.filter(path => !SHIPPED.some(pattern => pattern.test(path)))).toEqual([])
  })

  test('ships everything the CLI needs', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/index.js',
      'dist/post/index.js',
      'dist/package.json',
      'dist/licenses.txt',
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).map(path => path.replace(/^\.\//, ''))
    ])
      expect(files).toContain(needed)
  })

  test('declares no runtime dependency: the bundle inlines them', () => {
    expect(manifest.dependencies ?? {}).toEqual({})
  })

  test('supports the Node.js versions the tests run on', () => {
    expect(manifest.engines.node).toBe('>=20')
  })
})
