import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'
import { dailyBacktest } from './testing.ts'

const CSV = 'timestamp,open,high,low,close,volume\n2023-01-02T00:00:00+05:30,100,101,99,100.5,1000'

/* Backtests on a workspace's imported datasets: what the API accepts and refuses. */
describeEdge('POST /api/v1/backtests — on imported datasets', (edge) => {
  const post = (s: TestSession, body: unknown) =>
    callJson<Problem & { id?: string }>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body,
    })
  const imported = async (s: TestSession, timeframe = '1d', symbol = 'RELIANCE') => {
    const [row] = await edge()
      .handle.db.insert(schema.datasets)
      .values({
        tenantId: s.tenantId,
        name: `${symbol} ${Math.random()}`,
        symbol,
        timeframe,
        rows: 1,
        firstBar: new Date('2023-01-01T18:30:00Z'),
        lastBar: new Date('2023-01-01T18:30:00Z'),
        csv: CSV,
        sha256: 'x',
      })
      .returning({ id: schema.datasets.id })
    return row!.id
  }
  const issues = (body: Problem) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.path, e.message]))

  it('queues a backtest on a dataset alone, and stores it with the request', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const id = await imported(s)
    const res = await post(s, { ...dailyBacktest(), symbols: [], datasets: [id] })
    expect(res.status).toBe(202)
    const [job] = await edge()
      .handle.db.select()
      .from(schema.backtestJobs)
      .where(eq(schema.backtestJobs.id, res.body.id!))
    expect(job!.request).toMatchObject({ symbols: [], datasets: [id] })
  })

  it("refuses another workspace's dataset, a timeframe mismatch and a symbol given twice", async () => {
    const s = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
    const other = await testSession(edge().handle.db, edge().config)
    const theirs = await imported(other)
    const minutes = await imported(s, '1m')
    const mine = await imported(s)
    const cases: [unknown, string, RegExp][] = [
      [{ datasets: [theirs] }, 'datasets.0', /no dataset with this id/],
      [{ datasets: [minutes] }, 'datasets.0', /holds 1m bars; this backtest runs on 1d/],
      [{ symbols: ['RELIANCE'], datasets: [mine] }, 'datasets.0', /given twice/],
      [{ symbols: [], datasets: [] }, 'symbols', /at least one symbol or dataset/],
      [{ datasets: ['dst_nope'] }, 'datasets.0', /dataset id/],
    ]
    for (const [overrides, path, message] of cases) {
      const res = await post(s, { ...dailyBacktest(), symbols: [], ...(overrides as object) })
      expect([res.status, issues(res.body)[path]]).toEqual([400, expect.stringMatching(message)])
    }
  })
})
