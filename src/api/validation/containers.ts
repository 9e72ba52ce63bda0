/**
 * Containers and init containers of a pod template (validateContainers, validateInitContainers
 * and validateContainerCommon of pkg/apis/core/validation): names, image, env and envFrom,
 * ports, probes and lifecycle hooks, volume mounts, pull policy, resources, and container-level
 * restartPolicy and restartPolicyRules (validateInitContainerRestartPolicy and
 * validateContainerRestartPolicy): ContainerRestartRules (KEP-5307) and
 * RestartAllContainersOnContainerExits are beta and on by default in pkg/features/kube_features.go,
 * so every container may set them; `restartPolicy: Always` still makes an init container a sidecar.
 */
import type { V1Container, V1ContainerPort, V1Volume, V1VolumeMount } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { validateEnv, validateEnvFrom } from './env.js'
import {
  duplicate,
  forbidden,
  inclusiveRangeError,
  invalid,
  invalidNamed,
  notFound,
  notSupported,
  required,
  tooMany
} from './errorBuilders.js'
import { isValidPortName, isValidPortNum, validateDNS1123Label } from './names.js'
import { validateLifecycle, validateProbes } from './probes.js'
import { validateResourceRequirements } from './resources.js'
import { validateSecurityContext } from './securityContext.js'
import { validateLocalDescendingPath } from './volumes.js'

export interface ContainerContext {
  /** Volumes that validated, by name. */
  volumes: ReadonlyMap<string, V1Volume>
  podClaimNames: ReadonlySet<string>
  /** The pod's terminationGracePeriodSeconds: the bound of sleep hooks (none when unset). */
  gracePeriod: number | undefined
  /** The pod's restartPolicy, which bounds the containers' resizePolicy. */
  podRestartPolicy: string
  /** The pod's hostUsers, true unless set to false: `procMount: Unmasked` needs false. */
  hostUsers: boolean
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
    if (container.lifecycle) {
      errors.push(...validateLifecycle(container.lifecycle, ctx.gracePeriod, `${path}.lifecycle`))
    }
    errors.push(...validateProbes(container, path))
    errors.push(...validateContainerRestartPolicy(container, path))
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
    // validateInitContainerRestartPolicy: rules need a policy; then as for any container.
    if (container.restartPolicy === undefined && container.restartPolicyRules?.length) {
      errors.push(required(`${path}.restartPolicy`, restartRulesNeedPolicy))
    } else errors.push(...validateContainerRestartPolicy(container, path))
    const sidecar = container.restartPolicy === 'Always'
    if (names.has(container.name)) errors.push(duplicate(`${path}.name`, container.name))
    else if (container.name) names.add(container.name)
    errors.push(...hostPortConflicts([container], field))
    if (sidecar) {
      if (container.lifecycle) {
        errors.push(...validateLifecycle(container.lifecycle, ctx.gracePeriod, `${path}.lifecycle`))
      }
      errors.push(...validateProbes(container, path))
    } else {
      const onlySidecars = 'may not be set for init containers without restartPolicy=Always'
      if (container.lifecycle) errors.push(forbidden(`${path}.lifecycle`, onlySidecars))
      if (container.livenessProbe) errors.push(forbidden(`${path}.livenessProbe`, onlySidecars))
      if (container.readinessProbe) errors.push(forbidden(`${path}.readinessProbe`, onlySidecars))
      if (container.startupProbe) errors.push(forbidden(`${path}.startupProbe`, onlySidecars))
    }
    // AllowSidecarResizePolicy follows InPlacePodVerticalScaling (GA), so any init container may
    // set a resizePolicy; AllowExistingRestartContainerForNonSidecarInitContainer is off on create.
    if (!sidecar) {
      ;(container.resizePolicy ?? []).forEach((policy, j) => {
        if (policy.restartPolicy !== 'RestartContainer') return
        errors.push(
          invalidNamed(
            `${path}.resizePolicy[${j}].restartPolicy`,
            policy.restartPolicy,
            "must not be set to 'RestartContainer' for non-sidecar initContainers"
          )
        )
      })
    }
  })
  return errors
}

const restartRulesNeedPolicy = 'must specify restartPolicy when restart rules are used'
const containerRestartPolicies = ['Always', 'Never', 'OnFailure']
const restartRuleActions = ['Restart', 'RestartAllContainers']
const exitCodeOperators = ['In', 'NotIn']

function validateContainerRestartPolicy(container: V1Container, path: string): FieldError[] {
  const errors: FieldError[] = []
  const { restartPolicy: policy, restartPolicyRules: rules = [] } = container
  if (policy === undefined) {
    if (rules.length === 0) return []
    errors.push(required(`${path}.restartPolicy`, restartRulesNeedPolicy))
  } else if (!containerRestartPolicies.includes(policy)) {
    errors.push(notSupported(`${path}.restartPolicy`, policy, containerRestartPolicies))
  }
  if (rules.length > 20) errors.push(tooMany(`${path}.restartPolicyRules`, rules.length, 20))
  rules.forEach((rule, i) => {
    const rulePath = `${path}.restartPolicyRules[${i}]`
    if (!restartRuleActions.includes(rule.action)) {
      errors.push(notSupported(`${rulePath}.action`, rule.action ?? '', restartRuleActions))
    }
    if (!rule.exitCodes) {
      errors.push(required(`${rulePath}.exitCodes`, 'must be specified'))
      return
    }
    const { operator, values = [] } = rule.exitCodes
    if (!exitCodeOperators.includes(operator)) {
      errors.push(notSupported(`${rulePath}.exitCodes.operator`, operator ?? '', exitCodeOperators))
    }
    if (values.length > 255) errors.push(tooMany(`${rulePath}.exitCodes.values`, values.length, 255))
  })
  return errors
}

/** validateContainerCommon: the rules every container follows, ephemeral ones included. */
export function validateContainerCommon(
  container: V1Container,
  ctx: ContainerContext,
  path: string
): FieldError[] {
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
  errors.push(...validateResizePolicy(container, ctx.podRestartPolicy, `${path}.resizePolicy`))
  errors.push(...validateSecurityContext(container.securityContext, ctx.hostUsers, `${path}.securityContext`))
  return errors
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never']

function validatePullPolicy(policy: string | undefined, field: string): FieldError[] {
  if (!policy) return [required(field)]
  return pullPolicies.includes(policy) ? [] : [notSupported(field, policy, pullPolicies)]
}

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
    else if (!protocols.includes(port.protocol)) {
      errors.push(notSupported(`${path}.protocol`, port.protocol, protocols))
    }
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

const mountPropagations = ['Bidirectional', 'HostToContainer', 'None']

function validateVolumeMounts(
  container: V1Container,
  volumes: ReadonlyMap<string, V1Volume>,
  field: string
): FieldError[] {
  const errors: FieldError[] = []
  const mountPaths = new Set<string>()
  const devices = container.volumeDevices ?? []
  const mounts: readonly V1VolumeMount[] = container.volumeMounts ?? []
  mounts.forEach((mount, i) => {
    const path = `${field}[${i}]`
    if (!mount.name) errors.push(required(`${path}.name`))
    if (!volumes.has(mount.name)) errors.push(notFound(`${path}.name`, mount.name ?? ''))
    if (!mount.mountPath) errors.push(required(`${path}.mountPath`))
    if (mountPaths.has(mount.mountPath)) {
      errors.push(invalid(`${path}.mountPath`, mount.mountPath, 'must be unique'))
    }
    mountPaths.add(mount.mountPath)
    if (devices.some(d => d.name === mount.name)) {
      errors.push(invalid(`${path}.name`, mount.name, 'must not already exist in volumeDevices'))
    }
    if (devices.some(d => d.devicePath === mount.mountPath)) {
      errors.push(
        invalid(`${path}.mountPath`, mount.mountPath, 'must not already exist as a path in volumeDevices')
      )
    }
    if (mount.subPath) errors.push(...validateLocalDescendingPath(mount.subPath, `${field}.subPath`))
    if (mount.subPathExpr) {
      if (mount.subPath) {
        errors.push(
          invalid(`${path}.subPathExpr`, mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive')
        )
      }
      errors.push(...validateLocalDescendingPath(mount.subPathExpr, `${field}.subPathExpr`))
    }
    if (mount.mountPropagation !== undefined) {
      const propagationPath = `${field}.mountPropagation`
      if (!mountPropagations.includes(mount.mountPropagation)) {
        errors.push(notSupported(propagationPath, mount.mountPropagation, mountPropagations))
      }
      if (mount.mountPropagation === 'Bidirectional' && !container.securityContext?.privileged) {
        errors.push(
          forbidden(
            propagationPath,
            'Bidirectional mount propagation is available only to privileged containers'
          )
        )
      }
    }
    errors.push(...validateMountRecursiveReadOnly(mount, `${field}.recursiveReadOnly`))
  })
  return errors
}

const recursiveReadOnlyModes = ['Disabled', 'Enabled', 'IfPossible']

/** validateMountRecursiveReadOnly: Enabled and IfPossible need a read-only, private mount. */
function validateMountRecursiveReadOnly(mount: V1VolumeMount, field: string): FieldError[] {
  const mode = mount.recursiveReadOnly
  if (mode === undefined || mode === 'Disabled') return []
  if (!recursiveReadOnlyModes.includes(mode)) return [notSupported(field, mode, recursiveReadOnlyModes)]
  const errors: FieldError[] = []
  if (!mount.readOnly) errors.push(forbidden(field, 'may only be specified when readOnly is true'))
  if (mount.mountPropagation !== undefined && mount.mountPropagation !== 'None') {
    errors.push(forbidden(field, 'may only be specified when mountPropagation is None or not specified'))
  }
  return errors
}

function validateVolumeDevices(
  container: V1Container,
  volumes: ReadonlyMap<string, V1Volume>,
  field: string
): FieldError[] {
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
        invalid(
          `${path}.name`,
          device.name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'
        )
      )
    }
    if (!volume) errors.push(notFound(`${path}.name`, device.name ?? ''))
    if (!device.devicePath) errors.push(required(`${path}.devicePath`))
    if (paths.has(device.devicePath)) {
      errors.push(invalid(`${path}.devicePath`, device.devicePath, 'must be unique'))
    }
    if (device.devicePath && device.devicePath.split('/').includes('..')) {
      errors.push(invalid(`${path}.devicePath`, device.devicePath, "can not contain backsteps ('..')"))
    } else paths.add(device.devicePath)
    if (mounts.some(m => m.name === device.name)) {
      errors.push(invalid(`${path}.name`, device.name, 'must not already exist in volumeMounts'))
    }
    if (mounts.some(m => m.mountPath === device.devicePath)) {
      errors.push(
        invalid(`${path}.devicePath`, device.devicePath, 'must not already exist as a path in volumeMounts')
      )
    }
    if (device.name) names.add(device.name)
  })
  return errors
}

const resizeResources = ['cpu', 'memory']
const resizeRestartPolicies = ['NotRequired', 'RestartContainer']

/** validateResizePolicy: errors at the list's path, but for the duplicates. */
function validateResizePolicy(container: V1Container, podRestartPolicy: string, field: string): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  ;(container.resizePolicy ?? []).forEach((policy, i) => {
    const resource = policy.resourceName ?? ''
    const restart = policy.restartPolicy ?? ''
    if (seen.has(resource)) errors.push({ ...duplicate(`${field}[${i}]`, resource), namedString: true })
    seen.add(resource)
    if (!resource) errors.push(required(field))
    else if (!resizeResources.includes(resource)) errors.push(notSupported(field, resource, resizeResources))
    if (!restart) errors.push(required(field))
    else if (!resizeRestartPolicies.includes(restart)) {
      errors.push(notSupported(field, restart, resizeRestartPolicies))
    }
    if (podRestartPolicy === 'Never' && restart !== 'NotRequired') {
      errors.push(invalidNamed(field, restart, "must be 'NotRequired' when pod `restartPolicy` is 'Never'"))
    }
  })
  return errors
}
