/**
 * A copy of a string in one piece, for strings kept as long as the run. A string built by
 * concatenation — Node's randomUUID, `${job}-${index}-${suffix}` — is a tree of V8 cons strings: a
 * uid is about 20 nodes and 600 bytes where 60 would do, and a Job keeps one per pod for its whole
 * run (100,000 pods: tens of MB). Made through a Buffer, the copy is one flat string.
 */
export function flatString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}
