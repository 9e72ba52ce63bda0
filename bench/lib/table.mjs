// Markdown tables.
export function table(header, rows) {
  const line = cells => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const verdict = ok => (ok ? '**holds**' : '**does not hold**')
