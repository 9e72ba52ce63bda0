/**
 * `kubectl describe pod`, line for line as describe.go's describePod writes it
 * (staging/src/k8s.io/kubectl/pkg/describe/describe.go): the pod's own fields, its containers
 * with their states, the conditions table, volumes, QoS class, node selectors, tolerations and
 * the pod's events as the scheduler and the kubelet recorded them (api/podEvent.ts).
 */
import { podEventsOf } from '../api/podEvent.js'
import type { ContainerStatusRecord, PodRecord, TerminatedState } from '../api/podRecord.js'
import { describeContainers, type ContainerStatusLines, type PodContainers } from './describeContainers.js'
import { describeEvents } from './describeEvents.js'
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline
} from './describeFields.js'
import { describeVolumes } from './describePodTemplate.js'
import { timestampSince } from './humanDuration.js'
import { lastTerminationTime, type PodOfJob } from './kubeObjects.js'
import { qosClass } from './qosClass.js'
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from './tabWriter.js'
import { formatRFC1123Z } from './timeFormat.js'

export interface DescribePodInput extends PodOfJob {
  now: number
  /** Time zone of the printed times, minutes east of UTC; default: the process's local zone. */
  utcOffsetMinutes?: number
}

type Time = (ms: number) => string

/** describeStatus's terminated case, for State and for Last State. */
function describeTerminated(w: PrefixWriter, label: string, state: TerminatedState, time: Time): void {
  w.write(LEVEL_2, `${label}:\tTerminated\n`)
  if (state.reason) w.write(LEVEL_3, `Reason:\t${state.reason}\n`)
  if (state.message) w.write(LEVEL_3, `Message:\t${state.message}\n`)
  w.write(LEVEL_3, `Exit Code:\t${state.exitCode}\n`)
  if (state.signal) w.write(LEVEL_3, `Signal:\t${state.signal}\n`)
  w.write(LEVEL_3, `Started:\t${state.startedAt !== undefined ? time(state.startedAt) : ''}\n`)
  w.write(LEVEL_3, `Finished:\t${state.finishedAt !== undefined ? time(state.finishedAt) : ''}\n`)
}

/** describeStatus for the current state. */
function describeState(w: PrefixWriter, status: ContainerStatusRecord, time: Time): void {
  switch (status.state) {
    case 'running':
      w.write(LEVEL_2, 'State:\tRunning\n')
      if (status.startedAt !== undefined) w.write(LEVEL_3, `Started:\t${time(status.startedAt)}\n`)
      return
    case 'waiting':
      w.write(LEVEL_2, 'State:\tWaiting\n')
      if (status.waitingReason) w.write(LEVEL_3, `Reason:\t${status.waitingReason}\n`)
      return
    case 'terminated':
      describeTerminated(w, 'State', { ...status, exitCode: status.exitCode ?? 0 }, time)
  }
}

/**
 * Last State: the attempt before, as kept when the container restarted. A status file written
 * before that was kept knows only when it ended; its reason and exit code are not made up.
 */
function describeLastState(w: PrefixWriter, status: ContainerStatusRecord, time: Time): void {
  if (status.lastState) return describeTerminated(w, 'Last State', status.lastState, time)
  if (status.restartCount === 0) return
  w.write(LEVEL_2, 'Last State:\tTerminated\n')
  const finished = lastTerminationTime(status)
  if (finished !== undefined) w.write(LEVEL_3, `Finished:\t${time(finished)}\n`)
}

function statusLines(status: ContainerStatusRecord, time: Time): ContainerStatusLines {
  return {
    containerID: '',
    imageID: '',
    describeState: w => {
      describeState(w, status, time)
      describeLastState(w, status, time)
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`)
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount}\n`)
    }
  }
}

/** fieldpath.ExtractFieldPathAsString for the fields a pod of a run has. */
function fieldValue(pod: PodRecord, serviceAccount: string, fieldPath: string): string {
  const mapKey = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath)
  if (mapKey) return (mapKey[1] === 'labels' ? pod.labels : pod.annotations)[mapKey[2]] ?? ''
  const values: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid,
    'spec.serviceAccountName': serviceAccount
  }
  return values[fieldPath] ?? ''
}

function podContainers(pod: PodRecord, serviceAccount: string, time: Time): PodContainers {
  const statuses = new Map(
    [...pod.initContainerStatuses, ...pod.containerStatuses].map(s => [s.name, statusLines(s, time)])
  )
  return { status: name => statuses.get(name), fieldValue: path => fieldValue(pod, serviceAccount, path) }
}

export function describePod({ pod, job, now, utcOffsetMinutes }: DescribePodInput): string {
  const time: Time = ms => formatRFC1123Z(ms, utcOffsetMinutes)
  const spec = job.spec.template.spec
  const serviceAccount = spec.serviceAccountName ?? 'default'
  const w = new PrefixWriter()
  w.write(LEVEL_0, `Name:\t${pod.name}\n`)
  w.write(LEVEL_0, `Namespace:\t${pod.namespace}\n`)
  w.write(LEVEL_0, `Priority:\t${spec.priority ?? 0}\n`)
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`)
  if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`)
  w.write(LEVEL_0, `Service Account:\t${serviceAccount}\n`)
  // describe.go prints nodeName/hostIP; a run has no host IP to give.
  w.write(LEVEL_0, `Node:\t${pod.nodeName ? `${pod.nodeName}/` : '<none>'}\n`)
  if (pod.startTime !== undefined) w.write(LEVEL_0, `Start Time:\t${time(pod.startTime)}\n`)
  printLabelsMultiline(w, 'Labels', pod.labels)
  printAnnotationsMultiline(w, 'Annotations', pod.annotations)
  if (pod.deletionTimestamp !== undefined && pod.phase !== 'Failed' && pod.phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(pod.deletionTimestamp, now)})\n`)
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.deletionGracePeriodSeconds ?? 0}s\n`)
  } else w.write(LEVEL_0, `Status:\t${pod.phase}\n`)
  if (pod.reason) w.write(LEVEL_0, `Reason:\t${pod.reason}\n`)
  if (pod.message) w.write(LEVEL_0, `Message:\t${pod.message}\n`)
  w.write(LEVEL_0, 'IP:\t\n')
  w.write(LEVEL_0, 'IPs:\t<none>\n')
  w.write(LEVEL_0, `Controlled By:\tJob/${job.metadata.name}\n`)
  const containers = podContainers(pod, serviceAccount, time)
  if ((spec.initContainers ?? []).length > 0)
    describeContainers(w, 'Init Containers', spec.initContainers ?? [], '', containers)
  describeContainers(w, 'Containers', spec.containers, '', containers)
  if (pod.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n')
    for (const c of pod.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`)
  }
  describeVolumes(w, spec.volumes ?? [], '')
  w.write(LEVEL_0, `QoS Class:\t${qosClass(spec)}\n`)
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector)
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations)
  describeEvents(w, podEventsOf(pod), now)
  return w.render()
}
