/**
 * Which images are pulled: the kubelet's rules over docker's local image store.
 */

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never'

/**
 * The API server's default (`SetDefaults_Container`): `Always` when the tag is `latest` or there is no
 * tag and no digest, else `IfNotPresent`.
 */
export function defaultPullPolicy(image: string): PullPolicy {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent'
}

/** The tag of an image reference; `latest` when it has neither tag nor digest, '' with a digest only. */
export function imageTag(image: string): string {
  const atDigest = image.indexOf('@')
  const name = atDigest >= 0 ? image.slice(0, atDigest) : image
  // The last path component holds the tag; a colon before it belongs to a registry's port.
  const lastComponent = name.slice(name.lastIndexOf('/') + 1)
  const colon = lastComponent.indexOf(':')
  if (colon >= 0) return lastComponent.slice(colon + 1)
  return atDigest >= 0 ? '' : 'latest'
}

export function pullPolicyOf(image: string, policy: string | undefined): PullPolicy {
  return policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never'
    ? policy
    : defaultPullPolicy(image)
}
