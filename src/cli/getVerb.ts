/**
 * `job-action get jobs|pods [NAME...]`: kubectl get over the runs in the logs folder. Names print
 * in the order given and each missing one is a NotFound error (exit 1); a list that matches
 * nothing prints kubectl's "No resources found" to stderr, and exit 0.
 */
import { UsageError } from '../errors.js'
import { CustomColumnsError } from '../report/customColumns.js'
import { getJobsTable, getPodsTableOf } from '../report/getTables.js'
import { OutputFormatError, parseOutputSpec, printObjects, type OutputSpec } from '../report/getOutput.js'
import { JsonPathError } from '../report/jsonpath/evaluate.js'
import { jobObject, podObject } from '../report/kubeObjects.js'
import {
  errorExit,
  noResources,
  notFound,
  pick,
  readRuns,
  resourceArgs,
  resourceNames,
  selectorOf,
  type ResourceKind
} from './readRuns.js'
import type { CliIo, CliOptions } from './types.js'

function outputSpec(text: string): OutputSpec {
  try {
    return parseOutputSpec(text)
  } catch (error) {
    if (error instanceof OutputFormatError) throw new UsageError(error.message)
    throw error
  }
}

interface Listed {
  names: string[]
  objects: Record<string, unknown>[]
  table(wide: boolean): string
}

function listed(kind: ResourceKind, options: CliOptions, names: string[]): Listed & { missing: string[] } {
  const view = readRuns(options)
  const selector = selectorOf(options)
  const now = Date.now()
  const table = { noHeaders: options.noHeaders, now }
  const prefix = resourceNames[kind].nameOutput
  if (kind === 'jobs') {
    const { found, missing } = pick(
      view.jobs,
      names,
      selector,
      j => j.metadata.name,
      j => j.metadata.labels
    )
    return {
      missing,
      names: found.map(job => `${prefix}/${job.metadata.name}`),
      objects: found.map(jobObject),
      table: wide => getJobsTable(found, { ...table, wide })
    }
  }
  const { found, missing } = pick(
    view.pods,
    names,
    selector,
    p => p.pod.name,
    p => p.pod.labels
  )
  return {
    missing,
    names: found.map(({ pod }) => `${prefix}/${pod.name}`),
    objects: found.map(podObject),
    table: wide => getPodsTableOf(found, { ...table, wide })
  }
}

export function getVerb(options: CliOptions, io: CliIo): number {
  const output = outputSpec(options.getOutput)
  const { kind, names } = resourceArgs(options.operands)
  const result = listed(kind, options, names)
  const humanReadable = output.kind === 'table' || output.kind === 'wide'
  if (result.objects.length > 0 || !humanReadable) {
    try {
      const text = printObjects(output, {
        ...result,
        single: names.length === 1 && result.objects.length === 1,
        noHeaders: options.noHeaders
      })
      io.stdout.write(text)
    } catch (error) {
      if (error instanceof JsonPathError || error instanceof CustomColumnsError)
        throw new UsageError(
          output.kind === 'jsonpath'
            ? `error parsing jsonpath ${output.template}, ${error.message}`
            : error.message
        )
      throw error
    }
  }
  for (const name of result.missing) io.stderr.write(notFound(kind, name))
  if (result.missing.length > 0) return errorExit
  if (result.objects.length === 0 && names.length === 0 && humanReadable)
    io.stderr.write(noResources(options.namespace))
  return 0
}
