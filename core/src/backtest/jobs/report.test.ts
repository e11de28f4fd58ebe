/**
 * What a `backtest` job stores for the report's charts, run by a real job runner against the
 * database: the candles of the series it traded (every bar, or merged bars when there are
 * more than the stored most) and the NIFTY 50 buy-and-hold line its benchmark metrics measure.
 */
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { expect, it } from 'vitest'
import { enqueueJob } from '../../jobs/queue.ts'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import { istDayStart } from '../../market/time.ts'
import { loadFeed } from '../feeds.ts'
import type { BenchmarkMetrics } from '../metrics.ts'
import type { StoredBenchmark, StoredCurve, StoredPrices } from '../report.ts'
import { backtestJobHandler } from '../sandboxed/job.ts'
import type { Trade } from '../types.ts'
import { istMidnight } from './run-system.ts'
import { finished, jobRunners, smaRequest, storedResult } from './testing.ts'

type Chart = StoredCurve & { prices: StoredPrices[]; benchmark: StoredBenchmark | null }

describeOnDrivers('the charts a backtest job stores', (handle) => {
  const db = jobsDatabase(handle)
  const runners = jobRunners(db)
  const run = async (request: Record<string, unknown>, curvePoints?: number) => {
    const { tenantId } = await seedTenant(db())
    await runners.start(tenantId, {
      backtest: backtestJobHandler({ db: db(), ...(curvePoints ? { curvePoints } : {}) }),
    })
    const id = await enqueueJob(db(), { tenantId, kind: 'backtest', request })
    expect(await finished(db(), id)).toMatchObject({ status: 'succeeded', error: null })
    const stored = (await storedResult(db(), id))!
    return {
      chart: stored.equityCurve as Chart,
      benchmark: (stored.metrics as { benchmark: BenchmarkMetrics | null }).benchmark,
      trades: stored.trades as Trade[],
    }
  }
  const bars = (from: string, to: string) =>
    loadFeed('RELIANCE', '1d', { from: istMidnight(from), to: istMidnight(to) + 86_400_000 })

  it('stores every bar it traded, the trades on them, and NIFTY 50 bought with its capital', async () => {
    const { chart, benchmark, trades } = await run(
      smaRequest({ from: '2024-01-01', to: '2024-08-23', params: { fast: 5, slow: 20, qty: 5 } }),
    )
    const feed = await bars('2024-01-01', '2024-08-23')
    expect(chart.prices).toEqual([
      {
        symbol: 'RELIANCE',
        timeframe: '1d',
        time: [...feed.bars.ts],
        open: [...feed.bars.open],
        high: [...feed.bars.high],
        low: [...feed.bars.low],
        close: [...feed.bars.close],
      },
    ])
    // Every entry and exit (at a session's 09:15 open) falls in a stored daily candle.
    expect(trades.length).toBeGreaterThan(0)
    const candles = chart.prices[0]!.time
    for (const t of trades) {
      expect(candles).toContain(istDayStart(t.entryTime))
      if (t.exitTime !== null) expect(candles).toContain(istDayStart(t.exitTime))
    }

    // The line is the benchmark the metrics report: one point per day, ending at its return.
    expect(benchmark).not.toBeNull()
    const line = chart.benchmark!
    expect(line.name).toBe('NIFTY 50 buy-and-hold')
    expect(line.time).toHaveLength(benchmark!.days)
    expect(line.time.at(-1)).toBe(chart.time.at(-1))
    expect(line.equity.at(-1)! / 1_000_000 - 1).toBeCloseTo(benchmark!.totalReturn, 8)
  }, 60_000)

  it('merges bars into at most the stored most of candles, keeping the extremes', async () => {
    const { chart } = await run(smaRequest({ from: '2023-01-01', to: '2023-12-31' }), 40)
    const feed = await bars('2023-01-01', '2023-12-31')
    const [prices] = chart.prices
    // 246 sessions in buckets of 7: 36 candles, each starting at a real session.
    expect(prices!.time).toHaveLength(Math.ceil(feed.bars.length / 7))
    expect(prices!.time.every((t) => feed.bars.ts.includes(t))).toBe(true)
    expect(prices!.open[0]).toBe(feed.bars.open[0])
    expect(prices!.close.at(-1)).toBe(feed.bars.close.at(-1))
    expect(Math.max(...prices!.high)).toBe(Math.max(...feed.bars.high))
    expect(Math.min(...prices!.low)).toBe(Math.min(...feed.bars.low))
    expect(chart.equity.length).toBeLessThanOrEqual(40)
    // No NIFTY 50 data in 2023: no line (and no benchmark metrics).
    expect(chart.benchmark).toBeNull()
  }, 60_000)
})
