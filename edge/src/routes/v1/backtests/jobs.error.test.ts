import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'
import type { BacktestJob } from './schemas.ts'
import { dailyBacktest } from './testing.ts'

describeEdge('/api/v1/backtests/{id} — errors', (edge) => {
  const call = (s: TestSession, method: string, path: string) =>
    callJson<Problem>(edge().app, method, `/api/v1/backtests${path}`, { headers: s.headers })
  const queued = async (s: TestSession) =>
    (
      await callJson<BacktestJob>(edge().app, 'POST', '/api/v1/backtests', {
        headers: s.headers,
        body: dailyBacktest(),
      })
    ).body.id
  // What the engine leaves behind when a job ends.
  const end = (id: string, status: 'succeeded' | 'failed', error: string | null = null) =>
    edge()
      .handle.db.update(schema.backtestJobs)
      .set({ status, error, progress: 1, finishedAt: new Date() })
      .where(eq(schema.backtestJobs.id, id))

  it('answers 409 to cancelling a backtest that already ended', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    for (const status of ['succeeded', 'failed'] as const) {
      const id = await queued(s)
      await end(id, status, status === 'failed' ? 'unknown symbol "X"' : null)
      const res = await call(s, 'POST', `/${id}/cancel`)
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({
        code: 'conflict',
        detail: `This backtest already ${status}; there is nothing to cancel.`,
      })
    }
  })

  it('shows why a backtest failed', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const id = await queued(s)
    await end(id, 'failed', 'the engine restarted 3 times while running this job')
    const res = await callJson<BacktestJob>(edge().app, 'GET', `/api/v1/backtests/${id}`, {
      headers: s.headers,
    })
    expect(res.body).toMatchObject({
      status: 'failed',
      error: 'the engine restarted 3 times while running this job',
      result: null,
    })
  })

  it('checks how much of a result is asked for', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const id = await queued(s)
    for (const [query, path] of [
      ['points=1', 'points'],
      ['points=many', 'points'],
      ['tradesLimit=5000', 'tradesLimit'],
      ['tradesOffset=-1', 'tradesOffset'],
    ]) {
      const res = await call(s, 'GET', `/${id}?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.errors?.map((e) => e.path)).toEqual([path])
    }
  })

  it('refuses an unknown status filter', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const res = await call(s, 'GET', '?status=done')
    expect(res.status).toBe(400)
    expect(res.body.errors?.map((e) => e.path)).toEqual(['status'])
  })
})
