/**
 * The status files a merge is given: folders (searched through, as actions/download-artifact
 * leaves one folder per artifact), files, or glob patterns — `*` and `?` within a name, `**` for
 * any depth of folders — relative to the workspace.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { statusFileSuffix, StatusFileError } from './statusFile.js'

const globCharacters = /[*?]/

/** Every `*.status.json` under a folder, in a stable order. */
function statusFilesUnder(dir: string): string[] {
  const found: string[] = []
  const walk = (current: string): void => {
    const entries = fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const entry of entries) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith(statusFileSuffix)) found.push(full)
    }
  }
  walk(dir)
  return found
}

/** A glob over `/`-separated relative paths as a regular expression. */
export function globPattern(glob: string): RegExp {
  let source = ''
  const segments = glob.split('/')
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*'
      return
    }
    for (const c of segment)
      source += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    if (!last) source += '/'
  })
  return new RegExp(`^${source}$`)
}

/** Every file and folder under `base`, as `/`-separated paths relative to it. */
function entriesUnder(base: string): Array<{ relative: string; directory: boolean }> {
  const result: Array<{ relative: string; directory: boolean }> = []
  const walk = (current: string, prefix: string): void => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(current, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name
      result.push({ relative, directory: entry.isDirectory() })
      if (entry.isDirectory()) walk(path.join(current, entry.name), relative)
    }
  }
  walk(base, '')
  return result
}

function expandGlob(pattern: string, workspace: string): string[] {
  const normalized = pattern.split(path.sep).join('/')
  const segments = normalized.split('/')
  const firstGlob = segments.findIndex(segment => globCharacters.test(segment))
  const base = path.resolve(workspace, segments.slice(0, firstGlob).join('/') || '.')
  const matcher = globPattern(segments.slice(firstGlob).join('/'))
  const files: string[] = []
  for (const entry of entriesUnder(base)) {
    if (!matcher.test(entry.relative)) continue
    const full = path.join(base, entry.relative)
    if (entry.directory) files.push(...statusFilesUnder(full))
    else files.push(full)
  }
  return files
}

/** The files, without duplicates; each pattern must find at least one. */
export function findStatusFiles(patterns: readonly string[], workspace: string): string[] {
  const files = new Set<string>()
  const given = patterns.map(p => p.trim()).filter(p => p.length > 0)
  if (given.length === 0) throw new StatusFileError('merge: give a folder, a status file or a glob pattern')
  for (const pattern of given) {
    let found: string[]
    if (globCharacters.test(pattern)) found = expandGlob(pattern, workspace)
    else {
      const full = path.resolve(workspace, pattern)
      let stat: fs.Stats
      try {
        stat = fs.statSync(full)
      } catch {
        throw new StatusFileError(`merge: "${pattern}": no such file or folder`)
      }
      found = stat.isDirectory() ? statusFilesUnder(full) : [full]
    }
    if (found.length === 0)
      throw new StatusFileError(`merge: "${pattern}" holds no status file (<job>${statusFileSuffix})`)
    for (const file of found) files.add(file)
  }
  return [...files]
}
