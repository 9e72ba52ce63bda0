/**
 * What a pod shares with its host: validateShareProcessNamespace, validateHostUsers and
 * validatePodHostName of pkg/apis/core/validation/validation.go.
 */
import type { V1PodSpec } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { byteLength, forbidden, invalid, tooLong } from './errorBuilders.js'
import { validateDNS1123Subdomain } from './names.js'
import { containersWithPaths } from './windows.js'

export function validateShareProcessNamespace(spec: V1PodSpec, field: string): FieldError[] {
  if (!spec.shareProcessNamespace || !spec.hostPID) return []
  const message = 'ShareProcessNamespace and HostPID cannot both be enabled'
  return [invalid(`${field}.shareProcessNamespace`, true, message)]
}

/**
 * validateHostUsers: a user namespace shares no other host namespace. On create,
 * AllowUserNamespacesHostNetworkSupport and AllowUserNamespacesWithVolumeDevices are false
 * (pkg/api/pod/util.go); the two capitalised paths are upstream's.
 */
export function validateHostUsers(spec: V1PodSpec, field: string): FieldError[] {
  if (spec.hostUsers !== false) return []
  const message = 'when `hostUsers` is false'
  const errors: FieldError[] = []
  if (spec.hostNetwork) errors.push(forbidden(`${field}.hostNetwork`, message))
  if (spec.hostPID) errors.push(forbidden(`${field}.HostPID`, message))
  if (spec.hostIPC) errors.push(forbidden(`${field}.HostIPC`, message))
  for (const [container, path] of containersWithPaths(spec, field)) {
    if (container.volumeDevices?.length) errors.push(forbidden(`${path}.volumeDevices`, message))
  }
  return errors
}

/** validatePodHostName: hostnameOverride (HostnameOverride is GA in 1.37). */
export function validatePodHostName(spec: V1PodSpec, field: string): FieldError[] {
  const override = spec.hostnameOverride
  if (override === undefined) return []
  const path = `${field}.hostnameOverride`
  const errors: FieldError[] = []
  if (spec.setHostnameAsFQDN)
    errors.push(forbidden(path, 'may not be specified when setHostnameAsFQDN is true'))
  if (spec.hostNetwork) errors.push(forbidden(path, 'may not be specified when hostNetwork is true'))
  if (byteLength(override) > 64) errors.push(tooLong(path, 64))
  errors.push(...validateDNS1123Subdomain(override, path))
  return errors
}
