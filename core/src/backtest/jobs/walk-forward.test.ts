/**
 * The core's `walk_forward` handler, run by a real job runner against the database: its folds
 * partition the dates, each out-of-sample run uses the in-sample winner of its fold (as
 * running every combination alone on the in-sample days ranks them), and the stitched result
 * adds up the out-of-sample runs.
 */
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { expect, it } from 'vitest'
import { enqueueJob } from '../../jobs/queue.ts'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import { loadFeed } from '../feeds.ts'
import type { StoredPrices } from '../report.ts'
import { dayText, tradingDays } from './folds.ts'
import type { Headline } from './ranking.ts'
import { istMidnight } from './run-system.ts'
import { betterFirst, finished, jobRunners, runAlone, smaRequest, storedResult } from './testing.ts'

interface Span {
  from: string
  to: string
  tradingDays: number
  params: Record<string, number>
  metrics: Headline
}

interface WalkForwardMetrics {
  totalReturn: number
  walkForward: {
    inSampleRatio: number
    combinations: number
    runs: number
    efficiency: number | null
    folds: { fold: number; inSample: Span; outOfSample: Span }[]
  }
}

describeOnDrivers('walk-forward jobs', (handle) => {
  const db = jobsDatabase(handle)
  const runners = jobRunners(db)
  const grid = { fast: [5, 10], slow: [20, 50] }
  const request = smaRequest({
    from: '2021-01-01',
    to: '2023-12-31',
    grid,
    walkForward: { folds: 3, inSampleRatio: 0.7 },
  })

  it('tests each fold out of sample with its in-sample winner, the folds partitioning the dates', async () => {
    const { tenantId } = await seedTenant(db())
    await runners.start(tenantId)
    const id = await enqueueJob(db(), { tenantId, kind: 'walk_forward', request })
    const row = await finished(db(), id)
    expect(row.error).toBeNull()
    expect(row.status).toBe('succeeded')
    const stored = (await storedResult(db(), id))!
    const { walkForward, totalReturn } = stored.metrics as WalkForwardMetrics
    expect(walkForward).toMatchObject({ inSampleRatio: 0.7, combinations: 4, runs: 15 })

    // The parts, in order, cover every trading day of the dates once.
    const feed = await loadFeed('RELIANCE', '1d', {
      from: istMidnight('2021-01-01'),
      to: istMidnight('2024-01-01'),
    })
    const days = tradingDays([feed]).map(dayText)
    const parts = walkForward.folds.flatMap((f) => [f.inSample, f.outOfSample])
    expect(walkForward.folds.map((f) => f.fold)).toEqual([1, 2, 3])
    expect(parts[0]!.from).toBe(days[0])
    expect(parts.at(-1)!.to).toBe(days.at(-1))
    let next = 0
    for (const part of parts) {
      expect(part.from).toBe(days[next])
      next += part.tradingDays
      expect(part.to).toBe(days[next - 1])
    }
    expect(next).toBe(days.length)

    for (const fold of walkForward.folds) {
      const combos = grid.fast.flatMap((fast) => grid.slow.map((slow) => ({ fast, slow })))
      const inSample = await Promise.all(
        combos.map(async (combo) => ({
          combo,
          metrics: (await runAlone(spanRequest(fold.inSample, combo))).metrics,
        })),
      )
      const winner = inSample.sort((a, b) => betterFirst(a.metrics, b.metrics))[0]!
      expect(fold.inSample.params, `fold ${fold.fold}`).toEqual(winner.combo)
      expect(fold.inSample.metrics.totalReturn).toBe(winner.metrics.totalReturn)
      expect(fold.outOfSample.params).toEqual(winner.combo)
      const outOfSample = await runAlone(spanRequest(fold.outOfSample, winner.combo))
      expect(fold.outOfSample.metrics.totalReturn).toBe(outOfSample.metrics.totalReturn)
    }
    // Stitched additively: every fold traded the same capital, so returns add up.
    const sum = walkForward.folds.reduce((s, f) => s + f.outOfSample.metrics.totalReturn, 0)
    expect(totalReturn).toBeCloseTo(sum, 10)
    const curve = stored.equityCurve as { time: number[]; equity: number[]; fold: number[] }
    expect(curve.fold[0]).toBe(1)
    expect(curve.fold.at(-1)).toBe(3)
    expect(curve.equity.at(-1)).toBeCloseTo(1_000_000 * (1 + sum), 4)

    // The price chart covers what the stitched account does: the first out-of-sample day on,
    // every bar (fewer than the stored most). The index has no 2021–2023 days: no benchmark line.
    const chart = stored.equityCurve as { prices: StoredPrices[]; benchmark: unknown }
    expect(chart.prices.map((p) => [p.symbol, p.timeframe])).toEqual([['RELIANCE', '1d']])
    const candles = chart.prices[0]!.time.map(dayText)
    expect(candles).toEqual(days.slice(days.indexOf(walkForward.folds[0]!.outOfSample.from)))
    expect(chart.benchmark).toBeNull()
  }, 180_000)

  it('fails with a reason when the dates are too short for the folds', async () => {
    const { tenantId } = await seedTenant(db())
    await runners.start(tenantId)
    const id = await enqueueJob(db(), {
      tenantId,
      kind: 'walk_forward',
      // 2023-12-25 was a holiday: four sessions.
      request: { ...request, from: '2023-12-25', to: '2023-12-29' },
    })
    const row = await finished(db(), id)
    expect(row).toMatchObject({ status: 'failed' })
    expect(row.error).toMatch(/hold 4 trading days: too few for 3 walk-forward folds/)
  }, 60_000)

  const spanRequest = (span: Span, combo: Record<string, number>) =>
    smaRequest({ from: span.from, to: span.to, params: { qty: 5, ...combo } })
})
