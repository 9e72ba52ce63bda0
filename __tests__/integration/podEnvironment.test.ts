/**
 * What a container sees, with real processes: its environment (HOSTNAME, JOB_COMPLETION_INDEX,
 * envFrom, env with $(VAR) expansion, every valueFrom form), its command and args after expansion,
 * and its working directory — read back from the container's own log file.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { cleanup, runReal, type RealRun } from '../support/realRun.js'

let run: RealRun | undefined
afterEach(() => {
  cleanup(run)
  run = undefined
})

/** Prints NAME=value (or NAME=<unset>) for every name given as an argument. */
const showEnv = `for n in "$@"; do eval "v=\\\${$n-<unset>}"; printf "%s=%s\\n" "$n" "$v"; done`

function logOf(run: RealRun, container: string, index = 0): Record<string, string> {
  const file = run.results[0].pods[index].containerStatuses.find(s => s.name === container)?.logs[0]
  const text = fs.readFileSync(file as string, 'utf8')
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
}

const objects = `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data:
  mode: fast
  LEVEL: info
  greeting: hello world
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData:
  password: s3cr3t-pa55
  token: tok-123
`

describe('a container environment', () => {
  test('$(VAR) expansion: earlier variables only, $$ escapes, unknown references left as written, also in command and args', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: expand }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: env
          image: busybox
          command: [sh, -c, '${showEnv}', show]
          args: [A, B, C, D, E, F, G, H, I]
          env:
            - { name: A, value: one }
            - { name: B, value: "$(A)-two" }
            - { name: C, value: "$(D) is defined later" }
            - { name: D, value: four }
            - { name: E, value: "$$(A) escaped, $$$$ is one dollar" }
            - { name: F, value: "$(UNKNOWN) stays; so does $(PATH) of the runner" }
            - { name: G, value: "$(HOSTNAME)" }
            - { name: H, value: "$(A unclosed" }
            - { name: I, value: "$A is not a reference" }
        - name: args
          image: busybox
          command: [echo, "cmd $(A)"]
          args: ["$(B)", "$$(B)", "$(NOPE)", "$(D)"]
          env:
            - { name: A, value: one }
            - { name: B, value: "$(A)-two" }
`)
    const pod = run.results[0].pods[0]
    expect(logOf(run, 'env')).toEqual({
      A: 'one',
      B: 'one-two',
      C: '$(D) is defined later',
      D: 'four',
      E: '$(A) escaped, $$ is one dollar',
      F: '$(UNKNOWN) stays; so does $(PATH) of the runner',
      G: pod.name,
      H: '$(A unclosed',
      I: '$A is not a reference'
    })
    expect(fs.readFileSync(pod.containerStatuses[1].logs[0], 'utf8')).toBe(
      'cmd one one-two $(B) $(NOPE) $(D)\n'
    )
  })

  test('envFrom with prefixes, env over envFrom, every valueFrom form', async () => {
    const names = [
      'CM_mode',
      'CM_greeting',
      'LEVEL',
      'S_password',
      'POD_NAME',
      'POD_NAMESPACE',
      'POD_UID',
      'APP',
      'JOB_LABEL',
      'NOTE',
      'NODE',
      'POD_IP',
      'HOST_IP',
      'SA',
      'CPU_LIMIT_M',
      'CPU_LIMIT',
      'MEM_LIMIT_MI',
      'CPU_REQUEST_M',
      'MEM_REQUEST',
      'CM_VALUE',
      'CM_OPTIONAL_KEY',
      'CM_OPTIONAL_MAP',
      'SECRET_VALUE',
      'SECRET_OPTIONAL',
      'EXPANDED',
      'HOSTNAME',
      'JOB_COMPLETION_INDEX'
    ]
    run = await runReal(`${objects}
---
apiVersion: batch/v1
kind: Job
metadata: { name: value-from }
spec:
  template:
    metadata:
      labels: { app: demo }
      annotations: { note: "a note" }
    spec:
      restartPolicy: Never
      containers:
        - name: env
          image: busybox
          command: [sh, -c, '${showEnv}', show]
          args: [${names.join(', ')}]
          resources:
            limits: { cpu: 500m, memory: 64Mi }
          envFrom:
            - { prefix: CM_, configMapRef: { name: settings } }
            - { configMapRef: { name: settings } }
            - { prefix: S_, secretRef: { name: creds } }
            - { configMapRef: { name: absent, optional: true } }
          env:
            - { name: LEVEL, value: debug }
            - { name: POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
            - { name: POD_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
            - { name: POD_UID, valueFrom: { fieldRef: { fieldPath: metadata.uid } } }
            - { name: APP, valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }
            - { name: JOB_LABEL, valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } }
            - { name: NOTE, valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } }
            - { name: NODE, valueFrom: { fieldRef: { fieldPath: spec.nodeName } } }
            - { name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }
            - { name: HOST_IP, valueFrom: { fieldRef: { fieldPath: status.hostIP } } }
            - { name: SA, valueFrom: { fieldRef: { fieldPath: spec.serviceAccountName } } }
            - { name: CPU_LIMIT_M, valueFrom: { resourceFieldRef: { resource: limits.cpu, divisor: 1m } } }
            - { name: CPU_LIMIT, valueFrom: { resourceFieldRef: { resource: limits.cpu } } }
            - { name: MEM_LIMIT_MI, valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } } }
            - { name: CPU_REQUEST_M, valueFrom: { resourceFieldRef: { resource: requests.cpu, divisor: 1m } } }
            - { name: MEM_REQUEST, valueFrom: { resourceFieldRef: { resource: requests.memory } } }
            - { name: CM_VALUE, valueFrom: { configMapKeyRef: { name: settings, key: greeting } } }
            - { name: CM_OPTIONAL_KEY, valueFrom: { configMapKeyRef: { name: settings, key: nope, optional: true } } }
            - { name: CM_OPTIONAL_MAP, valueFrom: { configMapKeyRef: { name: absent, key: x, optional: true } } }
            - { name: SECRET_VALUE, valueFrom: { secretKeyRef: { name: creds, key: token } } }
            - { name: SECRET_OPTIONAL, valueFrom: { secretKeyRef: { name: absent, key: x, optional: true } } }
            - { name: EXPANDED, value: "$(POD_NAME) in $(POD_NAMESPACE) at $(POD_IP), mode $(mode)" }
`)
    const pod = run.results[0].pods[0]
    expect(pod.phase).toBe('Succeeded')
    expect(logOf(run, 'env')).toEqual({
      CM_mode: 'fast',
      CM_greeting: 'hello world',
      LEVEL: 'debug',
      S_password: 's3cr3t-pa55',
      POD_NAME: pod.name,
      POD_NAMESPACE: 'default',
      POD_UID: pod.uid,
      APP: 'demo',
      JOB_LABEL: 'value-from',
      NOTE: 'a note',
      NODE: os.hostname(),
      POD_IP: '127.0.0.1',
      HOST_IP: '127.0.0.1',
      SA: 'default',
      CPU_LIMIT_M: '500',
      CPU_LIMIT: '1',
      MEM_LIMIT_MI: '64',
      CPU_REQUEST_M: '500',
      MEM_REQUEST: String(64 * 1024 * 1024),
      CM_VALUE: 'hello world',
      CM_OPTIONAL_KEY: '<unset>',
      CM_OPTIONAL_MAP: '<unset>',
      SECRET_VALUE: 'tok-123',
      SECRET_OPTIONAL: '<unset>',
      EXPANDED: `${pod.name} in default at 127.0.0.1, mode fast`,
      HOSTNAME: pod.name,
      JOB_COMPLETION_INDEX: '<unset>'
    })
    // The live stream is masked; the log file above is byte-exact.
    expect(run.output).toContain(`[${pod.name}/env] S_password=***\n`)
    expect(run.output).toContain(`[${pod.name}/env] SECRET_VALUE=***\n`)
    expect(run.output).not.toContain('s3cr3t-pa55')
    expect(run.output).not.toContain('tok-123')
  })

  test('without limits, resourceFieldRef reports what the runner has', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: node-capacity }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: env
          image: busybox
          command: [sh, -c, '${showEnv}', show]
          args: [CPUS, MEMORY, CPU_REQUEST]
          env:
            - { name: CPUS, valueFrom: { resourceFieldRef: { resource: limits.cpu } } }
            - { name: MEMORY, valueFrom: { resourceFieldRef: { resource: limits.memory } } }
            - { name: CPU_REQUEST, valueFrom: { resourceFieldRef: { resource: requests.cpu } } }
`)
    expect(logOf(run, 'env')).toEqual({
      CPUS: String(os.cpus().length),
      MEMORY: String(os.totalmem()),
      CPU_REQUEST: '0'
    })
  })

  test('Indexed pods: HOSTNAME <job>-<index> and JOB_COMPLETION_INDEX, also for $(VAR) and init containers', async () => {
    run = await runReal(`
apiVersion: batch/v1
kind: Job
metadata: { name: idx }
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - { name: init, image: busybox, command: [sh, -c, 'echo "init $JOB_COMPLETION_INDEX"'] }
      containers:
        - name: env
          image: busybox
          command: [sh, -c, '${showEnv}', show]
          args: [HOSTNAME, JOB_COMPLETION_INDEX, SHARD]
          env:
            - { name: SHARD, value: "shard-$(JOB_COMPLETION_INDEX)-of-3 on $(HOSTNAME)" }
`)
    const pods = run.results[0].pods
    expect(pods).toHaveLength(3)
    pods.forEach((pod, i) => {
      const index = pod.index as number
      expect(logOf(run as RealRun, 'env', i)).toEqual({
        HOSTNAME: `idx-${index}`,
        JOB_COMPLETION_INDEX: String(index),
        SHARD: `shard-${index}-of-3 on idx-${index}`
      })
      expect(fs.readFileSync(pod.initContainerStatuses[0].logs[0], 'utf8')).toBe(`init ${index}\n`)
    })
  })

  test.each([
    ['a missing ConfigMap', '{ configMapKeyRef: { name: absent, key: x } }', 'configmap "absent" not found'],
    [
      'a missing ConfigMap key',
      '{ configMapKeyRef: { name: settings, key: x } }',
      "couldn't find key x in ConfigMap default/settings"
    ],
    ['a missing Secret', '{ secretKeyRef: { name: absent, key: x } }', 'secret "absent" not found'],
    [
      'a missing Secret key',
      '{ secretKeyRef: { name: creds, key: x } }',
      "couldn't find key x in Secret default/creds"
    ]
  ])(
    '%s: the container never runs, CreateContainerConfigError with the kubelet message',
    async (_case, source, message) => {
      run = await runReal(`${objects}
---
apiVersion: batch/v1
kind: Job
metadata: { name: config-error }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [sh, -c, "touch ran"]
          env: [{ name: X, valueFrom: ${source} }]
`)
      expect(run.outputs.status).toBe('Failed')
      const pod = run.results[0].pods[0]
      expect(pod.phase).toBe('Failed')
      expect(pod.containerStatuses[0]).toMatchObject({
        state: 'waiting',
        waitingReason: 'CreateContainerConfigError',
        waitingMessage: message,
        logs: []
      })
      expect(fs.existsSync(path.join(run.dir, 'ran'))).toBe(false)
    }
  )
})

describe('the working directory', () => {
  test.each([
    ['unset: the workspace', undefined, ''],
    ['relative: under the workspace', 'sub/dir', '/sub/dir'],
    ['absolute: as written', '<abs>', '/sub/dir']
  ])('%s', async (_case, workingDir, expected) => {
    const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'job-action-workspace-')))
    try {
      fs.mkdirSync(path.join(workspace, 'sub/dir'), { recursive: true })
      const dir = workingDir === '<abs>' ? path.join(workspace, 'sub/dir') : workingDir
      run = await runReal(
        `
apiVersion: batch/v1
kind: Job
metadata: { name: cwd }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox
          command: [pwd, -P]
${dir === undefined ? '' : `          workingDir: ${dir}`}
`,
        { workspace }
      )
      const pod = run.results[0].pods[0]
      expect(fs.readFileSync(pod.containerStatuses[0].logs[0], 'utf8')).toBe(`${workspace}${expected}\n`)
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true })
    }
  })
})
