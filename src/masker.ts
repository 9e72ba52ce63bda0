/**
 * Secret values never appear in what the action prints, summarises, annotates, comments or writes
 * as an output or status file. Like the runner's ::add-mask::, each line of a multi-line value is
 * a secret of its own, and like the runner's SecretMasker (actions/runner,
 * src/Runner.Common/HostContext.cs registering src/Sdk/DTLogging/Logging/ValueEncoders.cs) a
 * secret is also masked in the forms a program commonly prints it in: base64 (at the three byte
 * alignments it can have inside a longer encoding, as in base64("user:password")), URL-encoded,
 * JSON-, XML/HTML-, shell- and expression-escaped. The runner applies those only to its console;
 * the files we write never pass through it, so this masker applies them everywhere we write.
 *
 * Speed: apply runs on every printed line, so every form of every secret is one RegExp
 * alternation, longest first, built once when secrets are added.
 */

/**
 * Derived forms shorter than this are not masked: the base64 of a two-letter secret would hide
 * every occurrence of two common characters. (The runner has no floor, but its base64 forms keep
 * their `=` padding and so only match at the very end of an encoding.) The value itself is masked
 * at any length, as the runner masks it.
 */
const minDerivedLength = 6

export class Masker {
  private readonly secrets = new Set<string>()
  private pattern: RegExp | undefined

  /** Returns the lines that were new, so that the caller can register them with the runner too. */
  add(value: string): string[] {
    const added: string[] = []
    for (const line of value.split(/\r?\n/)) {
      const secret = line.trim()
      if (secret.length === 0 || this.secrets.has(secret)) continue
      this.secrets.add(secret)
      added.push(secret)
    }
    if (added.length > 0) {
      const needles = new Set<string>()
      for (const secret of this.secrets) {
        needles.add(secret)
        for (const form of encodedForms(secret)) if (form.length >= minDerivedLength) needles.add(form)
      }
      const escaped = [...needles]
        .sort((a, b) => b.length - a.length)
        .map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      this.pattern = new RegExp(escaped.join('|'), 'g')
    }
    return added
  }

  apply(text: string): string {
    return this.pattern ? text.replace(this.pattern, '***') : text
  }

  get active(): boolean {
    return this.pattern !== undefined
  }
}

/** The forms a secret may be printed in besides itself (some may equal it). */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const json = JSON.stringify(secret).slice(1, -1)
  const uri = encodeURIComponent(secret)
  const forms = [
    ...[0, 1, 2].filter(shift => shift === 0 || bytes.length > shift).map(s => base64Core(bytes.subarray(s))),
    json,
    // Go's encoding/json escapes <, > and & too.
    json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'),
    uri,
    // RFC 3986 (the runner's Uri.EscapeDataString) also escapes !'()*; forms write a space as +.
    uri.replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    uri.replace(/%20/g, '+'),
    xmlEscape(secret, '&apos;'),
    xmlEscape(secret, '&#39;'),
    // ExpressionStringEscape and CommandLineArgumentEscape.
    secret.replace(/'/g, "''"),
    secret.replace(/"/g, '\\"')
  ]
  // TrimDoubleQuotes: a quoted value is also masked without its quotes.
  if (secret.length > 8 && secret.startsWith('"') && secret.endsWith('"')) forms.push(secret.slice(1, -1))
  return forms
}

/**
 * The characters of base64(bytes) that do not depend on what follows the bytes: without padding,
 * and without a last character that holds bits of the next byte. They appear in the encoding of
 * any text in which the bytes start at a multiple of three.
 */
function base64Core(bytes: Buffer): string {
  return bytes.toString('base64').slice(0, Math.floor((bytes.length * 4) / 3))
}

function xmlEscape(text: string, apostrophe: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, apostrophe)
}
