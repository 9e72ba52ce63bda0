/**
 * Names and keys (k8s.io/apimachinery/pkg/util/validation): DNS-1123 labels and subdomains,
 * qualified names, label values, environment variable names and config keys.
 */
import type { FieldError } from './fieldErrors.js'
import {
  byteLength,
  emptyError,
  invalid,
  maxBytesError,
  maxLenError,
  regexError,
  required
} from './errorBuilders.js'

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`
const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`)
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`)
const dns1123LabelMsg = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  dns1123LabelFmt,
  'my-name',
  '123-abc'
)
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFmt}$`)
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const labelValueFmt = `(${qualifiedNameFmt})?`
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`)
const configMapKeyFmt = '[-._a-zA-Z0-9]+'
const configMapKeyRegexp = new RegExp(`^${configMapKeyFmt}$`)

export function isDNS1123Label(value: string): string[] {
  const errors: string[] = []
  if (byteLength(value) > 63) errors.push(maxLenError(63))
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain that is no label can only be so because of its dots.
    errors.push(dns1123SubdomainRegexp.test(value) ? 'must not contain dots' : dns1123LabelMsg)
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

/**
 * IsQualifiedName and IsValidLabelValue are content.IsLabelKey and content.IsLabelValue
 * (apimachinery pkg/api/validate/content/kube.go): their length messages count bytes.
 */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) name = parts[0]
  else if (parts.length === 2) {
    const prefix = parts[0]
    name = parts[1]
    if (prefix.length === 0) errors.push(`prefix part ${emptyError}`)
    else {
      // content.IsDNS1123Subdomain: its length message counts bytes.
      const prefixErrors = isDNS1123Subdomain(prefix).map(msg =>
        msg.replace(maxLenError(253), maxBytesError(253))
      )
      errors.push(...prefixErrors.map(msg => `prefix part ${msg}`))
    }
  } else {
    return [
      `a valid label key ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ]
  }
  if (name.length === 0) errors.push(`name part ${emptyError}`)
  else if (byteLength(name) > 63) errors.push(`name part ${maxBytesError(63)}`)
  if (!qualifiedNameRegexp.test(name)) {
    errors.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`
    )
  }
  return errors
}

export function isValidLabelValue(value: string): string[] {
  return limitedPattern(
    byteLength(value) > 63 ? maxBytesError(63) : undefined,
    labelValueRegexp.test(value),
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    labelValueFmt,
    ['MyValue', 'my_value', '12345']
  )
}

/** The two checks most of apimachinery's IsXxx functions make: a length limit, then the pattern. */
function limitedPattern(
  tooLong: string | undefined,
  matches: boolean,
  message: string,
  format: string,
  examples: [string, string, string]
): string[] {
  const errors = tooLong === undefined ? [] : [tooLong]
  if (!matches) errors.push(regexError(message, format, ...examples))
  return errors
}

/** Names that would make a path climb out of a directory. */
function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"]
  if (value === '..') return ["must not be '..'"]
  if (value.startsWith('..')) return ["must not start with '..'"]
  return []
}

/**
 * IsRelaxedEnvVarName: any printable ASCII but '=' (RelaxedEnvironmentVariableValidation is GA and
 * locked on in pkg/features/kube_features.go, so ValidateEnv and ValidateEnvFrom always use it).
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errors: string[] = []
  if (value.length === 0) errors.push(`environment variable name ${emptyError}`)
  // unicode.IsPrint for ASCII: the space through '~'.
  if (/[^\x20-\x3c\x3e-\x7e]/.test(value)) {
    errors.push(
      "a valid environment variable name must consist only of printable ASCII characters other than '='"
    )
  }
  return errors
}

export function isConfigMapKey(value: string): string[] {
  const errors = limitedPattern(
    byteLength(value) > 253 ? maxLenError(253) : undefined,
    configMapKeyRegexp.test(value),
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
    configMapKeyFmt,
    ['key.name', 'KEY_NAME', 'key-name']
  )
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
export const nameIsDNSLabel: NameValidator = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name)

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name
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

export function isValidPortName(name: string): string[] {
  const errors: string[] = []
  if (name.length > 15) errors.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(name)) {
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  }
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)')
  if (name.includes('--')) errors.push('must not contain consecutive hyphens')
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen')
  return errors
}

export const isValidPortNum = (port: number): boolean => port >= 1 && port <= 65535
