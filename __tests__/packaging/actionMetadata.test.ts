/**
 * action.yml as the Marketplace and the runner read it: a description within the Marketplace's
 * limit, an author and a valid branding, node24; and the README in step with it — every input and
 * output in its tables, no row for one that does not exist, and every `with:` of the README's
 * workflow examples a real input.
 */
import { describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import { parse, parseAllDocuments } from 'yaml'

interface ActionMetadata {
  name: string
  description: string
  author?: string
  branding?: { icon?: string; color?: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post?: string }
}

const action = parse(fs.readFileSync('action.yml', 'utf8')) as ActionMetadata
const readme = fs.readFileSync('README.md', 'utf8')

/** The Marketplace refuses a longer description ("must be 125 characters or less"). */
const MARKETPLACE_DESCRIPTION_LIMIT = 125
/** The colors the Marketplace accepts for branding.color. */
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']

/** The README section under `## title`, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end < 0 ? undefined : end)
}

/** The names in backquotes in the first cell of each row of the section's table. */
function tableNames(title: string): string[] {
  const rows = section(title)
    .split('\n')
    .filter(line => line.startsWith('| `'))
  return rows.flatMap(row => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map(m => m[1]))
}

describe('action.yml', () => {
  test('has a description the Marketplace accepts', () => {
    expect(action.description.trim().length).toBeGreaterThan(0)
    expect(action.description.length).toBeLessThanOrEqual(MARKETPLACE_DESCRIPTION_LIMIT)
  })

  test('has an author, a branding and runs on node24 with a post step', () => {
    expect(action.author).toBe('job-action contributors')
    expect(action.branding?.icon).toMatch(/^[a-z0-9-]+$/)
    expect(BRANDING_COLORS).toContain(action.branding?.color)
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' })
  })

  test('every input and output has a description', () => {
    for (const [name, input] of Object.entries({ ...action.inputs, ...action.outputs }))
      expect({
        name,
        described: typeof input.description === 'string' && input.description.length > 0
      }).toEqual({ name, described: true })
  })
})

describe('README.md documents action.yml', () => {
  test('the Inputs table has a row for each input, and no other', () => {
    expect(tableNames('Inputs').sort()).toEqual(Object.keys(action.inputs).sort())
  })

  test('the Outputs table names each output, and no other', () => {
    expect(tableNames('Outputs').sort()).toEqual(Object.keys(action.outputs).sort())
  })

  test('the workflow examples give the action only inputs it has', () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1])
    const given: string[] = []
    for (const block of blocks)
      for (const doc of parseAllDocuments(dedent(block))) {
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(visit)
          else if (node && typeof node === 'object') {
            const step = node as { uses?: unknown; with?: Record<string, unknown> }
            if (typeof step.uses === 'string' && /(^|\/)job-action@|^\.\/?$/.test(step.uses))
              given.push(...Object.keys(step.with ?? {}))
            Object.values(node).forEach(visit)
          }
        }
        visit(doc.toJS())
      }
    expect(given.length).toBeGreaterThan(0)
    expect(given.filter(name => !(name in action.inputs))).toEqual([])
  })
})

/** A README snippet may be a list of steps indented as inside a job: parse it from its own margin. */
function dedent(text: string): string {
  const margin = Math.min(
    ...text
      .split('\n')
      .filter(l => l.trim())
      .map(l => l.length - l.trimStart().length)
  )
  return text
    .split('\n')
    .map(l => l.slice(margin))
    .join('\n')
}
