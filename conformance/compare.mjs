#!/usr/bin/env node
// Compares the trace of the real Job controller (the oracle) with ours, stopping at the first
// divergence: first the decisions in time order (pods created and deleted, by index and attempt),
// then the outcome (terminal condition, succeeded, failed, completedIndexes, failedIndexes, pods
// created per index), then the events (count per type and reason).
//   node conformance/compare.mjs REAL.json OURS.json
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const podKey = p => (p.index === null || p.index === undefined ? `#${p.attempt}` : `${p.index}/${p.attempt}`)

function decisions(trace) {
  const out = []
  for (const s of trace.syncs) {
    for (const p of s.created) out.push({ at: s.at, what: `create ${podKey(p)}` })
    for (const p of s.deleted) out.push({ at: s.at, what: `delete ${podKey(p)}` })
  }
  // Within one instant the order of the calls is not a decision (the controller makes them concurrently).
  return out.sort((a, b) => a.at - b.at || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0))
}

function terminal(status) {
  const c = status.conditions.find(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
  return c ? `${c.type} ${c.reason}: ${c.message}` : '(none)'
}

function podsPerIndex(trace) {
  const counts = {}
  for (const p of trace.pods) {
    const key = p.index === null || p.index === undefined ? 'all' : String(p.index)
    counts[key] = (counts[key] ?? 0) + 1
  }
  return Object.keys(counts)
    .sort((a, b) => Number(a) - Number(b))
    .map(k => `${k}:${counts[k]}`)
    .join(' ')
}

function eventCounts(trace) {
  const counts = new Map()
  for (const e of trace.events) {
    const key = `${e.type} ${e.reason}`
    counts.set(key, (counts.get(key) ?? 0) + (e.count ?? 1))
  }
  return [...counts.keys()]
    .sort()
    .map(k => `${k} x${counts.get(k)}`)
    .join(', ')
}

/** Pod names differ between the sides (random suffixes): messages name pods by index/attempt. */
function normalise(trace) {
  const names = trace.pods.map(p => [p.name, `<pod ${podKey(p)}>`]).sort((a, b) => b[0].length - a[0].length)
  const fix = message => {
    for (const [name, key] of names) if (message.includes(name)) message = message.split(name).join(key)
    return message
  }
  const status = st => ({ ...st, conditions: st.conditions.map(c => ({ ...c, message: fix(c.message) })) })
  return {
    ...trace,
    final: status(trace.final),
    syncs: trace.syncs.map(s => ({ ...s, status: status(s.status) })),
    events: trace.events.map(e => ({ ...e, message: fix(e.message) }))
  }
}

/**
 * The terminal condition, its message naming a pod by when it finished: among pods that fail in
 * the same sync, which one a FailJob message names is the order of the informer's List (a Go map),
 * which differs from run to run of the real controller.
 */
function terminalByFinish(trace) {
  const finished = new Map(trace.pods.map(p => [`<pod ${podKey(p)}>`, p.finishedAt]))
  return terminal(trace.final).replace(/<pod [^>]+>/g, key => `<a pod finished at t=${finished.get(key)}>`)
}

/** The first divergence, or undefined. */
export function compare(realTrace, oursTrace) {
  const real = normalise(realTrace)
  const ours = normalise(oursTrace)
  const a = decisions(real)
  const b = decisions(ours)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x && y && x.at === y.at && x.what === y.what) continue
    return {
      field: 'decisions',
      at: Math.min(x?.at ?? Infinity, y?.at ?? Infinity),
      real: x ? `t=${x.at} ${x.what}` : '(no more decisions)',
      ours: y ? `t=${y.at} ${y.what}` : '(no more decisions)'
    }
  }
  const checks = [
    ['terminal condition', terminalByFinish],
    ['succeeded', t => t.final.succeeded],
    ['failed', t => t.final.failed],
    ['completedIndexes', t => t.final.completedIndexes],
    ['failedIndexes', t => t.final.failedIndexes],
    ['pods created per index', podsPerIndex],
    ['events', eventCounts]
  ]
  for (const [field, get] of checks) {
    const x = get(real)
    const y = get(ours)
    if (JSON.stringify(x) !== JSON.stringify(y))
      return { field, at: Math.max(real.endedAt, ours.endedAt), real: x, ours: y }
  }
  return undefined
}

function syncLine(s) {
  const st = s.status
  const parts = [`t=${s.at}`]
  if (s.created.length) parts.push(`+${s.created.map(podKey).join(',')}`)
  if (s.deleted.length) parts.push(`-${s.deleted.map(podKey).join(',')}`)
  parts.push(`a${st.active} r${st.ready} t${st.terminating} s${st.succeeded} f${st.failed}`)
  if (st.completedIndexes) parts.push(`ci=${st.completedIndexes}`)
  if (st.failedIndexes !== null && st.failedIndexes !== undefined) parts.push(`fi=${st.failedIndexes}`)
  const conds = st.conditions.filter(c => c.status === 'True').map(c => `${c.type}/${c.reason}`)
  if (conds.length) parts.push(conds.join(','))
  if (s.requeueAfter !== undefined) parts.push(`requeue+${s.requeueAfter}`)
  if (s.error) parts.push(`error: ${s.error}`)
  return parts.join(' ')
}

function around(syncs, at, before = 4, after = 3) {
  let i = syncs.findIndex(s => s.at >= at)
  if (i < 0) i = syncs.length
  return syncs.slice(Math.max(0, i - before), i + after)
}

/** The divergence with both traces side by side around it. */
export function formatDivergence(d, realTrace, oursTrace) {
  const real = normalise(realTrace)
  const ours = normalise(oursTrace)
  const lines = [
    `first divergence: ${d.field}${Number.isFinite(d.at) ? ` (around t=${d.at}s)` : ''}`,
    `  kubernetes: ${typeof d.real === 'string' ? d.real : JSON.stringify(d.real)}`,
    `  job-action: ${typeof d.ours === 'string' ? d.ours : JSON.stringify(d.ours)}`,
    ''
  ]
  const left = around(real.syncs, d.at).map(syncLine)
  const right = around(ours.syncs, d.at).map(syncLine)
  const width = Math.max(30, ...left.map(l => l.length))
  lines.push(`  ${'kubernetes syncs'.padEnd(width)} | job-action syncs`)
  for (let i = 0; i < Math.max(left.length, right.length); i++)
    lines.push(`  ${(left[i] ?? '').padEnd(width)} | ${right[i] ?? ''}`)
  lines.push(
    '',
    `  ended: kubernetes ${real.endedBy} at t=${real.endedAt}, job-action ${ours.endedBy} at t=${ours.endedAt}`,
    `  final: kubernetes ${terminal(real.final)} | job-action ${terminal(ours.final)}`,
    `  events: kubernetes ${eventCounts(real)}`,
    `          job-action ${eventCounts(ours)}`
  )
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [realFile, oursFile] = process.argv.slice(2)
  if (!realFile || !oursFile) {
    console.error('usage: compare.mjs REAL.json OURS.json')
    process.exit(2)
  }
  const real = JSON.parse(readFileSync(realFile, 'utf8'))
  const ours = JSON.parse(readFileSync(oursFile, 'utf8'))
  const d = compare(real, ours)
  if (!d) console.log('same')
  else console.log(formatDivergence(d, real, ours))
  process.exit(d ? 1 : 0)
}
