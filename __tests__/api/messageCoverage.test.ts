/**
 * Every message src/api/validation can write is produced by at least one case of the validation
 * table (validationCases.ts): the string and template literals of its sources that read as
 * messages are collected with the TypeScript parser, placeholders (`${…}`) taken as wildcards, and
 * each must occur in a message the table's manifests actually produce when loaded. A rule whose
 * message no case reaches could be broken or removed without any test noticing.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'fs'
import path from 'path'
import ts from 'typescript'
import { failure, toYaml, validJob, withoutLocations } from './fixtures.js'
import { batchCases, configCases, podCases, runCase } from './validationCases.js'

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
  const texts = [...batchCases, ...podCases].map(runCase)
  for (const [, object] of configCases) texts.push(withoutLocations(failure(toYaml(object, validJob()))))
  return [...new Set(texts.join('\n').split('\n'))]
}

/**
 * Messages no table case produces yet, by file: this list may only shrink (a listed message that
 * a case now produces fails the test, so that it is taken off).
 */
const notYetCovered = new Set<string>([
  'containers.ts: must not be set for init containers',
  'containers.ts: must not already exist in volumeDevices',
  'containers.ts: must not already exist as a path in volumeDevices',
  'containers.ts: subPathExpr and subPath are mutually exclusive',
  'containers.ts: Bidirectional mount propagation is available only to privileged containers',
  'containers.ts: can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
  "containers.ts: can not contain backsteps ('..')",
  'containers.ts: must not already exist in volumeMounts',
  'containers.ts: must not already exist as a path in volumeMounts',
  'downwardAPI.ts: field label does not support subscript: \u2026',
  "downwardAPI.ts: only divisor's values 1m and 1 are supported with the cpu resource",
  "downwardAPI.ts: only divisor's values \u2026 are supported with the memory resource",
  "downwardAPI.ts: only divisor's values \u2026 are supported with the local ephemeral storage resource",
  "downwardAPI.ts: only divisor's values \u2026 are supported with the hugepages resource",
  "errorBuilders.ts: \u2026 (regex used for validation is '\u2026')",
  "labels.ts: must be specified when `operator` is 'In' or 'NotIn'",
  "labels.ts: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  'labels.ts: not a valid selector operator',
  'metadata.ts: finalizer orphan and foregroundDeletion cannot be both set',
  'metadata.ts: name is neither a standard finalizer name nor is it fully qualified',
  'metadata.ts: version must not be empty',
  'metadata.ts: must not be empty',
  'metadata.ts: Only one reference can have Controller set to true. Found "true" in references for \u2026 and \u2026',
  'names.ts: prefix part \u2026',
  "names.ts: a valid label key \u2026 with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  "names.ts: must not be '.'",
  "names.ts: must not start with '..'",
  'names.ts: Invalid path',
  'names.ts: must contain at least one letter (a-z)',
  'names.ts: must not contain consecutive hyphens',
  'names.ts: must not begin or end with a hyphen',
  'podTemplate.ts: ephemeral containers not allowed in pod template',
  'podTemplate.ts: must be a valid IP address',
  'podTemplate.ts: must match `containerPort` when `hostNetwork` is true',
  "podTemplate.ts: effect must be 'NoExecute' when `tolerationSeconds` is set",
  "podTemplate.ts: value must be empty when `operator` is 'Exists'",
  'probes.ts: must not be set for readinessProbes',
  'probes.ts: must be greater than 0',
  'probes.ts: may not specify more than 1 handler type',
  "probes.ts: a valid HTTP header must consist of alphanumeric characters or '-'",
  'probes.ts: must be non-negative integer',
  "resources.ts: doesn't follow extended resource name standard",
  'resources.ts: \u2026 is not positive integer multiple of \u2026',
  'resources.ts: must be equal to \u2026 limit of \u2026',
  'resources.ts: HugePages require cpu or memory',
  'resources.ts: must be one of the names in pod.spec.resourceClaims\u2026',
  'resources.ts:  which is empty',
  'volumes.ts: must specify a volume type',
  'volumes.ts: SizeLimit field must be a valid resource quantity',
  'volumes.ts: must be an absolute path',
  'volumes.ts: may not specify a duration less than 10 minutes',
  'volumes.ts: may not specify a duration larger than 2^32 seconds',
  'volumes.ts: fieldRef and resourceFieldRef can not be specified simultaneously',
  'volumes.ts: one of fieldRef and resourceFieldRef is required',
  "volumes.ts: must not start with '..'"
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
