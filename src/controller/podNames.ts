/**
 * Names as the API server generates them from metadata.generateName (apiserver
 * pkg/storage/names/generate.go, apimachinery pkg/util/rand): 5 characters from an alphabet
 * without vowels, the prefix cut to 58 so that the name stays within 63.
 */
const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
const maxGeneratedNameLength = 58
const randomLength = 5

export type RandomSuffix = () => string

export const randomSuffix: RandomSuffix = () => {
  let s = ''
  for (let i = 0; i < randomLength; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

export function generateName(prefix: string, suffix: RandomSuffix): string {
  return prefix.slice(0, maxGeneratedNameLength) + suffix()
}

/** A deterministic suffix source for tests and reproducible runs: bbbbb, bbbbc, … */
export function sequentialSuffix(): RandomSuffix {
  let n = 0
  return () => {
    let x = n++
    let s = ''
    for (let i = 0; i < randomLength; i++) {
      s = alphabet[x % alphabet.length] + s
      x = Math.floor(x / alphabet.length)
    }
    return s
  }
}
