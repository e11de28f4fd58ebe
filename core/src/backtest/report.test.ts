import { describe, expect, it } from 'vitest'
import { downsampleCurve, tradesCsv } from './report.ts'
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
