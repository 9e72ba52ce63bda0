/** Object metadata: ValidateObjectMeta of pkg/apis/core/validation and apimachinery. */
import type { FieldError } from './fieldErrors.js'
import type { ObjectMeta } from '../model.js'
import { invalid, required, validateNonnegativeField } from './errorBuilders.js'
import { validateAnnotations, validateLabels } from './labels.js'
import { nameIsDNSLabel, type NameValidator, validateQualifiedName } from './names.js'

type OwnerReference = NonNullable<ObjectMeta['ownerReferences']>[number]

const standardFinalizers = new Set(['kubernetes', 'foregroundDeletion', 'orphan'])

/** ValidateObjectMeta of pkg/apis/core/validation with apimachinery's ValidateObjectMetaAccessor. */
export function validateObjectMeta(
  meta: ObjectMeta,
  nameFn: NameValidator,
  field = 'metadata'
): FieldError[] {
  const errors: FieldError[] = []
  if (meta.generateName) {
    errors.push(
      ...nameFn(meta.generateName, true).map(msg => invalid(`${field}.generateName`, meta.generateName, msg))
    )
  }
  if (!meta.name) errors.push(required(`${field}.name`, 'name or generateName is required'))
  else errors.push(...nameFn(meta.name, false).map(msg => invalid(`${field}.name`, meta.name, msg)))
  const namespace = meta.namespace ?? ''
  if (!namespace) errors.push(required(`${field}.namespace`))
  else
    errors.push(...nameIsDNSLabel(namespace, false).map(msg => invalid(`${field}.namespace`, namespace, msg)))
  errors.push(...validateNonnegativeField(meta.generation ?? 0, `${field}.generation`))
  errors.push(...validateLabels(meta.labels, `${field}.labels`))
  errors.push(...validateAnnotations(meta.annotations, `${field}.annotations`))
  errors.push(...validateOwnerReferences(meta, `${field}.ownerReferences`))
  const finalizers = meta.finalizers ?? []
  for (const name of finalizers) errors.push(...validateQualifiedName(name, `${field}.finalizers`))
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push(
      invalid(`${field}.finalizers`, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set')
    )
  }
  // pkg/apis/core/validation adds its own finalizer-name rule after the generic checks.
  finalizers.forEach((name, i) => {
    if (!name.includes('/') && !standardFinalizers.has(name)) {
      errors.push(
        invalid(
          `${field}.finalizers[${i}]`,
          name,
          'name is neither a standard finalizer name nor is it fully qualified'
        )
      )
    }
  })
  return errors
}

/** metav1.OwnerReference as encoding/json prints it: fields in declaration order. */
function goOwnerReference(ref: OwnerReference): unknown {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    uid: ref.uid,
    ...(ref.controller !== undefined ? { controller: ref.controller } : {}),
    ...(ref.blockOwnerDeletion !== undefined ? { blockOwnerDeletion: ref.blockOwnerDeletion } : {})
  }
}

/** BannedOwners of apimachinery pkg/api/validation/objectmeta.go, as GroupVersionKind.String() writes it. */
const bannedOwners = new Set(['/v1, Kind=Event'])

/** schema.ParseGroupVersion: "" and "/" are the empty version; more than one slash is an error. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' }
  const parts = apiVersion.split('/')
  if (parts.length === 1) return { group: '', version: apiVersion }
  if (parts.length === 2) return { group: parts[0], version: parts[1] }
  return undefined
}

/** validateOwnerReference of apimachinery pkg/api/validation/objectmeta.go. */
function validateOwnerReference(ref: OwnerReference, field: string): FieldError[] {
  const errors: FieldError[] = []
  const apiVersion = ref.apiVersion ?? ''
  const gv = parseGroupVersion(apiVersion)
  if (!apiVersion) errors.push(required(`${field}.apiVersion`, 'must not be empty'))
  else if (!gv?.version) {
    errors.push(invalid(`${field}.apiVersion`, apiVersion, 'must be <group>/<version> or <version>'))
  }
  if (!ref.kind) errors.push(required(`${field}.kind`, 'must not be empty'))
  if (!ref.name) errors.push(required(`${field}.name`, 'must not be empty'))
  if (!ref.uid) errors.push(required(`${field}.uid`, 'must not be empty'))
  // An unparsable apiVersion leaves the empty GroupVersion, as in Go.
  const gvk = `${gv?.group ?? ''}/${gv?.version ?? ''}, Kind=${ref.kind ?? ''}`
  if (bannedOwners.has(gvk)) {
    errors.push(invalid(field, goOwnerReference(ref), `${gvk} is disallowed from being an owner`))
  }
  return errors
}

/** ValidateOwnerReferences of apimachinery pkg/api/validation/objectmeta.go. */
function validateOwnerReferences(meta: ObjectMeta, field: string): FieldError[] {
  const errors: FieldError[] = []
  let firstController = ''
  ;(meta.ownerReferences ?? []).forEach((ref, i) => {
    errors.push(...validateOwnerReference(ref, `${field}[${i}]`))
    if (ref.controller) {
      const current = `${ref.kind}/${ref.name}`
      if (firstController) {
        errors.push(
          invalid(
            field,
            (meta.ownerReferences ?? []).map(goOwnerReference),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`
          )
        )
      } else firstController = current
    }
  })
  return errors
}
