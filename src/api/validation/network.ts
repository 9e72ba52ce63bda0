/**
 * IP addresses and the pod's name resolution: IsValidIPForLegacyField (apimachinery
 * pkg/util/validation/ip.go), ValidateHostAliases and validatePodDNSConfig of
 * pkg/apis/core/validation. StrictIPCIDRValidation is beta and on by default since 1.36
 * (pkg/features/kube_features.go), so a legacy field is read by netutils.ParseIPSloppy
 * (k8s.io/utils/net, a fork of Go 1.16's net.ParseIP) and then refused where netip.ParseAddr
 * is stricter: leading zeros, and IPv4-mapped IPv6 addresses.
 */
import type { V1HostAlias, V1PodDNSConfig } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { byteLength, invalid, maxLenError, regexError, required } from './errorBuilders.js'
import { validateDNS1123Subdomain } from './names.js'

interface ParsedIP {
  bytes: number[]
  /** Read as IPv6 (its first separator is a colon). */
  v6: boolean
  /** netip.ParseAddr reads it too: no zero-led IPv4 field, no IPv6 group of more than 4 digits. */
  strict: boolean
}

/** The forked parseIPv4: four decimal fields up to 255, leading zeros allowed. */
function parseIPv4(s: string): ParsedIP | undefined {
  const fields = s.split('.')
  if (fields.length !== 4 || !fields.every(f => /^[0-9]+$/.test(f) && Number(f) <= 255)) return undefined
  const strict = fields.every(f => f.length === 1 || !f.startsWith('0'))
  return { bytes: fields.map(Number), v6: false, strict }
}

/** The forked parseIPv6: hex groups, at most one `::`, an IPv4 address in the last 4 bytes. */
function parseIPv6(input: string): ParsedIP | undefined {
  const ip = new Array<number>(16).fill(0)
  let s = input
  let ellipsis = -1
  let strict = true
  if (s.startsWith('::')) {
    ellipsis = 0
    s = s.slice(2)
    if (s === '') return { bytes: ip, v6: true, strict }
  }
  let i = 0
  while (i < 16) {
    const group = /^[0-9a-fA-F]*/.exec(s)?.[0] ?? ''
    if (group === '' || parseInt(group, 16) > 0xffff) return undefined
    if (group.length > 4) strict = false
    if (s[group.length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined
      const v4 = parseIPv4(s)
      if (!v4) return undefined
      strict &&= v4.strict
      ip.splice(i, 4, ...v4.bytes)
      s = ''
      i += 4
      break
    }
    const n = parseInt(group, 16)
    ip[i] = n >> 8
    ip[i + 1] = n & 0xff
    i += 2
    s = s.slice(group.length)
    if (s === '') break
    if (s[0] !== ':' || s.length === 1) return undefined
    s = s.slice(1)
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined
      ellipsis = i
      s = s.slice(1)
      if (s === '') break
    }
  }
  if (s !== '') return undefined
  if (i < 16) {
    if (ellipsis < 0) return undefined
    ip.splice(ellipsis, 0, ...new Array<number>(16 - i).fill(0))
    ip.length = 16
  } else if (ellipsis >= 0) return undefined
  return { bytes: ip, v6: true, strict }
}

/** ParseIPSloppy: the first '.' or ':' decides the family. */
function parseIPSloppy(value: string): ParsedIP | undefined {
  const separator = /[.:]/.exec(value)?.[0]
  if (separator === '.') return parseIPv4(value)
  if (separator === ':') return parseIPv6(value)
  return undefined
}

/** netip.Addr.Is4In6: ::ffff:a.b.c.d. */
const isIPv4Mapped = (bytes: readonly number[]): boolean =>
  bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff

/** IsValidIPForLegacyField with strict validation (parseIP of apimachinery ip.go). */
export function isValidIPForLegacyField(value: string, field: string): FieldError[] {
  const ip = parseIPSloppy(value)
  if (!ip) {
    return [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')]
  }
  // netip.ParseAddr refuses what ParseIPSloppy read only for its leading zeros.
  if (!ip.strict) return [invalid(field, value, 'must not have leading 0s')]
  if (ip.v6 && isIPv4Mapped(ip.bytes)) {
    return [invalid(field, value, 'must not be an IPv4-mapped IPv6 address')]
  }
  return []
}

export function validateHostAliases(aliases: readonly V1HostAlias[], field: string): FieldError[] {
  const errors: FieldError[] = []
  aliases.forEach((alias, i) => {
    errors.push(...isValidIPForLegacyField(alias.ip ?? '', `${field}[${i}].ip`))
    ;(alias.hostnames ?? []).forEach((hostname, j) => {
      errors.push(...validateDNS1123Subdomain(hostname, `${field}[${i}].hostnames[${j}]`))
    })
  })
  return errors
}

const maxDNSNameservers = 3
const maxDNSSearchPaths = 32
const maxDNSSearchListChars = 2048
const dns1123LabelWithUnderscoreFmt = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?'
const dns1123SubdomainWithUnderscoreFmt = `${dns1123LabelWithUnderscoreFmt}(\\.${dns1123LabelWithUnderscoreFmt})*`
const dns1123SubdomainWithUnderscore = new RegExp(`^${dns1123SubdomainWithUnderscoreFmt}$`)

/** IsDNS1123SubdomainWithUnderscore of apimachinery pkg/util/validation/validation.go. */
function validateDNS1123SubdomainWithUnderscore(value: string, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (byteLength(value) > 253) errors.push(invalid(field, value, maxLenError(253)))
  if (!dns1123SubdomainWithUnderscore.test(value)) {
    const message = regexError(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
      dns1123SubdomainWithUnderscoreFmt,
      'example.com'
    )
    errors.push(invalid(field, value, message))
  }
  return errors
}

export function validatePodDNSConfig(
  config: V1PodDNSConfig | undefined,
  dnsPolicy: string | undefined,
  field: string
): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!config) return [required(field, 'must provide `dnsConfig` when `dnsPolicy` is None')]
    if (!config.nameservers?.length) {
      return [
        required(`${field}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')
      ]
    }
  }
  if (!config) return []
  const errors: FieldError[] = []
  const nameservers = config.nameservers ?? []
  if (nameservers.length > maxDNSNameservers) {
    errors.push(
      invalid(`${field}.nameservers`, nameservers, `must not have more than ${maxDNSNameservers} nameservers`)
    )
  }
  nameservers.forEach((ns, i) => errors.push(...isValidIPForLegacyField(ns, `${field}.nameservers[${i}]`)))
  const searches = config.searches ?? []
  if (searches.length > maxDNSSearchPaths) {
    errors.push(
      invalid(`${field}.searches`, searches, `must not have more than ${maxDNSSearchPaths} search paths`)
    )
  }
  // The spaces between search paths count.
  if (byteLength(searches.join(' ')) > maxDNSSearchListChars) {
    errors.push(
      invalid(
        `${field}.searches`,
        searches,
        `must not have more than ${maxDNSSearchListChars} characters (including spaces) in the search list`
      )
    )
  }
  searches.forEach((search, i) => {
    if (search === '.') return
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search
    errors.push(...validateDNS1123SubdomainWithUnderscore(trimmed, `${field}.searches[${i}]`))
  })
  ;(config.options ?? []).forEach((option, i) => {
    if (!option.name) errors.push(required(`${field}.options[${i}]`, 'must not be empty'))
  })
  return errors
}
