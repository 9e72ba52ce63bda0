/**
 * describe.go's shared field printers: label and annotation maps, label selectors,
 * tolerations, index lists. Each writes through the PrefixWriter exactly the tabs and
 * newlines kubectl writes, so that the tabwriter aligns them the same way.
 */
import type { V1LabelSelector, V1Toleration } from '@kubernetes/client-node'
import { LEVEL_0, type PrefixWriter } from './tabWriter.js'

const LAST_APPLIED_CONFIGURATION = 'kubectl.kubernetes.io/last-applied-configuration'
const MAX_ANNOTATION_LENGTH = 140

/** Go's sort.Strings order (bytewise; the same as code-unit order for label keys). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function sortedKeys(map: Record<string, string> | undefined): string[] {
  return Object.keys(map ?? {}).sort(compareStrings)
}

/** printLabelsMultilineWithIndent: first pair beside the title, one more per line. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
  innerIndent = '\t'
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`)
  const keys = sortedKeys(labels)
  if (keys.length === 0) {
    w.writeLine('<none>')
    return
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent)
      w.write(LEVEL_0, innerIndent)
    }
    w.write(LEVEL_0, `${key}=${labels?.[key]}\n`)
  })
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

// Go slices strings by bytes; a cut inside a multi-byte character leaves a broken
// sequence, which we can only show as U+FFFD.
function shorten(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  return bytes.length > maxBytes ? bytes.subarray(0, maxBytes).toString('utf8') + '...' : text
}

/**
 * printAnnotationsMultiline: the last-applied configuration is skipped; a long value (key
 * and value over 140 bytes) or one with newlines goes below its key, each line cut at 138
 * bytes.
 */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined
): void {
  w.write(LEVEL_0, `${title}:\t`)
  const keys = sortedKeys(annotations).filter(key => key !== LAST_APPLIED_CONFIGURATION)
  if (keys.length === 0) {
    w.writeLine('<none>')
    return
  }
  const indent = '\t'
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent)
    const raw = annotations?.[key] ?? ''
    const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`)
      for (const line of value.split('\n')) {
        w.write(LEVEL_0, `${indent}  ${shorten(line, MAX_ANNOTATION_LENGTH - 2)}\n`)
      }
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`)
    }
  })
}

const SELECTOR_OPERATORS: Record<string, (key: string, values: string[]) => string> = {
  In: (key, values) => `${key} in (${values.join(',')})`,
  NotIn: (key, values) => `${key} notin (${values.join(',')})`,
  Exists: key => key,
  DoesNotExist: key => `!${key}`
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, values of
 * set-based requirements sorted. A nil or empty selector prints as the empty string.
 */
export function formatSelector(selector: V1LabelSelector | undefined): { text: string } | { error: string } {
  const requirements: { key: string; text: string }[] = []
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` })
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const render = SELECTOR_OPERATORS[expression.operator]
    if (!render)
      return { error: `${JSON.stringify(expression.operator)} is not a valid label selector operator` }
    const values = [...(expression.values ?? [])].sort(compareStrings)
    requirements.push({ key: expression.key, text: render(expression.key, values) })
  }
  requirements.sort((a, b) => compareStrings(a.key, b.key))
  return { text: requirements.map(r => r.text).join(',') }
}

/** metav1.FormatLabelSelector: as above, `<none>` when empty and `<error>` when invalid. */
export function formatLabelSelector(selector: V1LabelSelector | undefined): string {
  const result = formatSelector(selector)
  if ('error' in result) return '<error>'
  return result.text === '' ? '<none>' : result.text
}

/** printTolerationsMultilineWithIndent, sorted by key. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: V1Toleration[] | undefined
): void {
  w.write(LEVEL_0, `${title}:\t`)
  const sorted = [...(tolerations ?? [])].sort((a, b) => compareStrings(a.key ?? '', b.key ?? ''))
  if (sorted.length === 0) {
    w.writeLine('<none>')
    return
  }
  sorted.forEach((toleration, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t')
    const key = toleration.key ?? ''
    const value = toleration.value ?? ''
    const effect = toleration.effect ?? ''
    let text = key
    if (value !== '') text += `=${value}`
    if (effect !== '') text += `:${effect}`
    // `operator: Exists` with no key and no effect tolerates everything.
    if (toleration.operator === 'Exists' && value === '') {
      text += key !== '' || effect !== '' ? ' op=Exists' : 'op=Exists'
    }
    if (toleration.tolerationSeconds !== undefined) text += ` for ${toleration.tolerationSeconds}s`
    w.write(LEVEL_0, `${text}\n`)
  })
}

/**
 * capIndexesListOrNone: past `softLimit` characters the list is cut after the next comma,
 * which is kept, and `...` appended.
 */
export function capIndexesListOrNone(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>'
  const comma = indexes.indexOf(',', softLimit)
  return comma < 0 ? indexes : indexes.slice(0, comma + 1) + '...'
}
