/**
 * The core's `scan_backtest` handler, run by a real job runner against the database: a stored
 * scanner version's matches over a date range equal the scanner's rule evaluated directly on
 * the bundled bars, with counts per symbol and day.
 */
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { expect, it } from 'vitest'
import { example, storeVersion } from '../../deployments/testing/fixtures.ts'
import { enqueueJob } from '../../jobs/queue.ts'
import { jobsDatabase } from '../../jobs/testing/database.ts'
import { loadBarColumns } from '../../market/catalog.ts'
import { dayText } from './folds.ts'
import { requestWindow } from './run-system.ts'
import type { StoredMatch } from './scan-backtest.ts'
import { finished, jobRunners, storedResult } from './testing.ts'

const SYMBOLS = ['RELIANCE', 'TCS', 'INFY']

describeOnDrivers('scan backtest jobs', (handle) => {
  const db = jobsDatabase(handle)
  const runners = jobRunners(db)
  const scan = (pluginVersionId: string, overrides: Record<string, unknown> = {}) => ({
    pluginVersionId,
    symbols: SYMBOLS,
    timeframe: '1d',
    from: '2023-01-01',
    to: '2023-12-31',
    capital: 1_000_000,
    params: { withinPct: 2 },
    ...overrides,
  })

  it("lists a scanner's matches over the dates as its rule on the bars does", async () => {
    const { tenantId } = await seedTenant(db(), { tier: 'pro' })
    const version = await storeVersion(db(), tenantId, example('high-52-week-scanner'), 'scanner')
    await runners.start(tenantId)
    const request = scan(version)
    const id = await enqueueJob(db(), {
      tenantId,
      kind: 'scan_backtest',
      pluginVersionId: version,
      request,
    })
    const row = await finished(db(), id)
    expect(row.error).toBeNull()
    expect(row.status).toBe('succeeded')
    const stored = (await storedResult(db(), id))!
    const expected = await within52WeekHigh(SYMBOLS, requestWindow(request), 2)
    expect(expected.length).toBeGreaterThan(10)
    expect(stored.trades).toEqual(expected)

    const metrics = stored.metrics as {
      matches: number
      truncated: boolean
      bySymbol: Record<string, number>
      byDay: Record<string, number>
    }
    expect(metrics).toMatchObject({ matches: expected.length, truncated: false })
    const count = (key: (m: StoredMatch) => string) =>
      expected.reduce<Record<string, number>>((n, m) => {
        n[key(m)] = (n[key(m)] ?? 0) + 1
        return n
      }, {})
    expect(metrics.bySymbol).toEqual(count((m) => m.symbol))
    expect(metrics.byDay).toEqual(count((m) => dayText(m.barTime)))
    const perDay = stored.equityCurve as { time: number[]; matches: number[] }
    expect(perDay.matches.reduce((a, b) => a + b, 0)).toBe(expected.length)
  }, 120_000)

  it('fails with a reason for a symbol the scanner does not scan', async () => {
    const { tenantId } = await seedTenant(db(), { tier: 'pro' })
    const version = await storeVersion(db(), tenantId, example('high-52-week-scanner'), 'scanner')
    await runners.start(tenantId)
    const id = await enqueueJob(db(), {
      tenantId,
      kind: 'scan_backtest',
      pluginVersionId: version,
      request: scan(version, { symbols: ['RELIANCE', 'ADANIENT'] }),
    })
    const row = await finished(db(), id)
    expect(row.status).toBe('failed')
    expect(row.error).toMatch(/scans RELIANCE, .*; not ADANIENT\./)
  }, 60_000)
})

/**
 * The 52-week-high scanner's rule, evaluated directly: a bar matches when its close is within
 * `withinPct` % of the highest high of the last 252 sessions (its own included).
 */
async function within52WeekHigh(
  symbols: readonly string[],
  window: { from: number; to: number },
  withinPct: number,
): Promise<StoredMatch[]> {
  const out: (StoredMatch & { order: number })[] = []
  for (const [order, symbol] of symbols.entries()) {
    const bars = await loadBarColumns(symbol, '1d')
    for (let i = 251; i < bars.length; i++) {
      const ts = bars.ts[i]!
      if (ts < window.from || ts >= window.to) continue
      let high52 = Number.NEGATIVE_INFINITY
      for (let k = i - 251; k <= i; k++) high52 = Math.max(high52, bars.high[k]!)
      const close = bars.close[i]!
      if (close < high52 * (1 - withinPct / 100)) continue
      const belowPct = ((high52 - close) / high52) * 100
      out.push({
        order,
        symbol,
        barTime: ts,
        score: -belowPct,
        data: {
          close,
          high52,
          belowPct: Math.round(belowPct * 100) / 100,
          newHigh: bars.high[i]! >= high52,
        },
      })
    }
  }
  return out
    .sort((a, b) => a.barTime - b.barTime || a.order - b.order)
    .map(({ order: _, ...m }) => m)
}
