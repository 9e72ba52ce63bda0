/**
 * The events the scheduler and the kubelet record about a pod, with their reasons and messages as
 * Kubernetes writes them (pkg/kubelet/events/event.go, pkg/kubelet/kuberuntime): Scheduled when the
 * node takes the pod, Created and Started per attempt, Failed when an attempt cannot start, BackOff
 * while a crash-looping container waits, Killing when the pod's containers are stopped.
 *
 * The node is this machine: its hostname is the pod's spec.nodeName, as `describe pod` prints it.
 * Pulling and Pulled are not recorded: the process runtime has no image, and the docker runtime's
 * pulls are shared between pods and attempts, so which attempt "pulled" is not known here.
 */
import * as os from 'node:os'
import { recordPodEvent } from '../api/podEvent.js'
import type { PodRecord } from '../api/podRecord.js'
import type { ContainerExit } from './types.js'

/** A container of a pod: what an event is about (containerSlot.ts's slot is one). */
interface ContainerOfPod {
  pod: PodRecord
  container: { name: string }
}

/** Read once: every pod of a run is on the same node. */
let nodeName: string | undefined

/** The kubelet took the pod: it is bound to this node (Scheduled, at its startTime, is implied). */
export function podScheduled(pod: PodRecord): void {
  nodeName ??= os.hostname()
  pod.nodeName = nodeName
}

export function containerEvent(slot: ContainerOfPod, reason: string, at: number, message?: string): void {
  recordPodEvent(slot.pod, reason, at, slot.container.name, message)
}

/** An engine's waiting reason before start: the kubelet's events for the same failure. */
export function waitingEvents(slot: ContainerOfPod, reason: string, message: string, at: number): void {
  switch (reason) {
    case 'ErrImageNeverPull':
      containerEvent(slot, 'ErrImageNeverPull', at, message)
      containerEvent(slot, 'Failed', at, `Error: ${reason}`)
      return
    case 'ErrImagePull':
      containerEvent(slot, 'Failed', at, message)
      containerEvent(slot, 'Failed', at, `Error: ${reason}`)
      return
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
      containerEvent(slot, 'Failed', at, `Error: ${message}`)
  }
}

/** An attempt that ended without running: the pod's sandbox or volumes failed, or the start did. */
export function startFailureEvents(slot: ContainerOfPod, exit: ContainerExit): void {
  const at = exit.startedAt ?? exit.finishedAt
  switch (exit.reason) {
    case 'FailedMount':
    case 'FailedCreatePodSandBox':
      // The pod's own event, not a container's: the same failure of each container combines.
      recordPodEvent(slot.pod, exit.reason, at, undefined, exit.message ?? '')
      return
    case 'StartError':
    case 'ContainerCannotRun':
      // The runtime created the container; starting it failed. (A start that succeeds implies its Created.)
      containerEvent(slot, 'Created', at)
      containerEvent(slot, 'Failed', at, `Error: ${exit.message ?? exit.reason}`)
  }
}
