/**
 * Every message src/api/validation can write is produced by at least one case of the validation
 * table (validationCases.ts): the string and template literals of its sources that read as
 * messages are collected with the TypeScript parser, placeholders (`${…}`) taken as wildcards, and
 * each must occur in a message the table's manifests actually produce when loaded. A rule whose
 * message no case reaches could be broken or removed without any test noticing. Only cases whose
 * text is the one they expect (the API server's) count: a case on which we disagree with
 * Kubernetes vouches for none of its messages.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'fs'
import path from 'path'
import ts from 'typescript'
import { failure, toYaml, validJob, withoutLocations } from './fixtures.js'
import { batchCases, configCases, expectedText, podCases, runCase } from './validationCases.js'

const dir = path.join(process.cwd(), 'src/api/validation')

/** Literals that are no message: field paths, type words, regexes, lists of names. */
function readsAsMessage(text: string): boolean {
  const words = text.replace(/\u2063/g, ' ').trim()
  if (!/^[a-z'"(`\u2063]/i.test(words) || !words.includes(' ')) return false
  if (
    /^(Required value|Invalid value|Unsupported value|Duplicate value|Not found|Forbidden|Too long|Too many|Too few|Too short|Internal error)$/.test(
      words
    )
  )
    return false
  return true
}

interface Template {
  file: string
  text: string
  pattern: RegExp
}

function templates(): Template[] {
  const found: Template[] = []
  for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(dir, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true
    )
    const visit = (node: ts.Node): void => {
      let parts: string[] | undefined
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) parts = [node.text]
      else if (ts.isTemplateExpression(node)) {
        parts = [node.head.text, ...node.templateSpans.map(s => s.literal.text)]
      }
      // Import specifiers and property names are no messages.
      if (
        parts &&
        !ts.isImportDeclaration(node.parent) &&
        !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)
      ) {
        const text = parts.join('\u2063')
        if (readsAsMessage(text)) {
          const escaped = parts.map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          found.push({ file, text: parts.join('…'), pattern: new RegExp(escaped.join('.*?')) })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
}

function producedMessages(): string[] {
  const texts = [...batchCases, ...podCases]
    .map(c => [runCase(c), expectedText(c)])
    .filter(([text, expected]) => text === expected)
    .map(([text]) => text)
  for (const [, object, expected] of configCases) {
    const text = withoutLocations(failure(toYaml(object, validJob())))
    if (text === expected) texts.push(text)
  }
  return [...new Set(texts.join('\n').split('\n'))]
}

/**
 * Messages no table case produces yet, by file: this list may only shrink (a listed message that
 * a case now produces fails the test, so that it is taken off).
 */
const notYetCovered = new Set<string>([
  // Unreachable through the API: SetDefaults_Volume makes a volume without a source an emptyDir
  // (the SetDefaults_Volume case of podValidationCases.ts).
  'volumes.ts: must specify a volume type'
])

describe('validation messages', () => {
  const all = templates()
  const produced = producedMessages()

  test('the sources hold messages to check', () => {
    expect(all.length).toBeGreaterThan(100)
  })

  test('every message of src/api/validation is produced by a table case', () => {
    const missing = all
      .filter(t => !produced.some(line => t.pattern.test(line)))
      .map(t => `${t.file}: ${t.text}`)
    expect(missing.filter(m => !notYetCovered.has(m))).toEqual([])
    expect([...notYetCovered].filter(m => !missing.includes(m))).toEqual([])
  })
})
