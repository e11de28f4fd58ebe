/**
 * The core's registered `backtest` handler, run by a real job runner against the database: a
 * submitted example backtest ends succeeded with its result stored, or failed with a reason;
 * a stored plugin version of the tenant runs like the example it was written from; another
 * tenant's version fails with a reason.
 */
import { schema } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
import { example, storeVersion } from '../../deployments/testing/fixtures.ts'
import { coreJobHandlers, createJobRunner, enqueueJob, type JobRunner } from '../../jobs/index.ts'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import { jobRow, waitFor } from '../../jobs/testing/helpers.ts'

describeOnDrivers('backtest jobs in the sandbox', (handle) => {
  const db = jobsDatabase(handle)
  const runners: JobRunner[] = []
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
  })
  const finished = (id: string) =>
    waitFor(
      () => jobRow(db(), id),
      (row) => ['succeeded', 'failed', 'cancelled'].includes(row.status),
    )
  const request = {
    example: 'sma-crossover',
    symbols: ['RELIANCE'],
    timeframe: '1d',
    from: '2022-01-01',
    to: '2023-12-31',
    capital: 1_000_000,
    params: { fast: 10, slow: 30, qty: 5 },
  }

  it('runs an example backtest and stores metrics, curve and trades', async () => {
    const { tenantId } = await seedTenant(db())
    const runner = createJobRunner({
      db: db(),
      scope: { tenantIds: [tenantId] },
      pollMs: 20,
      handlers: coreJobHandlers(db()),
    })
    runners.push(runner)
    await runner.start()
    const ok = await enqueueJob(db(), { tenantId, kind: 'backtest', request })
    const bad = await enqueueJob(db(), {
      tenantId,
      kind: 'backtest',
      request: { ...request, params: { fast: 30, slow: 10 } },
    })

    expect(await finished(ok)).toMatchObject({ status: 'succeeded', progress: 1 })
    const [stored] = await db()
      .select()
      .from(schema.backtestResults)
      .where(eq(schema.backtestResults.jobId, ok))
    const trades = stored!.trades as { entryPrice: number }[]
    expect(trades.length).toBeGreaterThan(0)
    expect(stored!.metrics).toMatchObject({
      trades: expect.any(Number),
      maxDrawdown: expect.any(Number),
    })
    expect((stored!.equityCurve as { equity: number[] }).equity.length).toBeGreaterThan(400)

    const failed = await finished(bad)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/fast \(30\) must be shorter than slow \(10\)/)
  }, 30_000)

  it("runs the tenant's stored plugin version, and refuses another tenant's", async () => {
    const { tenantId } = await seedTenant(db(), { tier: 'pro' })
    const other = await seedTenant(db())
    const version = await storeVersion(db(), tenantId, example('sma-crossover'))
    const runner = createJobRunner({
      db: db(),
      scope: { tenantIds: [tenantId, other.tenantId] },
      pollMs: 20,
      handlers: coreJobHandlers(db()),
    })
    runners.push(runner)
    await runner.start()
    const stored = { ...request, example: undefined, pluginVersionId: version }
    const mine = await enqueueJob(db(), {
      tenantId,
      kind: 'backtest',
      pluginVersionId: version,
      request: stored,
    })
    const theirs = await enqueueJob(db(), {
      tenantId: other.tenantId,
      kind: 'backtest',
      pluginVersionId: version,
      request: stored,
    })
    const asExample = await enqueueJob(db(), { tenantId, kind: 'backtest', request })

    expect(await finished(mine)).toMatchObject({ status: 'succeeded', error: null })
    expect(await finished(asExample)).toMatchObject({ status: 'succeeded' })
    const trades = async (id: string) =>
      (
        await db()
          .select({ trades: schema.backtestResults.trades })
          .from(schema.backtestResults)
          .where(eq(schema.backtestResults.jobId, id))
      )[0]!.trades
    expect(await trades(mine)).toEqual(await trades(asExample))

    const refused = await finished(theirs)
    expect(refused.status).toBe('failed')
    expect(refused.error).toBe(
      `Plugin version ${version} is not in this workspace: only your own plugin versions can be backtested.`,
    )
  }, 60_000)
})
