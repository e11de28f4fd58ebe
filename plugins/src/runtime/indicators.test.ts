import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  EMA,
  Highest,
  Lowest,
  MACD,
  OBV,
  ROC,
  RSI,
  SD,
  SMA,
  Stochastic,
  WMA,
} from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import type { Bar } from '../types.ts'
import { MAX_AGO } from './indicators.ts'
import { createIndicators, MarketData } from './market.ts'
import { SeededRandom } from './random.ts'

// A seeded random walk: deterministic, long enough for every warm-up, with real OHLC shape.
function walk(n: number): Bar[] {
  const rnd = new SeededRandom(7)
  const bars: Bar[] = []
  let close = 1000
  for (let i = 0; i < n; i++) {
    const open = close
    close = Math.max(1, open * (1 + (rnd.next() - 0.5) * 0.04))
    const high = Math.max(open, close) * (1 + rnd.next() * 0.01)
    const low = Math.min(open, close) * (1 - rnd.next() * 0.01)
    bars.push({
      ts: 1_600_000_000_000 + i * 60_000,
      open,
      high,
      low,
      close,
      volume: Math.round(rnd.next() * 1e5),
    })
  }
  return bars
}

const bars = walk(600)
const closes = bars.map((b) => b.close)
const highs = bars.map((b) => b.high)
const lows = bars.map((b) => b.low)
const volumes = bars.map((b) => b.volume)

// Streams every bar through MarketData and reads `read()` after each one.
function stream<T>(read: (ind: ReturnType<typeof createIndicators>) => T | undefined): T[] {
  const market = new MarketData(5000)
  const ind = createIndicators(market)
  const out: T[] = []
  for (const bar of bars) {
    market.pushBar('X', '1m', bar)
    const v = read(ind)
    if (v !== undefined) out.push(v)
  }
  return out
}

describe('streaming indicators equal technicalindicators batch values', () => {
  const cases: [string, () => unknown[], () => unknown[]][] = [
    [
      'sma',
      () => stream((i) => i.sma('X', '1m', 20)),
      () => SMA.calculate({ period: 20, values: closes }),
    ],
    [
      'ema',
      () => stream((i) => i.ema('X', '1m', 20)),
      () => EMA.calculate({ period: 20, values: closes }),
    ],
    [
      'wma',
      () => stream((i) => i.wma('X', '1m', 9)),
      () => WMA.calculate({ period: 9, values: closes }),
    ],
    [
      'rsi',
      () => stream((i) => i.rsi('X', '1m', 14)),
      () => RSI.calculate({ period: 14, values: closes }),
    ],
    [
      'roc',
      () => stream((i) => i.roc('X', '1m', 12)),
      () => ROC.calculate({ period: 12, values: closes }),
    ],
    [
      'sd',
      () => stream((i) => i.sd('X', '1m', 20)),
      () => SD.calculate({ period: 20, values: closes }),
    ],
    [
      'highest',
      () => stream((i) => i.highest('X', '1m', 30)),
      () => Highest.calculate({ period: 30, values: highs }),
    ],
    [
      'lowest',
      () => stream((i) => i.lowest('X', '1m', 30)),
      () => Lowest.calculate({ period: 30, values: lows }),
    ],
    [
      'atr',
      () => stream((i) => i.atr('X', '1m', 14)),
      () => ATR.calculate({ period: 14, high: highs, low: lows, close: closes }),
    ],
    [
      'cci',
      () => stream((i) => i.cci('X', '1m', 20)),
      () => CCI.calculate({ period: 20, high: highs, low: lows, close: closes }),
    ],
    [
      'adx',
      () => stream((i) => i.adx('X', '1m', 14)),
      () =>
        ADX.calculate({ period: 14, high: highs, low: lows, close: closes }).filter(
          (v) => v.adx !== undefined,
        ),
    ],
    [
      'obv',
      () => stream((i) => i.obv('X', '1m')),
      () => OBV.calculate({ close: closes, volume: volumes }),
    ],
    [
      'macd',
      () => stream((i) => i.macd('X', '1m')),
      () =>
        MACD.calculate({
          values: closes,
          fastPeriod: 12,
          slowPeriod: 26,
          signalPeriod: 9,
          SimpleMAOscillator: false,
          SimpleMASignal: false,
        })
          .filter((v) => v.signal !== undefined && v.histogram !== undefined)
          .map((v) => ({ macd: v.MACD, signal: v.signal, histogram: v.histogram })),
    ],
    [
      'bollinger',
      () => stream((i) => i.bollinger('X', '1m', { period: 20, stdDev: 2 })),
      () => BollingerBands.calculate({ period: 20, stdDev: 2, values: closes }),
    ],
    [
      'stochastic',
      () => stream((i) => i.stochastic('X', '1m')),
      () =>
        Stochastic.calculate({
          period: 14,
          signalPeriod: 3,
          high: highs,
          low: lows,
          close: closes,
        }).filter((v) => v.d !== undefined),
    ],
  ]

  it.each(cases)('%s', (_name, streamed, batch) => {
    const a = streamed()
    const b = batch()
    expect(a.length).toBeGreaterThan(400)
    expect(a).toEqual(b)
  })
})

describe('MarketData', () => {
  it('seeds an indicator created late from the bars it already holds', () => {
    const market = new MarketData(5000)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 300)) market.pushBar('X', '1m', bar)
    const late = ind.ema('X', '1m', 20)
    expect(late).toBe(EMA.calculate({ period: 20, values: closes.slice(0, 300) }).at(-1))
  })

  it('answers `ago` from the values it kept, up to MAX_AGO bars back', () => {
    const smas = SMA.calculate({ period: 5, values: closes.slice(0, 200) })
    const market = new MarketData(5000)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 200)) market.pushBar('X', '1m', bar)
    expect(ind.sma('X', '1m', 5, { ago: 0 })).toBe(smas.at(-1))
    expect(ind.sma('X', '1m', 5, { ago: 3 })).toBe(smas.at(-4))
    expect(ind.sma('X', '1m', 5, { ago: MAX_AGO })).toBe(smas.at(-1 - MAX_AGO))
    expect(() => ind.sma('X', '1m', 5, { ago: MAX_AGO + 1 })).toThrow(
      /ago must be a whole number from 0 to 99/,
    )
  })

  it('keeps each series its own values when one average is asked about several in turn', () => {
    const market = new MarketData(5000)
    const ind = createIndicators(market)
    // Y's closes are X's doubled; X on 5m holds every fifth bar.
    const doubled = (b: Bar): Bar => ({ ...b, close: b.close * 2 })
    for (let i = 0; i < 100; i++) {
      market.pushBar('X', '1m', bars[i]!)
      market.pushBar('Y', '1m', doubled(bars[i]!))
      if (i % 5 === 4) market.pushBar('X', '5m', bars[i]!)
      // Asked on every bar, alternating, as a strategy over two symbols does.
      ind.sma('X', '1m', 10)
      ind.sma('Y', '1m', 10)
      ind.sma('X', '5m', 10)
    }
    const sma = (values: number[]) => SMA.calculate({ period: 10, values }).at(-1)
    const x = closes.slice(0, 100)
    expect(ind.sma('X', '1m', 10)).toBe(sma(x))
    expect(ind.sma('Y', '1m', 10)).toBe(sma(x.map((c) => c * 2)))
    expect(ind.sma('X', '5m', 10)).toBe(sma(x.filter((_, i) => i % 5 === 4)))
    expect(ind.sma('Y', '1m', 10, { ago: 1 })).toBe(
      SMA.calculate({ period: 10, values: x.map((c) => c * 2) }).at(-2),
    )
  })

  it('refuses an `ago` that is not a whole number of bars back', () => {
    const market = new MarketData(5000)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 20)) market.pushBar('X', '1m', bar)
    for (const ago of [-1, 1.5, Number.NaN, '1']) {
      expect(() => ind.sma('X', '1m', 5, { ago: ago as number })).toThrow(
        /ago must be a whole number from 0 to 99/,
      )
    }
  })

  it('reads the source a caller names', () => {
    const market = new MarketData(5000)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 50)) market.pushBar('X', '1m', bar)
    const hl2 = bars.slice(30, 50).reduce((s, b) => s + (b.high + b.low) / 2, 0) / 20
    expect(ind.sma('X', '1m', 20, { source: 'hl2' })).toBeCloseTo(hl2, 9)
    expect(() => ind.sma('X', '1m', 20, { source: 'vwap' as 'close' })).toThrow(
      /source must be one of/,
    )
  })

  it('keeps at most `history` bars and refuses periods longer than that', () => {
    const market = new MarketData(100)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 250)) market.pushBar('X', '1m', bar)
    expect(market.bars('X', '1m').map((b) => b.ts)).toEqual(bars.slice(150, 250).map((b) => b.ts))
    expect(market.bars('X', '1m', 3)).toEqual(bars.slice(247, 250))
    expect(() => ind.sma('X', '1m', 101)).toThrow(
      /period must be a whole number from 1 to 100, got 101/,
    )
    expect(() => ind.sma('X', '1m', 0)).toThrow(/period must be a whole number/)
  })

  it('ignores a repeated bar and starts a series over when time goes back', () => {
    const market = new MarketData(500)
    const ind = createIndicators(market)
    for (const bar of bars.slice(0, 30)) market.pushBar('X', '1m', bar)
    expect(ind.sma('X', '1m', 3)).toBeDefined()
    expect(market.pushBar('X', '1m', bars[29]!)).toBe(false)
    expect(market.bars('X', '1m')).toHaveLength(30)
    // A replay that loops sends its first bar again.
    expect(market.pushBar('X', '1m', bars[0]!)).toBe(true)
    expect(market.bars('X', '1m')).toEqual([bars[0]])
    expect(ind.sma('X', '1m', 3)).toBeUndefined()
    market.pushBar('X', '1m', bars[1]!)
    market.pushBar('X', '1m', bars[2]!)
    expect(ind.sma('X', '1m', 3)).toBeCloseTo((closes[0]! + closes[1]! + closes[2]!) / 3, 9)
  })
})
