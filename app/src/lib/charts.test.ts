import { expect, test } from 'vitest'
import type { Trade } from './backtest-result.ts'
import {
  candlePoints,
  chartTime,
  drawdownPoints,
  equityPoints,
  MARKER_TEXT_LIMIT,
  returnPoints,
  toPoints,
  tradeMarkers,
} from './charts.ts'

const ist = (s: string) => Date.parse(`${s}+05:30`)

test('chartTime reads as IST on the chart’s UTC axis', () => {
  const t = chartTime(ist('2024-01-01T09:15:00'))
  expect(new Date(t * 1000).toISOString()).toBe('2024-01-01T09:15:00.000Z')
})

test('toPoints keeps times strictly increasing: a later value at the same second wins', () => {
  const a = ist('2024-01-01T15:30:00')
  const b = ist('2024-01-02T15:30:00')
  expect(toPoints([a, a, b, a], [1, 2, 3, 4])).toEqual([
    { time: chartTime(a), value: 2 },
    { time: chartTime(b), value: 3 },
  ])
  expect(toPoints([a, b], [Number.NaN, 5])).toEqual([{ time: chartTime(b), value: 5 }])
})

const curve = {
  time: [ist('2023-01-02T15:30:00'), ist('2023-01-03T15:30:00'), ist('2023-01-04T15:30:00')],
  equity: [1_000_000, 1_100_000, 990_000],
  drawdown: [0, 0, -0.1],
}

test('equity in rupees, drawdown and return on capital in percent', () => {
  expect(equityPoints(curve).map((p) => p.value)).toEqual([1_000_000, 1_100_000, 990_000])
  expect(drawdownPoints(curve).map((p) => p.value)).toEqual([0, 0, -10])
  expect(returnPoints(curve, 1_000_000).map((p) => p.value)).toEqual([0, 10, -1])
  expect(returnPoints(curve, 0)).toEqual([])
})

const trade = (over: Partial<Trade>): Trade => ({
  symbol: 'TCS',
  direction: 'LONG',
  product: 'CNC',
  qty: 5,
  entryTime: 0,
  entryPrice: 100,
  exitTime: null,
  exitPrice: null,
  grossPnl: 0,
  costs: 0,
  netPnl: 0,
  exitReason: 'open',
  ...over,
})

test('tradeMarkers put each fill on the first point at or after it, buys below, sells above', () => {
  const points = equityPoints(curve)
  const [d1, d2, d3] = points.map((p) => p.time)
  const markers = tradeMarkers(
    [
      // Filled at the next day's open: marked at that day's point.
      trade({ entryTime: ist('2023-01-03T09:15:00'), exitTime: ist('2023-01-04T09:15:00') }),
      // A short still open after the last point: marked on the last point.
      trade({ direction: 'SHORT', entryTime: ist('2023-01-05T09:15:00'), qty: 2 }),
    ],
    points,
  )
  expect(markers).toEqual([
    { time: d2, position: 'belowBar', shape: 'arrowUp', color: '#137a3a', text: 'Buy' },
    { time: d3, position: 'aboveBar', shape: 'arrowDown', color: '#b42318', text: 'Sell' },
    { time: d3, position: 'aboveBar', shape: 'arrowDown', color: '#b42318', text: 'Sell' },
  ])
  expect(d1).toBeLessThan(d2!)
  expect(tradeMarkers([trade({ entryTime: 1 })], [])).toEqual([])
})

test('tradeMarkers name the symbol when several traded, and go quiet when crowded', () => {
  const points = equityPoints(curve)
  const at = ist('2023-01-03T09:15:00')
  const two = tradeMarkers(
    [trade({ entryTime: at }), trade({ symbol: 'INFY', entryTime: at })],
    points,
  )
  expect(two.map((m) => m.text)).toEqual(['Buy TCS', 'Buy INFY'])
  const many = Array.from({ length: MARKER_TEXT_LIMIT }, () =>
    trade({ entryTime: at, exitTime: at }),
  )
  expect(tradeMarkers(many, points).every((m) => m.text === '')).toBe(true)
})

test('candlePoints: the stored candles on the chart’s axis, times strictly increasing', () => {
  const [a, b] = [ist('2024-01-01T00:00:00'), ist('2024-01-02T00:00:00')]
  const prices = {
    symbol: 'TCS',
    timeframe: '1d',
    time: [a, b, b],
    open: [10, 11, 12],
    high: [12, 13, 14],
    low: [9, Number.NaN, 11],
    close: [11, 12, 13],
  }
  // The second candle has no low and is left out; the third then follows the first.
  expect(candlePoints(prices)).toEqual([
    { time: chartTime(a), open: 10, high: 12, low: 9, close: 11 },
    { time: chartTime(b), open: 12, high: 14, low: 11, close: 13 },
  ])
})

test('tradeMarkers on candles: the candle holding each fill, pointing at its price', () => {
  // Two candles that each merge several days: from 2 and from 9 January.
  const candles = candlePoints({
    symbol: 'TCS',
    timeframe: '1d',
    time: [ist('2023-01-02T00:00:00'), ist('2023-01-09T00:00:00')],
    open: [100, 110],
    high: [112, 120],
    low: [98, 105],
    close: [110, 118],
  })
  const [first, second] = candles.map((c) => c.time)
  const markers = tradeMarkers(
    [
      trade({
        entryTime: ist('2023-01-04T09:15:00'),
        entryPrice: 101.5,
        exitTime: ist('2023-01-09T09:15:00'),
        exitPrice: 111,
        exitReason: 'signal',
      }),
      // A short still open: only its entry, a sell.
      trade({ direction: 'SHORT', entryTime: ist('2023-01-10T09:15:00'), entryPrice: 117 }),
    ],
    candles,
    'candles',
  )
  expect(markers).toEqual([
    {
      time: first,
      position: 'atPriceBottom',
      price: 101.5,
      shape: 'arrowUp',
      color: '#137a3a',
      text: 'Buy',
    },
    {
      time: second,
      position: 'atPriceTop',
      price: 111,
      shape: 'arrowDown',
      color: '#b42318',
      text: 'Sell',
    },
    {
      time: second,
      position: 'atPriceTop',
      price: 117,
      shape: 'arrowDown',
      color: '#b42318',
      text: 'Sell',
    },
  ])
})
