import { expect, test } from 'vitest'
import { caretLine, formatCell, matchColumns, parseSymbols, timeframeLabel } from './scans.ts'

test('parseSymbols splits at commas and spaces, upper-cases, keeps each once', () => {
  expect(parseSymbols(' nifty50, BANKNIFTY  nifty50,,m&m ')).toEqual([
    'NIFTY50',
    'BANKNIFTY',
    'M&M',
  ])
  expect(parseSymbols('  ')).toEqual([])
})

test('caretLine points at the column, as wide as the problem', () => {
  const expression = 'RSX(14) < 30'
  expect(caretLine({ column: 1, length: 3 })).toBe('^^^')
  expect(`${expression}\n${caretLine({ column: 11, length: 2 })}`).toBe(
    'RSX(14) < 30\n          ^^',
  )
  expect(caretLine({ column: 4 })).toBe('   ^')
})

test('matchColumns lists every data key once, in order of appearance', () => {
  expect(
    matchColumns([
      { data: { 'RSI(14)': 27.4, close: 2870.5 } },
      { data: { close: 1, 'SMA(50)': 2 } },
    ]),
  ).toEqual(['RSI(14)', 'close', 'SMA(50)'])
})

test('formatCell reads like a price', () => {
  expect(formatCell(2870.456)).toBe('2,870.46')
  expect(formatCell(123456.7)).toBe('1,23,456.7')
  expect(formatCell(null)).toBe('—')
  expect(formatCell(true)).toBe('yes')
  expect(formatCell('x')).toBe('x')
})

test('timeframeLabel', () => {
  expect(timeframeLabel('15m')).toBe('15 minutes')
  expect(timeframeLabel('2h')).toBe('2h')
})
