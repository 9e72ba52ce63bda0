import { describe, expect, test } from '@jest/globals'
import {
  escapeTerminal,
  formatTabbed,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  PrefixWriter,
  runeCount,
  tableTabSettings
} from '../../src/report/tabWriter.js'

describe('formatTabbed with describe settings (minwidth 0, padding 2)', () => {
  test.each<[string, string, string]>([
    [
      'one block, widest cell + 2',
      'Name:\tpi\nCompletion Mode:\tNonIndexed\n',
      'Name:             pi\nCompletion Mode:  NonIndexed\n'
    ],
    [
      'a line without a tab ends the block',
      'A:\t1\nLonger title:\t2\nPod Template:\n  Labels:\tx\n',
      'A:             1\nLonger title:  2\nPod Template:\n  Labels:  x\n'
    ],
    [
      'an empty leading cell is padded like any other (continuation lines)',
      'Labels:\ta=1\n\tb=2\nNamespace:\tdefault\n',
      'Labels:     a=1\n            b=2\nNamespace:  default\n'
    ],
    [
      'text after the last tab is never padded, even when empty',
      'Medium:\t\nSizeLimit:\t<unset>\n',
      'Medium:     \nSizeLimit:  <unset>\n'
    ],
    [
      'a second column is aligned only over lines that have it',
      'a:\tx\ty\nbbb:\txxxx\tyy\nc:\tz\nd:\tq\tr\n',
      'a:    x     y\nbbb:  xxxx  yy\nc:    z\nd:    q  r\n'
    ],
    ['a tab-terminated last cell still belongs to its column', 'a\tb\t\naaaa\tb\n', 'a     b  \naaaa  b\n'],
    [
      'widths are counted in runes, not bytes or display cells',
      'é:\t1\n日本:\t2\nab:\t3\n',
      'é:   1\n日本:  2\nab:  3\n'
    ],
    ['a surrogate pair is one rune', '😀\t1\nab\t2\n', '😀   1\nab  2\n'],
    ['a vertical tab ends a cell too', 'a\vb\nccc\vd\n', 'a    b\nccc  d\n'],
    ['a form feed ends the line and every block', 'a\tb\fccc\td\n', 'a  b\nccc  d\n'],
    ['no trailing newline: the last line is written as is', 'a\tb\nccc\td', 'a    b\nccc  d'],
    ['empty input', '', '']
  ])('%s', (_name, input, expected) => {
    expect(formatTabbed(input)).toBe(expected)
  })
})

describe('formatTabbed with the kubectl get table settings (minwidth 6, padding 3)', () => {
  test('short columns are at least six wide, the last column is not padded', () => {
    const input = 'NAME\tOK\tAGE\nx\t1\t5s\n'
    expect(formatTabbed(input, tableTabSettings)).toBe('NAME   OK    AGE\nx      1     5s\n')
  })
  test('longer columns are the widest cell plus three', () => {
    const input = 'NAME\tREADY\tAGE\njob-test01-7xf2p\t0/1\t6m39s\n'
    expect(formatTabbed(input, tableTabSettings)).toBe(
      'NAME               READY   AGE\njob-test01-7xf2p   0/1     6m39s\n'
    )
  })
})

describe('formatTabbed padding with tabs (Go text/tabwriter ExampleWriter_Init)', () => {
  test('cells are padded to multiples of the tab width', () => {
    const settings = { minWidth: 0, tabWidth: 8, padding: 0, padChar: '\t' } as const
    const input = 'a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n'
    expect(formatTabbed(input, settings)).toBe('a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n')
  })
})

describe('escapeTerminal (printers.WriteEscaped)', () => {
  test('ESC becomes ^[ and CR becomes \\r; other control characters pass', () => {
    expect(escapeTerminal('\x1b[31mred\r\n\tx')).toBe('^[[31mred\\r\n\tx')
  })
})

describe('runeCount', () => {
  test.each<[string, number]>([
    ['', 0],
    ['abc', 3],
    ['é', 1],
    ['日本', 2],
    ['😀x', 2],
    ['\ud800x', 2]
  ])('%j has %d runes', (text, count) => {
    expect(runeCount(text)).toBe(count)
  })
})

describe('PrefixWriter', () => {
  test('levels indent by two spaces each, writes are escaped, the result is aligned', () => {
    const w = new PrefixWriter()
    w.write(LEVEL_0, 'Top:\tvalue\n')
    w.write(LEVEL_1, 'One:\t1\n')
    w.write(LEVEL_2, 'Two:\t\x1b[1mbold\r\n')
    w.write(LEVEL_3, 'Three:\t3\n')
    w.write(LEVEL_0, 'List:\t')
    w.writeLine('<none>')
    expect(w.raw()).toBe('Top:\tvalue\n  One:\t1\n    Two:\t^[[1mbold\\r\n      Three:\t3\nList:\t<none>\n')
    expect(w.render()).toBe(
      'Top:          value\n  One:        1\n    Two:      ^[[1mbold\\r\n      Three:  3\nList:         <none>\n'
    )
  })
})
