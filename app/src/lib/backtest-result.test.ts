import { expect, test } from 'vitest'
import {
  drawdownOf,
  readBenchmarkLine,
  readCurve,
  readPrices,
  readTrades,
} from './backtest-result.ts'

test('readCurve takes the stored columns as they are', () => {
  const columns = { time: [1, 2, 3], equity: [100, 110, 99], drawdown: [0, 0, -0.1] }
  expect(readCurve(columns)).toEqual(columns)
})

test('readCurve takes points too, and computes a missing drawdown from the capital', () => {
  expect(
    readCurve(
      [
        { time: 1, equity: 50 },
        { time: 2, equity: 200 },
        { time: 3, equity: 150 },
      ],
      100,
    ),
  ).toEqual({ time: [1, 2, 3], equity: [50, 200, 150], drawdown: [-0.5, 0, -0.25] })
})

test('readCurve: anything malformed is an empty curve', () => {
  const empty = { time: [], equity: [], drawdown: [] }
  expect(readCurve(null)).toEqual(empty)
  expect(readCurve({ time: [1, 2], equity: [1] })).toEqual(empty)
  expect(readCurve({ time: [1], equity: ['x'] })).toEqual(empty)
})

test('drawdownOf without a capital starts at the first value', () => {
  expect(drawdownOf([100, 50, 200, 150])).toEqual([0, -0.5, 0, -0.25])
})

test('readTrades keeps the trades the table can show', () => {
  const good = {
    symbol: 'RELIANCE',
    direction: 'LONG',
    product: 'CNC',
    qty: 1,
    entryTime: 10,
    entryPrice: 2500,
    exitTime: null,
    exitPrice: null,
    grossPnl: 0,
    costs: 3.5,
    netPnl: -3.5,
    exitReason: 'open',
    entryAt: 4,
  }
  expect(readTrades([good, null, { symbol: 'TCS' }, 'x'])).toEqual([
    {
      symbol: 'RELIANCE',
      direction: 'LONG',
      product: 'CNC',
      qty: 1,
      entryTime: 10,
      entryPrice: 2500,
      exitTime: null,
      exitPrice: null,
      grossPnl: 0,
      costs: 3.5,
      netPnl: -3.5,
      exitReason: 'open',
    },
  ])
})

test('readPrices keeps the series whose columns are whole; older runs have none', () => {
  const tcs = {
    symbol: 'TCS',
    timeframe: '1d',
    time: [1, 2],
    open: [10, 11],
    high: [12, 13],
    low: [9, 10],
    close: [11, 12],
  }
  expect(readPrices([tcs, { ...tcs, symbol: 'INFY', close: [11] }, null, 'x'])).toEqual([tcs])
  expect(readPrices(undefined)).toEqual([])
})

test('readBenchmarkLine takes the stored line, or null', () => {
  const line = { name: 'NIFTY 50 buy-and-hold', time: [1, 2], equity: [1_000_000, 1_010_000] }
  expect(readBenchmarkLine(line)).toEqual(line)
  expect(readBenchmarkLine(null)).toBeNull()
  expect(readBenchmarkLine(undefined)).toBeNull()
  expect(readBenchmarkLine({ ...line, equity: [1] })).toBeNull()
})
