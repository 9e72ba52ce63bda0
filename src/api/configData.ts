/**
 * ConfigMaps and Secrets from the manifest: Secret stringData merged into data as the v1→internal
 * conversion does, validation as ValidateConfigMap and ValidateSecret do it, and the lookups the
 * runtimes use for env, envFrom and volumes (with the kubelet's words when something is missing).
 */
import type { FieldError } from './validation/fieldErrors.js'
import type { ConfigMap, Secret } from './model.js'
import { byteLength, invalid, required, tooLong } from './validation/errorBuilders.js'
import { validateObjectMeta } from './validation/metadata.js'
import { isConfigMapKey, nameIsDNSSubdomain } from './validation/names.js'

/** core.MaxSecretSize, which also bounds a ConfigMap. */
export const maxConfigDataSize = 1024 * 1024

/** Secret stringData overwrites data (Convert_v1_Secret_To_core_Secret); only data is stored. */
export function mergeStringData(secret: Secret): void {
  const stringData = secret.stringData
  delete secret.stringData
  if (!stringData || Object.keys(stringData).length === 0) return
  const data = { ...(secret.data ?? {}) }
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = Buffer.from(value, 'utf8').toString('base64')
  }
  secret.data = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const errors = validateObjectMeta(configMap.metadata, nameIsDNSSubdomain)
  let size = 0
  const binaryData = configMap.binaryData ?? {}
  for (const [key, value] of Object.entries(configMap.data ?? {})) {
    errors.push(...isConfigMapKey(key).map(msg => invalid(`data[${key}]`, key, msg)))
    if (Object.hasOwn(binaryData, key)) {
      errors.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'))
    }
    size += byteLength(value)
  }
  for (const [key, value] of Object.entries(binaryData)) {
    errors.push(...isConfigMapKey(key).map(msg => invalid(`binaryData[${key}]`, key, msg)))
    size += Buffer.from(value, 'base64').length
  }
  if (size > maxConfigDataSize) errors.push(tooLong('', maxConfigDataSize))
  return errors
}

/** Keys each Secret type requires in data. */
const requiredKeys: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key']
}

export function validateSecret(secret: Secret): FieldError[] {
  const errors = validateObjectMeta(secret.metadata, nameIsDNSSubdomain)
  const data = secret.data ?? {}
  let size = 0
  for (const [key, value] of Object.entries(data)) {
    errors.push(...isConfigMapKey(key).map(msg => invalid(`data[${key}]`, key, msg)))
    size += Buffer.from(value, 'base64').length
  }
  if (size > maxConfigDataSize) errors.push(tooLong('data', maxConfigDataSize))
  const has = (key: string): boolean => Object.hasOwn(data, key)
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errors.push(required('metadata.annotations[kubernetes.io/service-account.name]'))
      }
      break
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errors.push(required('data[username]'), required('data[password]'))
      }
      break
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errors.push(required('data[ssh-privatekey]'))
      break
    default:
      for (const key of requiredKeys[secret.type ?? ''] ?? []) {
        if (!has(key)) errors.push(required(`data[${key}]`))
      }
  }
  return errors
}

export type ConfigLookupResult = { ok: true; value: string } | { ok: false; message: string }

/**
 * A ConfigMap key's value (data, or binaryData as UTF-8). The failure message is the kubelet's,
 * which makes the container fail with CreateContainerConfigError.
 */
export function configMapKeyValue(
  configMap: ConfigMap | undefined,
  name: string,
  key: string
): ConfigLookupResult {
  if (!configMap) return { ok: false, message: `configmap "${name}" not found` }
  if (configMap.data && Object.hasOwn(configMap.data, key)) return { ok: true, value: configMap.data[key] }
  if (configMap.binaryData && Object.hasOwn(configMap.binaryData, key)) {
    return { ok: true, value: Buffer.from(configMap.binaryData[key], 'base64').toString('utf8') }
  }
  const { namespace } = configMap.metadata
  return { ok: false, message: `couldn't find key ${key} in ConfigMap ${namespace}/${name}` }
}

/** A Secret key's value, decoded. */
export function secretKeyValue(secret: Secret | undefined, name: string, key: string): ConfigLookupResult {
  if (!secret) return { ok: false, message: `secret "${name}" not found` }
  if (secret.data && Object.hasOwn(secret.data, key)) {
    return { ok: true, value: Buffer.from(secret.data[key], 'base64').toString('utf8') }
  }
  return { ok: false, message: `couldn't find key ${key} in Secret ${secret.metadata.namespace}/${name}` }
}

/** Every key of a ConfigMap with its bytes (data and binaryData), sorted by key: for volumes and envFrom. */
export function configMapEntries(configMap: ConfigMap): Array<[key: string, value: Buffer]> {
  const entries: Array<[string, Buffer]> = [
    ...Object.entries(configMap.data ?? {}).map(([k, v]): [string, Buffer] => [k, Buffer.from(v, 'utf8')]),
    ...Object.entries(configMap.binaryData ?? {}).map(([k, v]): [string, Buffer] => [
      k,
      Buffer.from(v, 'base64')
    ])
  ]
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Every key of a Secret with its decoded bytes, sorted by key. */
export function secretEntries(secret: Secret): Array<[key: string, value: Buffer]> {
  return Object.entries(secret.data ?? {})
    .map(([k, v]): [string, Buffer] => [k, Buffer.from(v, 'base64')])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
