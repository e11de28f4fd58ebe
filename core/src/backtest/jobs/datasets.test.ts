/**
 * Backtests and scan backtests on a workspace's imported datasets: the same bars imported as a
 * CSV give the same trades as the bundled series, and a dataset is readable only by its own
 * workspace.
 */
import { readFileSync } from 'node:fs'
import { type Database, schema, withTenant } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { expect, it } from 'vitest'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import type { ClaimedJob } from '../../jobs/types.ts'
import { dataPath, listSeries } from '../../market/catalog.ts'
import { backtestJobHandler } from '../sandboxed/job.ts'
import type { Trade } from '../types.ts'
import { sweepJobHandler } from './sweep.ts'
import { walkForwardJobHandler } from './walk-forward.ts'

const reliance = () => {
  const series = listSeries().find((s) => s.symbol === 'RELIANCE' && s.timeframe === '1d')!
  return readFileSync(dataPath(series.file), 'utf8')
}

async function importCsv(db: Database, tenantId: string, csv: string, symbol = 'RELIANCE') {
  const lines = csv.trim().split('\n')
  return withTenant(db, { tenantId }, async (tx) => {
    const [row] = await tx
      .insert(schema.datasets)
      .values({
        tenantId,
        name: `${symbol} import ${Math.random().toString(36).slice(2)}`,
        symbol,
        timeframe: '1d',
        rows: lines.length - 1,
        firstBar: new Date(lines[1]!.split(',')[0]!),
        lastBar: new Date(lines.at(-1)!.split(',')[0]!),
        csv,
        sha256: 'test',
      })
      .returning({ id: schema.datasets.id })
    return row!.id
  })
}

const request = (overrides: Record<string, unknown>) => ({
  example: 'sma-crossover',
  timeframe: '1d',
  from: '2021-01-01',
  to: '2023-12-31',
  capital: 1_000_000,
  params: { fast: 10, slow: 30, qty: 5 },
  costs: { product: 'CNC', slippageBps: null },
  ...overrides,
})

describeOnDrivers('backtests on imported datasets', (handle) => {
  const db = jobsDatabase(handle)
  const run = (tenantId: string, req: unknown, kind: ClaimedJob['kind'] = 'backtest') => {
    const job: ClaimedJob = {
      id: 'btj_dataset_test',
      tenantId,
      userId: null,
      pluginVersionId: null,
      kind,
      request: req,
      attempts: 1,
      createdAt: new Date(),
    }
    const handler =
      kind === 'sweep'
        ? sweepJobHandler({ db: db(), threads: 2 })
        : kind === 'walk_forward'
          ? walkForwardJobHandler({ db: db(), threads: 2 })
          : backtestJobHandler({ db: db() })
    return handler(job, {
      signal: new AbortController().signal,
      progress: () => {},
    })
  }

  it('trades an imported copy of a bundled series exactly as the bundled one', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await importCsv(db(), tenantId, reliance())
    const imported = await run(tenantId, request({ datasets: [id] }))
    const bundled = await run(tenantId, request({ symbols: ['RELIANCE'] }))
    const trades = (r: typeof imported) =>
      (r.trades as Trade[]).map((t) => [
        t.symbol,
        t.entryTime,
        t.entryPrice,
        t.exitTime,
        t.exitPrice,
      ])
    expect(trades(imported).length).toBeGreaterThan(3)
    expect(trades(imported)).toEqual(trades(bundled))
    expect(imported.metrics).toEqual(bundled.metrics)
  }, 60_000)

  it('sweeps and walks forward over an imported copy exactly as over the bundled series', async () => {
    const { tenantId } = await seedTenant(db())
    const id = await importCsv(db(), tenantId, reliance())
    const grid = { fast: [5, 10], slow: [20, 30] }
    const sweep = (source: object) => run(tenantId, request({ ...source, grid }), 'sweep')
    const imported = await sweep({ datasets: [id] })
    const bundled = await sweep({ symbols: ['RELIANCE'] })
    expect((imported.metrics as { sweep: { runs: unknown[] } }).sweep.runs).toHaveLength(4)
    expect(imported.metrics).toEqual(bundled.metrics)
    expect(imported.trades).toEqual(bundled.trades)
    const walk = (source: object) =>
      run(
        tenantId,
        request({ ...source, grid, walkForward: { folds: 2, inSampleRatio: 0.7 } }),
        'walk_forward',
      )
    const [walkImported, walkBundled] = [
      await walk({ datasets: [id] }),
      await walk({ symbols: ['RELIANCE'] }),
    ]
    expect(walkImported.metrics).toEqual(walkBundled.metrics)
  }, 120_000)

  it("refuses another workspace's dataset, a symbol the strategy does not trade, and empty dates", async () => {
    const owner = await seedTenant(db())
    const other = await seedTenant(db())
    const id = await importCsv(db(), owner.tenantId, reliance())
    await expect(run(other.tenantId, request({ datasets: [id] }))).rejects.toThrow(
      `Dataset ${id} is not in this workspace`,
    )
    const wipro = await importCsv(db(), owner.tenantId, reliance(), 'WIPRO')
    await expect(run(owner.tenantId, request({ datasets: [wipro] }))).rejects.toThrow(/not WIPRO/)
    await expect(
      run(owner.tenantId, request({ datasets: [id], from: '2010-01-01', to: '2010-12-31' })),
    ).rejects.toThrow(
      /No bars of RELIANCE \(dataset "RELIANCE import \w+"\) in the requested dates/,
    )
    await expect(
      run(owner.tenantId, request({ symbols: ['RELIANCE'], datasets: [id] })),
    ).rejects.toThrow(/given twice/)
  }, 60_000)
})
