/**
 * The JSONPath templates of kubectl's documentation (kubernetes.io/docs/reference/kubectl/jsonpath/:
 * its input and its table of functions), plus the errors client-go's parser gives. One difference
 * from the table: maps print as JSON (`{"cpu":"4"}`), as kubectl has printed them since client-go
 * switched from fmt's `map[cpu:4]`.
 */
import { describe, expect, test } from '@jest/globals'
import { JsonPath } from '../../src/report/jsonpath/evaluate.js'

const input = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] }
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: {
        capacity: { cpu: '8' },
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' }
        ]
      }
    }
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } }
  ]
}

const documented: [template: string, output: string][] = [
  ['kind is {.kind}', 'kind is List'],
  ['{.kind}', 'List'],
  ["{['kind']}", 'List'],
  ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
  ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
  ['{.users[0].name}', 'myself'],
  ["{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
  ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
  [
    '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}',
    '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '
  ],
  ["{range .items[*]}{.metadata.name}{'\\t'}{end}", '127.0.0.1\t127.0.0.2\t'],
  ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
  // From the page's kubectl examples.
  ['{.items[*].status.addresses[?(@.type=="LegacyHostIP")].address}', '127.0.0.1 127.0.0.2'],
  ['{range .items[*]}{.metadata.name}{"\\n"}{end}', '127.0.0.1\n127.0.0.2\n'],
  ['{.items[-1:].metadata.name}', '127.0.0.2'],
  ['{.items[0:2:1].status.capacity.cpu}', '4 8'],
  ['{@.users[1].user}', '{"password":"secret","username":"admin"}'],
  ['{.users[?(@.user.password)].name}', 'e2e'],
  ['{.missing}', ''],
  // A map's values in the order they were decoded (Go ranges over a map in no set order).
  ['{range .users[*]}{range .user.*}<{@}>{end};{end}', ';<admin><secret>;']
]

describe("kubectl's JSONPath", () => {
  test.each(documented)('%s', (template, output) => {
    expect(new JsonPath('t', template).execute(input)).toBe(output)
  })

  test.each([
    ['{.items[0]', 'unclosed action'],
    ['{.a[1:x]}', 'invalid array index 1:x'],
    ['{end}', 'not in range, nothing to end'],
    ['{.items[5]}', 'array index out of bounds: index 5, length 2'],
    ['{.kind[0]}', 'string is not array or slice'],
    ['{foo}', 'unrecognized identifier foo'],
    ['{....a}', 'invalid multiple recursive descent']
  ])('%s fails: %s', (template, message) => {
    expect(() => new JsonPath('t', template).execute(input)).toThrow(message)
  })
})
