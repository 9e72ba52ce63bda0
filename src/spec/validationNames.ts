/**
 * Names, labels, annotations and object metadata, with the messages of
 * k8s.io/apimachinery/pkg/util/validation and pkg/api/validation (ValidateObjectMeta).
 */
import type { FieldError } from './fieldErrors.js'
import type { V1LabelSelector } from '@kubernetes/client-node'
import type { ObjectMeta } from './types.js'

// Constructors named after field.Required, field.Invalid, … of apimachinery.
export const required = (field: string, detail = ''): FieldError => ({ type: 'Required value', field, detail })
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'Invalid value',
  field,
  value,
  detail
})
/** field.Invalid with field.OmitValueType{}: the body is just "Invalid value". */
export const invalidWhole = (field: string, detail: string): FieldError => ({
  type: 'Invalid value',
  field,
  omitValue: true,
  detail
})
export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'Unsupported value',
  field,
  value,
  detail: supported.length ? `supported values: ${supported.map(v => JSON.stringify(v)).join(', ')}` : ''
})
export const duplicate = (field: string, value: unknown): FieldError => ({ type: 'Duplicate value', field, value })
export const notFound = (field: string, value: unknown, detail = ''): FieldError => ({
  type: 'Not found',
  field,
  value,
  detail
})
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail })
export const tooLong = (field: string, max: number): FieldError => ({
  type: 'Too long',
  field,
  detail: `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`
})
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'Too many',
  field,
  value: actual,
  detail: `must have at most ${max} ${max === 1 ? 'item' : 'items'}`
})

/** RegexError: the message, examples (joined with "  or "), and the pattern. */
export function regexError(message: string, pattern: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${pattern}')`
  return `${message} (e.g. ${examples.map(e => `'${e}', `).join(' or ')}regex used for validation is '${pattern}')`
}

export const maxLenError = (length: number): string => `must be no more than ${length} characters`
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`
export const emptyError = 'must be non-empty'
export const isNegativeErrorMsg = 'must be greater than or equal to 0'

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`
const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`)
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`)
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFmt}$`)
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const labelValueFmt = `(${qualifiedNameFmt})?`
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`)
const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*'
const envVarNameRegexp = new RegExp(`^${envVarNameFmt}$`)
const configMapKeyFmt = '[-._a-zA-Z0-9]+'
const configMapKeyRegexp = new RegExp(`^${configMapKeyFmt}$`)

/** Lengths as Go's len(): bytes of the UTF-8 text. */
export const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8')

export function isDNS1123Label(value: string): string[] {
  const errors: string[] = []
  if (byteLength(value) > 63) errors.push(maxLenError(63))
  if (!dns1123LabelRegexp.test(value)) {
    if (dns1123SubdomainRegexp.test(value)) errors.push('must not contain dots')
    else
      errors.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc'
        )
      )
  }
  return errors
}

export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = []
  if (byteLength(value) > 253) errors.push(maxLenError(253))
  if (!dns1123SubdomainRegexp.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com'
      )
    )
  }
  return errors
}

export function isQualifiedName(value: string): string[] {
  const errors: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) name = parts[0]
  else if (parts.length === 2) {
    const prefix = parts[0]
    name = parts[1]
    if (prefix.length === 0) errors.push(`prefix part ${emptyError}`)
    else errors.push(...isDNS1123Subdomain(prefix).map(msg => `prefix part ${msg}`))
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ]
  }
  if (name.length === 0) errors.push(`name part ${emptyError}`)
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`)
  if (!qualifiedNameRegexp.test(name)) {
    errors.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`)
  }
  return errors
}

export function isValidLabelValue(value: string): string[] {
  const errors: string[] = []
  if (byteLength(value) > 63) errors.push(maxLenError(63))
  if (!labelValueRegexp.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345'
      )
    )
  }
  return errors
}

/** Names that would make a path climb out of a directory. */
function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"]
  if (value === '..') return ["must not be '..'"]
  if (value.startsWith('..')) return ["must not start with '..'"]
  return []
}

export function isEnvVarName(value: string): string[] {
  const errors: string[] = []
  if (!envVarNameRegexp.test(value)) {
    errors.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        envVarNameFmt,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1'
      )
    )
  }
  return [...errors, ...hasChDirPrefix(value)]
}

export function isConfigMapKey(value: string): string[] {
  const errors: string[] = []
  if (byteLength(value) > 253) errors.push(maxLenError(253))
  if (!configMapKeyRegexp.test(value)) {
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        configMapKeyFmt,
        'key.name',
        'KEY_NAME',
        'key-name'
      )
    )
  }
  return [...errors, ...hasChDirPrefix(value)]
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"
const httpPathRegexp = new RegExp(`^${httpPathFmt}$`)

/** IsDomainPrefixedPath, as for spec.managedBy. */
export function validateDomainPrefixedPath(field: string, value: string): FieldError[] {
  if (value.length === 0) return [required(field)]
  const slash = value.indexOf('/')
  const host = slash < 0 ? value : value.slice(0, slash)
  const path = slash < 0 ? '' : value.slice(slash + 1)
  if (slash < 0 || host.length === 0 || path.length === 0) {
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
  }
  const errors = isDNS1123Subdomain(host).map(msg => invalid(field, host, msg))
  if (!httpPathRegexp.test(path)) errors.push(invalid(field, path, regexError('Invalid path', httpPathFmt)))
  return errors
}

export type NameValidator = (name: string, prefix: boolean) => string[]

/** NameIsDNSSubdomain: with prefix (generateName), a trailing dash is allowed. */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name)
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name)

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name
}

export function validateNonnegativeField(value: number, field: string): FieldError[] {
  return value < 0 ? [invalid(field, value, isNegativeErrorMsg)] : []
}

export function validateDNS1123Label(value: string, field: string): FieldError[] {
  return isDNS1123Label(value).map(msg => invalid(field, value, msg))
}

export function validateDNS1123Subdomain(value: string, field: string): FieldError[] {
  return isDNS1123Subdomain(value).map(msg => invalid(field, value, msg))
}

export function validateQualifiedName(value: string, field: string): FieldError[] {
  return isQualifiedName(value).map(msg => invalid(field, value, msg))
}

/** Go map iteration is unordered; we report in key order. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  for (const key of Object.keys(labels ?? {}).sort()) {
    errors.push(...validateQualifiedName(key, field))
    errors.push(...isValidLabelValue(labels![key]).map(msg => invalid(field, labels![key], msg)))
  }
  return errors
}

export const totalAnnotationSizeLimit = 256 * 1024

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  let size = 0
  for (const key of Object.keys(annotations ?? {}).sort()) {
    // Qualified names, except that case does not matter.
    errors.push(...isQualifiedName(key.toLowerCase()).map(msg => invalid(field, key, msg)))
    size += byteLength(key) + byteLength(annotations![key])
  }
  if (size > totalAnnotationSizeLimit) errors.push(tooLong(field, totalAnnotationSizeLimit))
  return errors
}

const standardFinalizers = new Set(['kubernetes', 'foregroundDeletion', 'orphan'])

/** ValidateObjectMeta of pkg/apis/core/validation with apimachinery's ValidateObjectMetaAccessor. */
export function validateObjectMeta(meta: ObjectMeta, nameFn: NameValidator, field = 'metadata'): FieldError[] {
  const errors: FieldError[] = []
  if (meta.generateName) {
    errors.push(...nameFn(meta.generateName, true).map(msg => invalid(`${field}.generateName`, meta.generateName, msg)))
  }
  if (!meta.name) errors.push(required(`${field}.name`, 'name or generateName is required'))
  else errors.push(...nameFn(meta.name, false).map(msg => invalid(`${field}.name`, meta.name, msg)))
  if (!meta.namespace) errors.push(required(`${field}.namespace`))
  else errors.push(...nameIsDNSLabel(meta.namespace, false).map(msg => invalid(`${field}.namespace`, meta.namespace, msg)))
  errors.push(...validateNonnegativeField(meta.generation ?? 0, `${field}.generation`))
  errors.push(...validateLabels(meta.labels, `${field}.labels`))
  errors.push(...validateAnnotations(meta.annotations, `${field}.annotations`))
  errors.push(...validateOwnerReferences(meta, `${field}.ownerReferences`))
  const finalizers = meta.finalizers ?? []
  for (const name of finalizers) errors.push(...validateQualifiedName(name, `${field}.finalizers`))
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push(invalid(`${field}.finalizers`, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'))
  }
  // pkg/apis/core/validation adds its own finalizer-name rule after the generic checks.
  finalizers.forEach((name, i) => {
    if (!name.includes('/') && !standardFinalizers.has(name)) {
      errors.push(
        invalid(`${field}.finalizers[${i}]`, name, 'name is neither a standard finalizer name nor is it fully qualified')
      )
    }
  })
  return errors
}

/** metav1.OwnerReference as encoding/json prints it: fields in declaration order. */
function goOwnerReference(ref: NonNullable<ObjectMeta['ownerReferences']>[number]): unknown {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid,
    ...(ref.controller !== undefined ? { controller: ref.controller } : {}),
    ...(ref.blockOwnerDeletion !== undefined ? { blockOwnerDeletion: ref.blockOwnerDeletion } : {})
  }
}

function validateOwnerReferences(meta: ObjectMeta, field: string): FieldError[] {
  const errors: FieldError[] = []
  let firstController = ''
  for (const ref of meta.ownerReferences ?? []) {
    const apiVersion = ref.apiVersion ?? ''
    const parts = apiVersion.split('/')
    const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : ''
    if (!version) errors.push(invalid(`${field}.apiVersion`, apiVersion, 'version must not be empty'))
    if (!ref.kind) errors.push(invalid(`${field}.kind`, ref.kind ?? '', 'must not be empty'))
    if (!ref.name) errors.push(invalid(`${field}.name`, ref.name ?? '', 'must not be empty'))
    if (!ref.uid) errors.push(invalid(`${field}.uid`, ref.uid ?? '', 'must not be empty'))
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`
      if (firstController) {
        errors.push(
          invalid(
            field,
            (meta.ownerReferences ?? []).map(goOwnerReference),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`
          )
        )
      } else firstController = current
    }
  }
  return errors
}

const selectorOperators = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist'])

/** ValidateLabelSelector (metav1 validation). */
export function validateLabelSelector(selector: V1LabelSelector | undefined, field: string): FieldError[] {
  if (!selector) return []
  const errors = validateLabels(selector.matchLabels, `${field}.matchLabels`)
  ;(selector.matchExpressions ?? []).forEach((expression, i) => {
    const path = `${field}.matchExpressions[${i}]`
    const values = expression.values ?? []
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errors.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"))
        }
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errors.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        }
        break
      default:
        errors.push(invalid(`${path}.operator`, expression.operator, 'not a valid selector operator'))
    }
    errors.push(...validateQualifiedName(expression.key, `${path}.key`))
    values.forEach((value, j) => {
      errors.push(...isValidLabelValue(value).map(msg => invalid(`${path}.values[${j}]`, value, msg)))
    })
  })
  return errors
}

/**
 * metav1.LabelSelectorAsSelector(selector).Matches(labels). Undefined when the selector cannot
 * be converted (the API server then skips the comparison). No selector selects nothing; an
 * empty one selects everything.
 */
export function labelSelectorMatches(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> | undefined
): boolean | undefined {
  if (!selector) return false
  const set = labels ?? {}
  const has = (key: string): boolean => Object.hasOwn(set, key)
  let matches = true
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (isQualifiedName(key).length > 0 || isValidLabelValue(value).length > 0) return undefined
    if (!has(key) || set[key] !== value) matches = false
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (!selectorOperators.has(operator) || isQualifiedName(key).length > 0) return undefined
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return undefined
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) return undefined
    if (values.some(value => isValidLabelValue(value).length > 0)) return undefined
    const ok =
      operator === 'In'
        ? has(key) && values.includes(set[key])
        : operator === 'NotIn'
          ? !has(key) || !values.includes(set[key])
          : operator === 'Exists'
            ? has(key)
            : !has(key)
    if (!ok) matches = false
  }
  return matches
}
