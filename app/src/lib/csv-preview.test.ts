import { describe, expect, test } from 'vitest'
import { BAR_HEADER, lineAt, previewCsv } from './csv-preview.ts'

const rows = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00+05:30,1,2,1,2,${i}`,
  )

describe('previewCsv', () => {
  test('the header, the first rows numbered as lines of the file, and the row count', () => {
    const preview = previewCsv([BAR_HEADER, ...rows(30)].join('\n'), 10)
    expect(preview.header).toEqual(['timestamp', 'open', 'high', 'low', 'close', 'volume'])
    expect(preview.headerOk).toBe(true)
    expect(preview.count).toBe(30)
    expect(preview.rows).toHaveLength(10)
    expect(preview.rows[0]).toEqual({
      line: 2,
      cells: ['2024-01-01T00:00:00+05:30', '1', '2', '1', '2', '0'],
    })
    expect(preview.rows[9]!.line).toBe(11)
  })

  test('a final line break, CRLF and a byte-order mark change nothing', () => {
    const plain = previewCsv(`${[BAR_HEADER, ...rows(3)].join('\n')}\n`)
    expect(plain.count).toBe(3)
    expect(plain.rows.map((r) => r.line)).toEqual([2, 3, 4])
    const windows = previewCsv(`\ufeff${[BAR_HEADER, ...rows(3)].join('\r\n')}\r\n`)
    expect(windows).toEqual(plain)
  })

  test('a short file, a header alone, an empty file and a wrong header', () => {
    expect(previewCsv(`${BAR_HEADER}\n`)).toMatchObject({ count: 0, rows: [], headerOk: true })
    expect(previewCsv('')).toMatchObject({ count: 0, rows: [], headerOk: false })
    const wrong = previewCsv('Date,Open,High,Low,Close,Volume\n2024-01-01,1,2,1,2,3')
    expect(wrong.headerOk).toBe(false)
    expect(wrong.count).toBe(1)
  })

  test('an empty line inside the file is shown, where the core would complain about it', () => {
    const preview = previewCsv([BAR_HEADER, rows(1)[0], '', rows(2)[1]].join('\n'))
    expect(preview.count).toBe(3)
    expect(preview.rows.map((r) => r.cells.length)).toEqual([6, 1, 6])
  })
})

test('lineAt finds a line by its number, without its line break', () => {
  const text = 'a\r\nb\nc'
  expect([0, 1, 2, 3, 4].map((n) => lineAt(text, n))).toEqual([undefined, 'a', 'b', 'c', undefined])
  expect(lineAt('a\n', 2)).toBe('')
  expect(lineAt('a\n', 3)).toBe(undefined)
})
