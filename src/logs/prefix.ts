/**
 * The `[pod/container] ` prefix of live log lines. Each pod gets its own colour so neighbouring
 * pods are told apart at a glance; once ANSI codes are stripped the prefix reads exactly
 * `[pod/container] `. Red is left out of the palette: it reads as an error.
 */
const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94]

/**
 * The prefix as a latin1 string (one char per byte), the form the line splitter works in.
 * colour: the pod's position in the order pods first logged, or undefined for no colour.
 */
export function linePrefix(podName: string, containerName: string, colour: number | undefined): string {
  const label = `[${podName}/${containerName}]`
  const text =
    colour === undefined ? `${label} ` : `\x1b[${PALETTE[colour % PALETTE.length]}m${label}\x1b[0m `
  return Buffer.from(text, 'utf8').toString('latin1')
}
