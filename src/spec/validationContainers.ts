/**
 * Containers and init containers of a pod template (validateContainers, validateInitContainers
 * and validateContainerCommon of pkg/apis/core/validation): names, image, env and envFrom,
 * ports, probes and lifecycle hooks, volume mounts, pull policy, resources, and the
 * `restartPolicy: Always` that makes an init container a sidecar.
 */
import type {
  V1Container,
  V1ContainerPort,
  V1EnvFromSource,
  V1EnvVar,
  V1LifecycleHandler,
  V1Probe,
  V1Volume,
  V1VolumeMount
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { validateResourceRequirements } from './validationResources.js'
import {
  duplicate,
  forbidden,
  inclusiveRangeError,
  invalid,
  isConfigMapKey,
  isEnvVarName,
  maxLenError,
  nameIsDNSSubdomain,
  notFound,
  notSupported,
  required,
  validateDNS1123Label,
  validateNonnegativeField,
  regexError
} from './validationNames.js'
import {
  validateContainerResourceFieldSelector,
  validateLocalDescendingPath,
  validateObjectFieldSelector
} from './validationVolumes.js'

export interface ContainerContext {
  /** Volumes that validated, by name. */
  volumes: ReadonlyMap<string, V1Volume>
  podClaimNames: ReadonlySet<string>
}

export function validateContainers(
  containers: readonly V1Container[] | undefined,
  ctx: ContainerContext,
  field: string
): FieldError[] {
  if (!containers || containers.length === 0) return [required(field)]
  const errors: FieldError[] = []
  const names = new Set<string>()
  containers.forEach((container, i) => {
    const path = `${field}[${i}]`
    errors.push(...validateContainerCommon(container, ctx, path))
    if (names.has(container.name)) errors.push(duplicate(`${path}.name`, container.name))
    else names.add(container.name)
    if (container.lifecycle) errors.push(...validateLifecycle(container.lifecycle, `${path}.lifecycle`))
    errors.push(...validateProbes(container, path))
    if (container.restartPolicy !== undefined) {
      errors.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'))
    }
  })
  errors.push(...hostPortConflicts(containers, field))
  return errors
}

export function validateInitContainers(
  initContainers: readonly V1Container[] | undefined,
  containers: readonly V1Container[] | undefined,
  ctx: ContainerContext,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set((containers ?? []).map(c => c.name))
  ;(initContainers ?? []).forEach((container, i) => {
    const path = `${field}[${i}]`
    errors.push(...validateContainerCommon(container, ctx, path))
    let sidecar = false
    if (container.restartPolicy !== undefined) {
      if (container.restartPolicy !== 'Always') {
        errors.push(notSupported(`${path}.restartPolicy`, container.restartPolicy, ['Always']))
      }
      sidecar = container.restartPolicy === 'Always'
    }
    if (names.has(container.name)) errors.push(duplicate(`${path}.name`, container.name))
    else if (container.name) names.add(container.name)
    errors.push(...hostPortConflicts([container], field))
    if (sidecar) {
      if (container.lifecycle) errors.push(...validateLifecycle(container.lifecycle, `${path}.lifecycle`))
      errors.push(...validateProbes(container, path))
    } else {
      const onlySidecars = 'may not be set for init containers without restartPolicy=Always'
      if (container.lifecycle) errors.push(forbidden(`${path}.lifecycle`, onlySidecars))
      if (container.livenessProbe) errors.push(forbidden(`${path}.livenessProbe`, onlySidecars))
      if (container.readinessProbe) errors.push(forbidden(`${path}.readinessProbe`, onlySidecars))
      if (container.startupProbe) errors.push(forbidden(`${path}.startupProbe`, onlySidecars))
    }
    if (container.resizePolicy && container.resizePolicy.length > 0 && !sidecar) {
      const policies = container.resizePolicy.map(p => ({ ResourceName: p.resourceName, RestartPolicy: p.restartPolicy }))
      errors.push(invalid(`${path}.resizePolicy`, policies, 'must not be set for init containers'))
    }
  })
  return errors
}

function validateContainerCommon(container: V1Container, ctx: ContainerContext, path: string): FieldError[] {
  const errors: FieldError[] = []
  if (!container.name) errors.push(required(`${path}.name`))
  else errors.push(...validateDNS1123Label(container.name, `${path}.name`))
  if (!container.image) errors.push(required(`${path}.image`))
  const policy = container.terminationMessagePolicy
  if (!policy) errors.push(required(`${path}.terminationMessagePolicy`))
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errors.push(notSupported(`${path}.terminationMessagePolicy`, policy, ['File', 'FallbackToLogsOnError']))
  }
  errors.push(...validateContainerPorts(container.ports, `${path}.ports`))
  errors.push(...validateEnv(container.env, `${path}.env`))
  errors.push(...validateEnvFrom(container.envFrom, `${path}.envFrom`))
  errors.push(...validateVolumeMounts(container, ctx.volumes, `${path}.volumeMounts`))
  errors.push(...validateVolumeDevices(container, ctx.volumes, `${path}.volumeDevices`))
  errors.push(...validatePullPolicy(container.imagePullPolicy, `${path}.imagePullPolicy`))
  errors.push(...validateResourceRequirements(container.resources, ctx.podClaimNames, `${path}.resources`))
  errors.push(...validateResizePolicy(container, `${path}.resizePolicy`))
  return errors
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never']

function validatePullPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy) return [required(field)]
  return pullPolicies.includes(policy) ? [] : [notSupported(field, policy, pullPolicies)]
}

function isValidPortName(name: string): string[] {
  const errors: string[] = []
  if (name.length > 15) errors.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(name)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)')
  if (name.includes('--')) errors.push('must not contain consecutive hyphens')
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen')
  return errors
}

const isValidPortNum = (port: number): boolean => port >= 1 && port <= 65535
const protocols = ['SCTP', 'TCP', 'UDP']

function validateContainerPorts(ports: readonly V1ContainerPort[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  ;(ports ?? []).forEach((port, i) => {
    const path = `${field}[${i}]`
    if (port.name) {
      const messages = isValidPortName(port.name)
      if (messages.length > 0) errors.push(...messages.map(msg => invalid(`${path}.name`, port.name, msg)))
      else if (names.has(port.name)) errors.push(duplicate(`${path}.name`, port.name))
      else names.add(port.name)
    }
    if (!port.containerPort) errors.push(required(`${path}.containerPort`))
    else if (!isValidPortNum(port.containerPort)) {
      errors.push(invalid(`${path}.containerPort`, port.containerPort, inclusiveRangeError(1, 65535)))
    }
    if (port.hostPort && !isValidPortNum(port.hostPort)) {
      errors.push(invalid(`${path}.hostPort`, port.hostPort, inclusiveRangeError(1, 65535)))
    }
    if (!port.protocol) errors.push(required(`${path}.protocol`))
    else if (!protocols.includes(port.protocol)) errors.push(notSupported(`${path}.protocol`, port.protocol, protocols))
  })
  return errors
}

function hostPortConflicts(containers: readonly V1Container[], field: string): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  containers.forEach((container, i) => {
    ;(container.ports ?? []).forEach((port, j) => {
      if (!port.hostPort) return
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`
      if (seen.has(key)) errors.push(duplicate(`${field}[${i}].ports[${j}].hostPort`, key))
      seen.add(key)
    })
  })
  return errors
}

const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs'
]

export function validateEnv(env: readonly V1EnvVar[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  ;(env ?? []).forEach((variable, i) => {
    const path = `${field}[${i}]`
    if (!variable.name) errors.push(required(`${path}.name`))
    else errors.push(...isEnvVarName(variable.name).map(msg => invalid(`${path}.name`, variable.name, msg)))
    errors.push(...validateEnvVarValueFrom(variable, `${path}.valueFrom`))
  })
  return errors
}

function validateEnvVarValueFrom(variable: V1EnvVar, field: string): FieldError[] {
  const from = variable.valueFrom
  if (!from) return []
  const errors: FieldError[] = []
  let sources = 0
  if (from.fieldRef) {
    sources++
    errors.push(...validateObjectFieldSelector(from.fieldRef, envFieldPaths, `${field}.fieldRef`))
  }
  if (from.resourceFieldRef) {
    sources++
    errors.push(...validateContainerResourceFieldSelector(from.resourceFieldRef, `${field}.resourceFieldRef`, false))
  }
  if (from.configMapKeyRef) {
    sources++
    errors.push(...validateKeySelector(from.configMapKeyRef, `${field}.configMapKeyRef`))
  }
  if (from.secretKeyRef) {
    sources++
    errors.push(...validateKeySelector(from.secretKeyRef, `${field}.secretKeyRef`))
  }
  if (sources === 0) {
    errors.push(invalid(field, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'))
  } else if (variable.value) {
    errors.push(invalid(field, '', 'may not be specified when `value` is not empty'))
  } else if (sources > 1) {
    errors.push(invalid(field, '', 'may not have more than one field specified at a time'))
  }
  return errors
}

/** validateConfigMapKeySelector / validateSecretKeySelector: the name is checked even when empty. */
function validateKeySelector(selector: { name?: string; key: string }, field: string): FieldError[] {
  const name = selector.name ?? ''
  const errors = nameIsDNSSubdomain(name, false).map(msg => invalid(`${field}.name`, name, msg))
  if (!selector.key) errors.push(required(`${field}.key`))
  else errors.push(...isConfigMapKey(selector.key).map(msg => invalid(`${field}.key`, selector.key, msg)))
  return errors
}

export function validateEnvFrom(envFrom: readonly V1EnvFromSource[] | undefined, field: string): FieldError[] {
  const errors: FieldError[] = []
  ;(envFrom ?? []).forEach((source, i) => {
    const path = `${field}[${i}]`
    if (source.prefix) errors.push(...isEnvVarName(source.prefix).map(msg => invalid(`${path}.prefix`, source.prefix, msg)))
    let sources = 0
    for (const [ref, key] of [
      [source.configMapRef, 'configMapRef'],
      [source.secretRef, 'secretRef']
    ] as const) {
      if (!ref) continue
      sources++
      const name = ref.name ?? ''
      if (!name) errors.push(required(`${path}.${key}.name`))
      else errors.push(...nameIsDNSSubdomain(name, true).map(msg => invalid(`${path}.${key}.name`, name, msg)))
    }
    if (sources === 0) errors.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'))
    else if (sources > 1) errors.push(invalid(field, '', 'may not have more than one field specified at a time'))
  })
  return errors
}

const mountPropagations = ['Bidirectional', 'HostToContainer', 'None']

function validateVolumeMounts(container: V1Container, volumes: ReadonlyMap<string, V1Volume>, field: string): FieldError[] {
  const errors: FieldError[] = []
  const mountPaths = new Set<string>()
  const devices = container.volumeDevices ?? []
  const mounts: readonly V1VolumeMount[] = container.volumeMounts ?? []
  mounts.forEach((mount, i) => {
    const path = `${field}[${i}]`
    if (!mount.name) errors.push(required(`${path}.name`))
    if (!volumes.has(mount.name)) errors.push(notFound(`${path}.name`, mount.name))
    if (!mount.mountPath) errors.push(required(`${path}.mountPath`))
    if (mountPaths.has(mount.mountPath)) errors.push(invalid(`${path}.mountPath`, mount.mountPath, 'must be unique'))
    mountPaths.add(mount.mountPath)
    if (devices.some(d => d.name === mount.name)) {
      errors.push(invalid(`${path}.name`, mount.name, 'must not already exist in volumeDevices'))
    }
    if (devices.some(d => d.devicePath === mount.mountPath)) {
      errors.push(invalid(`${path}.mountPath`, mount.mountPath, 'must not already exist as a path in volumeDevices'))
    }
    if (mount.subPath) errors.push(...validateLocalDescendingPath(mount.subPath, `${field}.subPath`))
    if (mount.subPathExpr) {
      if (mount.subPath) {
        errors.push(invalid(`${path}.subPathExpr`, mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'))
      }
      errors.push(...validateLocalDescendingPath(mount.subPathExpr, `${field}.subPathExpr`))
    }
    if (mount.mountPropagation !== undefined) {
      const propagationPath = `${field}.mountPropagation`
      if (!mountPropagations.includes(mount.mountPropagation)) {
        errors.push(notSupported(propagationPath, mount.mountPropagation, mountPropagations))
      }
      if (mount.mountPropagation === 'Bidirectional' && !container.securityContext?.privileged) {
        errors.push(forbidden(propagationPath, 'Bidirectional mount propagation is available only to privileged containers'))
      }
    }
  })
  return errors
}

function validateVolumeDevices(container: V1Container, volumes: ReadonlyMap<string, V1Volume>, field: string): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  const paths = new Set<string>()
  const mounts = container.volumeMounts ?? []
  ;(container.volumeDevices ?? []).forEach((device, i) => {
    const path = `${field}[${i}]`
    const volume = volumes.get(device.name)
    if (!device.name) errors.push(required(`${path}.name`))
    if (names.has(device.name)) errors.push(invalid(`${path}.name`, device.name, 'must be unique'))
    if (volume && !volume.persistentVolumeClaim && !volume.ephemeral) {
      errors.push(
        invalid(`${path}.name`, device.name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode')
      )
    }
    if (!volume) errors.push(notFound(`${path}.name`, device.name))
    if (!device.devicePath) errors.push(required(`${path}.devicePath`))
    if (paths.has(device.devicePath)) errors.push(invalid(`${path}.devicePath`, device.devicePath, 'must be unique'))
    if (device.devicePath && device.devicePath.split('/').includes('..')) {
      errors.push(invalid(`${path}.devicePath`, device.devicePath, "can not contain backsteps ('..')"))
    } else paths.add(device.devicePath)
    if (mounts.some(m => m.name === device.name)) {
      errors.push(invalid(`${path}.name`, device.name, 'must not already exist in volumeMounts'))
    }
    if (mounts.some(m => m.mountPath === device.devicePath)) {
      errors.push(invalid(`${path}.devicePath`, device.devicePath, 'must not already exist as a path in volumeMounts'))
    }
    if (device.name) names.add(device.name)
  })
  return errors
}

function validateResizePolicy(container: V1Container, field: string): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  ;(container.resizePolicy ?? []).forEach((policy, i) => {
    const path = `${field}[${i}]`
    if (seen.has(policy.resourceName)) errors.push(duplicate(`${path}.resourceName`, policy.resourceName))
    seen.add(policy.resourceName)
    if (policy.resourceName !== 'cpu' && policy.resourceName !== 'memory') {
      errors.push(notSupported(`${path}.resourceName`, policy.resourceName, ['cpu', 'memory']))
    }
    if (policy.restartPolicy !== 'NotRequired' && policy.restartPolicy !== 'RestartContainer') {
      errors.push(notSupported(`${path}.restartPolicy`, policy.restartPolicy, ['NotRequired', 'RestartContainer']))
    }
  })
  return errors
}

function validateProbes(container: V1Container, path: string): FieldError[] {
  const errors: FieldError[] = []
  const liveness = container.livenessProbe
  if (liveness) {
    errors.push(...validateProbe(liveness, `${path}.livenessProbe`))
    if (liveness.successThreshold !== 1) {
      errors.push(invalid(`${path}.livenessProbe.successThreshold`, liveness.successThreshold ?? 0, 'must be 1'))
    }
  }
  const readiness = container.readinessProbe
  if (readiness) {
    errors.push(...validateProbe(readiness, `${path}.readinessProbe`))
    if (readiness.terminationGracePeriodSeconds !== undefined) {
      errors.push(
        invalid(
          `${path}.readinessProbe.terminationGracePeriodSeconds`,
          readiness.terminationGracePeriodSeconds,
          'must not be set for readinessProbes'
        )
      )
    }
  }
  const startup = container.startupProbe
  if (startup) {
    errors.push(...validateProbe(startup, `${path}.startupProbe`))
    if (startup.successThreshold !== 1) {
      errors.push(invalid(`${path}.startupProbe.successThreshold`, startup.successThreshold ?? 0, 'must be 1'))
    }
  }
  return errors
}

function validateProbe(probe: V1Probe, path: string): FieldError[] {
  const errors = validateHandler(probe, path)
  errors.push(...validateNonnegativeField(probe.initialDelaySeconds ?? 0, `${path}.initialDelaySeconds`))
  errors.push(...validateNonnegativeField(probe.timeoutSeconds ?? 0, `${path}.timeoutSeconds`))
  errors.push(...validateNonnegativeField(probe.periodSeconds ?? 0, `${path}.periodSeconds`))
  errors.push(...validateNonnegativeField(probe.successThreshold ?? 0, `${path}.successThreshold`))
  errors.push(...validateNonnegativeField(probe.failureThreshold ?? 0, `${path}.failureThreshold`))
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    errors.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'))
  }
  return errors
}

function validateLifecycle(lifecycle: NonNullable<V1Container['lifecycle']>, path: string): FieldError[] {
  const errors: FieldError[] = []
  if (lifecycle.postStart) errors.push(...validateHandler(lifecycle.postStart, `${path}.postStart`))
  if (lifecycle.preStop) errors.push(...validateHandler(lifecycle.preStop, `${path}.preStop`))
  return errors
}

const httpSchemes = ['HTTP', 'HTTPS']

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
function validateHandler(handler: V1Probe | V1LifecycleHandler, path: string): FieldError[] {
  const errors: FieldError[] = []
  let count = 0
  const one = (present: unknown, key: string, check: () => FieldError[]): void => {
    if (present === undefined) return
    if (count > 0) errors.push(forbidden(`${path}.${key}`, 'may not specify more than 1 handler type'))
    else {
      count++
      errors.push(...check())
    }
  }
  one(handler.exec, 'exec', () => (handler.exec?.command?.length ? [] : [required(`${path}.exec.command`)]))
  one(handler.httpGet, 'httpGet', () => {
    const http = handler.httpGet!
    const found: FieldError[] = []
    if (!http.path) found.push(required(`${path}.httpGet.path`))
    found.push(...validatePortNumOrName(http.port, `${path}.httpGet.port`))
    if (!httpSchemes.includes(http.scheme ?? '')) found.push(notSupported(`${path}.httpGet.scheme`, http.scheme ?? '', httpSchemes))
    for (const header of http.httpHeaders ?? []) {
      if (!/^[-A-Za-z0-9]+$/.test(header.name)) {
        found.push(
          invalid(
            `${path}.httpGet.httpHeaders`,
            header.name,
            regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')
          )
        )
      }
    }
    return found
  })
  one(handler.tcpSocket, 'tcpSocket', () => validatePortNumOrName(handler.tcpSocket!.port, `${path}.tcpSocket.port`))
  if ('grpc' in handler) one(handler.grpc, 'grpc', () => validatePortNumOrName(handler.grpc!.port, `${path}.grpc.port`))
  if ('sleep' in handler) {
    one(handler.sleep, 'sleep', () =>
      (handler.sleep?.seconds ?? 0) < 0
        ? [invalid(`${path}.sleep.seconds`, handler.sleep!.seconds, 'must be non-negative integer')]
        : []
    )
  }
  if (count === 0) errors.push(required(path, 'must specify a handler type'))
  return errors
}

function validatePortNumOrName(port: number | string, field: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port) ? [] : [invalid(field, port, inclusiveRangeError(1, 65535))]
  return isValidPortName(port).map(msg => invalid(field, port, msg))
}
