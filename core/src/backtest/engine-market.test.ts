import type { PlaceIntent } from '@vm-algo/plugins'
import { describe, expect, it } from 'vitest'
import { loadBarColumns } from '../market/catalog.ts'
import { resampleColumns } from '../market/resample.ts'
import { orderCharges, ZERODHA_SCHEDULE } from './costs.ts'
import { runBacktestSync } from './engine.ts'
import { sliceColumns } from './feeds.ts'
import { bars, ist, place, scripted } from './testing.ts'
import type { BatchStrategy, TimedIntent } from './types.ts'

const at = (
  k: number,
  id: string,
  side: 'BUY' | 'SELL',
  extra: Partial<PlaceIntent> = {},
): TimedIntent => ({
  at: k,
  intent: place(id, side, extra),
})

describe('MIS square-off at 15:20 IST', () => {
  const close = bars('2024-01-01', [
    ['15:18', 100, 101, 99, 100],
    ['15:19', 101, 102, 100, 101],
    ['15:20', 102, 103, 101, 102],
    ['15:21', 102, 103, 101, 102],
  ])
  const feeds = [{ symbol: 'TEST', timeframe: '1m' as const, bars: close }]

  it('closes the position at the 15:20 open (slipped) with the ₹50 + GST charge', () => {
    const plan = [
      at(0, 'b', 'BUY'),
      at(0, 'resting', 'BUY', { orderType: 'LIMIT', price: 90 }),
      at(2, 'late', 'BUY'),
    ]
    const strategy = scripted(plan)
    const r = runBacktestSync({ feeds, capital: 100_000, blockSize: 1, strategy })
    // bought at the 15:19 open 101 + one tick; squared off at the 15:20 open 102 − one tick
    expect(r.fills.map((f) => [f.side, f.price, f.time, f.reason])).toEqual([
      ['BUY', 101.05, ist('2024-01-01T15:19'), 'order'],
      ['SELL', 101.95, ist('2024-01-01T15:20'), 'square_off'],
    ])
    expect(r.fills[1]!.charges).toEqual(
      orderCharges(ZERODHA_SCHEDULE, 'EQ_INTRADAY', 'SELL', 1019.5, true),
    )
    expect(r.fills[1]!.charges.squareOff).toBe(50)
    expect(r.trades[0]).toMatchObject({
      exitReason: 'square_off',
      exitTime: ist('2024-01-01T15:20'),
    })
    // the working MIS limit is cancelled and the position closed before the strategy handles
    // the 15:20 bar; a new MIS order after 15:20 is refused
    expect(strategy.blocks[2]!.state).toMatchObject({
      positions: {},
      orderUpdates: [
        {
          clientOrderId: 'resting',
          status: 'cancelled',
          filledQty: 0,
          avgPrice: 0,
          reason: 'MIS square-off',
        },
      ],
    })
    const late = 'mis_cutoff: no new MIS orders from 15:20 IST'
    expect(strategy.blocks[3]!.state.orderUpdates).toEqual([
      { clientOrderId: 'late', status: 'rejected', filledQty: 0, avgPrice: 0, reason: late },
    ])
    expect(r.rejections.map((x) => [x.clientOrderId, x.reason])).toEqual([['late', 'mis_cutoff']])
    expect(r.positions).toEqual({})
  })

  it('closes at the session’s last close when its data ends before 15:20 (special sessions)', () => {
    const short = bars('2024-03-02', [
      ['09:58', 100, 101, 99, 100],
      ['09:59', 100, 101, 99, 100.5],
      ['11:30', 103, 104, 102, 103.5], // the gap is no fill opportunity: nothing in between
      ['11:31', 104, 105, 103, 104.5],
    ])
    const r = runBacktestSync({
      feeds: [{ symbol: 'TEST', timeframe: '1m', bars: short }],
      capital: 100_000,
      charges: null,
      slippage: { ticks: 0 },
      strategy: scripted([at(1, 'b', 'BUY')]),
    })
    expect(r.fills.map((f) => [f.price, f.time, f.reason])).toEqual([
      [103, ist('2024-03-02T11:30'), 'order'], // placed at 10:00, first bar after: 11:30
      [104.5, ist('2024-03-02T11:32'), 'square_off'], // the 11:31 bar's close
    ])
  })
})

describe('daily bars', () => {
  const days = bars('', [
    ['2024-01-01', 100, 102, 99, 101],
    ['2024-01-02', 103, 104, 100, 102],
    ['2024-01-04', 98, 99, 97, 98], // 03 Jan missing: a holiday, no bar fabricated
  ])
  const feeds = [{ symbol: 'TEST', timeframe: '1d' as const, bars: days }]

  it('fill a signal from one day’s close at the next trading day’s open', () => {
    const r = runBacktestSync({
      feeds,
      capital: 100_000,
      charges: null,
      slippage: { ticks: 0 },
      strategy: scripted([
        at(0, 'b', 'BUY', { product: 'CNC' }),
        at(1, 's', 'SELL', { product: 'CNC' }),
      ]),
    })
    expect(r.fills.map((f) => [f.side, f.price, f.time])).toEqual([
      ['BUY', 103, ist('2024-01-02T09:15')],
      ['SELL', 98, ist('2024-01-04T09:15')],
    ])
    expect([...r.daily.equity]).toEqual([100_000, 99_990, 99_950]) // 98,970 + 10 × 102; 99,950
  })

  it('refuse MIS, which needs intraday bars for its square-off', () => {
    const r = runBacktestSync({ feeds, capital: 100_000, strategy: scripted([at(0, 'm', 'BUY')]) })
    expect(r.rejections[0]).toMatchObject({ reason: 'mis_needs_intraday' })
  })
})

describe('several symbols and timeframes', () => {
  it('merges 1m and 5m bars by close time and fills a 5m signal in the next 1m bar', async () => {
    const day = { from: ist('2024-01-02T09:15'), to: ist('2024-01-02T10:00') }
    const m1 = sliceColumns(await loadBarColumns('NIFTY50', '1m'), day.from, day.to)
    const m5 = resampleColumns(m1, '5m')
    const seen: { feed: number; time: number }[] = []
    let emitted: TimedIntent | undefined
    const strategy: BatchStrategy = {
      init() {},
      onBlock({ from, to }) {
        // what a strategy may look at: nothing after event to − 1
        const intents: TimedIntent[] = []
        for (let k = from; k < to; k++) {
          seen.push({ feed: tl.feed[k]!, time: tl.time[k]! })
          if (!emitted && tl.feed[k] === 1) {
            emitted = {
              at: k,
              intent: place('five', 'BUY', { symbol: 'NIFTY50', qty: 1, product: 'CNC' }),
            }
            intents.push(emitted)
          }
        }
        return { intents }
      },
    }
    const tl = { feed: new Int32Array(0), time: new Float64Array(0) }
    const init = strategy.init
    strategy.init = (setup) => {
      Object.assign(tl, setup.timeline)
      return init(setup)
    }
    const r = runBacktestSync({
      feeds: [
        { symbol: 'NIFTY50', timeframe: '1m', bars: m1 },
        { symbol: 'NIFTY50', timeframe: '5m', bars: m5 },
      ],
      capital: 100_000,
      charges: null,
      slippage: { ticks: 0 },
      strategy,
    })
    // events never go back in time; the first 5m bar (09:15-09:19) arrives at 09:20, after
    // the 09:19 minute, and the order fills at the 09:20 minute's open
    expect(seen.every((e, i) => i === 0 || e.time >= seen[i - 1]!.time)).toBe(true)
    const first5m = seen.findIndex((e) => e.feed === 1)
    expect(seen[first5m]!.time).toBe(ist('2024-01-02T09:20'))
    expect(seen[first5m - 1]).toEqual({ feed: 0, time: ist('2024-01-02T09:20') })
    expect(r.fills[0]).toMatchObject({ time: ist('2024-01-02T09:20'), price: m1.open[5] })
    expect(r.events).toBe(m1.length + m5.length)
  })

  it('fills and marks each symbol at its own prices', async () => {
    const day = { from: ist('2024-01-02T09:15'), to: ist('2024-01-02T09:30') }
    const nifty = sliceColumns(await loadBarColumns('NIFTY50', '1m'), day.from, day.to)
    const bank = sliceColumns(await loadBarColumns('BANKNIFTY', '1m'), day.from, day.to)
    const r = runBacktestSync({
      feeds: [
        { symbol: 'NIFTY50', timeframe: '1m', bars: nifty },
        { symbol: 'BANKNIFTY', timeframe: '1m', bars: bank },
      ],
      capital: 1_000_000,
      charges: null,
      slippage: { ticks: 0 },
      // event 1 is BANKNIFTY's 09:15 bar (ties keep the feeds' order)
      strategy: scripted([at(1, 'bk', 'BUY', { symbol: 'BANKNIFTY', qty: 2, product: 'CNC' })]),
    })
    expect(r.fills[0]).toMatchObject({ symbol: 'BANKNIFTY', price: bank.open[1], time: bank.ts[1] })
    const last = r.curve.equity.length - 1
    expect(r.curve.equity[last]).toBeCloseTo(
      1_000_000 - 2 * bank.open[1]! + 2 * bank.close.at(-1)!,
      6,
    )
  })
})
