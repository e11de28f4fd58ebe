import type { PlaceIntent } from '@vm-algo/plugins'
import { describe, expect, it } from 'vitest'
import { runBacktestSync } from './engine.ts'
import { bars, place, scripted } from './testing.ts'
import type { TimedIntent } from './types.ts'

// Six 1-minute bars of TEST (event k = bar k). Comments give what each bar allows.
const six = bars('2024-01-01', [
  ['09:15', 100, 101, 99, 100],
  ['09:16', 100, 100.5, 97, 98], // a buy limit at 98 fills here
  ['09:17', 96, 97, 95, 96.5], // gaps down through 97.5 and 97
  ['09:18', 97, 104, 96, 103], // reaches 103 and 104 inside the bar
  ['09:19', 103, 106, 94, 95], // touches both 105 and 95
  ['09:20', 95, 96, 94, 95],
])
const feeds = [{ symbol: 'TEST', timeframe: '1m' as const, bars: six }]
const base = { feeds, capital: 100_000, charges: null, slippage: { ticks: 0 } } as const
const at = (
  k: number,
  id: string,
  side: 'BUY' | 'SELL',
  extra: Partial<PlaceIntent> = {},
): TimedIntent => ({
  at: k,
  intent: place(id, side, { product: 'CNC', ...extra }),
})
const run = (plan: TimedIntent[], extra = {}) =>
  runBacktestSync({ ...base, ...extra, strategy: scripted(plan) })
const fillsOf = (plan: TimedIntent[]) =>
  run(plan).fills.map((f) => [f.clientOrderId, f.at, f.price, f.reason])

describe('limit and stop orders', () => {
  it('a buy limit rests until the low reaches it, and fills at the limit', () => {
    expect(fillsOf([at(0, 'l', 'BUY', { orderType: 'LIMIT', price: 98 })])).toEqual([
      ['l', 1, 98, 'order'],
    ])
  })

  it('a buy limit the bar gaps through fills at the better open', () => {
    expect(fillsOf([at(1, 'l', 'BUY', { orderType: 'LIMIT', price: 97.5 })])).toEqual([
      ['l', 2, 96, 'order'],
    ])
  })

  it('a sell stop the bar gaps through fills at the worse open (gap risk)', () => {
    const plan = [at(0, 'b', 'BUY'), at(1, 's', 'SELL', { orderType: 'SL-M', triggerPrice: 97 })]
    expect(fillsOf(plan)).toEqual([
      ['b', 1, 100, 'order'],
      ['s', 2, 96, 'order'],
    ])
  })

  it('a stop-limit triggered inside the bar fills at its trigger', () => {
    const plan = [at(2, 'sl', 'BUY', { orderType: 'SL', triggerPrice: 103, price: 103.5 })]
    expect(fillsOf(plan)).toEqual([['sl', 3, 103, 'order']])
  })

  it('modifies and cancels working orders', () => {
    const modified = [
      at(0, 'l', 'BUY', { orderType: 'LIMIT', price: 90 }),
      { at: 1, intent: { action: 'modify' as const, clientOrderId: 'l', price: 97.5 } },
    ]
    expect(fillsOf(modified)).toEqual([['l', 2, 96, 'order']])
    const cancelled = [
      at(0, 'l', 'BUY', { orderType: 'LIMIT', price: 98 }),
      { at: 0, intent: { action: 'cancel' as const, clientOrderId: 'l' } },
    ]
    const strategy = scripted(cancelled)
    const r = runBacktestSync({ ...base, blockSize: 1, strategy })
    expect(r.fills).toEqual([])
    expect(strategy.blocks[1]!.state.orderUpdates).toEqual([
      {
        clientOrderId: 'l',
        status: 'cancelled',
        filledQty: 0,
        avgPrice: 0,
        reason: 'cancelled by the strategy',
      },
    ])
  })

  it('cancels a DAY order not filled in its session; an MIS order never outlives its day', () => {
    const threeDays = bars('', [
      ['2024-01-01T09:15', 100, 101, 99, 100], // this day's data ends here
      ['2024-01-02T09:15', 100, 101, 99, 100],
      ['2024-01-02T09:16', 100, 101, 99, 100],
      ['2024-01-03T09:15', 100, 101, 99, 100],
      ['2024-01-03T09:16', 100, 101, 99, 100],
    ])
    const strategy = scripted([
      at(0, 'mis', 'BUY', { orderType: 'LIMIT', price: 50, product: 'MIS' }),
      at(1, 'cnc', 'BUY', { orderType: 'LIMIT', price: 50 }),
    ])
    const feed = [{ symbol: 'TEST', timeframe: '1m' as const, bars: threeDays }]
    runBacktestSync({ ...base, feeds: feed, blockSize: 1, strategy })
    const updates = strategy.blocks.map((b) =>
      b.state.orderUpdates.map((u) => [u.clientOrderId, u.status]),
    )
    // Each update reaches the strategy before it handles the bar where it happened.
    expect(updates).toEqual([
      [],
      [['mis', 'cancelled']], // MIS placed on 01 Jan: gone at 02 Jan's first bar
      [['cnc', 'open']],
      [['cnc', 'cancelled']], // CNC worked through 02 Jan: gone at 03 Jan's first bar
      [],
    ])
    expect(strategy.blocks[4]!.state.openOrders).toEqual([])
  })
})

describe('brackets', () => {
  it('exits at the stop when one bar touches both stop and target (stop assumed first)', () => {
    const r = run([at(3, 'b', 'BUY', { stopLoss: 95, target: 105 })])
    expect(r.fills.map((f) => [f.at, f.side, f.price, f.reason])).toEqual([
      [4, 'BUY', 103, 'order'],
      [4, 'SELL', 95, 'stop'],
    ])
    expect(r.trades[0]).toMatchObject({ exitReason: 'stop', grossPnl: -80 }) // (95 − 103) × 10
  })

  it('exits at the target (a limit: no slippage) when only the target is touched', () => {
    const r = run([at(0, 'b', 'BUY', { stopLoss: 90, target: 101 })], { slippage: { ticks: 1 } })
    expect(r.trades[0]).toMatchObject({
      entryPrice: 100.05,
      exitPrice: 101,
      exitAt: 3,
      exitReason: 'target',
    })
  })

  it('does not credit the target in the bar an intrabar entry filled in', () => {
    // the limit fills at 98 inside bar 1, whose high 100.5 touches the target: that high may
    // have come first, so the target first counts in bar 3 (high 104), at max(97, 100.5)
    const r = run([
      at(0, 'b', 'BUY', { orderType: 'LIMIT', price: 98, stopLoss: 90, target: 100.5 }),
    ])
    expect(r.trades[0]).toMatchObject({ entryAt: 1, entryPrice: 98, exitAt: 3, exitPrice: 100.5 })
  })
})

describe('sizing and funding', () => {
  it('sizes at the fill price by percent of equity or by value, in whole units', () => {
    const pct: TimedIntent = { ...at(0, 'p', 'BUY'), size: { mode: 'percent', percent: 50 } }
    expect(run([pct]).fills[0]).toMatchObject({ qty: 500, price: 100 }) // 50,000 / 100
    const value: TimedIntent = { ...at(0, 'v', 'BUY'), size: { mode: 'value', value: 25_030 } }
    expect(run([value]).fills[0]).toMatchObject({ qty: 250 }) // 250.3 units
  })

  it('sizes a CNC buy of 100 % of equity down to what cash pays with its charges', () => {
    const all: TimedIntent = { ...at(0, 'all', 'BUY'), size: { mode: 'percent', percent: 100 } }
    const r = run([all], { charges: undefined })
    // 1,000 units at ₹100 cost 1,00,000 + ₹118.74 of delivery charges (STT 100, stamp 15,
    // exchange 3.07, SEBI 0.10, GST 0.57) > cash; 999 would still leave ₹18 short;
    // 998 cost 99,800 + ₹118.63 = 99,918.63 ≤ 1,00,000
    expect(r.fills[0]).toMatchObject({ qty: 998, price: 100 })
    expect(r.cash).toBeGreaterThanOrEqual(0)
    expect(r.rejections).toEqual([])
  })

  it('needs cash for CNC buys and holdings for CNC sells', () => {
    const r = run([at(0, 'big', 'BUY', { qty: 2000 }), at(0, 'short', 'SELL')])
    expect(r.rejections.map((x) => [x.clientOrderId, x.reason])).toEqual([
      ['big', 'insufficient_funds'], // 2,00,000 > 1,00,000 cash
      ['short', 'no_short_delivery'],
    ])
  })

  it('lends 5× on MIS (20 % margin) and refuses beyond it', () => {
    const ok = run([at(0, 'm', 'BUY', { product: 'MIS', qty: 4000 })]) // margin 80,000
    expect(ok.fills[0]).toMatchObject({ qty: 4000 })
    expect(ok.fills[1]).toMatchObject({ reason: 'square_off' }) // the session's data ends
    const tooBig = run([at(0, 'm', 'BUY', { product: 'MIS', qty: 6000 })]) // margin 1,20,000
    expect(tooBig.rejections[0]).toMatchObject({ reason: 'insufficient_margin' })
  })

  it('keeps one product per position, and refuses intents built on a stale position', () => {
    const r = run([
      at(0, 'b', 'BUY'),
      at(1, 'm', 'SELL', { product: 'MIS' }),
      { ...at(1, 'stale', 'BUY'), expectQty: 0 },
    ])
    expect(r.rejections.map((x) => [x.clientOrderId, x.reason])).toEqual([
      ['stale', 'stale_state'], // checked when placed: the host holds 10
      ['m', 'product_mismatch'], // checked when it would fill
    ])
  })

  it('closes a trade and opens the reverse one when a sell crosses zero', () => {
    const r = run([
      at(0, 'b', 'BUY', { product: 'MIS' }),
      at(1, 's', 'SELL', { product: 'MIS', qty: 20 }),
    ])
    const [long, short] = r.trades
    expect(long).toMatchObject({ direction: 'LONG', entryPrice: 100, exitPrice: 96, grossPnl: -40 })
    expect(short).toMatchObject({
      direction: 'SHORT',
      qty: 10,
      entryPrice: 96,
      exitReason: 'square_off',
    })
  })
})
