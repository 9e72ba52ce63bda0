/**
 * YAML as kubectl prints it (`-o yaml`): sigs.k8s.io/yaml turns the JSON into YAML with go-yaml
 * v2, a YAML 1.1 emitter. A string that YAML 1.1 would read as something else — a timestamp
 * (`creationTimestamp: "2026-12-06T10:00:00Z"`), a number, yes/no/on/off — is double-quoted, and
 * a list is not indented under its key. The YAML 1.2 defaults would leave such strings bare, and a
 * YAML 1.1 reader would turn them into dates and booleans.
 */
import { stringify } from 'yaml'

export function kubectlYaml(value: unknown): string {
  return stringify(value, { version: '1.1', sortMapEntries: true, indentSeq: false })
}
