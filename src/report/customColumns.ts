/**
 * `-o custom-columns=HEADER:PATH,…`, as kubectl's CustomColumnsPrinter
 * (staging/src/k8s.io/cli-runtime/pkg/printers/customcolumn.go): each path is relaxed to a
 * JSONPath expression (`.a.b`, `a.b`, `{.a.b}`), each object is one row, several results of a
 * column are joined by commas and none prints `<none>`.
 */
import { goPrint, JsonPath } from './jsonpath/evaluate.js'
import { escapeTerminal, formatTabbed, tableTabSettings } from './tabWriter.js'

export class CustomColumnsError extends Error {}

interface Column {
  header: string
  path: JsonPath
}

const relaxedRex = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/

/** RelaxedJSONPathExpression: `{.path}` from `.path`, `path`, `{path}` or `{.path}`. */
export function relaxedJsonPath(expression: string): string {
  if (expression.length === 0) return expression
  const match = relaxedRex.exec(expression)
  if (!match)
    throw new CustomColumnsError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
    )
  return `{.${match[1] || match[2]}}`
}

export function parseCustomColumns(spec: string): Column[] {
  if (spec.length === 0)
    throw new CustomColumnsError('custom-columns format specified but no custom columns given')
  return spec.split(',').map(part => {
    const colon = part.indexOf(':')
    if (colon < 0)
      throw new CustomColumnsError(
        `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`
      )
    const header = part.slice(0, colon)
    return { header, path: new JsonPath(header, relaxedJsonPath(part.slice(colon + 1))) }
  })
}

export function customColumnsTable(
  columns: Column[],
  objects: readonly unknown[],
  noHeaders: boolean
): string {
  const lines: string[] = []
  if (!noHeaders) lines.push(columns.map(c => c.header).join('\t'))
  for (const object of objects) {
    const cells = columns.map(({ path }) => {
      const values = path.findResults(object)
      const texts: string[] = []
      if (values.length === 0 || values[0].length === 0) texts.push('<none>')
      for (const set of values) for (const value of set) texts.push(escapeTerminal(goPrint(value)))
      return texts.join(',')
    })
    lines.push(cells.join('\t'))
  }
  return formatTabbed(lines.map(line => `${line}\n`).join(''), tableTabSettings)
}
