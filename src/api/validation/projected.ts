/**
 * The projected volume (validateProjectionSources of pkg/apis/core/validation/validation.go),
 * with ValidateSignerName and ValidateClusterTrustBundleName of pkg/apis/core/validation/names.go.
 * ClusterTrustBundleProjection and PodCertificateRequest are GA in 1.37; the `user` and
 * `defaultUser` fields belong to a gate that is off, so the API server drops them unread.
 */
import type {
  V1ClusterTrustBundleProjection,
  V1PodCertificateProjection,
  V1ServiceAccountTokenProjection,
  V1Volume
} from '@kubernetes/client-node'
import { type FieldError, goQuote as goQuoted } from './fieldErrors.js'
import { byteLength, forbidden, invalid, notSupported, required, tooLong } from './errorBuilders.js'
import { totalAnnotationSizeLimit, validateLabelSelector } from './labels.js'
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from './names.js'
import {
  validateDownwardAPIVolumeFile,
  validateFileMode,
  validateKeyToPath,
  validateLocalNonReservedPath
} from './volumePaths.js'

/** Records the files of the sources; a second file at a path is refused at the volume's path. */
type Claim = (file: string | undefined, name: unknown) => FieldError[]

export function validateProjected(volume: V1Volume, path: string): FieldError[] {
  const source = volume.projected!
  const errors = validateFileMode(source.defaultMode, `${path}.defaultMode`)
  const paths = new Set<string>()
  const claim: Claim = (file, name) => {
    if (!file) return []
    const seen = paths.has(file)
    paths.add(file)
    return seen ? [invalid(path, name, 'conflicting duplicate paths')] : []
  }
  ;(source.sources ?? []).forEach((projection, i) => {
    const sourcePath = `${path}.sources[${i}]`
    let count = 0
    for (const key of ['secret', 'configMap'] as const) {
      const object = projection[key]
      if (!object) continue
      count++
      if (!object.name) errors.push(required(`${sourcePath}.${key}.name`))
      ;(object.items ?? []).forEach((item, j) => {
        errors.push(...validateKeyToPath(item, `${sourcePath}.${key}.items[${j}]`))
        errors.push(...claim(item.path, object.name ?? ''))
      })
    }
    if (projection.downwardAPI) {
      count++
      for (const file of projection.downwardAPI.items ?? []) {
        errors.push(...validateDownwardAPIVolumeFile(file, `${sourcePath}.downwardAPI`))
        errors.push(...claim(file.path, file.path))
      }
    }
    if (projection.serviceAccountToken) {
      count++
      errors.push(
        ...validateTokenProjection(projection.serviceAccountToken, path, `${sourcePath}.serviceAccountToken`)
      )
    }
    if (projection.clusterTrustBundle) {
      count++
      const bundle = projection.clusterTrustBundle
      errors.push(...validateClusterTrustBundle(bundle, `${sourcePath}.clusterTrustBundle`))
      // The bundle's path is claimed even when empty.
      if (paths.has(bundle.path ?? ''))
        errors.push(invalid(path, bundle.path ?? '', 'conflicting duplicate paths'))
      paths.add(bundle.path ?? '')
    }
    if (projection.podCertificate) {
      count++
      errors.push(...validatePodCertificate(projection.podCertificate, `${sourcePath}.podCertificate`, claim))
    }
    if (count > 1) errors.push(forbidden(sourcePath, 'may not specify more than 1 volume type per source'))
  })
  return errors
}

function validateTokenProjection(
  token: V1ServiceAccountTokenProjection,
  path: string,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const seconds = token.expirationSeconds ?? 0
  if (seconds < 600) {
    errors.push(
      invalid(`${field}.expirationSeconds`, seconds, 'may not specify a duration less than 10 minutes')
    )
  }
  if (seconds > 2 ** 32) {
    errors.push(
      invalid(`${field}.expirationSeconds`, seconds, 'may not specify a duration larger than 2^32 seconds')
    )
  }
  // At the projected volume's path, as validateProjectionSources has it (not the source's);
  // AllowNonLocalProjectedTokenPath is off on create.
  if (!token.path) errors.push(required(`${path}.path`))
  else errors.push(...validateLocalNonReservedPath(token.path, `${path}.path`))
  return errors
}

/** The internal core.ClusterTrustBundleProjection as json.Marshal writes it (Go field names). */
function goBundle(bundle: V1ClusterTrustBundleProjection): unknown {
  const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value)
  return {
    Name: orNull(bundle.name),
    SignerName: orNull(bundle.signerName),
    LabelSelector: orNull(bundle.labelSelector),
    Optional: orNull(bundle.optional),
    Path: bundle.path ?? '',
    User: null
  }
}

function validateClusterTrustBundle(bundle: V1ClusterTrustBundleProjection, field: string): FieldError[] {
  const errors: FieldError[] = []
  const { name, signerName } = bundle
  if (name !== undefined && signerName !== undefined) {
    errors.push(invalid(field, goBundle(bundle), 'only one of name and signerName may be used'))
  } else if (name !== undefined) {
    if (name === '') errors.push(required(`${field}.name`, 'must be a valid object name'))
    // extractSignerNameFromClusterTrustBundleName: up to the last colon, colons read as slashes.
    const colon = name.lastIndexOf(':')
    const signer = colon === -1 ? '' : name.slice(0, colon).replaceAll(':', '/')
    for (const msg of clusterTrustBundleNameMessages(signer, name)) {
      errors.push(invalid(`${field}.name`, name, `not a valid clustertrustbundlename: ${msg}`))
    }
    if (bundle.labelSelector !== undefined) {
      const message = 'labelSelector must be unset if name is specified'
      errors.push(invalid(`${field}.labelSelector`, bundle.labelSelector, message))
    }
  } else if (signerName !== undefined) {
    if (signerName === '') errors.push(required(`${field}.signerName`, 'must be a valid signer name'))
    errors.push(...validateSignerName(signerName, `${field}.signerName`))
    errors.push(...validateLabelSelector(bundle.labelSelector, `${field}.labelSelector`))
  } else errors.push(required(field, 'either name or signerName must be specified'))
  if (!bundle.path) errors.push(required(`${field}.path`))
  errors.push(...validateLocalNonReservedPath(bundle.path ?? '', `${field}.path`))
  return errors
}

/** ValidateClusterTrustBundleName (pkg/apis/core/validation/names.go). */
function clusterTrustBundleNameMessages(signerName: string, name: string): string[] {
  if (signerName === '') {
    if (name.includes(':')) return ['ClusterTrustBundle without signer name must not have ":" in its name']
    return nameIsDNSSubdomain(name, false)
  }
  const prefix = `${signerName.replaceAll('/', ':')}:`
  if (!name.startsWith(prefix)) {
    return [`ClusterTrustBundle for signerName ${signerName} must be named with prefix ${prefix}`]
  }
  return nameIsDNSSubdomain(name.slice(prefix.length), false)
}

const maxDomainLength = 253
const maxSignerNameLength = maxDomainLength + 253 + 63 + 1 + 1

/** ValidateSignerName: `example.com/signer-name`, each part checked label by label. */
export function validateSignerName(signerName: string, field: string): FieldError[] {
  if (signerName === '') return [required(field)]
  const segments = signerName.split('/')
  if (segments.length !== 2) {
    const message = "must be a fully qualified domain and path of the form 'example.com/signer-name'"
    return [invalid(field, signerName, message)]
  }
  const [domain, rest] = segments
  const errors: FieldError[] = []
  if (byteLength(domain) > maxDomainLength) errors.push(tooLong(field, maxDomainLength))
  const domainLabels = domain.split('.')
  for (const label of domainLabels) {
    const messages = isDNS1123Label(label)
    if (messages.length === 0) continue
    for (const msg of messages)
      errors.push(invalid(field, domain, `validating label ${goQuoted(label)}: ${msg}`))
    break
  }
  if (domainLabels.length < 2) {
    errors.push(invalid(field, domain, 'should be a domain with at least two segments separated by dots'))
  }
  for (const label of rest.split('.')) {
    const messages = isDNS1123Subdomain(label)
    if (messages.length === 0) continue
    for (const msg of messages)
      errors.push(invalid(field, rest, `validating label ${goQuoted(label)}: ${msg}`))
    break
  }
  if (byteLength(signerName) > maxSignerNameLength) errors.push(tooLong(field, maxSignerNameLength))
  return errors
}

const keyTypes = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519']

function validatePodCertificate(cert: V1PodCertificateProjection, field: string, claim: Claim): FieldError[] {
  const errors = validateSignerName(cert.signerName ?? '', `${field}.signerName`)
  const annotations: Record<string, string> | undefined = cert.userAnnotations
  if (annotations) errors.push(...validateUserAnnotations(annotations, `${field}.userAnnotations`))
  const keyType = cert.keyType ?? ''
  if (!keyTypes.includes(keyType)) errors.push(notSupported(`${field}.keyType`, keyType, keyTypes, false))
  const max = cert.maxExpirationSeconds
  if (max !== undefined) {
    const path = `${field}.maxExpirationSeconds`
    if (max < 3600) errors.push(invalid(path, max, 'if provided, maxExpirationSeconds must be >= 3600'))
    // IsKubernetesSignerName: the host is kubernetes.io or one of its subdomains.
    const host = (cert.signerName ?? '').split('/')[0]
    const kubernetes = host === 'kubernetes.io' || host.endsWith('.kubernetes.io')
    const limit = kubernetes ? 24 * 60 * 60 : 91 * 24 * 60 * 60
    if (max > limit) errors.push(invalid(path, max, `if provided, maxExpirationSeconds must be <= ${limit}`))
  }
  let count = 0
  for (const key of ['credentialBundlePath', 'keyPath', 'certificateChainPath'] as const) {
    const file = cert[key]
    if (!file) continue
    count++
    errors.push(...validateLocalNonReservedPath(file, `${field}.${key}`))
    errors.push(...claim(file, file))
  }
  if (count === 0) {
    errors.push(
      required(field, 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath')
    )
  }
  return errors
}

/** ValidateUserAnnotations: domain-prefixed keys, case aside; Go's map order, taken as sorted. */
function validateUserAnnotations(annotations: Record<string, string>, field: string): FieldError[] {
  const errors: FieldError[] = []
  let size = 0
  for (const key of Object.keys(annotations).sort()) {
    size += byteLength(key) + byteLength(annotations[key])
    const lower = key.toLowerCase()
    if (lower === '') {
      errors.push(required(field))
      continue
    }
    const messages = isQualifiedName(lower)
    errors.push(...messages.map(msg => invalid(field, lower, msg)))
    if (messages.length === 0 && lower.split('/').length !== 2) {
      errors.push(invalid(field, lower, 'must be a domain-prefixed key (such as "acme.io/foo")'))
    }
  }
  if (size > totalAnnotationSizeLimit) errors.push(tooLong(field, totalAnnotationSizeLimit))
  return errors
}
