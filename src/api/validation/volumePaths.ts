/**
 * Paths and modes of the files a volume projects (validateKeyToPath, validateDownwardAPIVolumeFile,
 * validateLocalDescendingPath, ValidateLocalNonReservedPath of pkg/apis/core/validation), shared by
 * the volume sources and the projected volume's sources.
 */
import type { V1DownwardAPIVolumeFile, V1KeyToPath } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import { validateContainerResourceFieldSelector, validateObjectFieldSelector } from './downwardAPI.js'
import { invalid, required } from './errorBuilders.js'

export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive'

export function validateFileMode(mode: number | undefined, field: string): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalid(field, mode, fileModeErrorMsg)] : []
}

export function validateKeyToPath(item: V1KeyToPath, path: string): FieldError[] {
  const errors: FieldError[] = []
  if (!item.key) errors.push(required(`${path}.key`))
  if (!item.path) errors.push(required(`${path}.path`))
  errors.push(...validateLocalNonReservedPath(item.path ?? '', `${path}.path`))
  errors.push(...validateFileMode(item.mode, `${path}.mode`))
  return errors
}

const volumeFieldPaths = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid'
]

export function validateDownwardAPIVolumeFile(file: V1DownwardAPIVolumeFile, path: string): FieldError[] {
  const errors: FieldError[] = []
  if (!file.path) errors.push(required(`${path}.path`))
  errors.push(...validateLocalNonReservedPath(file.path ?? '', `${path}.path`))
  if (file.fieldRef) {
    errors.push(...validateObjectFieldSelector(file.fieldRef, volumeFieldPaths, `${path}.fieldRef`))
    if (file.resourceFieldRef) {
      errors.push(
        invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously')
      )
    }
  } else if (file.resourceFieldRef) {
    errors.push(
      ...validateContainerResourceFieldSelector(file.resourceFieldRef, `${path}.resourceFieldRef`, true)
    )
  } else errors.push(required(path, 'one of fieldRef and resourceFieldRef is required'))
  errors.push(...validateFileMode(file.mode, `${path}.mode`))
  return errors
}

export function validatePathNoBacksteps(target: string, field: string): FieldError[] {
  return target.split('/').includes('..') ? [invalid(field, target, "must not contain '..'")] : []
}

export function validateLocalDescendingPath(target: string, field: string): FieldError[] {
  const errors = target.startsWith('/') ? [invalid(field, target, 'must be a relative path')] : []
  return [...errors, ...validatePathNoBacksteps(target, field)]
}

export function validateLocalNonReservedPath(target: string, field: string): FieldError[] {
  const errors = validateLocalDescendingPath(target, field)
  if (target.startsWith('..') && !target.startsWith('../')) {
    errors.push(invalid(field, target, "must not start with '..'"))
  }
  return errors
}
