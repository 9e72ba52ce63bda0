/**
 * The Go values go-yaml decodes into interface{}: nil (null), string (a byte string), int
 * (bigint), uint64 (GoUint), float64 (number), bool, map[interface{}]interface{} (GoMap) and
 * []interface{} (arrays).
 */

export class GoUint {
  constructor(readonly value: bigint) {}
}

export type GoValue = null | string | bigint | number | boolean | GoUint | GoMap | GoValue[]

let nanKeys = 0

/** Map key identity as Go's == on interface values: same dynamic type and equal value. */
function keyId(key: GoValue): string {
  if (key === null) return 'n'
  switch (typeof key) {
    case 'string':
      return 's' + key
    case 'bigint':
      return 'i' + key
    case 'boolean':
      return 'b' + key
    case 'number':
      // NaN never equals itself: each NaN key is a key of its own. -0 equals 0.
      return Number.isNaN(key) ? `NaN${nanKeys++}` : 'f' + (key === 0 ? 0 : key)
  }
  if (key instanceof GoUint) return 'u' + key.value
  throw new Error('unhashable map key')
}

/** map[interface{}]interface{}; iterated in insertion order where Go's order is random. */
export class GoMap {
  readonly keys: GoValue[] = []
  readonly values: GoValue[] = []
  private readonly index = new Map<string, number>()

  /** Go's m[k] = v: a present key keeps its place and its first spelling. */
  set(key: GoValue, value: GoValue): void {
    const id = keyId(key)
    const at = this.index.get(id)
    if (at !== undefined) {
      this.values[at] = value
      return
    }
    this.index.set(id, this.keys.length)
    this.keys.push(key)
    this.values.push(value)
  }

  get size(): number {
    return this.keys.length
  }
}

/**
 * A recursive computation run on a heap stack instead of the call stack: a generator yields the
 * generator of each sub-computation and receives its result. Documents may nest 20,000 levels.
 */
export type Task<T> = Generator<Task<unknown>, T, unknown>

export function runTask<T>(root: Task<T>): T {
  const stack: Task<unknown>[] = [root]
  let input: unknown = undefined
  for (;;) {
    const top = stack[stack.length - 1]
    const step = top.next(input)
    if (step.done) {
      stack.pop()
      if (stack.length === 0) return step.value as T
      input = step.value
    } else {
      stack.push(step.value)
      input = undefined
    }
  }
}
