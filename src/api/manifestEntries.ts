/**
 * The objects of a manifest and what they are, as kubectl sees them before anything is decoded:
 * a document, or each item of a `*List` document; then apiVersion and kind (read first, as a
 * struct of two strings) and whether the kind is one of ours. load.ts decodes, defaults and
 * validates what this module lets through.
 */
import { JsonNumber, type JsonObject, type JsonValue } from './yaml/jsonValue.js'
import type { ParsedDocument } from './yaml/parse.js'

/** One object of the manifest: a document, or an item of a List. */
export interface Entry {
  doc: ParsedDocument
  value: JsonObject
  /** Path of the object inside its document (`items`, index) when it came from a List. */
  base: string[]
  documentNumber: number
}

/** Where a problem with the shape of a document is reported: its document and path in it. */
export type ReportProblem = (doc: ParsedDocument, path: string[], message: string) => void

/** The objects of a document: itself, or the items of a List; anything else is a problem. */
export function* manifestEntries(doc: ParsedDocument, report: ReportProblem): Generator<Entry> {
  const documentNumber = doc.index + 1
  const value = doc.value
  if (!(value instanceof Map)) {
    report(
      doc,
      [],
      `error validating "${doc.file}": document ${documentNumber} is ${describe(value)}, not an object`
    )
    return
  }
  const kind = value.get('kind')
  const items = value.get('items')
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
    for (const [i, item] of items.entries()) {
      if (item instanceof Map) yield { doc, value: item, base: ['items', String(i)], documentNumber }
      else {
        report(
          doc,
          ['items', String(i)],
          `error validating "${doc.file}": items[${i}] of document ${documentNumber} is ${describe(item)}, not an object`
        )
      }
    }
    return
  }
  yield { doc, value, base: [], documentNumber }
}

/**
 * The apiVersion a kind must have to be read: batch/v1 Jobs, v1 ConfigMaps and Secrets. Other
 * versions of those groups do not exist (kubectl's "no matches"); a kind of another group, or
 * any other kind, is not ours and is skipped (undefined).
 */
export function expectedApiVersion(kind: string, apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''
  if (kind === 'Job' && (group === 'batch' || group === '')) return 'batch/v1'
  if ((kind === 'ConfigMap' || kind === 'Secret') && group === '') return 'v1'
  return undefined
}

/** apiVersion and kind as kubectl reads them first (a struct of two strings). */
export function readTypeMeta(value: JsonObject): { apiVersion: string; kind: string } | string {
  const result = { apiVersion: '', kind: '' }
  for (const key of ['apiVersion', 'kind'] as const) {
    const field = value.get(key) ?? null
    if (field === null) continue
    if (typeof field !== 'string') {
      return `json: cannot unmarshal ${describeJsonKind(field)} into Go struct field .${key} of type string`
    }
    result[key] = field
  }
  return result
}

/** metadata.name and the like before decoding, for messages about objects that are not decoded. */
export function metadataString(value: JsonObject, key: string): string | undefined {
  const metadata = value.get('metadata')
  const field = metadata instanceof Map ? metadata.get(key) : undefined
  return typeof field === 'string' ? field : undefined
}

/** The kind of a JSON value as encoding/json names it in an UnmarshalTypeError. */
function describeJsonKind(value: JsonValue): string {
  if (typeof value === 'boolean') return 'bool'
  if (value instanceof JsonNumber) return 'number'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Map) return 'object'
  return typeof value
}

function describe(value: JsonValue): string {
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'boolean') return 'a boolean'
  if (value instanceof JsonNumber) return 'a number'
  if (Array.isArray(value)) return 'a list'
  return 'empty'
}

/** Kinds whose spec.template is a pod template, as a Job's is. */
const podTemplateKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController'
])

/**
 * What a manifest without a Job held instead, and how to make a Job of it: a newcomer's first
 * manifest is often a Pod, whose spec is what a Job's spec.template.spec holds.
 */
export function notAJobText(file: string, kind: string, name: string): string {
  const found = `${file}: found a ${kind}${name ? ` "${name}"` : ''}, not a Job`
  if (kind === 'Pod')
    return `${found}: put its spec under a Job's spec.template.spec, with restartPolicy Never or OnFailure (see examples/pi.yaml)`
  if (kind === 'CronJob')
    return `${found}: its spec.jobTemplate.spec is a Job's spec: put it under a Job's spec`
  if (podTemplateKinds.has(kind))
    return `${found}: its spec.template can be a Job's spec.template, with restartPolicy Never or OnFailure`
  return found
}
