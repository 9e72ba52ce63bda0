/**
 * decode.go (*decoder).unmarshal into interface{}: what can fail there for kubectl's
 * YAMLToJSON — explicit tags that do not fit the value, !!binary that is not base64, maps and
 * sequences as map keys, merge keys (<<) without maps, an anchor inside its own value and
 * excessive aliasing — in the order the decoder meets them.
 */
import { decodeBase64 } from './base64.js'
import { type Child, Kind, type YamlNode } from './compose.js'
import { formatSharpV } from './goFormat.js'
import { resolve } from './resolve.js'
import { Tag, YamlFailure } from './types.js'
import { GoMap, GoUint, type GoValue, runTask, type Task } from './values.js'

/** decode.go alias_ratio_range_low / _high. */
const aliasRatioRangeLow = 400000
const aliasRatioRangeHigh = 4000000

/** decode.go allowedAliasRatio. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= aliasRatioRangeLow) return 0.99
  if (decodeCount >= aliasRatioRangeHigh) return 0.1
  return 0.99 - 0.89 * ((decodeCount - aliasRatioRangeLow) / (aliasRatioRangeHigh - aliasRatioRangeLow))
}

function failf(message: string): never {
  throw new YamlFailure('yaml: ' + message)
}

/** decode.go isMerge. */
function isMerge(n: Child): boolean {
  if (typeof n === 'string') return n === '<<'
  return n.kind === Kind.SCALAR && n.value === '<<' && (n.implicit || n.tag === Tag.MERGE)
}

/** A scalar child, which d.unmarshal decodes without a task of its own. */
function isScalar(n: Child): boolean {
  return typeof n === 'string' || n.kind === Kind.SCALAR
}

function failWantMap(): never {
  failf('map merge requires map or sequence of maps as the value')
}

/** A task that is already done: a scalar's value where d.unmarshal's caller expects a task. */
// eslint-disable-next-line require-yield
function* done(value: GoValue): Task<GoValue> {
  return value
}

/** What a collection decodes to when values are not built: enough to refuse it as a map key. */
const collection = new GoMap()

/**
 * decode.go's decoder. Without `build` it walks the document as d.unmarshal does, with the same
 * counting and checks, but builds no maps or slices (a refused map key is built when it is
 * printed); the caller builds the value only when the JSON conversion can fail on it.
 */
export class Decoder {
  private decodeCount = 0
  private aliasCount = 0
  private aliasDepth = 0
  private readonly aliases = new Set<YamlNode>()
  /** Whether a float that JSON cannot hold (NaN, ±Inf) was decoded. */
  nonFinite = false
  /** Whether a map key JSON cannot hold (nil, uint64) was decoded. */
  oddKey = false

  constructor(
    private readonly build: boolean,
    private readonly limitAliasing = true
  ) {}

  /** The start of d.unmarshal: count the node, and refuse excessive aliasing. */
  private count(): void {
    this.decodeCount++
    if (this.aliasDepth > 0) this.aliasCount++
    if (
      this.limitAliasing &&
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    )
      failf('document contains excessive aliasing')
  }

  /** d.scalar into interface{}. */
  private scalar(n: YamlNode | string): GoValue {
    // A plain scalar without tag: d.scalar's resolve(n.tag, n.value) of ''.
    if (typeof n === 'string') return this.resolved(n, ...resolve('', n))
    if (n.tag === '' && !n.implicit) return n.value
    return this.resolved(n.value, ...resolve(n.tag, n.value))
  }

  /** The rest of d.scalar: the value go-yaml stores for a resolved tag. */
  private resolved(value: string, tag: string, resolved: GoValue): GoValue {
    if (tag === Tag.BINARY) {
      const data = decodeBase64(resolved as string)
      if (data === undefined) failf('!!binary value contains invalid base64 data')
      return data
    }
    // A timestamp stays a string in interface{}.
    if (tag === Tag.TIMESTAMP) return value
    if (typeof resolved === 'number' && !Number.isFinite(resolved)) this.nonFinite = true
    return resolved
  }

  /** d.unmarshal of a scalar, without a task of its own (the counting is the same). */
  private scalarChild(n: Child): GoValue {
    this.count()
    return this.scalar(n)
  }

  /**
   * d.unmarshal: the value of n, or n's pairs merged into `into`. It counts n at once and returns
   * the task that decodes it, which the caller runs next: the order of Go's d.unmarshal, with one
   * task per collection or alias rather than two.
   */
  unmarshal(n: Child, into?: GoMap): Task<GoValue> {
    this.count()
    if (typeof n === 'string') return done(this.scalar(n))
    switch (n.kind) {
      case Kind.DOCUMENT:
        return this.unmarshal(n.children[0], into)
      case Kind.ALIAS:
        return this.alias(n, into)
      case Kind.SCALAR:
        return done(this.scalar(n))
      case Kind.MAPPING:
        return this.mapping(n, into ?? (this.build ? new GoMap() : collection))
      default:
        return this.sequence(n)
    }
  }

  /** d.alias. */
  private *alias(n: YamlNode, into: GoMap | undefined): Task<GoValue> {
    if (this.aliases.has(n)) failf(`anchor '${n.value}' value contains itself`)
    this.aliases.add(n)
    this.aliasDepth++
    const value = (yield this.unmarshal(n.alias as YamlNode, into)) as GoValue
    this.aliasDepth--
    this.aliases.delete(n)
    return value
  }

  /** d.sequence into interface{}. */
  private *sequence(n: YamlNode): Task<GoValue> {
    const out: GoValue[] = []
    for (const child of n.children) {
      const value = isScalar(child) ? this.scalarChild(child) : ((yield this.unmarshal(child)) as GoValue)
      if (this.build) out.push(value)
    }
    return this.build ? out : collection
  }

  /** d.mapping into a map[interface{}]interface{}: a new one, or the one being merged into. */
  private *mapping(n: YamlNode, out: GoMap): Task<GoValue> {
    const l = n.children.length
    for (let i = 0; i < l; i += 2) {
      const keyNode = n.children[i]
      if (isMerge(keyNode)) {
        yield this.merge(n.children[i + 1], out)
        continue
      }
      const key = isScalar(keyNode) ? this.scalarChild(keyNode) : ((yield this.unmarshal(keyNode)) as GoValue)
      if (key instanceof GoMap || Array.isArray(key))
        failf(`invalid map key: ${formatSharpV(this.built(keyNode, key))}`)
      if (key === null || key instanceof GoUint) this.oddKey = true
      const valueNode = n.children[i + 1]
      const value = isScalar(valueNode)
        ? this.scalarChild(valueNode)
        : ((yield this.unmarshal(valueNode)) as GoValue)
      if (this.build) out.set(key, value)
    }
    return out
  }

  /** A key's value for its error message: built now if this walk does not build values. */
  private built(keyNode: Child, key: GoValue): GoValue {
    if (this.build) return key
    return runTask(new Decoder(true, false).unmarshal(keyNode))
  }

  /** d.merge: a map or an alias of one (its task), or a sequence of them (the last first). */
  private merge(n: Child, out: GoMap): Task<unknown> {
    if (typeof n === 'string') failWantMap()
    switch (n.kind) {
      case Kind.MAPPING:
        return this.unmarshal(n, out)
      case Kind.ALIAS:
        if (n.alias !== undefined && n.alias.kind !== Kind.MAPPING) failWantMap()
        return this.unmarshal(n, out)
      case Kind.SEQUENCE:
        return this.mergeSequence(n, out)
      default:
        failWantMap()
    }
  }

  /** d.merge of a sequence: each item checked just before it is merged, the last first. */
  private *mergeSequence(n: YamlNode, out: GoMap): Task<void> {
    for (let i = n.children.length - 1; i >= 0; i--) {
      const ni = n.children[i]
      if (typeof ni === 'string') failWantMap()
      if (ni.kind === Kind.ALIAS) {
        if (ni.alias !== undefined && ni.alias.kind !== Kind.MAPPING) failWantMap()
      } else if (ni.kind !== Kind.MAPPING) {
        failWantMap()
      }
      yield this.unmarshal(ni, out)
    }
  }
}
