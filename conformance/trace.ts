/** The trace both sides write (oracle/main.go's Trace); README.md describes it. */
export interface ConditionOut {
  type: string
  status: string
  reason: string
  message: string
}

export interface StatusOut {
  conditions: ConditionOut[]
  active: number
  ready: number
  terminating: number
  succeeded: number
  failed: number
  completedIndexes: string
  failedIndexes: string | null
}

export interface PodRefOut {
  name: string
  index: number | null
  attempt: number
}

export interface SyncOut {
  at: number
  created: PodRefOut[]
  deleted: PodRefOut[]
  requeueAfter?: number
  error?: string
  status: StatusOut
}

export interface EventOut {
  at: number
  type: string
  reason: string
  message: string
  count: number
}

export interface PodOut extends PodRefOut {
  createdAt: number
  deletedAt?: number
  deletedBy?: string
  finishedAt?: number
  phase: string
  reason?: string
  exitCodes: number[]
  restarts: number
  conditions: string[]
}

export interface Trace {
  side: string
  scenario: string
  endedAt: number
  endedBy: string
  final: StatusOut
  pods: PodOut[]
  events: EventOut[]
  syncs: SyncOut[]
}
