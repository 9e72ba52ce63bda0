import { describe, expect, test } from '@jest/globals'
import { LineSplitter, type LineSplitterOptions } from '../../src/logs/lineSplitter.js'
import { random } from '../api/mutations.js'

const stream: LineSplitterOptions = { prefix: '[p/c] ', prefixAfterCarriageReturn: true }
const raw: LineSplitterOptions = { prefix: '', prefixAfterCarriageReturn: false }
const mask = (text: string): string => text.replaceAll('pw', '***')

/** Everything printed for the chunks, one entry per non-empty push and one for end(). */
function split(options: LineSplitterOptions, chunks: Array<string | Buffer>): string[] {
  const splitter = new LineSplitter(options)
  const printed = chunks.map(chunk => splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)))
  printed.push(splitter.end())
  return printed.filter(text => text !== undefined).map(text => text.toString('utf8'))
}

describe('LineSplitter', () => {
  test.each<[string, LineSplitterOptions, Array<string | Buffer>, string]>([
    ['whole lines', stream, ['a\nb\n'], '[p/c] a\n[p/c] b\n'],
    ['a line split across chunks', stream, ['ab', 'c\nd', 'e\n'], '[p/c] abc\n[p/c] de\n'],
    ['final line without newline', stream, ['a\nlast'], '[p/c] a\n[p/c] last\n'],
    ['empty line', stream, ['\n'], '[p/c] \n'],
    ['empty chunk', stream, [''], ''],
    ['CRLF passes through', stream, ['a\r\nb\r\n'], '[p/c] a\r\n[p/c] b\r\n'],
    ['CR and LF in different chunks', stream, ['a\r', '\n'], '[p/c] a\r\n'],
    ['lone CR starts a prefixed line', stream, ['10%\r20%\r30%\n'], '[p/c] 10%\r[p/c] 20%\r[p/c] 30%\n'],
    ['legacy command broken up', stream, ['x ##[error]y\n'], '[p/c] x ##\x1b[25m[error]y\n'],
    ['legacy command across chunks', stream, ['x #', '#[error]y\n'], '[p/c] x ##\x1b[25m[error]y\n'],
    ['masked', { ...stream, mask }, ['pw=pw\n', 'p', 'w\n'], '[p/c] ***=***\n[p/c] ***\n'],
    ['raw output', raw, ['a\n', 'b\r\nc\rd'], 'a\nb\r\nc\rd\n'],
    ['raw output, legacy command broken up', raw, ['##[endgroup]\n'], '##\x1b[25m[endgroup]\n'],
    [
      'long unfinished line cut',
      { ...stream, maxLineBytes: 4 },
      ['abcdefghij'],
      '[p/c] abcd\n[p/c] efgh\n[p/c] ij\n'
    ],
    [
      'long line cut',
      { ...stream, maxLineBytes: 4 },
      ['abcdefghij\nk\n'],
      '[p/c] abcd\n[p/c] efgh\n[p/c] ij\n[p/c] k\n'
    ],
    [
      'long line over chunks cut',
      { ...stream, maxLineBytes: 4 },
      ['abc', 'def', 'ghi\n'],
      '[p/c] abcd\n[p/c] efgh\n[p/c] i\n'
    ],
    ['cut keeps a UTF-8 character whole', { ...stream, maxLineBytes: 4 }, ['abcé'], '[p/c] abc\n[p/c] é\n'],
    [
      'cut in a line keeps a UTF-8 character whole',
      { ...stream, maxLineBytes: 4 },
      ['ab€d\n'],
      '[p/c] ab\n[p/c] €d\n'
    ]
  ])('%s', (_name, options, chunks, expected) => {
    const printed = split(options, chunks)
    expect(printed.join('')).toBe(expected)
    // Whole lines only: every write ends a line.
    for (const text of printed) expect(text.endsWith('\n')).toBe(true)
  })

  test('bytes that are not UTF-8 pass through unchanged', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0a])
    const splitter = new LineSplitter(stream)
    expect(splitter.push(bytes)).toEqual(Buffer.concat([Buffer.from('[p/c] '), bytes]))
  })

  test('lines copied from Buffer to Buffer print as the latin1 text path prints them', () => {
    // An identity mask sends every chunk down the text path; without one, plain chunks are copied.
    const textPath = { ...stream, maxLineBytes: 16, mask: (text: string) => text }
    const copyPath = { ...stream, maxLineBytes: 16 }
    const next = random(7)
    const pieces = ['line', '\n', '\n', '\r\n', '\r', '##[', 'x'.repeat(20), ' ', '#', '[']
    for (let round = 0; round < 300; round++) {
      let text = ''
      while (text.length < 200) text += pieces[Math.floor(next() * pieces.length)]
      const chunks: string[] = []
      for (let at = 0; at < text.length;) {
        const size = 1 + Math.floor(next() * 60)
        chunks.push(text.slice(at, at + size))
        at += size
      }
      expect([text, split(copyPath, chunks)]).toEqual([text, split(textPath, chunks)])
    }
  })

  test('one write per chunk however many lines it completes', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join('')
    expect(split(stream, [lines])).toHaveLength(1)
  })
})
