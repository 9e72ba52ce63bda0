/**
 * ValidateJob and ValidateJobSpec of pkg/apis/batch/validation/validation.go, with the options
 * the Job strategy (pkg/registry/batch/job/strategy.go) uses on create (RequirePrefixedLabels).
 * Errors come in the API server's order, which users see.
 */
import type { V1LabelSelector } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import type { Job, JobSpec } from '../model.js'
import { invalid, notSupported, required, tooLong, validateNonnegativeField } from './errorBuilders.js'
import { labelSelectorMatches, validateLabelSelector } from './labels.js'
import { validateObjectMeta } from './metadata.js'
import { isDNS1123Label, nameIsDNSSubdomain, validateDomainPrefixedPath } from './names.js'
import { validatePodFailurePolicy } from './podFailurePolicy.js'
import { validatePodTemplateSpec } from './podTemplate.js'
import { validateSuccessPolicy } from './successPolicy.js'
import { jobNameLabel, controllerUidLabel, legacyJobNameLabel, legacyControllerUidLabel } from '../model.js'

const maxParallelismForIndexedJob = 100_000
const maxFailedIndexesForIndexedJob = 100_000
const completionsSoftLimit = 100_000
const parallelismLimitForHighCompletions = 10_000
const maxFailedIndexesLimitForHighCompletions = 10_000
const maxManagedByLength = 63

export function validateJob(job: Job): FieldError[] {
  const errors = validateObjectMeta(job.metadata, nameIsDNSSubdomain)
  errors.push(...validateGeneratedSelector(job))
  errors.push(...validateJobSpec(job.spec, 'spec'))
  const { completionMode, completions } = job.spec
  if (completionMode === 'Indexed' && completions !== undefined && completions > 0) {
    // The controller names pod hostnames <job>-<index>; the last one must be a DNS label.
    const name = job.metadata.name ?? ''
    const hostname = `${name}-${completions - 1}`
    if (isDNS1123Label(hostname).length > 0) {
      errors.push(
        invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${hostname}`)
      )
    }
  }
  return errors
}

/** The four generated template labels must be present, and the selector must select them. */
function validateGeneratedSelector(job: Job): FieldError[] {
  const { spec, metadata } = job
  if (spec.manualSelector === true || !spec.selector) return []
  const errors: FieldError[] = []
  if (!metadata.uid) errors.push(required('metadata.uid'))
  const labels = spec.template.metadata?.labels
  const expected: Array<[string, string]> = [
    [legacyControllerUidLabel, metadata.uid ?? ''],
    [legacyJobNameLabel, metadata.name ?? ''],
    [controllerUidLabel, metadata.uid ?? ''],
    [jobNameLabel, metadata.name ?? '']
  ]
  for (const [key, value] of expected) {
    const path = `spec.template.metadata.labels[${key}]`
    if (!labels || !Object.hasOwn(labels, key)) errors.push(required(path, `must be '${value}'`))
    else if (labels[key] !== value) errors.push(invalid(path, sortedObject(labels), `must be '${value}'`))
  }
  if (labelSelectorMatches(spec.selector, Object.fromEntries(expected)) === false) {
    errors.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'))
  }
  return errors
}

export function validateJobSpec(spec: JobSpec, field: string): FieldError[] {
  const errors = validateJobSpecFields(spec, field)
  if (!spec.selector) errors.push(required(`${field}.selector`))
  else errors.push(...validateLabelSelector(spec.selector, `${field}.selector`))
  const labels = spec.template.metadata?.labels
  if (labelSelectorMatches(spec.selector, labels) === false) {
    errors.push(
      invalid(
        `${field}.template.metadata.labels`,
        labels ? sortedObject(labels) : null,
        '`selector` does not match template `labels`'
      )
    )
  }
  return errors
}

function validateJobSpecFields(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const nonnegative = (value: number | undefined, name: string): void => {
    if (value !== undefined) errors.push(...validateNonnegativeField(value, `${field}.${name}`))
  }
  nonnegative(spec.parallelism, 'parallelism')
  nonnegative(spec.completions, 'completions')
  nonnegative(spec.activeDeadlineSeconds, 'activeDeadlineSeconds')
  nonnegative(spec.backoffLimit, 'backoffLimit')
  nonnegative(spec.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished')
  nonnegative(spec.backoffLimitPerIndex, 'backoffLimitPerIndex')
  if (spec.maxFailedIndexes !== undefined) {
    nonnegative(spec.maxFailedIndexes, 'maxFailedIndexes')
    if (spec.backoffLimitPerIndex === undefined) {
      errors.push(required(`${field}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'))
    }
  }
  if (spec.managedBy !== undefined) {
    errors.push(...validateDomainPrefixedPath(`${field}.managedBy`, spec.managedBy))
    if (Buffer.byteLength(spec.managedBy) > maxManagedByLength) {
      errors.push(tooLong(`${field}.managedBy`, maxManagedByLength))
    }
  }
  errors.push(...validateCompletionMode(spec, field))
  if (spec.podFailurePolicy) errors.push(...validatePodFailurePolicy(spec, `${field}.podFailurePolicy`))
  if (spec.successPolicy) {
    if ((spec.completionMode ?? 'NonIndexed') !== 'Indexed') {
      errors.push(
        invalid(`${field}.successPolicy`, goSuccessPolicy(spec), 'requires indexed completion mode')
      )
    } else errors.push(...validateSuccessPolicy(spec, `${field}.successPolicy`))
  }
  errors.push(...validatePodReplacementPolicy(spec, `${field}.podReplacementPolicy`))
  errors.push(...validatePodTemplateSpec(spec.template, `${field}.template`))
  const restartPolicy = spec.template.spec?.restartPolicy ?? ''
  const restartPath = `${field}.template.spec.restartPolicy`
  // The pod default is Always, which a Job cannot use.
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errors.push(required(restartPath, 'valid values: "OnFailure", "Never"'))
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errors.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']))
  } else if (spec.podFailurePolicy && restartPolicy !== 'Never') {
    errors.push(
      invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified')
    )
  }
  return errors
}

/**
 * completionMode and the fields that depend on it, in validateJobSpec's order: the mode itself,
 * the Indexed limits, then the per-index fields a NonIndexed Job may not set.
 */
function validateCompletionMode(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const mode = spec.completionMode
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errors.push(notSupported(`${field}.completionMode`, mode, ['NonIndexed', 'Indexed']))
  }
  if (mode === 'Indexed') {
    errors.push(...validateIndexedLimits(spec, field))
    errors.push(...validateHighCompletionsLimits(spec, field))
  }
  if (mode === undefined || mode === 'NonIndexed') errors.push(...validateNotIndexedFields(spec, field))
  return errors
}

/** An Indexed Job counts its indexes: completions is required, parallelism and maxFailedIndexes bounded. */
function validateIndexedLimits(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  const { completions, parallelism, maxFailedIndexes } = spec
  if (completions === undefined) {
    errors.push(required(`${field}.completions`, 'when completion mode is Indexed'))
  }
  if (parallelism !== undefined && parallelism > maxParallelismForIndexedJob) {
    errors.push(
      invalid(
        `${field}.parallelism`,
        parallelism,
        `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`
      )
    )
  }
  if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions) {
    errors.push(
      invalid(`${field}.maxFailedIndexes`, maxFailedIndexes, 'must be less than or equal to completions')
    )
  }
  if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesForIndexedJob) {
    errors.push(
      invalid(
        `${field}.maxFailedIndexes`,
        maxFailedIndexes,
        `must be less than or equal to ${maxFailedIndexesForIndexedJob}`
      )
    )
  }
  return errors
}

/**
 * Above the soft limit of completions, a backoff limit per index tracks failed indexes one by
 * one; maxFailedIndexes and parallelism must then keep that tracking small.
 */
function validateHighCompletionsLimits(spec: JobSpec, field: string): FieldError[] {
  const { completions, parallelism, maxFailedIndexes, backoffLimitPerIndex } = spec
  if (
    completions === undefined ||
    completions <= completionsSoftLimit ||
    backoffLimitPerIndex === undefined
  ) {
    return []
  }
  const errors: FieldError[] = []
  const high = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`
  if (maxFailedIndexes === undefined) {
    errors.push(
      required(
        `${field}.maxFailedIndexes`,
        `must be specified when completions is above ${completionsSoftLimit}`
      )
    )
  }
  if (parallelism !== undefined && parallelism > parallelismLimitForHighCompletions) {
    errors.push(
      invalid(
        `${field}.parallelism`,
        parallelism,
        `must be less than or equal to ${parallelismLimitForHighCompletions} ${high}`
      )
    )
  }
  if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesLimitForHighCompletions) {
    errors.push(
      invalid(
        `${field}.maxFailedIndexes`,
        maxFailedIndexes,
        `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${high}`
      )
    )
  }
  return errors
}

/** backoffLimitPerIndex and maxFailedIndexes count per index: a NonIndexed Job has none. */
function validateNotIndexedFields(spec: JobSpec, field: string): FieldError[] {
  const errors: FieldError[] = []
  if (spec.backoffLimitPerIndex !== undefined) {
    errors.push(
      invalid(`${field}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode')
    )
  }
  if (spec.maxFailedIndexes !== undefined) {
    errors.push(
      invalid(`${field}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode')
    )
  }
  return errors
}

function validatePodReplacementPolicy(spec: JobSpec, field: string): FieldError[] {
  const policy = spec.podReplacementPolicy
  if (policy === undefined) return []
  if (spec.podFailurePolicy) return policy === 'Failed' ? [] : [notSupported(field, policy, ['Failed'])]
  return policy === 'Failed' || policy === 'TerminatingOrFailed'
    ? []
    : [notSupported(field, policy, ['Failed', 'TerminatingOrFailed'])]
}

/** Go marshals maps with sorted keys. */
export function sortedObject(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** metav1.LabelSelector as encoding/json prints it. */
function goLabelSelector(selector: V1LabelSelector): unknown {
  const result: Record<string, unknown> = {}
  if (selector.matchLabels && Object.keys(selector.matchLabels).length > 0) {
    result.matchLabels = sortedObject(selector.matchLabels)
  }
  if (selector.matchExpressions?.length) {
    result.matchExpressions = selector.matchExpressions.map(e => ({
      key: e.key,
      operator: e.operator,
      ...(e.values?.length ? { values: e.values } : {})
    }))
  }
  return result
}

/** batch.SuccessPolicy (an internal type without JSON tags) as encoding/json prints it. */
function goSuccessPolicy(spec: JobSpec): unknown {
  const rules = spec.successPolicy?.rules
  return {
    Rules:
      rules?.map(rule => ({
        SucceededIndexes: rule.succeededIndexes ?? null,
        SucceededCount: rule.succeededCount ?? null
      })) ?? null
  }
}
