import { beforeAll, describe, expect, it } from 'vitest'
import { loadBarColumns } from '../../market/catalog.ts'
import type { BarColumns } from '../../market/types.ts'
import { orderCharges, ZERODHA_SCHEDULE } from '../costs.ts'
import { runBacktestSync } from '../engine.ts'
import type { BacktestResult } from '../types.ts'
import { smaCrossover } from './sma-crossover.ts'

const IST = 19_800_000
const DAY = 86_400_000
const FAST = 10
const SLOW = 30
const CAPITAL = 1_000_000

interface NaiveFill {
  at: number
  side: 'BUY' | 'SELL'
  qty: number
  price: number
  reason: 'order' | 'square_off'
  charges: number
}

/**
 * The same strategy and rules, written as one plain loop over bar objects, without the engine:
 * one pending order at a time, minutes of the day as numbers. The averages are running sums
 * in the SDK's order of operations (ties of the two averages break the same way).
 */
function naive(b: BarColumns, qty: number, product: 'MIS' | 'CNC') {
  const segment = product === 'MIS' ? 'EQ_INTRADAY' : 'EQ_DELIVERY'
  const intraday = product === 'MIS'
  const day = (i: number) => Math.floor((b.ts[i]! + IST) / DAY)
  const minute = (t: number) => ((t + IST) % DAY) / 60_000
  const tick = (p: number) => Math.round(p * 20) / 20
  const fills: NaiveFill[] = []
  const rejections: [number, string][] = []
  let cash = CAPITAL
  let pos = 0
  let believed = 0
  let sumFast = 0
  let sumSlow = 0
  let prev: { fast: number; slow: number } | undefined
  let pending: { side: 'BUY' | 'SELL'; qty: number; day: number } | undefined
  const trade = (
    at: number,
    side: 'BUY' | 'SELL',
    n: number,
    price: number,
    reason: NaiveFill['reason'],
  ) => {
    const charges = orderCharges(
      ZERODHA_SCHEDULE,
      segment,
      side,
      price * n,
      reason === 'square_off',
    ).total
    cash += (side === 'BUY' ? -1 : 1) * price * n - charges
    pos += side === 'BUY' ? n : -n
    fills.push({ at, side, qty: n, price, reason, charges })
  }
  for (let i = 0; i < b.length; i++) {
    const bar = { open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]! }
    // intraday, the host resyncs the strategy at each new day; daily bars come in one block
    if (intraday && (i === 0 || day(i) !== day(i - 1))) believed = pos
    if (intraday && minute(b.ts[i]!) >= 15 * 60 + 20) {
      pending = undefined
      if (pos > 0) trade(i, 'SELL', pos, Math.max(bar.low, tick(bar.open - 0.05)), 'square_off')
    }
    if (pending && (!intraday || pending.day === day(i))) {
      const buy = pending.side === 'BUY'
      const price = buy
        ? Math.min(bar.high, tick(bar.open + 0.05))
        : Math.max(bar.low, tick(bar.open - 0.05))
      trade(i, pending.side, pending.qty, price, 'order')
    }
    pending = undefined
    const lastOfDay = i === b.length - 1 || day(i + 1) !== day(i)
    if (intraday && lastOfDay && pos > 0) trade(i, 'SELL', pos, bar.close, 'square_off')
    sumFast = i < FAST ? sumFast + bar.close : sumFast - b.close[i - FAST]! + bar.close
    sumSlow = i < SLOW ? sumSlow + bar.close : sumSlow - b.close[i - SLOW]! + bar.close
    if (i < SLOW - 1) continue
    const now = { fast: sumFast / FAST, slow: sumSlow / SLOW }
    let order: { side: 'BUY' | 'SELL'; qty: number; expect: number } | undefined
    if (prev && prev.fast <= prev.slow && now.fast > now.slow && believed <= 0) {
      order = { side: 'BUY', qty, expect: believed }
      believed += qty
    } else if (prev && prev.fast >= prev.slow && now.fast < now.slow && believed > 0) {
      order = { side: 'SELL', qty: believed, expect: believed }
      believed = 0
    }
    prev = now
    if (!order) continue
    if (order.expect !== pos) rejections.push([i, 'stale_state'])
    else if (intraday && minute(b.ts[i]! + 60_000) >= 15 * 60 + 20)
      rejections.push([i, 'mis_cutoff'])
    else pending = { side: order.side, qty: order.qty, day: day(i) }
  }
  const last = b.close[b.length - 1]!
  return { fills, rejections, cash, equity: cash + pos * last }
}

/** Replays the engine's fills over the bars: cash and position after each event. */
function replay(b: BarColumns, r: BacktestResult) {
  let cash = r.capital
  let pos = 0
  let f = 0
  let worst = 0
  const heldAfterCutoff: number[] = []
  for (let k = 0; k < b.length; k++) {
    while (f < r.fills.length && r.fills[f]!.at === k) {
      const fill = r.fills[f++]!
      const sign = fill.side === 'BUY' ? 1 : -1
      cash -= sign * fill.price * fill.qty + fill.charges.total
      pos += sign * fill.qty
    }
    worst = Math.max(worst, Math.abs(cash + pos * b.close[k]! - r.curve.equity[k]!))
    if (((b.ts[k]! + IST) % DAY) / 60_000 >= 15 * 60 + 20 && pos !== 0) heldAfterCutoff.push(k)
  }
  return { worst, heldAfterCutoff }
}

function checkInvariants(b: BarColumns, r: BacktestResult) {
  // cash + positions = equity at every event
  const { worst, heldAfterCutoff } = replay(b, r)
  expect(worst).toBeLessThan(1e-6)
  // charges add up: fills = totals = trades; equity = capital + realized + unrealized − charges
  const fillCharges = r.fills.reduce((s, f) => s + f.charges.total, 0)
  expect(r.charges.total).toBeCloseTo(fillCharges, 6)
  expect(r.trades.reduce((s, t) => s + t.costs, 0)).toBeCloseTo(fillCharges, 6)
  expect(r.equity).toBeCloseTo(r.capital + r.realizedPnl + r.unrealizedPnl - r.charges.total, 6)
  // no fill before its signal bar has closed
  for (const fill of r.fills.filter((x) => x.emittedAt >= 0)) {
    expect(fill.at).toBeGreaterThan(fill.emittedAt)
    expect(fill.time).toBeGreaterThanOrEqual(r.curve.time[fill.emittedAt]!)
  }
  return heldAfterCutoff
}

describe('SMA crossover (10/30, 25 units, MIS) on NIFTY 50 1-minute bars, Jan-Aug 2024', () => {
  let bars: BarColumns
  let result: BacktestResult
  beforeAll(async () => {
    bars = await loadBarColumns('NIFTY50', '1m')
    result = runBacktestSync({
      feeds: [{ symbol: 'NIFTY50', timeframe: '1m', bars }],
      capital: CAPITAL,
      strategy: smaCrossover({ fast: FAST, slow: SLOW, qty: 25, product: 'MIS' }),
    })
  })

  it('keeps the books consistent and never trades ahead of its signal', () => {
    expect(result.events).toBe(57_960)
    expect(result.trades.length).toBeGreaterThan(500)
    const held = checkInvariants(bars, result)
    // flat from 15:20 every day: no position is held at or after a 15:20 bar
    expect(held).toEqual([])
    expect(result.positions).toEqual({})
    expect(
      result.fills
        .filter((f) => f.reason === 'order')
        .every((f) => (f.time + IST) % DAY < 55_200_000),
    ).toBe(true)
  })

  it('matches an independent naive loop fill for fill', () => {
    const n = naive(bars, 25, 'MIS')
    const engine = result.fills.map((f) => ({
      at: f.at,
      side: f.side,
      qty: f.qty,
      price: f.price,
      reason: f.reason,
      charges: f.charges.total,
    }))
    expect(engine).toEqual(n.fills)
    expect(result.rejections.map((x) => [x.at, x.reason])).toEqual(n.rejections)
    expect(result.cash).toBeCloseTo(n.cash, 6)
    expect(result.equity).toBeCloseTo(n.equity, 6)
    expect(result.fills.filter((f) => f.reason === 'square_off').length).toBeGreaterThan(50)
  })
})

describe('SMA crossover (10/30, 100 shares, CNC) on RELIANCE daily bars, 2020-2025', () => {
  it('matches the naive loop and keeps the books consistent', async () => {
    const bars = await loadBarColumns('RELIANCE', '1d')
    const result = runBacktestSync({
      feeds: [{ symbol: 'RELIANCE', timeframe: '1d', bars }],
      capital: CAPITAL,
      strategy: smaCrossover({ fast: FAST, slow: SLOW, qty: 100, product: 'CNC' }),
    })
    checkInvariants(bars, result)
    const n = naive(bars, 100, 'CNC')
    expect(result.fills.map((f) => [f.at, f.side, f.qty, f.price, f.charges.total])).toEqual(
      n.fills.map((f) => [f.at, f.side, f.qty, f.price, f.charges]),
    )
    expect(result.rejections).toEqual([])
    expect(result.equity).toBeCloseTo(n.equity, 6)
    expect(result.trades.length).toBeGreaterThan(20)
    expect(result.daily.equity.length).toBe(bars.length)
  })
})
