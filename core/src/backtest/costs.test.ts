import { describe, expect, it } from 'vitest'
import { ZERODHA_NSE_RATES } from './cost-rates.ts'
import {
  chargeBound,
  compileSchedule,
  contractNote,
  orderCharges,
  roundPaise,
  ZERODHA_SCHEDULE,
} from './costs.ts'

// Every expected value below is computed by hand from the rate table (cost-rates.ts):
// exchange = NSE transaction charge + IPFT (0.00297 % + 0.0001 % = 0.00307 % on cash),
// STT rounded to the rupee, every other line to the paisa (half up), GST 18 % of
// brokerage + exchange + SEBI (+ square-off fee), on the rounded lines.

describe('contract notes against hand-computed Zerodha charges', () => {
  it('buy 100 RELIANCE at ₹2,500 and sell at ₹2,520, intraday, on one note: ₹136.47', () => {
    // turnover = 2,50,000 + 2,52,000 = 5,02,000
    // brokerage: min(0.03 % × 2,50,000 = 75, 20) + min(0.03 % × 2,52,000 = 75.60, 20) = 40.00
    // STT: 0.025 % × 2,52,000 (sell) = 63.00 → 63
    // exchange: 0.00307 % × 5,02,000 = 15.4114 → 15.41
    // SEBI: ₹10 / crore × 5,02,000 = 0.502 → 0.50
    // stamp: 0.003 % × 2,50,000 (buy) = 7.50
    // GST: 18 % × (40 + 15.41 + 0.50 = 55.91) = 10.0638 → 10.06
    // total: 40 + 63 + 15.41 + 0.50 + 7.50 + 10.06 = 136.47
    const note = contractNote(ZERODHA_SCHEDULE, 'EQ_INTRADAY', [
      { side: 'BUY', price: 2500, qty: 100 },
      { side: 'SELL', price: 2520, qty: 100 },
    ])
    expect(note).toEqual({
      brokerage: 40,
      stt: 63,
      exchange: 15.41,
      sebi: 0.5,
      stamp: 7.5,
      squareOff: 0,
      gst: 10.06,
      total: 136.47,
    })
  })

  it('books the same round trip order by order (as the engine does): ₹40.46 + ₹96.03', () => {
    // buy: brokerage 20; exchange 0.00307 % × 2,50,000 = 7.675 → 7.68 (half up);
    //      SEBI 0.25; stamp 7.50; GST 18 % × (20 + 7.68 + 0.25 = 27.93) = 5.0274 → 5.03;
    //      total 20 + 7.68 + 0.25 + 7.50 + 5.03 = 40.46
    // sell: brokerage 20; STT 63; exchange 0.00307 % × 2,52,000 = 7.7364 → 7.74;
    //      SEBI 0.252 → 0.25; GST 18 % × (20 + 7.74 + 0.25 = 27.99) = 5.0382 → 5.04;
    //      total 20 + 63 + 7.74 + 0.25 + 5.04 = 96.03
    // Two notes cost 136.49, two paise more than one note: each rounds on its own.
    const buy = orderCharges(ZERODHA_SCHEDULE, 'EQ_INTRADAY', 'BUY', 250_000)
    const sell = orderCharges(ZERODHA_SCHEDULE, 'EQ_INTRADAY', 'SELL', 252_000)
    expect(buy).toMatchObject({
      brokerage: 20,
      stt: 0,
      exchange: 7.68,
      sebi: 0.25,
      stamp: 7.5,
      gst: 5.03,
    })
    expect(buy.total).toBe(40.46)
    expect(sell).toMatchObject({
      brokerage: 20,
      stt: 63,
      exchange: 7.74,
      sebi: 0.25,
      stamp: 0,
      gst: 5.04,
    })
    expect(sell.total).toBe(96.03)
  })

  it('charges 0.03 % brokerage below the ₹20 cap: buy 10 SBIN at ₹800 intraday = ₹3.38', () => {
    // value 8,000: brokerage 0.03 % = 2.40; exchange 0.2456 → 0.25; SEBI 0.008 → 0.01;
    // stamp 0.003 % = 0.24; GST 18 % × (2.40 + 0.25 + 0.01 = 2.66) = 0.4788 → 0.48
    // total 2.40 + 0.25 + 0.01 + 0.24 + 0.48 = 3.38
    const c = orderCharges(ZERODHA_SCHEDULE, 'EQ_INTRADAY', 'BUY', 8000)
    expect(c).toMatchObject({ brokerage: 2.4, exchange: 0.25, sebi: 0.01, stamp: 0.24, gst: 0.48 })
    expect(c.total).toBe(3.38)
  })

  it('delivery: buy 10 INFY at ₹1,500 (CNC) = ₹17.82, with STT on the buy and no brokerage', () => {
    // value 15,000: brokerage 0; STT 0.1 % = 15.00 → 15; exchange 0.4605 → 0.46;
    // SEBI 0.015 → 0.02 (half up); stamp 0.015 % = 2.25; GST 18 % × (0 + 0.46 + 0.02) =
    // 0.0864 → 0.09; total 15 + 0.46 + 0.02 + 2.25 + 0.09 = 17.82
    const c = orderCharges(ZERODHA_SCHEDULE, 'EQ_DELIVERY', 'BUY', 15_000)
    expect(c).toEqual({
      brokerage: 0,
      stt: 15,
      exchange: 0.46,
      sebi: 0.02,
      stamp: 2.25,
      squareOff: 0,
      gst: 0.09,
      total: 17.82,
    })
  })

  it('futures: one lot (500) of RELIANCE25NOVFUT bought at 1,500 and sold at 1,510 = ₹474.48', () => {
    // buy 7,50,000, sell 7,55,000, turnover 15,05,000
    // brokerage: min(225, 20) + min(226.50, 20) = 40
    // STT: 0.05 % × 7,55,000 = 377.50 → 378 (to the rupee, half up)
    // exchange: (0.00173 % + 0.0001 %) × 15,05,000 = 27.5415 → 27.54
    // SEBI: 1.505 → 1.51; stamp: 0.002 % × 7,50,000 = 15.00
    // GST: 18 % × (40 + 27.54 + 1.51 = 69.05) = 12.429 → 12.43
    // total: 40 + 378 + 27.54 + 1.51 + 15 + 12.43 = 474.48
    const note = contractNote(ZERODHA_SCHEDULE, 'FUT', [
      { side: 'BUY', price: 1500, qty: 500 },
      { side: 'SELL', price: 1510, qty: 500 },
    ])
    expect(note).toMatchObject({
      brokerage: 40,
      stt: 378,
      exchange: 27.54,
      sebi: 1.51,
      stamp: 15,
      gst: 12.43,
    })
    expect(note.total).toBe(474.48)
  })

  it('options: 75 units bought at ₹100 premium and sold at ₹120 = ₹68.37', () => {
    // buy premium 7,500, sell premium 9,000, turnover 16,500
    // brokerage: ₹20 flat × 2 = 40; STT: 0.15 % × 9,000 = 13.50 → 14
    // exchange: (0.03503 % + 0.0005 %) × 16,500 = 5.86245 → 5.86; SEBI 0.0165 → 0.02
    // stamp: 0.003 % × 7,500 = 0.225 → 0.23; GST: 18 % × (40 + 5.86 + 0.02 = 45.88) =
    // 8.2584 → 8.26; total 40 + 14 + 5.86 + 0.02 + 0.23 + 8.26 = 68.37
    const note = contractNote(ZERODHA_SCHEDULE, 'OPT', [
      { side: 'BUY', price: 100, qty: 75 },
      { side: 'SELL', price: 120, qty: 75 },
    ])
    expect(note).toMatchObject({
      brokerage: 40,
      stt: 14,
      exchange: 5.86,
      sebi: 0.02,
      stamp: 0.23,
      gst: 8.26,
    })
    expect(note.total).toBe(68.37)
  })

  it('adds ₹50 + GST when Zerodha squares off an MIS position: ₹155.03', () => {
    // sell 100 at 2,520 as an auto square-off: brokerage 20; STT 63; exchange 7.74;
    // SEBI 0.25; square-off 50; GST 18 % × (20 + 7.74 + 0.25 + 50 = 77.99) = 14.0382 → 14.04
    // total 20 + 63 + 7.74 + 0.25 + 50 + 14.04 = 155.03
    const c = orderCharges(ZERODHA_SCHEDULE, 'EQ_INTRADAY', 'SELL', 252_000, true)
    expect(c).toMatchObject({ squareOff: 50, gst: 14.04, total: 155.03 })
  })
})

describe('the rate table', () => {
  it('gives every rate a source and an ISO effective date (or says there is none)', () => {
    for (const r of ZERODHA_NSE_RATES) {
      expect(r.source.length).toBeGreaterThan(10)
      if (r.effectiveFrom !== null) expect(r.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    const kinds = new Set(ZERODHA_NSE_RATES.map((r) => r.charge))
    expect([...kinds].sort()).toEqual([
      'brokerage',
      'exchange',
      'gst',
      'ipft',
      'sebi',
      'squareOff',
      'stamp',
      'stt',
    ])
  })

  it('lets a later row override an earlier one (a zero-brokerage broker)', () => {
    const schedule = compileSchedule([
      ...ZERODHA_NSE_RATES,
      {
        charge: 'brokerage',
        segment: 'EQ_INTRADAY',
        side: 'both',
        perCrore: 0,
        effectiveFrom: null,
        source: 'test',
      },
    ])
    const c = orderCharges(schedule, 'EQ_INTRADAY', 'BUY', 250_000)
    // only exchange 7.68 + SEBI 0.25 + stamp 7.50 + GST 18 % × 7.93 = 1.4274 → 1.43
    expect(c).toMatchObject({ brokerage: 0, gst: 1.43, total: 16.86 })
  })

  it('rounds half a paisa up even when binary floating point lands just below it', () => {
    expect(roundPaise(7.675)).toBe(7.68)
    expect(roundPaise(0.015)).toBe(0.02)
    expect(roundPaise(1.005)).toBe(1.01)
    expect(roundPaise(7.6749)).toBe(7.67)
  })
})

describe('chargeBound', () => {
  it('is never below the charges of one order, in any segment and side, square-off included', () => {
    const custom = compileSchedule([
      ...ZERODHA_NSE_RATES,
      {
        ...ZERODHA_NSE_RATES.find((r) => r.charge === 'brokerage')!,
        segment: 'ALL',
        perCrore: 50_000,
        capPerOrder: undefined,
        flatPerOrder: 15,
      },
    ])
    for (const schedule of [ZERODHA_SCHEDULE, custom]) {
      const { rate, fixed } = chargeBound(schedule)
      for (const segment of ['EQ_DELIVERY', 'EQ_INTRADAY', 'FUT', 'OPT'] as const) {
        for (const side of ['BUY', 'SELL'] as const) {
          for (const value of [1, 99.95, 1_234.5, 25_000, 550_000, 7_777_777.7, 1e9]) {
            const c = orderCharges(schedule, segment, side, value, true).total
            expect(c, `${segment} ${side} ₹${value}`).toBeLessThanOrEqual(rate * value + fixed)
          }
        }
      }
    }
    expect(chargeBound(null)).toEqual({ rate: 0, fixed: 0 })
  })
})
