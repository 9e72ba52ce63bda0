/**
 * Go's text/tabwriter, as kubectl drives it, and describe.go's prefix writer.
 *
 * kubectl's alignment is a property of the tabwriter, not of the describer: a column is
 * aligned only over a run of consecutive lines that all have a tab-terminated cell in that
 * column, so one tab-less line (`Pod Template:`, `  Containers:`) starts a new block. We
 * therefore keep the exact algorithm (Writer.format / writeLines) instead of approximating
 * alignment per section — that is the only way the output can match kubectl byte for byte.
 */

export interface TabWriterSettings {
  /** Minimal cell width, padding included. */
  readonly minWidth: number
  /** Width of a tab, only used when padding with tabs. */
  readonly tabWidth: number
  /** Added to the widest cell of a column. */
  readonly padding: number
  readonly padChar: ' ' | '\t'
}

/** `tabwriter.Init(buf, 0, 8, 2, ' ', 0)` in describe.go's tabbedString. */
export const describeTabSettings: TabWriterSettings = { minWidth: 0, tabWidth: 8, padding: 2, padChar: ' ' }

/** cli-runtime printers/tabwriter.go, used by `kubectl get` tables. */
export const tableTabSettings: TabWriterSettings = { minWidth: 6, tabWidth: 4, padding: 3, padChar: ' ' }

interface Cell {
  readonly text: string
  /** Width in runes (Unicode code points), as utf8.RuneCount counts it. */
  readonly width: number
}

/** A run of lines formatted together; a form feed ends one (it forces a flush in Go). */
type Section = Cell[][]

export function runeCount(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // A well-formed surrogate pair is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

function cell(text: string): Cell {
  return { text, width: runeCount(text) }
}

/**
 * Splits text into sections of lines of cells. Every line ends with its trailing cell (the
 * text after the last tab), which is never part of a column. `\t` and `\v` terminate cells,
 * `\n` and `\f` terminate lines. Text after the last newline forms a final line with no
 * newline, exactly as Flush prints it.
 */
function parse(text: string): { sections: Section[]; trailingNewline: boolean } {
  const sections: Section[] = []
  let lines: Cell[][] = []
  let cells: Cell[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\t' || ch === '\v') {
      cells.push(cell(text.slice(start, i)))
      start = i + 1
    } else if (ch === '\n' || ch === '\f') {
      cells.push(cell(text.slice(start, i)))
      start = i + 1
      lines.push(cells)
      cells = []
      if (ch === '\f') {
        sections.push(lines)
        lines = []
      }
    }
  }
  const trailingNewline = start === text.length && cells.length === 0
  if (!trailingNewline) {
    cells.push(cell(text.slice(start)))
    lines.push(cells)
  }
  if (lines.length > 0) sections.push(lines)
  return { sections, trailingNewline }
}

class Formatter {
  private readonly out: string[] = []
  private readonly widths: number[] = []

  constructor(
    private readonly settings: TabWriterSettings,
    private readonly lines: Cell[][]
  ) {}

  run(): string[] {
    this.format(0, this.lines.length)
    return this.out
  }

  // Writer.format: find each block of consecutive lines having a cell in the current
  // column, fix that column's width over the block, and recurse for the next column.
  private format(line0: number, line1: number): void {
    const column = this.widths.length
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current].length - 1) continue
      this.writeLines(line0, current)
      line0 = current
      let width = this.settings.minWidth
      for (; current < line1; current++) {
        const line = this.lines[current]
        if (column >= line.length - 1) break
        width = Math.max(width, line[column].width + this.settings.padding)
      }
      this.widths.push(width)
      this.format(line0, current)
      this.widths.pop()
      line0 = current
    }
    this.writeLines(line0, line1)
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]
      let text = ''
      for (let j = 0; j < line.length; j++) {
        text += line[j].text
        if (j < this.widths.length) text += this.padding(line[j].width, this.widths[j])
      }
      this.out.push(text)
    }
  }

  private padding(textWidth: number, cellWidth: number): string {
    if (this.settings.padChar === '\t') {
      const { tabWidth } = this.settings
      if (tabWidth === 0) return ''
      const rounded = Math.ceil(cellWidth / tabWidth) * tabWidth
      return '\t'.repeat(Math.ceil((rounded - textWidth) / tabWidth))
    }
    return ' '.repeat(cellWidth - textWidth)
  }
}

/** Everything written to a tabwriter, then Flush. */
export function formatTabbed(text: string, settings: TabWriterSettings = describeTabSettings): string {
  const { sections, trailingNewline } = parse(text)
  const lines = sections.flatMap(section => new Formatter(settings, section).run())
  return lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '')
}

/** cli-runtime printers.WriteEscaped: terminal control characters made visible. */
export function escapeTerminal(text: string): string {
  return text.replaceAll('\x1b', '^[').replaceAll('\r', '\\r')
}

/** describe.go's indentation levels: each level is two spaces. */
export const LEVEL_0 = 0
export const LEVEL_1 = 1
export const LEVEL_2 = 2
export const LEVEL_3 = 3

/**
 * describe.go's prefixWriter: every write is indented by its level and escaped, and the
 * whole text goes through one tabwriter at the end (tabbedString). Callers format the
 * text themselves where Go used Sprintf; tabs and newlines are written explicitly.
 */
export class PrefixWriter {
  private readonly chunks: string[] = []

  write(level: number, text: string): void {
    this.chunks.push(escapeTerminal('  '.repeat(level) + text))
  }

  /** fmt.Sprintln with one argument: the text and a newline, no indentation. */
  writeLine(text: string): void {
    this.chunks.push(escapeTerminal(text + '\n'))
  }

  /** The tab-separated text written so far, before alignment. */
  raw(): string {
    return this.chunks.join('')
  }

  render(): string {
    return formatTabbed(this.raw(), describeTabSettings)
  }
}
