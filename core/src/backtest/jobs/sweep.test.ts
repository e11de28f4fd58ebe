/**
 * The core's `sweep` handler, run by a real job runner against the database: its ranking is
 * what running each combination alone gives, its best run is stored in full, a failing
 * combination is listed with its reason, and cancelling stops it.
 */
import { schema } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { enqueueJob } from '../../jobs/queue.ts'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import { jobRow, waitFor } from '../../jobs/testing/helpers.ts'
import type { Headline } from './ranking.ts'
import type { SweepRun } from './sweep.ts'
import { finished, jobRunners, runAlone, smaRequest, storedResult } from './testing.ts'

interface SweepMetrics {
  totalReturn: number
  sharpe: number | null
  sweep: {
    rankedBy: string
    combinations: number
    succeeded: number
    failed: number
    best: { index: number; params: Record<string, number> }
    runs: SweepRun[]
    failures: { index: number; params: Record<string, number>; reason: string }[]
  }
}

describeOnDrivers('sweep jobs', (handle) => {
  const db = jobsDatabase(handle)
  const runners = jobRunners(db)

  // Ranked by the shallowest drawdown, as a user may ask (the walk-forward test keeps Sharpe,
  // the default).
  it('ranks the combinations as running each alone does, and stores the best run in full', async () => {
    const { tenantId } = await seedTenant(db())
    await runners.start(tenantId)
    const grid = { fast: [10, 50], slow: [30, 100] }
    const request = smaRequest({ grid, rankBy: 'maxDrawdown' })
    const id = await enqueueJob(db(), { tenantId, kind: 'sweep', request })

    expect(await finished(db(), id)).toMatchObject({ status: 'succeeded', progress: 1 })
    const stored = (await storedResult(db(), id))!
    const metrics = stored.metrics as SweepMetrics
    expect(metrics.sweep).toMatchObject({ rankedBy: 'maxDrawdown', combinations: 4, succeeded: 3 })
    expect(metrics.sweep.failures).toEqual([
      {
        index: 2,
        params: { fast: 50, slow: 30 },
        reason: expect.stringMatching(/fast \(50\) must be shorter than slow \(30\)/),
      },
    ])

    const alone = await Promise.all(
      [
        { fast: 10, slow: 30 },
        { fast: 10, slow: 100 },
        { fast: 50, slow: 100 },
      ].map(async (combo) => ({
        combo,
        result: await runAlone(smaRequest({ params: { qty: 5, ...combo } })),
      })),
    )
    const shallowerFirst = (a: Headline, b: Headline) =>
      a.maxDrawdown - b.maxDrawdown || b.totalReturn - a.totalReturn
    const byRank = [...alone].sort((a, b) => shallowerFirst(a.result.metrics, b.result.metrics))
    expect(new Set(alone.map((a) => a.result.metrics.maxDrawdown)).size).toBe(3)
    expect(metrics.sweep.runs.map((r) => r.params)).toEqual(byRank.map((a) => a.combo))
    expect(metrics.sweep.runs.map((r) => r.rank)).toEqual([1, 2, 3])
    for (const run of metrics.sweep.runs) {
      const own = alone.find(
        (a) => a.combo.fast === run.params.fast && a.combo.slow === run.params.slow,
      )!
      expect(run.metrics.totalReturn).toBe(own.result.metrics.totalReturn)
      expect(run.metrics.sharpe).toBe(own.result.metrics.sharpe)
      expect(run.metrics.trades).toBe(own.result.metrics.trades)
    }
    // The best run is stored as a backtest of it would be: same metrics and trade log.
    const best = byRank[0]!
    expect(metrics.sweep.best.params).toEqual(best.combo)
    expect(metrics.totalReturn).toBe(best.result.metrics.totalReturn)
    expect(stored.trades).toEqual(JSON.parse(JSON.stringify(best.result.trades)))
    // Its charts too: equity, the prices it traded and the benchmark line.
    expect(stored.equityCurve).toEqual(JSON.parse(JSON.stringify(best.result.equityCurve)))
    expect(stored.equityCurve).toMatchObject({ prices: [{ symbol: 'RELIANCE', timeframe: '1d' }] })
  }, 120_000)

  it('stops when cancelled, with no result, while it says how many runs are done', async () => {
    const { tenantId } = await seedTenant(db())
    const runner = await runners.start(tenantId)
    const grid = { fast: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13], slow: [30, 40, 50, 60, 70] }
    const id = await enqueueJob(db(), {
      tenantId,
      kind: 'sweep',
      request: smaRequest({ from: '2021-01-01', to: '2024-12-31', grid }),
    })
    const going = await waitFor(
      () => jobRow(db(), id),
      (row) => /^run [1-9]\d* of 50$/.test(row.progressMessage ?? ''),
      60_000,
    )
    expect(going.status).toBe('running')
    await db()
      .update(schema.backtestJobs)
      .set({ cancelRequested: true })
      .where(eq(schema.backtestJobs.id, id))

    const ended = await finished(db(), id)
    expect(ended.status).toBe('cancelled')
    expect(ended.progress).toBeLessThan(1)
    // The handler returned: its worker threads and their sandbox processes are gone.
    await waitFor(
      async () => runner.running(),
      (ids) => ids.length === 0,
    )
    expect(await storedResult(db(), id)).toBeUndefined()
  }, 120_000)
})
