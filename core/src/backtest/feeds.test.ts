import { describe, expect, it } from 'vitest'
import { loadBarColumns } from '../market/catalog.ts'
import { repeatBars } from './bench.ts'
import { runBacktestSync } from './engine.ts'
import { BacktestConfigError } from './errors.ts'
import { loadFeed, niftyBenchmark, sliceColumns } from './feeds.ts'
import { computeMetrics, metricsInput } from './metrics.ts'
import { smaCrossover } from './reference/sma-crossover.ts'
import { ist } from './testing.ts'

describe('bundled feeds', () => {
  it('cuts a series to [from, to) without copying', async () => {
    const all = await loadBarColumns('NIFTY50', '1m')
    const jan2 = sliceColumns(all, ist('2024-01-02T00:00'), ist('2024-01-03T00:00'))
    expect(jan2.length).toBe(375)
    expect(jan2.ts[0]).toBe(ist('2024-01-02T09:15'))
    expect(jan2.close.buffer).toBe(all.close.buffer)
  })

  it('loads a feed by symbol and date range, and says so when nothing is left', async () => {
    const feed = await loadFeed('RELIANCE', '1d', { from: ist('2025-01-01T00:00') })
    expect(feed.bars.ts[0]).toBeGreaterThanOrEqual(ist('2025-01-01T00:00'))
    await expect(loadFeed('RELIANCE', '1d', { from: ist('2030-01-01T00:00') })).rejects.toThrow(
      BacktestConfigError,
    )
  })

  it('builds the NIFTY 50 benchmark from the 1-minute file: 156 daily candles', async () => {
    const nifty = await niftyBenchmark()
    expect(nifty.day.length).toBe(156)
    expect(nifty.day[0]).toBe(ist('2024-01-01T00:00'))
    expect(nifty.open[0]).toBe(21727.75) // the first 1-minute open of 2024-01-01
  })
})

describe('metrics of a real run against NIFTY 50 buy-and-hold', () => {
  it('compares a run on NIFTY 50 minutes with the index over the same 156 days', async () => {
    const bars = await loadBarColumns('NIFTY50', '1m')
    const result = runBacktestSync({
      feeds: [{ symbol: 'NIFTY50', timeframe: '1m', bars }],
      capital: 1_000_000,
      strategy: smaCrossover({ qty: 25, product: 'MIS' }),
    })
    const m = computeMetrics(metricsInput(result), { benchmark: await niftyBenchmark() })
    expect(m.tradingDays).toBe(156)
    expect(m.benchmark).toMatchObject({ days: 156, coverage: 1 })
    // buy at the first open (21,727.75), hold to the last close of 2024-08-23
    expect(m.benchmark!.totalReturn).toBeCloseTo(bars.close[bars.length - 1]! / 21727.75 - 1, 12)
    expect(m.benchmark!.excessReturn).toBeCloseTo(m.totalReturn - m.benchmark!.totalReturn, 12)
    expect(m.trades).toBe(result.trades.length)
    expect(m.exposure).toBe(result.exposure)
  })

  it('marks a benchmark that covers only part of the run', async () => {
    const feed = await loadFeed('RELIANCE', '1d')
    const result = runBacktestSync({
      feeds: [feed],
      capital: 1_000_000,
      strategy: smaCrossover({ qty: 10 }),
    })
    const m = computeMetrics(metricsInput(result), { benchmark: await niftyBenchmark() })
    expect(m.benchmark!.coverage).toBeLessThan(0.2) // 2024-01 .. 2024-08 of 2020-10 .. 2025-09
  })
})

describe('benchmark input', () => {
  it('repeats a series by whole weeks: times of day and weekdays stay real', async () => {
    const src = sliceColumns(
      await loadBarColumns('NIFTY50', '1m'),
      ist('2024-01-01T00:00'),
      ist('2024-01-03T00:00'),
    )
    const out = repeatBars(src, 2 * src.length + 10)
    expect(src.length).toBe(750)
    expect(out.length).toBe(1510)
    for (let i = 1; i < out.length; i++) expect(out.ts[i]).toBeGreaterThan(out.ts[i - 1]!)
    const shift = out.ts[src.length]! - src.ts[0]!
    expect(shift % (7 * 86_400_000)).toBe(0)
    expect(out.close[src.length + 3]).toBe(src.close[3])
  })
})
