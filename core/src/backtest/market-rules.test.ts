import { describe, expect, it } from 'vitest'
import {
  barCloseTime,
  barOpenTime,
  chargeSegment,
  instrumentSpec,
  istTimeOfDay,
  onTick,
  roundToTick,
  sizeToQty,
} from './market-rules.ts'
import { ist } from './testing.ts'

describe('tick grid', () => {
  it('rounds up, down and to the nearest ₹0.05, keeping exact decimals', () => {
    expect(roundToTick(2520.03, 0.05, 1)).toBe(2520.05)
    expect(roundToTick(2520.03, 0.05, -1)).toBe(2520)
    expect(roundToTick(2520.03, 0.05, 0)).toBe(2520.05) // 0.02 away beats 0.03
    expect(roundToTick(21727.75, 0.05, 1)).toBe(21727.75) // already on the grid
    expect(roundToTick(2520.05 + 1e-12, 0.05, 1)).toBe(2520.05) // float noise is not a tick
    expect(roundToTick(1003, 5, 1)).toBe(1005)
  })

  it('tells prices on and off the grid', () => {
    expect(onTick(100.05, 0.05)).toBe(true)
    expect(onTick(100.02, 0.05)).toBe(false)
    expect(onTick(100.02, 0.01)).toBe(true)
  })
})

describe('position sizing', () => {
  it('turns value and percent of equity into whole units, rounded down', () => {
    expect(sizeToQty({ mode: 'percent', percent: 50 }, 2500, 1_000_000, 1)).toBe(200) // 5,00,000 / 2,500
    expect(sizeToQty({ mode: 'value', value: 100_000 }, 3333, 1_000_000, 1)).toBe(30) // 30.003 units
    expect(sizeToQty({ mode: 'qty', qty: 7 }, 100, 0, 1)).toBe(7)
  })

  it('rounds down to whole lots, to zero when one lot is too dear', () => {
    // ₹10,00,000 at ₹1,500 buys 666.7 units: one lot of 500
    expect(sizeToQty({ mode: 'value', value: 1_000_000 }, 1500, 0, 500)).toBe(500)
    expect(sizeToQty({ mode: 'value', value: 700_000 }, 1500, 0, 500)).toBe(0)
    expect(sizeToQty({ mode: 'percent', percent: -5 }, 100, 1e6, 1)).toBe(0)
  })
})

describe('instruments', () => {
  it('takes segment and lot size from the bundled catalog', () => {
    expect(instrumentSpec('RELIANCE25NOVFUT')).toEqual({
      symbol: 'RELIANCE25NOVFUT',
      segment: 'FUT',
      lotSize: 500,
      tickSize: 0.05,
    })
    expect(instrumentSpec('TCS25NOVFUT').lotSize).toBe(175)
    expect(instrumentSpec('NIFTY50').segment).toBe('INDICES')
    expect(instrumentSpec('RELIANCE')).toMatchObject({ segment: 'EQ', lotSize: 1 })
  })

  it('treats unknown (imported) symbols as cash equity, and honours overrides', () => {
    expect(instrumentSpec('MYIMPORT')).toMatchObject({ segment: 'EQ', lotSize: 1, tickSize: 0.05 })
    expect(
      instrumentSpec('MYIMPORT', { segment: 'OPT', lotSize: 75, tickSize: 0.1 }),
    ).toMatchObject({
      segment: 'OPT',
      lotSize: 75,
      tickSize: 0.1,
    })
  })

  it('maps products to charge segments, refusing products an instrument does not have', () => {
    const eq = instrumentSpec('RELIANCE')
    const fut = instrumentSpec('RELIANCE25NOVFUT')
    const opt = instrumentSpec('X', { segment: 'OPT' })
    expect(chargeSegment(eq, 'CNC')).toBe('EQ_DELIVERY')
    expect(chargeSegment(eq, 'MIS')).toBe('EQ_INTRADAY')
    expect(chargeSegment(eq, 'NRML')).toBeNull()
    expect(chargeSegment(fut, 'NRML')).toBe('FUT')
    expect(chargeSegment(fut, 'MIS')).toBe('FUT')
    expect(chargeSegment(fut, 'CNC')).toBeNull()
    expect(chargeSegment(opt, 'NRML')).toBe('OPT')
    expect(chargeSegment(instrumentSpec('NIFTY50'), 'CNC')).toBe('EQ_DELIVERY')
  })
})

describe('bar times', () => {
  it('opens and closes intraday bars at their start and start + length', () => {
    const t = ist('2024-01-01T09:15')
    expect(barOpenTime(t, '1m')).toBe(t)
    expect(barCloseTime(t, '1m')).toBe(ist('2024-01-01T09:16'))
    expect(barCloseTime(t, '15m')).toBe(ist('2024-01-01T09:30'))
  })

  it('opens a daily bar (stamped 00:00 IST) at 09:15 and closes it at 15:30', () => {
    const d = ist('2024-01-01T00:00')
    expect(barOpenTime(d, '1d')).toBe(ist('2024-01-01T09:15'))
    expect(barCloseTime(d, '1d')).toBe(ist('2024-01-01T15:30'))
  })

  it('reads IST time of day', () => {
    expect(istTimeOfDay(ist('2024-01-01T15:20'))).toBe((15 * 60 + 20) * 60_000)
    expect(istTimeOfDay(ist('2024-01-02T00:00'))).toBe(0)
  })
})
