/**
 * The ephemeral volume's claim template (validateEphemeralVolumeSource,
 * ValidatePersistentVolumeClaimTemplate, ValidateTemplateObjectMeta and
 * ValidatePersistentVolumeClaimSpec of pkg/apis/core/validation/validation.go), with the options
 * of ValidationOptionsForPersistentVolumeClaimTemplate on create: VolumeAttributesClass is GA.
 */
import type {
  V1EphemeralVolumeSource,
  V1ObjectMeta,
  V1PersistentVolumeClaimSpec,
  V1TypedObjectReference
} from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { compareQuantities, quantityString, readQuantity } from '../quantity.js'
import { forbidden, invalid, notSupported, required } from './errorBuilders.js'
import { validateAnnotations, validateLabelSelector, validateLabels } from './labels.js'
import { nameIsDNSLabel, nameIsDNSSubdomain } from './names.js'

export function validateEphemeralVolume(source: V1EphemeralVolumeSource, field: string): FieldError[] {
  const template = source.volumeClaimTemplate
  const path = `${field}.volumeClaimTemplate`
  if (!template) return [required(path)]
  const errors = validateTemplateObjectMeta(template.metadata, `${path}.metadata`)
  errors.push(...validateClaimSpec(template.spec ?? {}, `${path}.spec`))
  return errors
}

// The fields of the internal ObjectMeta in their order; only labels and annotations may be set.
const metaFields = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields'
] as const

/** validateFieldAllowList sees Go zero values as unset: "", 0, and nil or empty lists. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0) return false
  return !(Array.isArray(value) && value.length === 0)
}

function validateTemplateObjectMeta(meta: V1ObjectMeta | undefined, field: string): FieldError[] {
  const errors = validateAnnotations(meta?.annotations, `${field}.annotations`)
  errors.push(...validateLabels(meta?.labels, `${field}.labels`))
  for (const key of metaFields) {
    if (key === 'labels' || key === 'annotations') continue
    if (isSet(meta?.[key])) errors.push(forbidden(`${field}.${key}`, 'cannot be set'))
  }
  return errors
}

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
const volumeModes = ['Block', 'Filesystem']

function validateClaimSpec(spec: V1PersistentVolumeClaimSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const modes = spec.accessModes ?? []
  if (modes.length === 0) errors.push(required(`${field}.accessModes`, 'at least 1 access mode is required'))
  if (spec.selector) errors.push(...validateLabelSelector(spec.selector, `${field}.selector`))
  let oncePod = false
  let others = false
  for (const mode of modes) {
    if (!accessModes.includes(mode)) errors.push(notSupported(`${field}.accessModes`, mode, accessModes))
    if (mode === 'ReadWriteOncePod') oncePod = true
    else if (accessModes.includes(mode)) others = true
  }
  if (oncePod && others) {
    errors.push(forbidden(`${field}.accessModes`, 'may not use ReadWriteOncePod with other access modes'))
  }
  const storagePath = `${field}.resources[storage]`
  const storage = spec.resources?.requests?.storage
  if (storage === undefined) errors.push(required(storagePath))
  else {
    // ValidatePositiveQuantityValue; ValidateResourceQuantityValue then finds nothing more.
    const quantity = readQuantity(storage)
    const zero = { mantissa: 0n, scale: 0, format: quantity.format }
    if (compareQuantities(quantity, zero) <= 0) {
      errors.push(invalid(storagePath, quantityString(quantity), 'must be greater than zero'))
    }
  }
  const className = spec.storageClassName
  if (className) {
    errors.push(
      ...nameIsDNSSubdomain(className, false).map(msg => invalid(`${field}.storageClassName`, className, msg))
    )
  }
  if (spec.volumeMode !== undefined && !volumeModes.includes(spec.volumeMode)) {
    errors.push(notSupported(`${field}.volumeMode`, spec.volumeMode, volumeModes))
  }
  if (spec.dataSource) errors.push(...validateDataSource(spec.dataSource, `${field}.dataSource`))
  if (spec.dataSourceRef) errors.push(...validateDataSource(spec.dataSourceRef, `${field}.dataSourceRef`))
  errors.push(...validateDataSourcePair(spec, field))
  const attributesClass = spec.volumeAttributesClassName
  if (attributesClass) {
    errors.push(
      ...nameIsDNSSubdomain(attributesClass, false).map(msg =>
        invalid(`${field}.volumeAttributesClassName`, attributesClass, msg)
      )
    )
  }
  return errors
}

/** validateDataSource and validateDataSourceRef (only the latter has a namespace). */
function validateDataSource(ref: V1TypedObjectReference, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (!ref.name) errors.push(required(`${field}.name`))
  if (!ref.kind) errors.push(required(`${field}.kind`))
  const apiGroup = ref.apiGroup ?? ''
  if (apiGroup === '' && ref.kind !== 'PersistentVolumeClaim') {
    const message = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
    errors.push(invalid(field, ref.kind ?? '', message))
  }
  if (apiGroup !== '') {
    errors.push(
      ...nameIsDNSSubdomain(apiGroup, false).map(msg => invalid(`${field}.apiGroup`, apiGroup, msg))
    )
  }
  if (ref.namespace) {
    const namespace = ref.namespace
    errors.push(...nameIsDNSLabel(namespace, false).map(msg => invalid(`${field}.namespace`, namespace, msg)))
  }
  return errors
}

/** dataSource with a cross-namespace dataSourceRef, or unlike it; the bad value is a field.Path. */
function validateDataSourcePair(spec: V1PersistentVolumeClaimSpec, field: string): FieldError[] {
  const { dataSource: source, dataSourceRef: ref } = spec
  if (ref?.namespace) {
    if (!source) return []
    return [invalid(field, {}, 'may not be specified when dataSourceRef.namespace is specified')]
  }
  if (!source || !ref) return []
  const same = source.apiGroup === ref.apiGroup && source.kind === ref.kind && source.name === ref.name
  return same ? [] : [invalid(field, {}, 'must match dataSourceRef')]
}
