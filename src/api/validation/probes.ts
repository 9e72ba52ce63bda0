/**
 * Probes and lifecycle hooks (validateProbe, validateLifecycle and validateHandler of
 * pkg/apis/core/validation): exactly one handler, and sane thresholds. A runner does not run
 * them, but the API server checks them all the same.
 */
import type { V1Container, V1LifecycleHandler, V1Probe } from '@kubernetes/client-node'
import type { FieldError } from './fieldErrors.js'
import {
  forbidden,
  inclusiveRangeError,
  invalid,
  notSupported,
  regexError,
  required,
  validateNonnegativeField
} from './errorBuilders.js'
import { isValidPortName, isValidPortNum } from './names.js'

export function validateProbes(container: V1Container, path: string): FieldError[] {
  const errors: FieldError[] = []
  const liveness = container.livenessProbe
  if (liveness) {
    errors.push(...validateProbe(liveness, `${path}.livenessProbe`))
    if (liveness.successThreshold !== 1) {
      errors.push(
        invalid(`${path}.livenessProbe.successThreshold`, liveness.successThreshold ?? 0, 'must be 1')
      )
    }
  }
  const readiness = container.readinessProbe
  if (readiness) {
    errors.push(...validateProbe(readiness, `${path}.readinessProbe`))
    if (readiness.terminationGracePeriodSeconds !== undefined) {
      errors.push(
        invalid(
          `${path}.readinessProbe.terminationGracePeriodSeconds`,
          readiness.terminationGracePeriodSeconds,
          'must not be set for readinessProbes'
        )
      )
    }
  }
  const startup = container.startupProbe
  if (startup) {
    errors.push(...validateProbe(startup, `${path}.startupProbe`))
    if (startup.successThreshold !== 1) {
      errors.push(
        invalid(`${path}.startupProbe.successThreshold`, startup.successThreshold ?? 0, 'must be 1')
      )
    }
  }
  return errors
}

function validateProbe(probe: V1Probe, path: string): FieldError[] {
  const errors = validateHandler(probe, path)
  errors.push(...validateNonnegativeField(probe.initialDelaySeconds ?? 0, `${path}.initialDelaySeconds`))
  errors.push(...validateNonnegativeField(probe.timeoutSeconds ?? 0, `${path}.timeoutSeconds`))
  errors.push(...validateNonnegativeField(probe.periodSeconds ?? 0, `${path}.periodSeconds`))
  errors.push(...validateNonnegativeField(probe.successThreshold ?? 0, `${path}.successThreshold`))
  errors.push(...validateNonnegativeField(probe.failureThreshold ?? 0, `${path}.failureThreshold`))
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    errors.push(
      invalid(
        `${path}.terminationGracePeriodSeconds`,
        probe.terminationGracePeriodSeconds,
        'must be greater than 0'
      )
    )
  }
  return errors
}

/** validateLifecycle: the pod's terminationGracePeriodSeconds bounds the sleep of either hook. */
export function validateLifecycle(
  lifecycle: NonNullable<V1Container['lifecycle']>,
  gracePeriod: number | undefined,
  path: string
): FieldError[] {
  const errors: FieldError[] = []
  if (lifecycle.postStart) {
    errors.push(...validateHandler(lifecycle.postStart, `${path}.postStart`, gracePeriod))
  }
  if (lifecycle.preStop) errors.push(...validateHandler(lifecycle.preStop, `${path}.preStop`, gracePeriod))
  return errors
}

/**
 * validateSleepAction: no bound without a grace period (Kubernetes leaves that error to the
 * pod's own check).
 */
function validateSleepAction(seconds: number, gracePeriod: number | undefined, field: string): FieldError[] {
  if (gracePeriod === undefined || (seconds >= 0 && seconds <= gracePeriod)) return []
  return [
    invalid(
      field,
      seconds,
      `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`
    )
  ]
}

const httpSchemes = ['HTTP', 'HTTPS']

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
function validateHandler(
  handler: V1Probe | V1LifecycleHandler,
  path: string,
  gracePeriod?: number
): FieldError[] {
  const errors: FieldError[] = []
  let count = 0
  const one = (present: unknown, key: string, check: () => FieldError[]): void => {
    if (present === undefined) return
    if (count > 0) errors.push(forbidden(`${path}.${key}`, 'may not specify more than 1 handler type'))
    else {
      count++
      errors.push(...check())
    }
  }
  one(handler.exec, 'exec', () => (handler.exec?.command?.length ? [] : [required(`${path}.exec.command`)]))
  one(handler.httpGet, 'httpGet', () => {
    const http = handler.httpGet!
    const found: FieldError[] = []
    if (!http.path) found.push(required(`${path}.httpGet.path`))
    found.push(...validatePortNumOrName(http.port, `${path}.httpGet.port`))
    if (!httpSchemes.includes(http.scheme ?? '')) {
      found.push(notSupported(`${path}.httpGet.scheme`, http.scheme ?? '', httpSchemes))
    }
    for (const header of http.httpHeaders ?? []) {
      if (!/^[-A-Za-z0-9]+$/.test(header.name)) {
        found.push(
          invalid(
            `${path}.httpGet.httpHeaders`,
            header.name,
            regexError(
              "a valid HTTP header must consist of alphanumeric characters or '-'",
              '[-A-Za-z0-9]+',
              'X-Header-Name'
            )
          )
        )
      }
    }
    return found
  })
  one(handler.tcpSocket, 'tcpSocket', () =>
    validatePortNumOrName(handler.tcpSocket!.port, `${path}.tcpSocket.port`)
  )
  if ('grpc' in handler) {
    one(handler.grpc, 'grpc', () => validatePortNumOrName(handler.grpc!.port, `${path}.grpc.port`))
  }
  if ('sleep' in handler) {
    one(handler.sleep, 'sleep', () =>
      validateSleepAction(handler.sleep?.seconds ?? 0, gracePeriod, `${path}.sleep`)
    )
  }
  if (count === 0) errors.push(required(path, 'must specify a handler type'))
  return errors
}

function validatePortNumOrName(port: number | string, field: string): FieldError[] {
  if (typeof port === 'number') {
    return isValidPortNum(port) ? [] : [invalid(field, port, inclusiveRangeError(1, 65535))]
  }
  return isValidPortName(port).map(msg => invalid(field, port, msg))
}
