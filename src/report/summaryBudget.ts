/**
 * Keeping a report under a size limit. The runner drops a step summary over 1 MiB whole, and the
 * API refuses a comment over 65,536 characters, so a report is a list of pieces: fixed text, and
 * parts that can show fewer of their items (pods, log tails, timeline bars, events) and then say
 * how many they left out. The largest parts are cut first, down to a common size at which the
 * whole fits.
 */

export type Measure = (text: string) => number

/** Bytes, as the runner counts the step summary file. */
export const byteLength: Measure = text => Buffer.byteLength(text, 'utf8')

/** UTF-16 code units: never fewer than the characters GitHub counts in a comment body. */
export const charLength: Measure = text => text.length

/** A part of the report that can show fewer of its items. */
export interface CuttablePart {
  /** How many items it shows when nothing is cut. */
  readonly max: number
  /** The part showing at most `limit` items (0 ≤ limit ≤ max), with a note of what it left out. */
  render(limit: number): string
}

export type Piece = string | CuttablePart

function isPart(piece: Piece): piece is CuttablePart {
  return typeof piece !== 'string'
}

interface PartState {
  part: CuttablePart
  limit: number
  text: string
  size: number
}

export interface FitResult {
  text: string
  /** Some part shows fewer items than it has. */
  cut: boolean
}

/**
 * Joins the pieces, cutting parts until the measure of the whole is at most `budget`: the parts
 * larger than a common level are cut down to it, the level being the highest at which the whole
 * fits (water-filling: the largest part is cut first, and no part is cut below what the others
 * keep). When even every part at its minimum is too large, the text is cut at a line boundary
 * and says so.
 */
export function fitToBudget(
  pieces: readonly Piece[],
  budget: number,
  measure: Measure,
  overflowNote: string
): FitResult {
  const states = new Map<CuttablePart, PartState & { min: number }>()
  for (const piece of pieces) {
    if (!isPart(piece) || states.has(piece)) continue
    const text = piece.render(piece.max)
    const size = measure(text)
    states.set(piece, {
      part: piece,
      limit: piece.max,
      text,
      size,
      min: piece.max > 0 ? measure(piece.render(0)) : size
    })
  }
  const fixedSize = pieces.reduce((n, piece) => n + (isPart(piece) ? 0 : measure(piece)), 0)
  const room = budget - fixedSize
  const parts = [...states.values()]
  const sizeAt = (level: number): number =>
    parts.reduce((n, s) => n + Math.min(s.size, Math.max(s.min, level)), 0)
  let cut = false

  if (sizeAt(Infinity) > room) {
    let low = 0
    let high = Math.max(0, ...parts.map(s => s.size))
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (sizeAt(middle) <= room) low = middle
      else high = middle - 1
    }
    for (const state of parts) {
      if (state.size <= Math.max(state.min, low)) continue
      state.limit = largestLimitWithin(state, Math.max(state.min, low), measure)
      state.text = state.part.render(state.limit)
      state.size = measure(state.text)
      cut = true
    }
  }

  let text = pieces.map(piece => (isPart(piece) ? (states.get(piece) as PartState).text : piece)).join('')
  if (measure(text) > budget) {
    text = cutAtLine(text, budget - measure(overflowNote), measure) + overflowNote
    cut = true
  }
  return { text, cut }
}

/** The largest limit up to the current one whose rendering measures at most `target`. */
function largestLimitWithin(state: PartState, target: number, measure: Measure): number {
  let low = 0
  let high = state.limit
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (measure(state.part.render(middle)) <= target) low = middle
    else high = middle - 1
  }
  return low
}

/** The longest prefix ending at a line break that measures at most `budget`. */
function cutAtLine(text: string, budget: number, measure: Measure): string {
  let low = 0
  let high = text.length
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (measure(text.slice(0, middle)) <= budget) low = middle
    else high = middle - 1
  }
  const lineEnd = text.lastIndexOf('\n', low - 1)
  return text.slice(0, lineEnd + 1)
}

/**
 * The common shape of a cuttable part: items in their display order, a priority order saying
 * which to keep first, and a renderer for a chosen subset.
 */
export class ListPart implements CuttablePart {
  readonly max: number
  private readonly rank: number[]

  /**
   * @param total how many items there are
   * @param cap the most it ever shows (a reader's limit, before any budget)
   * @param priority item indexes, the first kept first (default: display order)
   * @param renderShown renders the kept items (display order, ascending) given how many were left out
   */
  constructor(
    readonly total: number,
    cap: number,
    private readonly renderShown: (shown: readonly number[], omitted: number) => string,
    priority?: readonly number[]
  ) {
    this.max = Math.min(total, cap)
    this.rank = priority ? [...priority] : Array.from({ length: total }, (_, i) => i)
  }

  render(limit: number): string {
    const shown = this.rank.slice(0, limit).sort((a, b) => a - b)
    return this.renderShown(shown, this.total - shown.length)
  }
}
