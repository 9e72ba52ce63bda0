/** Shared helpers for the spec tests: a valid Job, YAML rendering, and loading with fixed identities. */
import { stringify } from 'yaml'
import { loadManifests, ManifestError, type LoadedManifests, type LoadOptions } from '../../src/api/load.js'

/** The UID the Kubernetes validation tests use. */
export const uid = '1a2b3c'

export const fixedOptions: LoadOptions = {
  namespace: 'default',
  newUid: () => uid,
  now: Date.parse('2026-04-26T18:35:42Z'),
  randomSuffix: () => 'x7k2p'
}

export type Manifest = Record<string, unknown>

/** The valid Job of the Kubernetes tests, as a user would write it. */
export function validJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'myjob' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'abc', image: 'image' }]
        }
      }
    }
  }
}

export function toYaml(...objects: Manifest[]): string {
  return objects.map(object => stringify(object, { lineWidth: 0 })).join('---\n')
}

export function load(text: string, file = 'job.yaml', options: LoadOptions = fixedOptions): LoadedManifests {
  return loadManifests([{ text, file }], options)
}

/** The ManifestError text for a manifest that must be refused. */
export function failure(text: string, file = 'job.yaml'): string {
  try {
    load(text, file)
  } catch (error) {
    if (error instanceof ManifestError) return error.message
    throw error
  }
  throw new Error('the manifest was accepted')
}

/** The message without its `  at <file>:<line>:<column>` lines: kubectl's text. */
export function withoutLocations(message: string): string {
  return message
    .split('\n')
    .filter(line => !/^ {2}at \S+:\d+:\d+/.test(line))
    .join('\n')
}

/** Job spec paths for mutations: `spec.template.spec`. */
export function podSpec(
  job: Manifest
): Record<string, unknown> & { containers: Array<Record<string, unknown>> } {
  const spec = job.spec as {
    template: { spec: Record<string, unknown> & { containers: Array<Record<string, unknown>> } }
  }
  return spec.template.spec
}

export function jobSpec(job: Manifest): Record<string, unknown> {
  return job.spec as Record<string, unknown>
}
