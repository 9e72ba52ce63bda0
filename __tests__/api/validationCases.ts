/**
 * The validation table: invalid manifests and the exact text the API server (through kubectl)
 * gives for them. Each case names the Kubernetes test or validation function its expectation
 * comes from: pkg/apis/batch/validation (TestValidateJob, whose declarative twin job_test.go names
 * its cases by the error text), pkg/apis/core/validation (validation.go and validation_test.go),
 * and apimachinery's pkg/util/validation message builders. Shared by validation.test.ts (which
 * runs them) and messageCoverage.test.ts (which checks every message of src/api/validation is
 * produced by one of them). More pod template cases live in podValidationCases.ts (podCases
 * includes them).
 */
import {
  failure,
  jobSpec,
  load,
  podSpec,
  toYaml,
  uid,
  validJob,
  withoutLocations,
  type Manifest
} from './fixtures.js'
import { podTemplateCases } from './podValidationCases.js'
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './validationMessages.js'

const envVarName =
  "a valid environment variable name must consist only of printable ASCII characters other than '='"
const configKey =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
const generatedLabels = `{"batch.kubernetes.io/controller-uid":"${uid}","batch.kubernetes.io/job-name":"myjob","controller-uid":"${uid}","job-name":"myjob"}`
const c0 = 'spec.template.spec.containers[0]'

type Mutation = (job: Manifest) => void
export interface Case {
  /** Where the expectation comes from. */
  source: string
  mutate: Mutation
  /** The `field: body` lines, in the API server's order; none: the manifest is accepted. */
  errors: string[]
  /** Job name in the header, when not myjob. */
  name?: string
  /** Written as JSON: YAML 1.1 would read a key like `y` as a boolean, as kubectl does. */
  json?: boolean
}

const spec = jobSpec
const pod = podSpec
const container = (job: Manifest): Record<string, unknown> => pod(job).containers[0]
const indexed = (job: Manifest, completions?: number): void => {
  spec(job).completionMode = 'Indexed'
  if (completions !== undefined) spec(job).completions = completions
}
const failurePolicy =
  (rules: unknown[]): Mutation =>
  job => {
    spec(job).podFailurePolicy = { rules }
  }
const exitCodes = (onExitCodes: Record<string, unknown>, action = 'FailJob'): Mutation =>
  failurePolicy([{ action, onExitCodes }])
const podConditions = (onPodConditions: unknown[], action = 'Ignore'): Mutation =>
  failurePolicy([{ action, onPodConditions }])
const successPolicy =
  (policy: unknown, completions = 5): Mutation =>
  job => {
    indexed(job, completions)
    spec(job).successPolicy = policy
  }

export const batchCases: Case[] = [
  {
    source: 'TestValidateJob "spec.parallelism:must be greater than or equal to 0"',
    mutate: job => void (spec(job).parallelism = -1),
    errors: ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.completions:must be greater than or equal to 0"',
    mutate: job => void (spec(job).completions = -1),
    errors: ['spec.completions: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.activeDeadlineSeconds:must be greater than or equal to 0"',
    mutate: job => void (spec(job).activeDeadlineSeconds = -1),
    errors: ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.backoffLimit:must be greater than or equal to 0"',
    mutate: job => void (spec(job).backoffLimit = -1),
    errors: ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.ttlSecondsAfterFinished: must be greater than or equal to 0"',
    mutate: job => void (spec(job).ttlSecondsAfterFinished = -1),
    errors: ['spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"',
    mutate: job => void (spec(job).backoffLimitPerIndex = 1),
    errors: ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']
  },
  {
    source: 'validateJobSpec: maxFailedIndexes requires backoffLimitPerIndex and indexed completion mode',
    mutate: job => void (spec(job).maxFailedIndexes = 1),
    errors: [
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode'
    ]
  },
  {
    source: 'TestValidateJob "spec.backoffLimitPerIndex:must be greater than or equal to 0"',
    mutate: job => {
      indexed(job)
      spec(job).parallelism = 1
      spec(job).backoffLimitPerIndex = -1
    },
    errors: [
      'spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0',
      'spec.completions: Required value: when completion mode is Indexed'
    ]
  },
  {
    source:
      'TestValidateJob "spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions"',
    mutate: job => {
      indexed(job, 10)
      Object.assign(spec(job), { maxFailedIndexes: 11, backoffLimitPerIndex: 1 })
    },
    errors: ['spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions']
  },
  {
    source:
      'TestValidateJob "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000"',
    mutate: job => {
      indexed(job, 100_001)
      spec(job).backoffLimitPerIndex = 1
    },
    errors: ['spec.maxFailedIndexes: Required value: must be specified when completions is above 100000']
  },
  {
    source:
      'TestValidateJob "spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index"',
    mutate: job => {
      indexed(job, 100_001)
      Object.assign(spec(job), { parallelism: 50_000, backoffLimitPerIndex: 1, maxFailedIndexes: 1 })
    },
    errors: [
      'spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'
    ]
  },
  {
    source:
      'TestValidateJob "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000"',
    mutate: job => {
      indexed(job, 100_001)
      Object.assign(spec(job), { backoffLimitPerIndex: 1, maxFailedIndexes: 100_001 })
    },
    errors: [
      'spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000',
      'spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'
    ]
  },
  {
    source:
      'TestValidateJob "spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index"',
    mutate: job => {
      indexed(job, 100_001)
      Object.assign(spec(job), { backoffLimitPerIndex: 1, maxFailedIndexes: 50_000 })
    },
    errors: [
      'spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'
    ]
  },
  {
    source: 'TestValidateJob "spec.maxFailedIndexes:must be greater than or equal to 0"',
    mutate: job => {
      indexed(job, 10)
      Object.assign(spec(job), { backoffLimitPerIndex: 1, maxFailedIndexes: -1 })
    },
    errors: ['spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0']
  },
  {
    source: 'TestValidateJob "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"',
    mutate: job => {
      indexed(job)
      Object.assign(spec(job), { parallelism: 1, maxFailedIndexes: 1 })
    },
    errors: [
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.completions: Required value: when completion mode is Indexed'
    ]
  },
  {
    source: 'TestValidateJob "spec.completions: Required value: when completion mode is Indexed"',
    mutate: job => {
      indexed(job)
      spec(job).parallelism = 2
    },
    errors: ['spec.completions: Required value: when completion mode is Indexed']
  },
  {
    source:
      'TestValidateJob "spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed"',
    mutate: job => {
      indexed(job, 2)
      spec(job).parallelism = 100_001
    },
    errors: [
      'spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed'
    ]
  },
  {
    source: 'validateJobSpec: field.NotSupported for an unknown completionMode',
    mutate: job => void (spec(job).completionMode = 'X'),
    errors: ['spec.completionMode: Unsupported value: "X": supported values: "NonIndexed", "Indexed"']
  },
  {
    source: 'TestValidateJob "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"',
    mutate: failurePolicy(
      Array.from({ length: 21 }, (_, i) => ({
        action: 'FailJob',
        onExitCodes: { operator: 'In', values: [i + 1] }
      }))
    ),
    errors: ['spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items']
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`',
    mutate: exitCodes({ operator: 'In', values: [1, 2, 3] }, ''),
    errors: [
      'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"`',
    mutate: exitCodes({ containerName: 'abc', operator: 'In', values: [1, 2, 3] }, 'UnknownAction'),
    errors: [
      'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"'
    ]
  },
  {
    source: 'validatePodFailurePolicyRule: FailIndex requires the backoffLimitPerIndex to be set',
    mutate: exitCodes({ operator: 'In', values: [1] }, 'FailIndex'),
    errors: [
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`',
    mutate: failurePolicy([
      {
        action: 'FailJob',
        onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] },
        onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }]
      }
    ]),
    errors: [
      'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`',
    mutate: failurePolicy([{ action: 'FailJob' }]),
    errors: [
      'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]`',
    mutate: exitCodes({ operator: '', values: [1, 2, 3] }),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator": supported values: "In", "NotIn"`',
    mutate: exitCodes({ operator: 'UnknownOperator', values: [1, 2, 3] }, 'Ignore'),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator": supported values: "In", "NotIn"'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template`',
    mutate: failurePolicy([
      { action: 'Ignore', onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] } },
      { action: 'FailJob', onExitCodes: { containerName: 'xyz', operator: 'In', values: [5, 6, 7] } }
    ]),
    errors: [
      'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required`',
    mutate: exitCodes({ operator: 'In', values: [] }),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required'
    ]
  },
  {
    source: 'validatePodFailurePolicyRuleOnExitCodes: a nil values slice renders as null',
    mutate: exitCodes({ operator: 'In' }),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: null: at least one value is required'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items`',
    mutate: exitCodes({ operator: 'In', values: Array.from({ length: 256 }, (_, i) => i) }),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator`',
    mutate: exitCodes({ operator: 'In', values: [1, 0, 2] }, 'Ignore'),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [1,0,2]: must be ordered'
    ]
  },
  {
    source: 'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13`',
    mutate: exitCodes({ operator: 'In', values: [12, 13, 13, 13] }),
    errors: [
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 13'
    ]
  },
  {
    source: 'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11`',
    mutate: exitCodes({ operator: 'In', values: [11, 11] }),
    errors: ['spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11']
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must be ordered`',
    mutate: exitCodes({ operator: 'In', values: [19, 11] }),
    errors: ['spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [19,11]: must be ordered']
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items`',
    mutate: podConditions(
      Array.from({ length: 21 }, (_, i) => ({ type: `CustomType_${i}`, status: 'True' })),
      'FailJob'
    ),
    errors: ['spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items']
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus": supported values: "False", "True", "Unknown"`',
    mutate: podConditions([{ type: 'DisruptionTarget', status: 'UnknownStatus' }]),
    errors: [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus": supported values: "False", "True", "Unknown"'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": name part must be non-empty`',
    mutate: podConditions([{ status: 'True' }]),
    errors: [
      'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": name part must be non-empty',
      `spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": ${qualifiedName}`
    ]
  },
  {
    source:
      'TestValidateJob `spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid Condition Type": …`',
    mutate: podConditions([{ type: 'Invalid Condition Type', status: 'True' }]),
    errors: [
      `spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid Condition Type": ${qualifiedName}`
    ]
  },
  {
    source:
      'TestValidateJob `spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified`',
    mutate: job => {
      pod(job).restartPolicy = 'OnFailure'
      spec(job).podFailurePolicy = { rules: [] }
    },
    errors: [
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"`',
    mutate: job => {
      spec(job).podReplacementPolicy = 'TerminatingOrFailed'
      failurePolicy([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }])(
        job
      )
    },
    errors: [
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'
    ]
  },
  {
    source:
      'TestValidateJob `spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed", "TerminatingOrFailed"`',
    mutate: job => void (spec(job).podReplacementPolicy = ''),
    errors: [
      'spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed", "TerminatingOrFailed"'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{}}: requires indexed completion mode`',
    mutate: job => void (spec(job).successPolicy = { rules: [] }),
    errors: ['spec.successPolicy: Invalid value: {"Rules":[]}: requires indexed completion mode']
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified`',
    mutate: successPolicy({}),
    errors: [
      'spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified`',
    mutate: successPolicy({ rules: [{}] }),
    errors: [
      'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error parsing succeededIndexes: cannot convert string to integer for index: "invalid"`',
    mutate: successPolicy({ rules: [{ succeededIndexes: 'invalid-format' }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error parsing succeededIndexes: cannot convert string to integer for index: "invalid"'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0].succeededIndexes: Too long: must have at most 65536 bytes`',
    mutate: successPolicy({ rules: [{ succeededIndexes: '1'.repeat(65537) }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededIndexes: Too long: may not be more than 65536 bytes',
      `spec.successPolicy.rules[0].succeededIndexes: Invalid value: "${'1'.repeat(65537)}": error parsing succeededIndexes: cannot convert string to integer for index: "${'1'.repeat(65537)}"`
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0`',
    mutate: successPolicy({ rules: [{ succeededCount: -1 }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than or equal to 0'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)`',
    mutate: successPolicy({ rules: [{ succeededCount: 6 }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)'
    ]
  },
  {
    source:
      'TestValidateJob `spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)`',
    mutate: successPolicy({ rules: [{ succeededCount: 4, succeededIndexes: '0-2' }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)'
    ]
  },
  {
    source: 'TestValidateJob `spec.successPolicy.rules: Too many: 21: must have at most 20 items`',
    mutate: successPolicy({ rules: Array.from({ length: 21 }, () => ({ succeededCount: 5 })) }),
    errors: ['spec.successPolicy.rules: Too many: 21: must have at most 20 items']
  },
  {
    source: 'parseIndexInterval: too large index',
    mutate: successPolicy({ rules: [{ succeededIndexes: '7' }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "7": error parsing succeededIndexes: too large index: "7"'
    ]
  },
  {
    source: 'parseIndexInterval: at most two parts separated by -',
    mutate: successPolicy({ rules: [{ succeededIndexes: '1-2-3' }] }),
    errors: [
      `spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-2-3": error parsing succeededIndexes: the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`
    ]
  },
  {
    source: 'validateIndexesFormat: non-increasing order',
    mutate: successPolicy({ rules: [{ succeededIndexes: '3,2' }] }),
    errors: [
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,2": error parsing succeededIndexes: non-increasing order, previous: 3, current: 2'
    ]
  },
  {
    source:
      'TestValidateJob `spec.managedBy: Invalid value: "invalid custom controller name": must be a domain-prefixed path (such as "acme.io/foo")`',
    mutate: job => void (spec(job).managedBy = 'invalid custom controller name'),
    errors: [
      'spec.managedBy: Invalid value: "invalid custom controller name": must be a domain-prefixed path (such as "acme.io/foo")'
    ]
  },
  {
    source: 'TestValidateJob `spec.managedBy: Too long: may not be longer than 63` (current TooLong wording)',
    mutate: job => void (spec(job).managedBy = `example.com/${'x'.repeat(60)}`),
    errors: ['spec.managedBy: Too long: may not be more than 63 bytes']
  },
  {
    source:
      'TestValidateJob "spec.template.spec.restartPolicy: Required value" (omitted: the pod default Always)',
    mutate: job => void delete pod(job).restartPolicy,
    errors: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']
  },
  {
    source: 'TestValidateJob "spec.template.spec.restartPolicy: Required value" (RestartPolicyAlways)',
    mutate: job => void (pod(job).restartPolicy = 'Always'),
    errors: ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']
  },
  {
    source: 'TestValidateJob "spec.template.spec.restartPolicy: Unsupported value"',
    mutate: job => void (pod(job).restartPolicy = 'Invalid'),
    errors: [
      'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values: "OnFailure", "Never"'
    ]
  },
  {
    source:
      'TestValidateJob "spec.template.metadata.labels: Invalid value: map[string]string{\\"y\\":\\"z\\"}: `selector` does not match template `labels`"',
    mutate: job => {
      Object.assign(spec(job), { manualSelector: true, selector: { matchLabels: { a: 'b' } } })
      ;(spec(job).template as Manifest).metadata = { labels: { y: 'z' } }
    },
    json: true,
    errors: [
      'spec.template.metadata.labels: Invalid value: {"y":"z"}: `selector` does not match template `labels`'
    ]
  },
  {
    source: 'TestValidateJob "spec.selector:Required value"',
    mutate: job => void (spec(job).manualSelector = true),
    errors: [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`'
    ]
  },
  {
    source: 'TestValidateJob "spec.selector: Invalid value: …: `selector` not auto-generated"',
    mutate: job => void (spec(job).selector = { matchLabels: { a: 'b' } }),
    errors: [
      `spec.selector: Invalid value: {"matchLabels":{"a":"b","batch.kubernetes.io/controller-uid":"${uid}"}}: \`selector\` not auto-generated`,
      `spec.template.metadata.labels: Invalid value: ${generatedLabels}: \`selector\` does not match template \`labels\``
    ]
  },
  {
    source: 'ValidateHasLabel: spec.template.metadata.labels[controller-uid] present with another value',
    mutate: job =>
      void ((spec(job).template as Manifest).metadata = { labels: { 'controller-uid': '4d5e6f' } }),
    errors: [
      `spec.template.metadata.labels[controller-uid]: Invalid value: {"batch.kubernetes.io/controller-uid":"${uid}","batch.kubernetes.io/job-name":"myjob","controller-uid":"4d5e6f","job-name":"myjob"}: must be '${uid}'`
    ]
  },
  {
    source:
      'ValidateHasLabel: spec.template.metadata.labels[batch.kubernetes.io/job-name] present with another value',
    mutate: job =>
      void ((spec(job).template as Manifest).metadata = {
        labels: { 'batch.kubernetes.io/job-name': 'other' }
      }),
    errors: [
      `spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: {"batch.kubernetes.io/controller-uid":"${uid}","batch.kubernetes.io/job-name":"other","controller-uid":"${uid}","job-name":"myjob"}: must be 'myjob'`
    ]
  },
  {
    source:
      'IsValidLabelValue (apimachinery pkg/util/validation): a Job name longer than 63 characters cannot be its template label',
    name: 'a'.repeat(64),
    mutate: job => void ((job.metadata as Manifest).name = 'a'.repeat(64)),
    errors: [`spec.template.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`]
  },
  {
    source: 'ValidateJob: Indexed pod hostnames must be DNS labels',
    name: 'my.job',
    mutate: job => {
      ;(job.metadata as Manifest).name = 'my.job'
      indexed(job, 2)
    },
    errors: [
      'metadata.name: Invalid value: "my.job": will not able to create pod with invalid DNS label: my.job-1'
    ]
  },
  {
    source: 'ValidateObjectMetaAccessor: name or generateName is required',
    name: '',
    mutate: job => void delete (job.metadata as Manifest).name,
    errors: ['metadata.name: Required value: name or generateName is required']
  },
  {
    source: 'ValidateReplicationControllerName (NameIsDNSSubdomain)',
    name: 'My_Job',
    mutate: job => void ((job.metadata as Manifest).name = 'My_Job'),
    errors: [`metadata.name: Invalid value: "My_Job": ${dns1123Subdomain}`]
  },
  {
    source: 'ValidateObjectMetaAccessor: generateName validated as a prefix, then the generated name',
    name: 'My-x7k2p',
    mutate: job => {
      delete (job.metadata as Manifest).name
      ;(job.metadata as Manifest).generateName = 'My-'
    },
    errors: [
      `metadata.generateName: Invalid value: "My-": ${dns1123Subdomain}`,
      `metadata.name: Invalid value: "My-x7k2p": ${dns1123Subdomain}`
    ]
  },
  {
    source: 'ValidateObjectMetaAccessor: namespace is a DNS label',
    mutate: job => void ((job.metadata as Manifest).namespace = 'My_NS'),
    errors: [`metadata.namespace: Invalid value: "My_NS": ${dns1123Label}`]
  },
  {
    source: 'ValidateLabels: label keys are qualified names',
    mutate: job => void ((job.metadata as Manifest).labels = { 'bad key': 'x' }),
    errors: [`metadata.labels: Invalid value: "bad key": ${qualifiedName}`]
  },
  {
    source: 'ValidateLabels: label values (IsValidLabelValue)',
    mutate: job => void ((job.metadata as Manifest).labels = { app: 'bad value!' }),
    errors: [`metadata.labels: Invalid value: "bad value!": ${labelValue}`]
  },
  {
    source: 'ValidateAnnotations: keys are qualified names, case-insensitively',
    mutate: job => void ((job.metadata as Manifest).annotations = { 'example.com/a b': 'x' }),
    errors: [`metadata.annotations: Invalid value: "example.com/a b": ${qualifiedName}`]
  },
  {
    source:
      'SetDefaults_Job shares the template labels with the Job: both are validated (ValidateObjectMeta, ValidatePodTemplateSpec)',
    mutate: job => void ((spec(job).template as Manifest).metadata = { labels: { 'a b': 'x' } }),
    errors: [
      `metadata.labels: Invalid value: "a b": ${qualifiedName}`,
      `spec.template.labels: Invalid value: "a b": ${qualifiedName}`
    ]
  },
  {
    source: 'ValidateLabels (IsQualifiedName): an empty prefix',
    mutate: job => void ((job.metadata as Manifest).labels = { '/a': 'x' }),
    errors: ['metadata.labels: Invalid value: "/a": prefix part must be non-empty']
  },
  {
    source: 'ValidateLabels (IsQualifiedName): more than one slash',
    mutate: job => void ((job.metadata as Manifest).labels = { 'a/b/c': 'x' }),
    errors: [
      `metadata.labels: Invalid value: "a/b/c": a valid label key ${qualifiedName.replace('name part ', '')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ]
  },
  {
    source: 'ValidateFinalizers: orphan and foregroundDeletion cannot be both set',
    mutate: job => void ((job.metadata as Manifest).finalizers = ['orphan', 'foregroundDeletion']),
    errors: [
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set'
    ]
  },
  {
    source: 'ValidateObjectMeta (pkg/apis/core/validation): validateKubeFinalizerName',
    mutate: job => void ((job.metadata as Manifest).finalizers = ['cleanup']),
    errors: [
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'
    ]
  },
  {
    source: 'validateOwnerReference: apiVersion, kind, name and uid must not be empty',
    mutate: job =>
      void ((job.metadata as Manifest).ownerReferences = [{ apiVersion: '', kind: '', name: '', uid: '' }]),
    errors: [
      'metadata.ownerReferences[0].apiVersion: Required value: must not be empty',
      'metadata.ownerReferences[0].kind: Required value: must not be empty',
      'metadata.ownerReferences[0].name: Required value: must not be empty',
      'metadata.ownerReferences[0].uid: Required value: must not be empty'
    ]
  },
  {
    source: 'validateOwnerReference: apiVersion without a version',
    mutate: job =>
      void ((job.metadata as Manifest).ownerReferences = [
        { apiVersion: 'apps/', kind: 'A', name: 'a', uid: '1' }
      ]),
    errors: [
      'metadata.ownerReferences[0].apiVersion: Invalid value: "apps/": must be <group>/<version> or <version>'
    ]
  },
  {
    source:
      'validateOwnerReference: schema.ParseGroupVersion refuses more than one slash and reads "/" as no version; each reference at its index',
    mutate: job =>
      void ((job.metadata as Manifest).ownerReferences = [
        { apiVersion: 'a/b/c', kind: 'A', name: 'a', uid: '1' },
        { apiVersion: '/', kind: '', name: 'b', uid: '2' }
      ]),
    errors: [
      'metadata.ownerReferences[0].apiVersion: Invalid value: "a/b/c": must be <group>/<version> or <version>',
      'metadata.ownerReferences[1].apiVersion: Invalid value: "/": must be <group>/<version> or <version>',
      'metadata.ownerReferences[1].kind: Required value: must not be empty'
    ]
  },
  {
    source: 'validateOwnerReference: BannedOwners (an Event of the core group)',
    mutate: job =>
      void ((job.metadata as Manifest).ownerReferences = [
        { apiVersion: 'v1', kind: 'Event', name: 'a', uid: '1', controller: true, blockOwnerDeletion: false }
      ]),
    errors: [
      'metadata.ownerReferences[0]: Invalid value: {"apiVersion":"v1","kind":"Event","name":"a","uid":"1","controller":true,"blockOwnerDeletion":false}: /v1, Kind=Event is disallowed from being an owner'
    ]
  },
  {
    source: 'ValidateOwnerReferences: only one controller',
    mutate: job =>
      void ((job.metadata as Manifest).ownerReferences = [
        { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
        { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true }
      ]),
    errors: [
      'metadata.ownerReferences: Invalid value: [{"apiVersion":"v1","kind":"A","name":"a","uid":"1","controller":true},{"apiVersion":"v1","kind":"B","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for A/a and B/b'
    ]
  },
  {
    source: 'ValidateLabelSelectorRequirement (metav1 validation): values by operator, known operators',
    mutate: job => {
      Object.assign(spec(job), {
        manualSelector: true,
        selector: {
          matchLabels: { a: 'b' },
          matchExpressions: [
            { key: 'k', operator: 'In' },
            { key: 'k', operator: 'Exists', values: ['v'] },
            { key: 'k', operator: 'Is', values: ['v'] }
          ]
        }
      })
      ;(spec(job).template as Manifest).metadata = { labels: { a: 'b' } }
    },
    errors: [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Is": not a valid selector operator'
    ]
  },
  {
    source: 'IsDomainPrefixedPath: the path after the domain (RegexError without examples)',
    mutate: job => void (spec(job).managedBy = 'example.com/a b'),
    errors: [
      `spec.managedBy: Invalid value: "a b": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')`
    ]
  }
]

export const podCases: Case[] = [
  {
    source: 'TestValidateContainers "zero-length name"... (validateContainers: no containers)',
    mutate: job => void delete (pod(job) as Manifest).containers,
    errors: ['spec.template.spec.containers: Required value']
  },
  {
    source: 'TestValidateContainers "zero-length name"',
    mutate: job => void delete container(job).name,
    errors: [`${c0}.name: Required value`]
  },
  {
    source: 'TestValidateContainers "name not a DNS label" (IsDNS1123Label)',
    mutate: job => void (container(job).name = 'My_Name'),
    errors: [`${c0}.name: Invalid value: "My_Name": ${dns1123Label}`]
  },
  {
    source: 'TestValidateContainers "name > 63 characters"',
    mutate: job => void (container(job).name = 'a'.repeat(64)),
    errors: [`${c0}.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`]
  },
  {
    source: 'IsDNS1123Label: a valid subdomain with dots',
    mutate: job => void (container(job).name = 'a.b'),
    errors: [`${c0}.name: Invalid value: "a.b": must not contain dots`]
  },
  {
    source: 'TestValidateContainers "name not unique"',
    mutate: job => void pod(job).containers.push({ name: 'abc', image: 'image' }),
    errors: ['spec.template.spec.containers[1].name: Duplicate value: "abc"']
  },
  {
    source: 'validateInitContainers: names are unique across init and regular containers',
    mutate: job => void (pod(job).initContainers = [{ name: 'abc', image: 'image' }]),
    errors: ['spec.template.spec.initContainers[0].name: Duplicate value: "abc"']
  },
  {
    source: 'TestValidateContainers "zero-length image"',
    mutate: job => void delete container(job).image,
    errors: [`${c0}.image: Required value`]
  },
  {
    source: 'validatePullPolicy: field.NotSupported',
    mutate: job => void (container(job).imagePullPolicy = 'Sometimes'),
    errors: [
      `${c0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`
    ]
  },
  {
    source: 'validateContainerCommon: terminationMessagePolicy',
    mutate: job => void (container(job).terminationMessagePolicy = 'Log'),
    errors: [
      `${c0}.terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"`
    ]
  },
  {
    source: 'TestValidateEnv "zero-length name"',
    mutate: job => void (container(job).env = [{ name: '' }]),
    errors: [`${c0}.env[0].name: Required value`]
  },
  {
    source:
      'TestValidateEnv "invalid name c" (IsRelaxedEnvVarName: RelaxedEnvironmentVariableValidation is GA)',
    mutate: job => void (container(job).env = [{ name: 'a=b', value: 'x' }]),
    errors: [`${c0}.env[0].name: Invalid value: "a=b": ${envVarName}`]
  },
  {
    source: 'IsRelaxedEnvVarName: a digit first, "..", spaces and punctuation are printable ASCII',
    mutate: job =>
      void (container(job).env = [
        { name: '1abc', value: 'x' },
        { name: '..', value: 'x' },
        { name: 'a b!{}', value: 'x' }
      ]),
    errors: []
  },
  {
    source: 'IsRelaxedEnvVarName: a character beyond ASCII',
    mutate: job => void (container(job).env = [{ name: 'caf\u00e9', value: 'x' }]),
    errors: [`${c0}.env[0].name: Invalid value: "caf\u00e9": ${envVarName}`]
  },
  {
    source: 'TestValidateEnv "value and valueFrom specified"',
    mutate: job =>
      void (container(job).env = [
        { name: 'abc', value: 'foo', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }
      ]),
    errors: [`${c0}.env[0].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`]
  },
  {
    source: 'TestValidateEnv "valueFrom.fieldRef and valueFrom.secretKeyRef specified"',
    mutate: job =>
      void (container(job).env = [
        {
          name: 'abc',
          valueFrom: {
            fieldRef: { fieldPath: 'metadata.name' },
            secretKeyRef: { name: 'a-secret', key: 'a-key' }
          }
        }
      ]),
    errors: [
      `${c0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time`
    ]
  },
  {
    source: 'TestValidateEnv "valueFrom.fieldRef and valueFrom.configMapKeyRef set"',
    mutate: job =>
      void (container(job).env = [
        {
          name: 'some_var_name',
          valueFrom: {
            fieldRef: { fieldPath: 'metadata.name' },
            configMapKeyRef: { name: 'some-config-map', key: 'some-key' }
          }
        }
      ]),
    errors: [
      `${c0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time`
    ]
  },
  {
    source: 'validateEnvVarValueFrom: no source',
    mutate: job => void (container(job).env = [{ name: 'abc', valueFrom: {} }]),
    errors: [
      `${c0}.env[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\`, \`secretKeyRef\` or \`fileKeyRef\``
    ]
  },
  {
    source: 'validateFileKeySelector (EnvFiles, beta and on): key, volumeName and path',
    mutate: job =>
      void (container(job).env = [
        { name: 'a', valueFrom: { fileKeyRef: { key: 'a=b', volumeName: 'V', path: 'x/../y' } } },
        { name: 'b', valueFrom: { fileKeyRef: { key: '', volumeName: '', path: '' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.fileKeyRef.key: Invalid value: "a=b": ${envVarName}`,
      `${c0}.env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "V": ${dns1123Label}`,
      `${c0}.env[0].valueFrom.fileKeyRef.path: Invalid value: "x/../y": must not contain '..'`,
      `${c0}.env[1].valueFrom.fileKeyRef.key: Required value`,
      `${c0}.env[1].valueFrom.fileKeyRef.volumeName: Required value`,
      `${c0}.env[1].valueFrom.fileKeyRef.path: Required value`,
      `${c0}.env[0].valueFrom.fileKeyRef.volumeName: Not found: "V"`,
      `${c0}.env[1].valueFrom.fileKeyRef.volumeName: Not found: ""`
    ]
  },
  {
    source: 'validateFileKeyRefVolumes: the volume must be an emptyDir of the pod',
    mutate: job => {
      pod(job).volumes = [{ name: 'cfg', configMap: { name: 'cm' } }]
      container(job).env = [
        { name: 'a', valueFrom: { fileKeyRef: { key: 'k', volumeName: 'cfg', path: 'env' } } }
      ]
    },
    errors: [
      `${c0}.env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "cfg": referenced volume must be of type emptyDir`
    ]
  },
  {
    source: 'TestValidateEnv "missing FieldPath on ObjectFieldSelector"',
    mutate: job =>
      void (container(job).env = [{ name: 'abc', valueFrom: { fieldRef: { apiVersion: 'v1' } } }]),
    errors: [`${c0}.env[0].valueFrom.fieldRef.fieldPath: Required value`]
  },
  {
    source: 'TestValidateEnv "invalid fieldPath"',
    mutate: job =>
      void (container(job).env = [
        { name: 'abc', valueFrom: { fieldRef: { fieldPath: 'metadata.whoops' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.whoops": error converting fieldPath: field label not supported: metadata.whoops`
    ]
  },
  {
    source: 'TestValidateEnv "invalid fieldPath labels"',
    mutate: job =>
      void (container(job).env = [
        { name: 'labels', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`
    ]
  },
  {
    source: 'TestValidateEnv "unsupported fieldPath" (fieldRef apiVersion other than v1)',
    mutate: job =>
      void (container(job).env = [
        { name: 'abc', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2`
    ]
  },
  {
    source: 'validateConfigMapKeySelector: IsConfigMapKey',
    mutate: job =>
      void (container(job).env = [
        { name: 'abc', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a/b' } } }
      ]),
    errors: [`${c0}.env[0].valueFrom.configMapKeyRef.key: Invalid value: "a/b": ${configKey}`]
  },
  {
    source: 'validateSecretKeySelector: the name is validated even when empty',
    mutate: job => void (container(job).env = [{ name: 'abc', valueFrom: { secretKeyRef: { key: 'k' } } }]),
    errors: [`${c0}.env[0].valueFrom.secretKeyRef.name: Invalid value: "": ${dns1123Subdomain}`]
  },
  {
    source: 'validateSecretKeySelector: key required',
    mutate: job =>
      void (container(job).env = [{ name: 'abc', valueFrom: { secretKeyRef: { name: 's', key: '' } } }]),
    errors: [`${c0}.env[0].valueFrom.secretKeyRef.key: Required value`]
  },
  {
    source: 'validateContainerResourceFieldSelector: resource not supported',
    mutate: job =>
      void (container(job).env = [
        { name: 'abc', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }
      ]),
    errors: [
      `${c0}.env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`
    ]
  },
  {
    source: 'ValidateEnvFrom: no source',
    mutate: job => void (container(job).envFrom = [{}]),
    errors: [`${c0}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``]
  },
  {
    source: 'ValidateEnvFrom: both sources',
    mutate: job =>
      void (container(job).envFrom = [{ configMapRef: { name: 'cm' }, secretRef: { name: 's' } }]),
    errors: [`${c0}.envFrom: Invalid value: "": may not have more than one field specified at a time`]
  },
  {
    source: 'ValidateEnvFrom: prefix is a relaxed env var name',
    mutate: job => void (container(job).envFrom = [{ prefix: 'X=', configMapRef: { name: 'cm' } }]),
    errors: [`${c0}.envFrom[0].prefix: Invalid value: "X=": ${envVarName}`]
  },
  {
    source: 'TestValidateVolumeMounts "name not found"',
    mutate: job => void (container(job).volumeMounts = [{ name: 'missing', mountPath: '/data' }]),
    errors: [`${c0}.volumeMounts[0].name: Not found: "missing"`]
  },
  {
    source: 'TestValidateVolumeMounts "empty mountpath"',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '' }]
    },
    errors: [`${c0}.volumeMounts[0].mountPath: Required value`]
  },
  {
    source: 'TestValidateVolumeMounts "mountpath collision"',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [
        { name: 'v', mountPath: '/data' },
        { name: 'v', mountPath: '/data' }
      ]
    },
    errors: [`${c0}.volumeMounts[1].mountPath: Invalid value: "/data": must be unique`]
  },
  {
    source:
      'TestValidateVolumeMounts "absolute subpath" (the path is the list\'s, as validation.go builds it)',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '/bar', subPath: '/baz' }]
    },
    errors: [`${c0}.volumeMounts.subPath: Invalid value: "/baz": must be a relative path`]
  },
  {
    source: 'TestValidateVolumeMounts "subpath contains .."',
    mutate: job => {
      pod(job).volumes = [{ name: 'v', emptyDir: {} }]
      container(job).volumeMounts = [{ name: 'v', mountPath: '/bar', subPath: 'baz/../bat' }]
    },
    errors: [`${c0}.volumeMounts.subPath: Invalid value: "baz/../bat": must not contain '..'`]
  },
  {
    source: 'ValidateVolumes: duplicate names',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v', emptyDir: {} },
        { name: 'v', emptyDir: {} }
      ]),
    errors: ['spec.template.spec.volumes[1].name: Duplicate value: "v"']
  },
  {
    source: 'ValidateVolumes: name is a DNS label',
    mutate: job => void (pod(job).volumes = [{ name: 'My_Vol', emptyDir: {} }]),
    errors: [`spec.template.spec.volumes[0].name: Invalid value: "My_Vol": ${dns1123Label}`]
  },
  {
    source: 'validateVolumeSource: may not specify more than 1 volume type',
    mutate: job => void (pod(job).volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp' } }]),
    errors: ['spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']
  },
  {
    source: 'validateConfigMapVolumeSource: defaultMode range (fileModeErrorMsg)',
    mutate: job => void (pod(job).volumes = [{ name: 'v', configMap: { name: 'cm', defaultMode: 0o1000 } }]),
    errors: [
      'spec.template.spec.volumes[0].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive'
    ]
  },
  {
    source: 'validateSecretVolumeSource: secretName required',
    mutate: job => void (pod(job).volumes = [{ name: 'v', secret: {} }]),
    errors: ['spec.template.spec.volumes[0].secret.secretName: Required value']
  },
  {
    source: 'validateKeyToPath: path must be relative',
    mutate: job =>
      void (pod(job).volumes = [
        { name: 'v', configMap: { name: 'cm', items: [{ key: 'k', path: '/etc/k' }] } }
      ]),
    errors: [
      'spec.template.spec.volumes[0].configMap.items[0].path: Invalid value: "/etc/k": must be a relative path'
    ]
  },
  {
    source: 'validateHostPathType: field.NotSupported',
    mutate: job => void (pod(job).volumes = [{ name: 'v', hostPath: { path: '/tmp', type: 'Dir' } }]),
    errors: [
      'spec.template.spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"'
    ]
  },
  {
    source: 'validateHostPathVolumeSource: path without backsteps',
    mutate: job => void (pod(job).volumes = [{ name: 'v', hostPath: { path: '/tmp/../etc' } }]),
    errors: [
      `spec.template.spec.volumes[0].hostPath.path: Invalid value: "/tmp/../etc": must not contain '..'`
    ]
  },
  {
    source: 'ValidateNonnegativeQuantity (resources)',
    mutate: job => void (container(job).resources = { limits: { cpu: '-1' } }),
    errors: [`${c0}.resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`]
  },
  {
    source: 'TestValidateContainers "Resource CPU invalid" … request must be less than or equal to limit',
    mutate: job => void (container(job).resources = { limits: { cpu: '1' }, requests: { cpu: '2' } }),
    errors: [`${c0}.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`]
  },
  {
    source: 'ValidateResourceRequirements: a decimal request beyond int64 keeps its canonical form',
    // A YAML float reaches the quantity as Go's JSON writes a float64 (111111111111111110000).
    mutate: job =>
      void (container(job).resources = {
        limits: { cpu: '500m' },
        // eslint-disable-next-line no-loss-of-precision -- a YAML float, read as a float64 by kubectl too
        requests: { cpu: 111111111111111111111.25 }
      }),
    errors: [
      `${c0}.resources.requests: Invalid value: "111111111111111110k": must be less than or equal to cpu limit of 500m`
    ]
  },
  {
    source: 'validateContainerResourceName: not a standard resource',
    mutate: job => void (container(job).resources = { limits: { gpu: '1' } }),
    errors: [
      `${c0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
      `${c0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`
    ]
  },
  {
    source: 'ValidateResourceQuantityValue: extended resources are integers',
    mutate: job => void (container(job).resources = { limits: { 'example.com/foo': '500m' } }),
    errors: [`${c0}.resources.limits[example.com/foo]: Invalid value: "500m": must be an integer`]
  },
  {
    source: 'validateResourceRequirements: non-overcommitable resources need a limit',
    mutate: job => void (container(job).resources = { requests: { 'example.com/foo': '1' } }),
    errors: [`${c0}.resources.limits: Required value: Limit must be set for non overcommitable resources`]
  },
  {
    source:
      'validateInitContainerRestartPolicy (ContainerRestartRules on): Never and OnFailure are accepted, as are rules',
    mutate: job => {
      pod(job).initContainers = [
        { name: 'init', image: 'image', restartPolicy: 'Never' },
        {
          name: 'side',
          image: 'image',
          restartPolicy: 'Always',
          restartPolicyRules: [
            { action: 'RestartAllContainers', exitCodes: { operator: 'In', values: [42] } }
          ]
        }
      ]
    },
    errors: []
  },
  {
    source: 'validateContainerRestartPolicy (KEP-5307): a regular container may set restartPolicy and rules',
    mutate: job => {
      container(job).restartPolicy = 'OnFailure'
      container(job).restartPolicyRules = [
        { action: 'Restart', exitCodes: { operator: 'NotIn', values: [0] } }
      ]
    },
    errors: []
  },
  {
    source: 'validateContainerRestartPolicy: unsupported policy, action and operator; exitCodes required',
    mutate: job => {
      container(job).restartPolicy = 'Sometimes'
      container(job).restartPolicyRules = [
        { action: 'Retry', exitCodes: { operator: 'Is', values: [1] } },
        { action: 'Restart' }
      ]
    },
    errors: [
      `${c0}.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"`,
      `${c0}.restartPolicyRules[0].action: Unsupported value: "Retry": supported values: "Restart", "RestartAllContainers"`,
      `${c0}.restartPolicyRules[0].exitCodes.operator: Unsupported value: "Is": supported values: "In", "NotIn"`,
      `${c0}.restartPolicyRules[1].exitCodes: Required value: must be specified`
    ]
  },
  {
    source: 'validateContainerRestartPolicy: rules need a policy; at most 20 rules and 255 exit codes',
    mutate: job => {
      const rule = {
        action: 'Restart',
        exitCodes: { operator: 'In', values: Array.from({ length: 256 }, (_, i) => i) }
      }
      container(job).restartPolicyRules = Array.from({ length: 21 }, () => rule)
    },
    errors: [
      `${c0}.restartPolicy: Required value: must specify restartPolicy when restart rules are used`,
      `${c0}.restartPolicyRules: Too many: 21: must have at most 20 items`,
      ...Array.from(
        { length: 21 },
        (_, i) =>
          `${c0}.restartPolicyRules[${i}].exitCodes.values: Too many: 256: must have at most 255 items`
      )
    ]
  },
  {
    source: 'validateProjectionSources: two sources projecting the same path',
    mutate: job => {
      pod(job).volumes = [
        {
          name: 'p',
          projected: {
            sources: [
              { configMap: { name: 'a', items: [{ key: 'k', path: 'same' }] } },
              { secret: { name: 'b', items: [{ key: 'k', path: 'same' }] } }
            ]
          }
        }
      ]
    },
    errors: ['spec.template.spec.volumes[0].projected: Invalid value: "b": conflicting duplicate paths']
  },
  {
    source:
      'validation of values: %q escapes invisible characters, json.Marshal escapes & < > (core.ResourceName)',
    mutate: job => {
      container(job).env = [{ name: '\ufeffA', value: 'x' }]
      container(job).resources = { limits: { 'mem&a ory': '1' } }
    },
    errors: [
      `${c0}.env[0].name: Invalid value: "\\ufeffA": ${envVarName}`,
      `${c0}.resources.limits[mem&a ory]: Invalid value: "mem\\u0026a ory": ${qualifiedName}`,
      `${c0}.resources.limits[mem&a ory]: Invalid value: "mem\\u0026a ory": must be a standard resource for containers`
    ]
  },
  {
    source: 'validateInitContainerRestartPolicy: rules without a policy',
    mutate: job =>
      void (pod(job).initContainers = [
        { name: 'init', image: 'image', restartPolicyRules: [{ action: 'Restart' }] }
      ]),
    errors: [
      'spec.template.spec.initContainers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used'
    ]
  },
  {
    source: 'validateInitContainers: probes only for restartPolicy=Always',
    mutate: job =>
      void (pod(job).initContainers = [
        { name: 'init', image: 'image', livenessProbe: { exec: { command: ['true'] } } }
      ]),
    errors: [
      'spec.template.spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'
    ]
  },
  {
    source: 'validateHandler: must specify a handler type',
    mutate: job => void (container(job).livenessProbe = { initialDelaySeconds: 1 }),
    errors: [`${c0}.livenessProbe: Required value: must specify a handler type`]
  },
  {
    source: 'ValidatePortNumOrName: httpGet port range',
    mutate: job => void (container(job).readinessProbe = { httpGet: { port: 0 } }),
    errors: [`${c0}.readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`]
  },
  {
    source: 'validateLivenessProbe: successThreshold must be 1',
    mutate: job => void (container(job).livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 }),
    errors: [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`]
  },
  {
    source: 'validateContainerPorts: containerPort range',
    mutate: job => void (container(job).ports = [{ containerPort: 70000 }]),
    errors: [`${c0}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`]
  },
  {
    source: 'validateContainerPorts: containerPort required',
    mutate: job => void (container(job).ports = [{ name: 'http' }]),
    errors: [`${c0}.ports[0].containerPort: Required value`]
  },
  {
    source: 'IsValidPortName: lower case letters, digits and hyphens',
    mutate: job => void (container(job).ports = [{ name: 'Http', containerPort: 80 }]),
    errors: [
      `${c0}.ports[0].name: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`
    ]
  },
  {
    source:
      'ValidatePodSpec (pkg/apis/core/validation/validation.go): pod activeDeadlineSeconds, InclusiveRangeError',
    mutate: job => void (pod(job).activeDeadlineSeconds = 0),
    errors: [
      'spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'
    ]
  },
  {
    source: 'validateDNSPolicy: field.NotSupported',
    mutate: job => void (pod(job).dnsPolicy = 'Sometimes'),
    errors: [
      'spec.template.spec.dnsPolicy: Unsupported value: "Sometimes": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'
    ]
  },
  {
    source: 'ValidatePodSpec: nodeSelector label values',
    mutate: job => void (pod(job).nodeSelector = { disk: 'fast ssd' }),
    errors: [`spec.template.spec.nodeSelector: Invalid value: "fast ssd": ${labelValue}`]
  },
  {
    source: 'ValidatePodSpec: serviceAccountName (ValidateServiceAccountName)',
    mutate: job => void (pod(job).serviceAccountName = 'Bad_Name'),
    errors: [`spec.template.spec.serviceAccountName: Invalid value: "Bad_Name": ${dns1123Subdomain}`]
  },
  {
    source: 'ValidateTolerations: operator must be Exists when key is empty',
    mutate: job => void (pod(job).tolerations = [{ operator: 'Equal', value: 'x' }]),
    errors: [
      'spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'
    ]
  },
  {
    source: 'ValidatePodTemplateSpec: template annotations',
    mutate: job => void ((spec(job).template as Manifest).metadata = { annotations: { '-bad': 'x' } }),
    errors: [`spec.template.annotations: Invalid value: "-bad": ${qualifiedName}`]
  },
  ...podTemplateCases
]

/** A case's manifest as loaded: kubectl's text when refused, '' when accepted. */
export function runCase({ mutate, json }: Case): string {
  const job = validJob()
  mutate(job)
  const text = json ? JSON.stringify(job) : toYaml(job)
  if (!failsToLoad(text)) return ''
  return withoutLocations(failure(text))
}

function failsToLoad(text: string): boolean {
  try {
    load(text)
    return false
  } catch {
    return true
  }
}

/** The text a case expects. */
export function expectedText({ errors, name = 'myjob' }: Case): string {
  if (errors.length === 0) return ''
  if (errors.length === 1) return `The Job "${name}" is invalid: ${errors[0]}`
  return [`The Job "${name}" is invalid: `, ...errors.map(e => `* ${e}`)].join('\n')
}

const configBase = { apiVersion: 'v1', metadata: { name: 'cfg' } }

/** ConfigMaps and Secrets beside the valid Job: [source, object, kubectl's text]. */
export const configCases: Array<[string, Manifest, string]> = [
  [
    'ValidateConfigMap: data keys (IsConfigMapKey)',
    { ...configBase, kind: 'ConfigMap', data: { 'a b': 'x' } },
    `The ConfigMap "cfg" is invalid: data[a b]: Invalid value: "a b": ${configKey}`
  ],
  [
    'ValidateConfigMap: a key in both data and binaryData',
    { ...configBase, kind: 'ConfigMap', data: { k: 'x' }, binaryData: { k: 'eA==' } },
    'The ConfigMap "cfg" is invalid: data[k]: Invalid value: "k": duplicate of key present in binaryData'
  ],
  [
    'ValidateConfigMapName (NameIsDNSSubdomain)',
    { ...configBase, kind: 'ConfigMap', metadata: { name: 'Cfg' } },
    `The ConfigMap "Cfg" is invalid: metadata.name: Invalid value: "Cfg": ${dns1123Subdomain}`
  ],
  [
    'ValidateSecret: kubernetes.io/tls requires tls.crt and tls.key',
    { ...configBase, kind: 'Secret', type: 'kubernetes.io/tls', data: {} },
    [
      'The Secret "cfg" is invalid: ',
      '* data[tls.crt]: Required value',
      '* data[tls.key]: Required value'
    ].join('\n')
  ],
  [
    'ValidateSecret: keys of stringData are validated after the merge into data',
    { ...configBase, kind: 'Secret', stringData: { '..': 'x' } },
    `The Secret "cfg" is invalid: data[..]: Invalid value: "..": must not be '..'`
  ],
  [
    "IsConfigMapKey: not '.'",
    { ...configBase, kind: 'ConfigMap', data: { '.': 'x' } },
    `The ConfigMap "cfg" is invalid: data[.]: Invalid value: ".": must not be '.'`
  ],
  [
    "IsConfigMapKey: not starting with '..'",
    { ...configBase, kind: 'ConfigMap', data: { '..a': 'x' } },
    `The ConfigMap "cfg" is invalid: data[..a]: Invalid value: "..a": must not start with '..'`
  ]
]
