#!/usr/bin/env node
// The release notes of one version: its section of CHANGELOG.md (`## X.Y.Z — date` up to the next
// `## ` heading), printed without the heading. The release workflow publishes it as the GitHub
// release's notes, so a release cannot go out without a changelog entry, nor with one still
// marked unreleased.
//   node scripts/changelog-section.mjs X.Y.Z [CHANGELOG.md]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export function changelogSection(text, version) {
  const lines = text.split(/\r?\n/)
  const escaped = version.replace(/[.]/g, '\\.')
  const heading = new RegExp(`^## \\[?v?${escaped}\\]?(?=$|[\\s—–-])`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) throw new Error(`CHANGELOG.md has no "## ${version}" section`)
  if (/unreleased/i.test(lines[start]))
    throw new Error(`CHANGELOG.md's "${lines[start]}" is marked unreleased: give it the release date`)
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line))
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
  if (!body) throw new Error(`CHANGELOG.md's "## ${version}" section is empty`)
  return `${body}\n`
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    console.error('usage: node scripts/changelog-section.mjs X.Y.Z [CHANGELOG.md]')
    process.exit(2)
  }
  try {
    process.stdout.write(changelogSection(readFileSync(file, 'utf8'), version))
  } catch (error) {
    console.error(`changelog-section: ${error.message}`)
    process.exit(1)
  }
}
