import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { guessSymbol, guessTimeframe, nameFromFile } from './csv-guess.ts'

const HEADER = 'timestamp,open,high,low,close,volume'
const bundled = (path: string, rows: number) =>
  readFileSync(new URL(`../../../core/data/nse/${path}`, import.meta.url), 'utf8')
    .split('\n')
    .slice(0, rows + 1)
    .join('\n')
const csv = (...stamps: string[]) =>
  [HEADER, ...stamps.map((s) => `${s},100,101,99,100,10`)].join('\n')

describe('guessSymbol', () => {
  test('the bundled files and what the edge names its downloads', () => {
    expect(guessSymbol('RELIANCE_1d.csv')).toBe('RELIANCE')
    expect(guessSymbol('BANKNIFTY_1min_2024-01_2024-08.csv')).toBe('BANKNIFTY')
    expect(guessSymbol('M&M_1d.csv')).toBe('M&M')
    expect(guessSymbol('BAJAJ-AUTO_1d.csv')).toBe('BAJAJ-AUTO')
    expect(guessSymbol('TCS_1d_dst_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C.csv')).toBe('TCS')
  })

  test('names people give files: lower case, spaces, dates, exchange prefixes, folders', () => {
    expect(guessSymbol('reliance daily 2019.csv')).toBe('RELIANCE')
    expect(guessSymbol('infy-2024-01-02.CSV')).toBe('INFY')
    expect(guessSymbol('NSE_SBIN_5m.csv')).toBe('SBIN')
    expect(guessSymbol('NSE:HDFCBANK.csv')).toBe('HDFCBANK')
    expect(guessSymbol('C:\\Users\\asha\\Downloads\\tcs.txt')).toBe('TCS')
  })

  test('nothing when the name does not start with a symbol', () => {
    expect(guessSymbol('2024-01-02.csv')).toBe('')
    expect(guessSymbol('(copy) bars.csv')).toBe('')
    expect(guessSymbol('.csv')).toBe('')
    expect(guessSymbol(`${'A'.repeat(41)}.csv`)).toBe('')
  })
})

test('nameFromFile drops the folder and the extension, and keeps 64 characters', () => {
  expect(nameFromFile('/tmp/RELIANCE_1d.csv')).toBe('RELIANCE_1d')
  expect(nameFromFile('HDFC bank minutes.txt')).toBe('HDFC bank minutes')
  expect(nameFromFile(`${'x'.repeat(80)}.csv`)).toHaveLength(64)
})

describe('guessTimeframe', () => {
  test('the bundled daily and 1-minute files', () => {
    expect(guessTimeframe(bundled('daily/adjusted_2020-2025/RELIANCE_1d.csv', 30))).toBe('1d')
    expect(guessTimeframe(bundled('intraday_1min/BANKNIFTY_1min_2024-01_2024-08.csv', 30))).toBe(
      '1m',
    )
    expect(guessTimeframe(bundled('intraday_1min/HDFCBANK_1min_2016-08_2016-09.csv', 5))).toBe('1m')
  })

  test('5 and 15 minutes, through missing bars and a CRLF file', () => {
    expect(
      guessTimeframe(
        csv('2024-01-02T09:15:00+05:30', '2024-01-02T09:25:00+05:30', '2024-01-02T09:30:00+05:30'),
      ),
    ).toBe('5m')
    expect(
      guessTimeframe(
        csv('2024-01-02T09:15:00+05:30', '2024-01-02T09:30:00+05:30').replaceAll('\n', '\r\n'),
      ),
    ).toBe('15m')
  })

  test('daily bars over a weekend only, and a single bar at midnight IST', () => {
    expect(guessTimeframe(csv('2024-01-05T00:00:00+05:30', '2024-01-08T00:00:00+05:30'))).toBe('1d')
    expect(guessTimeframe(csv('2024-01-05T00:00:00+05:30'))).toBe('1d')
    expect(guessTimeframe(csv('2024-01-04T18:30:00Z'))).toBe('1d')
  })

  test('nothing for other spacings, a lone intraday bar, or rows that do not parse', () => {
    expect(guessTimeframe(csv('2024-01-02T09:15:00+05:30', '2024-01-02T09:45:00+05:30'))).toBe(
      undefined,
    )
    expect(guessTimeframe(csv('2024-01-02T09:15:00+05:30'))).toBe(undefined)
    expect(guessTimeframe(csv('02/01/2024 09:15', '02/01/2024 09:16'))).toBe(undefined)
    expect(guessTimeframe(csv('2024-01-02', '2024-01-03'))).toBe(undefined)
    expect(guessTimeframe(HEADER)).toBe(undefined)
    expect(guessTimeframe('')).toBe(undefined)
  })
})
