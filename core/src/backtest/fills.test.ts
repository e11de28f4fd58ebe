import { describe, expect, it } from 'vitest'
import { limitFill, marketFill, slip, stopLimitFill, stopMarketFill, stopTouch } from './fills.ts'

// One bar for every case: open 100, high 105, low 95 (close irrelevant), tick ₹0.05.
const O = 100
const H = 105
const L = 95
const T = 0.05
const none = { ticks: 0 }

describe('market orders', () => {
  it('fill at the open, moved against the trader by the slippage', () => {
    expect(marketFill(1, O, H, L, none, T)).toBe(100)
    expect(marketFill(1, O, H, L, { ticks: 1 }, T)).toBe(100.05)
    expect(marketFill(-1, O, H, L, { ticks: 2 }, T)).toBe(99.9)
    expect(marketFill(1, O, H, L, { bps: 10 }, T)).toBe(100.1) // 100 × 1.001
    expect(marketFill(-1, O, H, L, { bps: 7 }, T)).toBe(99.9) // 99.93 rounded down to the tick
  })

  it('never fill outside the bar: slippage is clipped to high and low', () => {
    expect(marketFill(1, O, H, L, { bps: 1000 }, T)).toBe(105)
    expect(slip(96, -1, { ticks: 40 }, T, L, H)).toBe(95)
  })
})

describe('limit orders', () => {
  it('buy fills when the low reaches the limit, at the limit', () => {
    expect(limitFill(1, 97, O, H, L)).toBe(97)
    expect(limitFill(1, 94.95, O, H, L)).toBeNaN()
  })

  it('buy gets the better open when the bar opens below the limit', () => {
    expect(limitFill(1, 101, O, H, L)).toBe(100)
  })

  it('sell mirrors: high reaches the limit; a gap up gives the open', () => {
    expect(limitFill(-1, 104, O, H, L)).toBe(104)
    expect(limitFill(-1, 99, O, H, L)).toBe(100)
    expect(limitFill(-1, 105.05, O, H, L)).toBeNaN()
  })
})

describe('stop orders', () => {
  it('says whether a stop triggers at the open, inside the bar or not at all', () => {
    expect(stopTouch(1, 99, O, H, L)).toBe(1)
    expect(stopTouch(1, 103, O, H, L)).toBe(2)
    expect(stopTouch(1, 106, O, H, L)).toBe(0)
    expect(stopTouch(-1, 101, O, H, L)).toBe(1)
    expect(stopTouch(-1, 97, O, H, L)).toBe(2)
    expect(stopTouch(-1, 94, O, H, L)).toBe(0)
  })

  it('SL-M fills at the trigger, or at the worse open after a gap, plus slippage', () => {
    expect(stopMarketFill(1, 103, O, H, L, none, T)).toBe(103)
    expect(stopMarketFill(1, 99, O, H, L, none, T)).toBe(100) // gapped above the buy stop
    expect(stopMarketFill(-1, 97, O, H, L, { ticks: 1 }, T)).toBe(96.95)
    expect(stopMarketFill(-1, 101, O, H, L, none, T)).toBe(100) // gapped below the sell stop
    expect(stopMarketFill(1, 106, O, H, L, none, T)).toBeNaN()
  })

  it('SL triggered inside the bar fills at the trigger when the limit allows', () => {
    expect(stopLimitFill(1, 103, 104, false, O, H, L)).toBe(103)
    expect(stopLimitFill(-1, 97, 96, false, O, H, L)).toBe(97)
  })

  it('SL with a limit beyond the trigger waits: the bar cannot say the price came back', () => {
    expect(stopLimitFill(1, 103, 102, false, O, H, L)).toBeNaN()
    // next bar, already triggered: a plain limit buy at 102 (open 100 ≤ 102 → the open)
    expect(stopLimitFill(1, 103, 102, true, O, H, L)).toBe(100)
  })

  it('SL triggered at the open is a limit order for the whole bar', () => {
    expect(stopLimitFill(1, 99, 99.5, false, O, H, L)).toBe(99.5)
    expect(stopLimitFill(1, 99, 94, false, O, H, L)).toBeNaN()
  })
})
