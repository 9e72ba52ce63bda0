/**
 * Windows options and the pod's OS: validateWindowsSecurityContextOptions,
 * validateWindowsHostProcessPod, validateOS, validateLinux and validateWindows of
 * pkg/apis/core/validation/validation.go.
 */
import type { V1Container, V1PodSpec, V1WindowsSecurityContextOptions } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { byteLength, forbidden, invalid, invalidNamed, notSupported, required } from './errorBuilders.js'
import { isDNS1123Subdomain } from './names.js'

// Go's [[:cntrl:]], and the NetBios and DNS forms of a domain (regexp counts runes, as /u does).
const isControl = (ch: string): boolean => ch.charCodeAt(0) < 0x20 || ch === '\x7f'
const netBiosRegex = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u
const dnsLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?'
const windowsDomainRegex = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*$`)
const userNameCharsRegex = /["/\\:;|=,+*?<>@[\]]/
const dotsSpacesRegex = /^[. ]+$/

export function validateWindowsOptions(
  options: V1WindowsSecurityContextOptions | undefined,
  field: string
): FieldError[] {
  if (!options) return []
  const errors: FieldError[] = []
  // The bad values are *string: json.Marshal writes them quoted.
  const specName = options.gmsaCredentialSpecName
  if (specName !== undefined) {
    for (const msg of isDNS1123Subdomain(specName)) {
      errors.push(invalidNamed(`${field}.gmsaCredentialSpecName`, specName, msg))
    }
  }
  const spec = options.gmsaCredentialSpec
  if (spec !== undefined) {
    const path = `${field}.gmsaCredentialSpec`
    if (spec === '') errors.push(invalidNamed(path, spec, 'gmsaCredentialSpec cannot be an empty string'))
    else if (byteLength(spec) > 64 * 1024) {
      errors.push(invalidNamed(path, spec, 'gmsaCredentialSpec size must be under 64 KiB'))
    }
  }
  if (options.runAsUserName !== undefined) {
    const name = options.runAsUserName
    const path = `${field}.runAsUserName`
    errors.push(...runAsUserNameMessages(name).map(msg => invalidNamed(path, name, msg)))
  }
  return errors
}

function runAsUserNameMessages(name: string): string[] {
  if (name === '') return ['runAsUserName cannot be an empty string']
  if ([...name].some(isControl)) return ['runAsUserName cannot contain control characters']
  const parts = name.split('\\')
  if (parts.length > 2) return ['runAsUserName cannot contain more than one backslash']
  const [domain, user] = parts.length === 1 ? ['', parts[0]] : parts
  const messages: string[] = []
  if (byteLength(domain) >= 256) messages.push("runAsUserName's Domain length must be under 256 characters")
  if (parts.length === 2 && !(netBiosRegex.test(domain) || windowsDomainRegex.test(domain))) {
    messages.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format")
  }
  if (user === '') messages.push("runAsUserName's User cannot be empty")
  else if (byteLength(user) > 104) {
    messages.push("runAsUserName's User length must not be longer than 104 characters")
  }
  if (dotsSpacesRegex.test(user)) messages.push("runAsUserName's User cannot contain only periods or spaces")
  if (userNameCharsRegex.test(user)) {
    messages.push('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]')
  }
  return messages
}

/** podshelper.VisitContainersWithPath: init containers, containers, then ephemeral containers. */
export function containersWithPaths(spec: V1PodSpec, field: string): [V1Container, string][] {
  return [
    ...(spec.initContainers ?? []).map((c, i): [V1Container, string] => [c, `${field}.initContainers[${i}]`]),
    ...(spec.containers ?? []).map((c, i): [V1Container, string] => [c, `${field}.containers[${i}]`]),
    ...(spec.ephemeralContainers ?? []).map((c, i): [V1Container, string] => [
      c as V1Container,
      `${field}.ephemeralContainers[${i}]`
    ])
  ]
}

/** validateWindowsHostProcessPod, less the cluster-policy refusal (see securityContext.ts). */
export function validateWindowsHostProcessPod(spec: V1PodSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const podHostProcess = spec.securityContext?.windowsOptions?.hostProcess
  let count = 0
  let hostProcessCount = 0
  for (const [container, path] of containersWithPaths(spec, field)) {
    count++
    const own = container.securityContext?.windowsOptions?.hostProcess
    if (podHostProcess !== undefined && own !== undefined && podHostProcess !== own) {
      errors.push(
        invalid(
          `${path}.securityContext.windowsOptions.hostProcess`,
          own,
          `pod hostProcess value must be identical if both are specified, was ${podHostProcess}`
        )
      )
    }
    if (own === true || (own === undefined && podHostProcess === true)) hostProcessCount++
  }
  if (hostProcessCount > 0) {
    if (hostProcessCount !== count) {
      const message =
        'If pod contains any hostProcess containers then all containers must be HostProcess containers'
      errors.push(invalid(field, '', message))
    }
    if (!spec.hostNetwork) {
      const message = 'hostNetwork must be true if pod contains any hostProcess containers'
      errors.push(invalid(`${field}.hostNetwork`, false, message))
    }
  }
  return errors
}

const osNames = ['linux', 'windows']

/** validateOS, then validateLinux or validateWindows. */
export function validatePodOS(spec: V1PodSpec, field: string): FieldError[] {
  if (!spec.os) return []
  const name = spec.os.name ?? ''
  if (name === '') return [required(`${field}.os.name`)]
  if (!osNames.includes(name)) return [notSupported(`${field}.os`, name, osNames)]
  return name === 'linux' ? validateLinux(spec, field) : validateWindows(spec, field)
}

function validateLinux(spec: V1PodSpec, field: string): FieldError[] {
  const message = 'windows options cannot be set for a linux pod'
  const errors: FieldError[] = []
  if (spec.securityContext?.windowsOptions) {
    errors.push(forbidden(`${field}.securityContext.windowsOptions`, message))
  }
  for (const [container, path] of containersWithPaths(spec, field)) {
    if (container.securityContext?.windowsOptions) {
      errors.push(forbidden(`${path}.securityContext.windowsOptions`, message))
    }
  }
  return errors
}

const windowsPodFields = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'sysctls',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy'
] as const
const windowsContainerFields = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup'
] as const

function validateWindows(spec: V1PodSpec, field: string): FieldError[] {
  const message = 'cannot be set for a windows pod'
  const errors: FieldError[] = []
  const sc = spec.securityContext
  for (const key of windowsPodFields) {
    // An empty sysctls list is refused only when it has items (len(Sysctls) > 0).
    const set = key === 'sysctls' ? (sc?.sysctls?.length ?? 0) > 0 : sc?.[key] !== undefined
    if (set) errors.push(forbidden(`${field}.securityContext.${key}`, message))
  }
  if (spec.hostUsers !== undefined) errors.push(forbidden(`${field}.hostUsers`, message))
  if (spec.hostPID) errors.push(forbidden(`${field}.hostPID`, message))
  if (spec.hostIPC) errors.push(forbidden(`${field}.hostIPC`, message))
  if (spec.shareProcessNamespace !== undefined) {
    errors.push(forbidden(`${field}.shareProcessNamespace`, message))
  }
  for (const [container, path] of containersWithPaths(spec, field)) {
    const own = container.securityContext
    for (const key of windowsContainerFields) {
      if (own?.[key] !== undefined) errors.push(forbidden(`${path}.securityContext.${key}`, message))
    }
  }
  return errors
}
