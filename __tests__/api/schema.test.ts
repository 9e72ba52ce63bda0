/** The committed schema is what scripts/gen-schema.mjs makes of the installed client-node. */
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { schema } from '../../src/api/schema.generated.js'

describe('schema.generated.ts', () => {
  test('is up to date with @kubernetes/client-node', () => {
    const output = execFileSync(process.execPath, ['scripts/gen-schema.mjs', '--check'], { encoding: 'utf8' })
    expect(output).toMatch(/is up to date \(\d+ models\)/)
  })

  test('covers the Job, ConfigMap and Secret models and knows the Go names of their types', () => {
    expect(schema.V1Job.fields.spec).toEqual(['M:V1JobSpec', 'v1.JobSpec'])
    expect(schema.V1JobSpec.fields.completions).toEqual(['int32', 'int32'])
    expect(schema.V1PodSpec.fields.restartPolicy).toEqual(['string', 'v1.RestartPolicy'])
    expect(schema.V1ResourceRequirements.fields.limits).toEqual(['map:quantity', 'v1.ResourceList'])
    expect(schema.V1Secret.fields.data).toEqual(['map:bytes', 'map[string][]uint8'])
    expect(schema.V1ConfigMap.go).toBe('ConfigMap')
  })
})
