/**
 * What kubectl checks of an object on its own side, before it maps the kind or sends anything
 * (kubectl create's default --validate=strict): apiVersion and kind (kubectl/pkg/validation
 * getObjectKind), then the unstructured decoder's kind and cli-runtime's metadata decoding
 * (metadata_decoder.go). Its problems come out as kubectl words them, without the advice to turn
 * validation off (job-action cannot).
 */
import { decodeModel } from './decode.js'
import { goJSON } from './validation/fieldErrors.js'
import { JsonNumber, type JsonObject, type JsonValue } from './yaml/jsonValue.js'

export interface KubectlProblem {
  stage: 'error validating' | 'unable to decode'
  /** Where in the object, for the place in the manifest. */
  path: string[]
  message: string
}

/** The object's apiVersion and kind, or the first problem kubectl would stop at. */
export function kubectlChecks(value: JsonObject): { apiVersion: string; kind: string } | KubectlProblem {
  const typeMeta = readTypeMeta(value)
  if (Array.isArray(typeMeta))
    return {
      stage: 'error validating',
      path: [],
      message: `error validating data: ${aggregateText(typeMeta)}`
    }
  const { kind } = typeMeta
  if (kind === '') {
    // The unstructured decoder's MissingKindErr, with the JSON kubectl made of the document.
    const message = `Object 'Kind' is missing in '${goJsonText(value)}'`
    return { stage: 'unable to decode', path: ['kind'], message }
  }
  const rawMetadata = value.get('metadata')
  const metadataError =
    rawMetadata === undefined ? undefined : decodeModel(new Map([['metadata', rawMetadata]]), 'V1Job').error
  if (metadataError) {
    // The struct there is cli-runtime's metadataOnlyObject, whatever the kind.
    const message = metadataError.message.replace(
      'Go struct field Job.metadata ',
      'Go struct field metadataOnlyObject.metadata '
    )
    return { stage: 'unable to decode', path: metadataError.path, message }
  }
  return typeMeta
}

/**
 * apiVersion and kind as kubectl checks them before anything else (kubectl/pkg/validation
 * getObjectKind): both must be there and be strings, and the apiVersion must parse as a
 * group/version. Its errors, in its order, when they are not.
 */
export function readTypeMeta(value: JsonObject): { apiVersion: string; kind: string } | string[] {
  const errors: string[] = []
  const apiVersion = value.get('apiVersion') ?? null
  if (apiVersion === null) errors.push('apiVersion not set')
  else if (typeof apiVersion !== 'string') errors.push("apiVersion isn't string type")
  else if ((apiVersion.match(/\//g) ?? []).length > 1)
    errors.push(`unexpected GroupVersion string: ${apiVersion}`)
  const kind = value.get('kind') ?? null
  if (kind === null) errors.push('kind not set')
  else if (typeof kind !== 'string') errors.push("kind isn't string type")
  if (errors.length > 0 || typeof apiVersion !== 'string' || typeof kind !== 'string') return errors
  return { apiVersion, kind }
}

/** utilerrors.NewAggregate's text: one error as it is, several in brackets. */
function aggregateText(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`
}

/**
 * A document as the JSON kubectl made of it (sigs.k8s.io/yaml's json.Marshal): keys sorted by
 * bytes, strings with Go's escapes, numbers as they were sent.
 */
function goJsonText(value: JsonValue): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return String(value)
  if (value instanceof JsonNumber) return value.text
  if (typeof value === 'string') return goJSON(value)
  if (Array.isArray(value)) return `[${value.map(goJsonText).join(',')}]`
  const keys = [...value.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return `{${keys.map(key => `${goJSON(key)}:${goJsonText(value.get(key) ?? null)}`).join(',')}}`
}
