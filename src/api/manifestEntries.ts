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
    // kubectl's getObjectKind on something that is no object.
    report(doc, [], `error validating "${doc.file}": error validating data: invalid object to validate`)
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
 * versions of those groups do not exist (kubectl's "no matches"), and neither does any group that
 * no CustomResourceDefinition could declare (a CRD's group is a DNS subdomain with a dot:
 * `bah/v1`, `batc'h/v1`); a kind of a group that could be a CRD's (`example.com/v1`), or any other
 * kind, is not ours and is skipped (undefined).
 */
export function expectedApiVersion(kind: string, apiVersion: string): string | undefined {
  const expected = kind === 'Job' ? 'batch/v1' : kind === 'ConfigMap' || kind === 'Secret' ? 'v1' : undefined
  if (expected === undefined) return undefined
  const slash = apiVersion.indexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  return group.includes('.') && crdGroup.test(group) && apiVersion.indexOf('/', slash + 1) < 0
    ? undefined
    : expected
}

/** A DNS-1123 subdomain (apimachinery IsDNS1123Subdomain), at most 253 characters. */
const crdGroup = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** metadata.name and the like before decoding, for messages about objects that are not decoded. */
export function metadataString(value: JsonObject, key: string): string | undefined {
  const metadata = value.get('metadata')
  const field = metadata instanceof Map ? metadata.get(key) : undefined
  return typeof field === 'string' ? field : undefined
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
