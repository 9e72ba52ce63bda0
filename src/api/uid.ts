/** Identifiers the API server assigns: object UIDs and the random part of generated names. */
import { randomInt, randomUUID } from 'node:crypto'

/** metadata.uid: a random (version 4) UUID, as the API server's uuid.NewUUID gives. */
export function newUid(): string {
  return randomUUID()
}

/** utilrand.String's alphabet: no vowels, no 0/1/3, so that no words form by accident. */
export const nameSuffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789'

/** The 5 characters appended to metadata.generateName. */
export function randomNameSuffix(length = 5): string {
  let suffix = ''
  for (let i = 0; i < length; i++) suffix += nameSuffixAlphabet[randomInt(nameSuffixAlphabet.length)]
  return suffix
}
