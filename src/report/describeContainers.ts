/**
 * describe.go's describeContainers: image, ports, command and args, resources, probes,
 * environment, mounts — for a pod template, or for a pod, whose container statuses add their
 * IDs, state and restarts and whose fields resolve the environment's field references.
 */
import type { V1ContainerPort, V1EnvVar, V1Probe, V1ResourceRequirements } from '@kubernetes/client-node'
import type { Container } from '../api/model.js'
import { readQuantity } from '../api/quantity.js'
import { canonicalQuantity, scaledValue, tryQuantity } from './quantityText.js'
import { compareStrings } from './describeFields.js'
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './tabWriter.js'

/** What a pod adds to its containers' description (describe.go's statuses and EnvValueRetriever). */
export interface PodContainers {
  /** The status of the named container, if it has one. */
  status(name: string): ContainerStatusLines | undefined
  /** A field reference's value (metadata.name, …), as EnvValueRetriever resolves it. */
  fieldValue(fieldPath: string): string
}

export interface ContainerStatusLines {
  containerID: string
  imageID: string
  /** describeContainerState: State, Last State, Ready, Restart Count. */
  describeState(w: PrefixWriter): void
}

export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: Container[],
  space: string,
  pod?: PodContainers
): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`)
  for (const container of containers) {
    const status = pod?.status(container.name)
    describeContainerBasicInfo(w, container, space, status)
    describeContainerCommand(w, container)
    status?.describeState(w)
    describeResources(w, container.resources, LEVEL_2)
    describeContainerProbes(w, container)
    if ((container.envFrom ?? []).length > 0) describeContainerEnvFrom(w, container)
    describeContainerEnvVars(w, container, pod)
    describeContainerVolumes(w, container)
  }
}

// The API server defaults a port's protocol to TCP; a template read back always has it.
function formatPorts(ports: V1ContainerPort[], pick: (port: V1ContainerPort) => number): string {
  return ports.map(port => `${pick(port)}/${port.protocol ?? 'TCP'}`).join(', ')
}

function describeContainerBasicInfo(
  w: PrefixWriter,
  container: Container,
  space: string,
  status: ContainerStatusLines | undefined
): void {
  w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${container.name}:\n`)
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID}\n`)
  w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`)
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID}\n`)
  const ports = container.ports ?? []
  const portText = formatPorts(ports, port => port.containerPort)
  if (portText.includes(',')) w.write(LEVEL_2, `Ports:\t${portText}\n`)
  else w.write(LEVEL_2, `Port:\t${portText || '<none>'}\n`)
  const hostPortText = formatPorts(ports, port => port.hostPort ?? 0)
  if (hostPortText.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortText}\n`)
  else w.write(LEVEL_2, `Host Port:\t${hostPortText || '<none>'}\n`)
  const seccomp = container.securityContext?.seccompProfile
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`)
    if (seccomp.type === 'Localhost')
      w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`)
  }
}

function describeContainerCommand(w: PrefixWriter, container: Container): void {
  for (const [title, items] of [
    ['Command', container.command],
    ['Args', container.args]
  ] as const) {
    if (!items || items.length === 0) continue
    w.write(LEVEL_2, `${title}:\n`)
    // Each line of a multi-line element gets its own line; a trailing newline leaves an
    // indented empty line, as kubectl prints it.
    for (const item of items) for (const line of item.split('\n')) w.write(LEVEL_3, `${line}\n`)
  }
}

function describeResources(
  w: PrefixWriter,
  resources: V1ResourceRequirements | undefined,
  level: number
): void {
  for (const [title, list] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests]
  ] as const) {
    const names = Object.keys(list ?? {}).sort(compareStrings)
    if (names.length === 0) continue
    w.write(level, `${title}:\n`)
    for (const name of names) w.write(level + 1, `${name}:\t${canonicalQuantity(list?.[name] ?? '')}\n`)
  }
}

function describeContainerProbes(w: PrefixWriter, container: Container): void {
  if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`)
  if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`)
  if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`)
}

// Go's url.URL.EscapedPath (shouldEscape in encodePath mode): letters, digits, `-_.~` and
// `$&+,/:;=@` stay, every other byte is percent-encoded.
function escapePath(path: string): string {
  if (path === '*') return path
  return Array.from(Buffer.from(path, 'utf8'))
    .map(byte => {
      const ch = String.fromCharCode(byte)
      return /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(ch)
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/**
 * DescribeProbe. The probe timing fields are shown with the API server's defaults
 * (timeout 1s, period 10s, success 1, failure 3), as a stored template has them.
 */
export function describeProbe(probe: V1Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s ` +
    `period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} ` +
    `#failure=${probe.failureThreshold ?? 3}`
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase()
    const port = String(probe.httpGet.port ?? '')
    const host = port.length > 0 ? joinHostPort(probe.httpGet.host ?? '', port) : (probe.httpGet.host ?? '')
    let path = escapePath(probe.httpGet.path ?? '/')
    if (path !== '' && !path.startsWith('/') && host !== '') path = '/' + path
    const authority = host !== '' || path !== '' ? `//${host}` : ''
    return `http-get ${scheme}:${authority}${path} ${attrs}`
  }
  if (probe.tcpSocket)
    return `tcp-socket ${probe.tcpSocket.host ?? ''}:${String(probe.tcpSocket.port)} ${attrs}`
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`
  return `unknown ${attrs}`
}

function describeContainerEnvFrom(w: PrefixWriter, container: Container): void {
  w.write(LEVEL_2, 'Environment Variables from:\n')
  for (const source of container.envFrom ?? []) {
    let from = ''
    let name = ''
    let optional = false
    if (source.configMapRef) {
      from = 'ConfigMap'
      name = source.configMapRef.name ?? ''
      optional = source.configMapRef.optional === true
    } else if (source.secretRef) {
      from = 'Secret'
      name = source.secretRef.name ?? ''
      optional = source.secretRef.optional === true
    }
    const kind = source.prefix ? `${from} with prefix '${source.prefix}'` : from
    w.write(LEVEL_3, `${name}\t${kind}\tOptional: ${optional}\n`)
  }
}

function describeContainerEnvVars(
  w: PrefixWriter,
  container: Container,
  pod: PodContainers | undefined
): void {
  const env = container.env ?? []
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`)
  for (const variable of env) {
    const from = variable.valueFrom
    if (!from) {
      ;(variable.value ?? '').split('\n').forEach((line, i) => {
        w.write(LEVEL_3, i === 0 ? `${variable.name}:\t${line}\n` : `\t${line}\n`)
      })
    } else if (from.fieldRef) {
      // A template has no pod to resolve the field against, so the value part is empty.
      const { apiVersion = 'v1', fieldPath } = from.fieldRef
      w.write(
        LEVEL_3,
        `${variable.name}:\t${pod?.fieldValue(fieldPath) ?? ''} (${apiVersion}:${fieldPath})\n`
      )
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource
      let value = containerResourceValue(variable, container)
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        value = 'node allocatable'
      w.write(LEVEL_3, `${variable.name}:\t${value} (${resource})\n`)
    } else if (from.secretKeyRef) {
      const { key, name = '', optional } = from.secretKeyRef
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${key}' in secret '${name}'>\tOptional: ${optional === true}\n`
      )
    } else if (from.configMapKeyRef) {
      const { key, name = '', optional } = from.configMapKeyRef
      w.write(
        LEVEL_3,
        `${variable.name}:\t<set to the key '${key}' of config map '${name}'>\tOptional: ${optional === true}\n`
      )
    }
    // Other sources (fileKeyRef) have no case in kubectl's switch and print nothing.
  }
}

/**
 * resourcehelper.ExtractContainerResourceValue: the container's own limit or request in
 * units of the divisor, rounded up; `""` for what kubectl cannot compute.
 */
function containerResourceValue(variable: V1EnvVar, container: Container): string {
  const selector = variable.valueFrom?.resourceFieldRef
  if (!selector) return ''
  const parsedDivisor = selector.divisor !== undefined ? tryQuantity(selector.divisor) : undefined
  // A zero (unset) divisor means 1.
  const divisor = parsedDivisor && parsedDivisor.mantissa !== 0n ? parsedDivisor : readQuantity('1')
  const [kind, resourceName] = splitResource(selector.resource)
  if (!kind) return ''
  const text = (kind === 'limits' ? container.resources?.limits : container.resources?.requests)?.[
    resourceName
  ]
  const quantity = (text !== undefined ? tryQuantity(text) : undefined) ?? readQuantity('0')
  if (resourceName === 'cpu') return String(Math.ceil(scaledValue(quantity, 3) / scaledValue(divisor, 3)))
  if (
    resourceName === 'memory' ||
    resourceName === 'ephemeral-storage' ||
    resourceName.startsWith('hugepages-')
  ) {
    return String(Math.ceil(scaledValue(quantity, 0) / scaledValue(divisor, 0)))
  }
  return ''
}

function splitResource(resource: string): [kind: 'limits' | 'requests' | undefined, name: string] {
  const dot = resource.indexOf('.')
  const kind = resource.slice(0, dot)
  return kind === 'limits' || kind === 'requests' ? [kind, resource.slice(dot + 1)] : [undefined, resource]
}

function describeContainerVolumes(w: PrefixWriter, container: Container): void {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => compareStrings(a.mountPath, b.mountPath))
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`)
  for (const mount of mounts) {
    const flags = [mount.readOnly ? 'ro' : 'rw']
    if (mount.subPath) flags.push(`path=${JSON.stringify(mount.subPath)}`)
    w.write(LEVEL_3, `${mount.mountPath} from ${mount.name} (${flags.join(',')})\n`)
  }
  const devices = [...(container.volumeDevices ?? [])].sort((a, b) =>
    compareStrings(a.devicePath, b.devicePath)
  )
  if (devices.length > 0) {
    // kubectl reuses the mounts' `<none>` suffix here: with devices but no mounts it prints
    // `Devices:\t<none>` above the device lines.
    w.write(LEVEL_2, `Devices:${mounts.length === 0 ? '\t<none>' : ''}\n`)
    for (const device of devices) w.write(LEVEL_3, `${device.devicePath} from ${device.name}\n`)
  }
}
