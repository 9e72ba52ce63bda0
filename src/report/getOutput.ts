/**
 * `kubectl get -o …`: the output formats, read from the flag's value, and the objects printed in
 * one of them — the table (or `wide`), `name`, JSON and YAML as kubectl's printers write them
 * (cli-runtime/pkg/printers: JSON indented by four spaces, keys sorted; YAML with keys sorted and
 * lists not indented), `jsonpath=` / `jsonpath-as-json=` templates and `custom-columns=`.
 */
import { stringify } from 'yaml'
import { customColumnsTable, parseCustomColumns } from './customColumns.js'
import { goJson, JsonPath } from './jsonpath/evaluate.js'

export type OutputSpec =
  | { kind: 'table' | 'wide' | 'name' | 'json' | 'yaml' }
  | { kind: 'jsonpath'; template: string; asJson: boolean }
  | { kind: 'custom-columns'; spec: string }

export class OutputFormatError extends Error {}

const allowed =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml'

/** The `-o` value; '' is the table. Throws OutputFormatError in kubectl's words. */
export function parseOutputSpec(text: string): OutputSpec {
  if (text === '') return { kind: 'table' }
  if (['wide', 'name', 'json', 'yaml'].includes(text)) return { kind: text as 'wide' }
  const eq = text.indexOf('=')
  const [format, argument] = eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)]
  if (format === 'jsonpath' || format === 'jsonpath-as-json') {
    if (argument === '') throw new OutputFormatError('template format specified but no template given')
    return { kind: 'jsonpath', template: argument, asJson: format === 'jsonpath-as-json' }
  }
  if (format === 'custom-columns') return { kind: 'custom-columns', spec: argument }
  throw new OutputFormatError(
    `unable to match a printer suitable for the output format "${text}", allowed formats are: ${allowed}`
  )
}

export interface PrintInput {
  /** The objects, as the API returns them. */
  objects: readonly Record<string, unknown>[]
  /** `kind/name` of each object, for `-o name` (`pod/pi-x`, `job.batch/pi`). */
  names: readonly string[]
  /** One object asked for by name: printed on its own rather than in a List. */
  single: boolean
  table(wide: boolean): string
  noHeaders: boolean
}

function list(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }
}

/** JSON's key order (sorted) for the YAML printer too: sigs.k8s.io/yaml goes through JSON. */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep)
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sortedDeep((value as Record<string, unknown>)[k])])
    )
  return value
}

export function printObjects(output: OutputSpec, input: PrintInput): string {
  const data = input.single ? input.objects[0] : list(input.objects)
  switch (output.kind) {
    case 'table':
    case 'wide':
      return input.table(output.kind === 'wide')
    case 'name':
      return input.names.map(name => `${name}\n`).join('')
    case 'json':
      return `${goJson(data, '    ')}\n`
    case 'yaml':
      return stringify(sortedDeep(JSON.parse(JSON.stringify(data))), { indentSeq: false, lineWidth: 0 })
    case 'jsonpath':
      return new JsonPath('out', output.template).execute(JSON.parse(JSON.stringify(data)), output.asJson)
    case 'custom-columns':
      return customColumnsTable(parseCustomColumns(output.spec), input.objects, input.noHeaders)
  }
}
