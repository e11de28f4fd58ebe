import { expect, test } from 'vitest'
import type { Trade } from './backtest-result.ts'
import { csvField, istIso, toCsv, tradesCsv } from './csv.ts'

const trade = (over: Partial<Trade> = {}): Trade => ({
  symbol: 'RELIANCE',
  direction: 'LONG',
  product: 'CNC',
  qty: 10,
  entryTime: Date.parse('2023-02-01T15:30:00+05:30'),
  entryPrice: 2345.65,
  exitTime: Date.parse('2023-03-01T15:30:00+05:30'),
  exitPrice: 2400.1,
  grossPnl: 544.5,
  costs: 58.123,
  netPnl: 486.377,
  exitReason: 'signal',
  ...over,
})

test('istIso writes IST wall time with its offset', () => {
  expect(istIso(Date.UTC(2024, 0, 1, 3, 45))).toBe('2024-01-01T09:15:00+05:30')
  expect(istIso(Date.UTC(2024, 0, 1, 3, 45, 0, 250))).toBe('2024-01-01T09:15:00.250+05:30')
})

test('csvField quotes only what needs it', () => {
  expect(csvField('M&M')).toBe('M&M')
  expect(csvField('a,b')).toBe('"a,b"')
  expect(csvField('say "hi"')).toBe('"say ""hi"""')
  expect(csvField(12.5)).toBe('12.5')
  expect(
    toCsv([
      ['a', 1],
      ['b,c', 2],
    ]),
  ).toBe('a,1\n"b,c",2\n')
})

test('tradesCsv: the engine’s columns, IST times, money to the paisa, open trades blank', () => {
  const csv = tradesCsv([trade(), trade({ exitTime: null, exitPrice: null, exitReason: 'open' })])
  expect(csv.split('\n')).toEqual([
    'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason',
    'RELIANCE,LONG,CNC,10,2023-02-01T15:30:00+05:30,2345.65,2023-03-01T15:30:00+05:30,2400.1,544.50,58.12,486.38,signal',
    'RELIANCE,LONG,CNC,10,2023-02-01T15:30:00+05:30,2345.65,,,544.50,58.12,486.38,open',
    '',
  ])
  expect(tradesCsv([])).toBe(
    'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason\n',
  )
})
