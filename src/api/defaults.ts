/**
 * Defaulting as the API server applies it to a Job on create: SetDefaults_Job of
 * pkg/apis/batch/v1/defaults.go and the core v1 defaults of the pod template (defaults.go of
 * pkg/apis/core/v1), then the strategy's PrepareForCreate (generated selector and labels,
 * generation 1, empty status) and the system metadata (uid, creationTimestamp).
 */
import type {
  V1Container,
  V1HTTPGetAction,
  V1Lifecycle,
  V1ObjectFieldSelector,
  V1PodSpec,
  V1Probe,
  V1Volume
} from '@kubernetes/client-node'
import type { DefaultedJob, Job, Secret } from './model.js'
import { quantityString, readQuantity } from './quantity.js'
import { controllerUidLabel, jobNameLabel, legacyControllerUidLabel, legacyJobNameLabel } from './model.js'

const maxInt32 = 2 ** 31 - 1

/**
 * SetDefaults_Job. Returns whether the Job's labels were taken from the template: the two then
 * share one map in the API server, so the labels the selector generation adds reach the Job too.
 */
export function setJobDefaults(job: Job): { job: DefaultedJob; labelsFromTemplate: boolean } {
  const spec = job.spec
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1
    spec.parallelism = 1
  }
  spec.parallelism ??= 1
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? maxInt32 : 6
  const templateLabels = spec.template.metadata?.labels
  const labelsFromTemplate =
    templateLabels !== undefined && Object.keys(job.metadata.labels ?? {}).length === 0
  if (labelsFromTemplate) job.metadata.labels = { ...templateLabels }
  spec.completionMode ??= 'NonIndexed'
  spec.suspend ??= false
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) pattern.status ||= 'True'
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed'
  spec.manualSelector ??= false
  setPodSpecDefaults(spec.template.spec)
  return { job: job as DefaultedJob, labelsFromTemplate }
}

/** SetDefaults_PodSpec and the defaults of everything a pod spec holds. */
export function setPodSpecDefaults(spec: V1PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst'
  spec.restartPolicy ||= 'Always'
  spec.securityContext ??= {}
  spec.terminationGracePeriodSeconds ??= 30
  spec.schedulerName ||= 'default-scheduler'
  for (const volume of spec.volumes ?? []) setVolumeDefaults(volume)
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    setContainerDefaults(container)
  }
  for (const container of spec.ephemeralContainers ?? []) setContainerDefaults(container as V1Container)
  if (spec.overhead) spec.overhead = roundResourceList(spec.overhead)
}

function setContainerDefaults(container: V1Container): void {
  container.imagePullPolicy ||= defaultPullPolicy(container.image ?? '')
  container.terminationMessagePath ||= '/dev/termination-log'
  container.terminationMessagePolicy ||= 'File'
  for (const port of container.ports ?? []) port.protocol ||= 'TCP'
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.fieldRef) setFieldSelectorDefaults(variable.valueFrom.fieldRef)
  }
  // The Go struct is not a pointer: it is always there, as {} when empty.
  container.resources ??= {}
  if (container.resources.limits) container.resources.limits = roundResourceList(container.resources.limits)
  if (container.resources.requests) {
    container.resources.requests = roundResourceList(container.resources.requests)
  }
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    if (probe) setProbeDefaults(probe)
  }
  if (container.lifecycle) setLifecycleDefaults(container.lifecycle)
}

function setProbeDefaults(probe: V1Probe): void {
  probe.timeoutSeconds ||= 1
  probe.periodSeconds ||= 10
  probe.successThreshold ||= 1
  probe.failureThreshold ||= 3
  if (probe.httpGet) setHTTPGetDefaults(probe.httpGet)
}

function setLifecycleDefaults(lifecycle: V1Lifecycle): void {
  for (const handler of [lifecycle.postStart, lifecycle.preStop]) {
    if (handler?.httpGet) setHTTPGetDefaults(handler.httpGet)
  }
}

function setHTTPGetDefaults(action: V1HTTPGetAction): void {
  action.path ||= '/'
  action.scheme ||= 'HTTP'
}

function setFieldSelectorDefaults(selector: V1ObjectFieldSelector): void {
  selector.apiVersion ||= 'v1'
}

const defaultMode = 0o644

function setVolumeDefaults(volume: V1Volume): void {
  const sources = Object.keys(volume).filter(key => key !== 'name')
  if (sources.length === 0) volume.emptyDir = {}
  if (volume.hostPath) volume.hostPath.type ??= ''
  if (volume.secret) volume.secret.defaultMode ??= defaultMode
  if (volume.configMap) volume.configMap.defaultMode ??= defaultMode
  if (volume.downwardAPI) {
    volume.downwardAPI.defaultMode ??= defaultMode
    for (const item of volume.downwardAPI.items ?? []) {
      if (item.fieldRef) setFieldSelectorDefaults(item.fieldRef)
    }
  }
  if (volume.projected) {
    volume.projected.defaultMode ??= defaultMode
    for (const source of volume.projected.sources ?? []) {
      if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= 3600
      for (const item of source.downwardAPI?.items ?? []) {
        if (item.fieldRef) setFieldSelectorDefaults(item.fieldRef)
      }
    }
  }
  if (volume.iscsi) volume.iscsi.iscsiInterface ||= 'default'
  if (volume.rbd) {
    volume.rbd.pool ||= 'rbd'
    volume.rbd.user ||= 'admin'
    volume.rbd.keyring ||= '/etc/ceph/keyring'
  }
  if (volume.azureDisk) {
    volume.azureDisk.cachingMode ??= 'ReadWrite'
    volume.azureDisk.kind ??= 'Shared'
    volume.azureDisk.fsType ??= 'ext4'
    volume.azureDisk.readOnly ??= false
  }
  if (volume.scaleIO) {
    volume.scaleIO.storageMode ||= 'ThinProvisioned'
    volume.scaleIO.fsType ||= 'xfs'
  }
  if (volume.image) volume.image.pullPolicy ||= defaultPullPolicy(volume.image.reference ?? '')
  const claim = volume.ephemeral?.volumeClaimTemplate?.spec
  if (claim) claim.volumeMode ??= 'Filesystem'
}

/** SetDefaults_ResourceList: quantities are rounded up to milli precision. */
function roundResourceList(list: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(list)) {
    const quantity = readQuantity(value)
    if (quantity.scale >= -3) result[name] = value
    else {
      const divisor = 10n ** BigInt(-3 - quantity.scale)
      const magnitude = quantity.mantissa < 0n ? -quantity.mantissa : quantity.mantissa
      const rounded = (magnitude + divisor - 1n) / divisor
      result[name] = quantityString({
        mantissa: quantity.mantissa < 0n ? -rounded : rounded,
        scale: -3,
        format: quantity.format
      })
    }
  }
  return result
}

const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`
const imageReference = new RegExp(
  `^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`
)

/**
 * SetDefaults_Container: Always for the tag `latest` or no tag, else IfNotPresent (also when the
 * image cannot be parsed, or names only a digest).
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const match = imageReference.exec(image)
  if (!match) return 'IfNotPresent'
  const [, name, tag, digest] = match
  const slash = name.indexOf('/')
  const first = slash < 0 ? '' : name.slice(0, slash)
  const hasDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  const remainder = hasDomain ? name.slice(slash + 1) : name
  if (remainder.toLowerCase() !== remainder || name.length > 255) return 'IfNotPresent'
  if (tag === undefined && digest === undefined) return 'Always'
  return tag === 'latest' ? 'Always' : 'IfNotPresent'
}

export interface CreateMetadata {
  uid: string
  /** RFC 3339, seconds. */
  creationTimestamp: string
}

/**
 * What the API server does on create once the Job is decoded: system metadata, then the strategy's
 * PrepareForCreate. Selector generation adds the four labels the template does not have yet and
 * selects the controller-uid one.
 */
export function prepareJobForCreate(job: Job, create: CreateMetadata, labelsFromTemplate: boolean): void {
  const meta = job.metadata
  meta.uid = create.uid
  meta.creationTimestamp = create.creationTimestamp
  meta.generation = 1
  delete meta.deletionTimestamp
  delete meta.deletionGracePeriodSeconds
  delete meta.selfLink
  job.status = {}
  const spec = job.spec
  if (!spec.manualSelector) {
    spec.template.metadata ??= {}
    const labels = (spec.template.metadata.labels ??= {})
    for (const key of [legacyJobNameLabel, jobNameLabel]) {
      if (!Object.hasOwn(labels, key)) labels[key] = meta.name ?? ''
    }
    for (const key of [legacyControllerUidLabel, controllerUidLabel]) {
      if (!Object.hasOwn(labels, key)) labels[key] = meta.uid
    }
    spec.selector ??= {}
    const matchLabels = (spec.selector.matchLabels ??= {})
    if (!Object.hasOwn(matchLabels, controllerUidLabel)) matchLabels[controllerUidLabel] = meta.uid
    if (labelsFromTemplate) meta.labels = { ...labels }
  }
}

/** Defaulting runs again whenever the Job is read: empty Job labels come from the template. */
export function setReadDefaults(job: Job): void {
  const templateLabels = job.spec.template.metadata?.labels
  if (templateLabels !== undefined && Object.keys(job.metadata.labels ?? {}).length === 0) {
    job.metadata.labels = { ...templateLabels }
  }
}

/** SetDefaults_Secret. */
export function setSecretDefaults(secret: Secret): void {
  secret.type ||= 'Opaque'
}

/** metadata.generateName + 5 characters (SimpleNameGenerator), the prefix cut to 58 characters. */
export function generateName(base: string, randomSuffix: () => string): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${randomSuffix()}`
}

/**
 * Every object's keys in sorted order, as `kubectl get -o json` prints objects. Objects already
 * in order are kept (the decoder sorts; defaults append), so this rebuilds only what defaulting
 * touched. The value must be one this module owns: nested values are replaced in place.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sortKeysDeep(value[i])
    return value
  }
  if (value === null || typeof value !== 'object') return value
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
  let sorted = true
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i]
  if (sorted) {
    for (const key of keys) object[key] = sortKeysDeep(object[key])
    return value
  }
  const result: Record<string, unknown> = {}
  for (const key of keys.sort()) result[key] = sortKeysDeep(object[key])
  return result as T
}
