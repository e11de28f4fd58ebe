import { describe, expect, it } from 'vitest'
import { benchmarkLine, downsampleBars, downsampleCurve, tradesCsv } from './report.ts'
import { ist } from './testing.ts'
import type { Trade } from './types.ts'

describe('downsampleCurve', () => {
  const curve = {
    time: Float64Array.from([1, 2, 3, 4, 5]),
    equity: Float64Array.from([100, 90, 95, 110, 105]),
    drawdown: Float64Array.from([0, -0.1, -0.05, 0, -1 / 22]),
  }

  it('keeps each bucket’s last equity and deepest drawdown', () => {
    // buckets of 2: [1, 2], [3, 4], [5]
    expect(downsampleCurve({ curve }, 3)).toEqual({
      time: [2, 4, 5],
      equity: [90, 110, 105],
      drawdown: [-0.1, -0.05, -1 / 22],
    })
  })

  it('copies a curve that already fits', () => {
    expect(downsampleCurve({ curve }, 10).equity).toEqual([100, 90, 95, 110, 105])
    expect(() => downsampleCurve({ curve }, 0)).toThrow(RangeError)
  })
})

describe('downsampleBars', () => {
  // Five daily bars, Wednesday to Tuesday: the weekend between Friday and Monday has none.
  const days = ['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09']
  const feed = {
    symbol: 'RELIANCE',
    timeframe: '1d' as const,
    bars: {
      length: 5,
      ts: Float64Array.from(days.map((d) => ist(`${d}T00:00`))),
      open: Float64Array.from([10, 11, 12, 13, 14]),
      high: Float64Array.from([12, 15, 13, 14, 16]),
      low: Float64Array.from([9, 10, 8, 12, 13]),
      close: Float64Array.from([11, 12, 12.5, 13.5, 15]),
      volume: Float64Array.from([1, 1, 1, 1, 1]),
    },
  }

  it('merges consecutive bars: first open, highest high, lowest low, last close', () => {
    // At most 2 candles: buckets of 3 bars, [Wed, Thu, Fri] and [Mon, Tue].
    expect(downsampleBars(feed, 2)).toEqual({
      symbol: 'RELIANCE',
      timeframe: '1d',
      time: [ist('2024-01-03T00:00'), ist('2024-01-08T00:00')],
      open: [10, 13],
      high: [15, 16],
      low: [8, 12],
      close: [12.5, 15],
    })
  })

  it('makes up no bar: every candle starts at a real bar, none for the weekend', () => {
    const thinned = downsampleBars(feed, 4) // buckets of 2: [Wed, Thu], [Fri, Mon], [Tue]
    expect(thinned.time).toEqual(
      ['2024-01-03', '2024-01-05', '2024-01-09'].map((d) => ist(`${d}T00:00`)),
    )
    expect(thinned.high).toEqual([15, 14, 16])
    expect(thinned.low).toEqual([9, 8, 13])
  })

  it('copies a series that already fits, bar for bar', () => {
    const copy = downsampleBars(feed, 5)
    expect(copy.time).toEqual([...feed.bars.ts])
    expect(copy.open).toEqual([...feed.bars.open])
    expect(copy.high).toEqual([...feed.bars.high])
    expect(copy.low).toEqual([...feed.bars.low])
    expect(copy.close).toEqual([...feed.bars.close])
    expect(() => downsampleBars(feed, 0)).toThrow(RangeError)
  })
})

describe('benchmarkLine', () => {
  const day = (d: string) => ist(`${d}T00:00`)
  // The index has four days; the backtest a day before them too, which the index lacks.
  const series = {
    name: 'NIFTY 50 buy-and-hold',
    day: ['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'].map(day),
    open: [100, 111, 120, 100],
    close: [110, 121, 99, 132],
  }
  const runDays = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'].map(day)

  it('buys with the capital at the first open and marks each close, at 15:30 IST', () => {
    // ₹1,000 at 100 → 1,100, 1,210, 990, 1,320 on the four days the index has.
    expect(benchmarkLine(series, runDays, 1_000, 10)).toEqual({
      name: 'NIFTY 50 buy-and-hold',
      time: ['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'].map((d) => ist(`${d}T15:30`)),
      equity: [1_100, 1_210, 990, 1_320],
    })
  })

  it('keeps the last day of each bucket when thinned, as the equity curve does', () => {
    expect(benchmarkLine(series, runDays, 1_000, 2)).toEqual({
      name: 'NIFTY 50 buy-and-hold',
      time: [ist('2024-01-04T15:30'), ist('2024-01-08T15:30')],
      equity: [1_210, 1_320],
    })
  })

  it('is null when the index has none of the days', () => {
    expect(benchmarkLine(series, [day('2023-01-02')], 1_000)).toBeNull()
  })
})

describe('tradesCsv', () => {
  const closed: Trade = {
    symbol: 'M&M',
    direction: 'LONG',
    product: 'CNC',
    qty: 10,
    entryTime: ist('2024-01-02T09:15'),
    entryPrice: 1650.05,
    exitTime: ist('2024-01-05T09:15'),
    exitPrice: 1700.1,
    entryAt: 1,
    exitAt: 4,
    grossPnl: 500.5,
    costs: 40.123,
    netPnl: 460.377,
    exitReason: 'signal',
  }
  const open: Trade = {
    ...closed,
    exitTime: null,
    exitPrice: null,
    exitAt: null,
    exitReason: 'open',
  }

  it('writes one row per trade with IST times and paise', () => {
    expect(tradesCsv([closed, open]).split('\n')).toEqual([
      'symbol,direction,product,qty,entry_time,entry_price,exit_time,exit_price,gross_pnl,costs,net_pnl,exit_reason',
      'M&M,LONG,CNC,10,2024-01-02T09:15:00+05:30,1650.05,2024-01-05T09:15:00+05:30,1700.1,500.50,40.12,460.38,signal',
      'M&M,LONG,CNC,10,2024-01-02T09:15:00+05:30,1650.05,,,500.50,40.12,460.38,open',
      '',
    ])
  })
})
