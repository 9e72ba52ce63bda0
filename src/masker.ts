/**
 * Secret values never appear in what the action prints, summarises, annotates or comments. Like
 * the runner's ::add-mask::, each line of a multi-line value is a secret of its own.
 */
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
      const escaped = [...this.secrets]
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
