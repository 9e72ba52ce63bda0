/**
 * The one entry point of src/api: manifest text in, Jobs (as the API server would store them),
 * ConfigMaps and Secrets out — or a ManifestError whose message is what kubectl would print,
 * each problem followed by `  at <file>:<line>:<column>` when it points into the manifest.
 * Everything is checked before anything runs. This module owns the order of the steps for each
 * object (decode, default, name, validate, store) and the API server's warnings on create;
 * manifestEntries.ts finds the objects and manifestProblems.ts words the problems.
 */
import { mergeStringData, validateConfigMap, validateSecret } from './configData.js'
import { kubectlChecks } from './kubectlChecks.js'
import { decodeModel, strictDecodingMessage } from './decode.js'
import {
  generateName,
  prepareJobForCreate,
  setJobDefaults,
  setReadDefaults,
  setSecretDefaults,
  sortKeysDeep
} from './defaults.js'
import {
  expectedApiVersion,
  manifestEntries,
  metadataString,
  notAJobText,
  type Entry
} from './manifestEntries.js'
import { fieldLocator, ManifestProblems } from './manifestProblems.js'
import { notAppliedFields } from './notApplied.js'
import { readDocuments, type ManifestSource } from './yaml/parse.js'
import type { ConfigMap, DefaultedJob, Job, Secret } from './model.js'
import { newUid as defaultNewUid, randomNameSuffix } from './uid.js'
import { validateJob } from './validation/jobSpec.js'
import { isDNS1123Label } from './validation/names.js'

export type { ManifestSource } from './yaml/parse.js'

export interface LoadOptions {
  /** Namespace of objects whose metadata has none. */
  namespace: string
  newUid?: () => string
  /** Creation time, epoch milliseconds. */
  now?: number
  /** The 5 characters appended to a generateName. */
  randomSuffix?: () => string
}

export interface LoadedJob {
  job: DefaultedJob
  file: string
  /** 0-based position of the document in its file. */
  documentIndex: number
  /** Where a field path like `spec.template.spec.containers[0].image` is written (1-based). */
  locate(fieldPath: string): { line: number; column: number } | undefined
}

export interface LoadedManifests {
  jobs: LoadedJob[]
  /** Key `${namespace}/${name}`. */
  configMaps: Map<string, ConfigMap>
  secrets: Map<string, Secret>
  /** Skipped kinds, fields not applied on a runner, API server warnings. */
  notices: string[]
}

/** A manifest that cannot run; the message is the complete text for the user. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ManifestError'
    // Whoever prints the stack prints the message: a user never sees our stack frames.
    this.stack = message
  }
}

export function loadManifests(sources: ManifestSource[], options: LoadOptions): LoadedManifests {
  try {
    return new Loader(options).load(sources)
  } catch (error) {
    if (error instanceof ManifestError) throw error
    if (error instanceof RangeError) throw new ManifestError('the manifest is nested too deeply to be read')
    const message = error instanceof Error ? error.message : String(error)
    throw new ManifestError(`internal error while reading the manifest: ${message}`)
  }
}

class Loader {
  private readonly problems = new ManifestProblems()
  private readonly notices: string[] = []
  /** What each object that was not read is, said when no Job was found. */
  private readonly notJobs: string[] = []
  private readonly jobs: LoadedJob[] = []
  private readonly jobKeys = new Set<string>()
  private readonly configMaps = new Map<string, ConfigMap>()
  private readonly secrets = new Map<string, Secret>()
  private readonly newUid: () => string
  private readonly randomSuffix: () => string
  private readonly creationTimestamp: string

  constructor(private readonly options: LoadOptions) {
    this.newUid = options.newUid ?? defaultNewUid
    this.randomSuffix = options.randomSuffix ?? (() => randomNameSuffix())
    this.creationTimestamp = new Date(options.now ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  load(sources: ManifestSource[]): LoadedManifests {
    for (const source of sources) {
      for (const item of readDocuments(source)) {
        if ('value' in item) {
          for (const entry of manifestEntries(item, this.problems.problem)) this.loadEntry(entry)
        } else this.problems.syntax(item)
      }
    }
    const problems = this.problems.messages
    if (problems.length === 0 && this.jobs.length === 0) {
      problems.push(
        'no Job in the manifest: nothing to run (a Job has apiVersion: batch/v1 and kind: Job)',
        ...this.notJobs
      )
    }
    if (problems.length > 0) throw new ManifestError(problems.join('\n'))
    return { jobs: this.jobs, configMaps: this.configMaps, secrets: this.secrets, notices: this.notices }
  }

  private loadEntry(entry: Entry): void {
    const { doc, value } = entry
    const checked = kubectlChecks(value)
    if ('message' in checked) {
      this.problems.problem(
        doc,
        [...entry.base, ...checked.path],
        `${checked.stage} "${doc.file}": ${checked.message}`
      )
      return
    }
    const { apiVersion, kind } = checked
    const expected = expectedApiVersion(kind, apiVersion)
    if (expected === undefined) {
      const name = metadataString(value, 'name') ?? metadataString(value, 'generateName') ?? ''
      this.notJobs.push(notAJobText(doc.file, kind, name))
      this.notices.push(
        `${doc.file}: skipped ${kind} "${name}" (${apiVersion}, document ${entry.documentNumber}): only batch/v1 Jobs and the v1 ConfigMaps and Secrets they use are read`
      )
      return
    }
    // Without a version (`batch/`, or no apiVersion at all) kubectl's REST mapper takes the
    // group's preferred one: a Job in batch, a ConfigMap or Secret in the core group.
    const slash = apiVersion.indexOf('/')
    const group = slash < 0 ? '' : apiVersion.slice(0, slash)
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
    const preferred = version === '' && group === (expected === 'v1' ? '' : 'batch')
    if (apiVersion !== expected && !preferred) {
      const name = metadataString(value, 'name') ?? ''
      const namespace = metadataString(value, 'namespace') ?? ''
      const where = version === '' ? `group "${group}"` : `version "${apiVersion}"`
      const reason = `no matches for kind "${kind}" in ${where}\nensure CRDs are installed first`
      const message = `resource mapping not found for name: "${name}" namespace: "${namespace}" from "${doc.file}": ${reason}`
      this.problems.problem(doc, [...entry.base, 'apiVersion'], message)
      return
    }
    const decoded = decodeModel(value, `V1${kind}`)
    const failure = decoded.error ? [decoded.error] : decoded.unknownFields
    if (failure.length > 0) {
      const reason = decoded.error ? decoded.error.message : strictDecodingMessage(decoded.unknownFields)
      this.problems.badRequest(
        entry,
        `${kind} in version "v1" cannot be handled as a ${kind}: ${reason}`,
        failure
      )
      return
    }
    const object = decoded.object
    // The API server stores the version it served (`batch/` was mapped to batch/v1).
    object.apiVersion = expected
    const metadata = (object.metadata ??= {}) as Record<string, unknown>
    if (metadata.resourceVersion) {
      this.problems.badRequest(entry, 'resourceVersion should not be set on objects to be created', [
        { message: '', path: ['metadata', 'resourceVersion'] }
      ])
      return
    }
    metadata.namespace ||= this.options.namespace
    if (kind === 'Job') this.loadJob(entry, object as unknown as Job)
    else if (kind === 'ConfigMap') this.loadConfigMap(entry, object as unknown as ConfigMap)
    else this.loadSecret(entry, object as unknown as Secret)
  }

  private loadJob(entry: Entry, job: Job): void {
    const notApplied = notAppliedFields(job)
    delete (job as { status?: unknown }).status
    job.spec ??= {} as Job['spec']
    job.spec.template ??= {} as Job['spec']['template']
    job.spec.template.spec ??= {} as Job['spec']['template']['spec']
    const { job: defaulted, labelsFromTemplate } = setJobDefaults(job)
    this.assignName(defaulted)
    prepareJobForCreate(
      defaulted,
      { uid: this.newUid(), creationTimestamp: this.creationTimestamp },
      labelsFromTemplate
    )
    const errors = validateJob(defaulted)
    const locate = fieldLocator(entry, true)
    if (errors.length > 0) {
      this.problems.invalid('Job', defaulted.metadata.name ?? '', errors, entry, locate)
      return
    }
    const key = `${defaulted.metadata.namespace}/${defaulted.metadata.name}`
    if (this.jobKeys.has(key)) {
      this.problems.alreadyExists(entry, `jobs.batch "${defaulted.metadata.name}"`)
      return
    }
    this.jobKeys.add(key)
    setReadDefaults(defaulted)
    const sorted = sortKeysDeep(defaulted)
    this.jobs.push({ job: sorted, file: entry.doc.file, documentIndex: entry.doc.index, locate })
    this.jobNotices(sorted, notApplied)
  }

  private loadConfigMap(entry: Entry, configMap: ConfigMap): void {
    this.assignName(configMap)
    configMap.metadata.uid = this.newUid()
    configMap.metadata.creationTimestamp = this.creationTimestamp
    const errors = validateConfigMap(configMap)
    const { name, namespace } = configMap.metadata
    if (errors.length > 0) {
      this.problems.invalid('ConfigMap', name ?? '', errors, entry, fieldLocator(entry, false))
      return
    }
    const key = `${namespace}/${name}`
    if (this.configMaps.has(key)) this.problems.alreadyExists(entry, `configmaps "${name}"`)
    else this.configMaps.set(key, sortKeysDeep(configMap))
  }

  private loadSecret(entry: Entry, secret: Secret): void {
    mergeStringData(secret)
    setSecretDefaults(secret)
    this.assignName(secret)
    secret.metadata.uid = this.newUid()
    secret.metadata.creationTimestamp = this.creationTimestamp
    const errors = validateSecret(secret)
    if (errors.length > 0) {
      this.problems.invalid('Secret', secret.metadata.name ?? '', errors, entry, fieldLocator(entry, false))
      return
    }
    const key = `${secret.metadata.namespace}/${secret.metadata.name}`
    if (this.secrets.has(key)) this.problems.alreadyExists(entry, `secrets "${secret.metadata.name}"`)
    else this.secrets.set(key, sortKeysDeep(secret))
  }

  /** metadata.generateName without a name: the API server appends 5 random characters. */
  private assignName(object: { metadata: { name?: string; generateName?: string } }): void {
    const { metadata } = object
    if (!metadata.name && metadata.generateName) {
      metadata.name = generateName(metadata.generateName, this.randomSuffix)
    }
  }

  private jobNotices(job: Job, notApplied: string[]): void {
    const name = job.metadata.name
    if (notApplied.length > 0) {
      this.notices.push(
        `Job "${name}": not applied on a runner (accepted and ignored): ${notApplied.join(', ')}`
      )
    }
    // The API server's warnings on create (pkg/registry/batch/job/strategy.go WarningsOnCreate).
    const { completionMode, completions = 0, parallelism = 0, template } = job.spec
    if (completionMode === 'Indexed' && completions > 100_000 && parallelism > 10_000) {
      this.notices.push(
        `Job "${name}": spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail`
      )
    }
    const grace = template.spec.terminationGracePeriodSeconds
    if (grace !== undefined && grace < 0) {
      this.notices.push(
        `Job "${name}": spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`
      )
    }
    const labelProblems = isDNS1123Label(name)
    if (labelProblems.length > 0) {
      this.notices.push(
        `Job "${name}": metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${labelProblems.join(' ')}]`
      )
    }
  }
}
