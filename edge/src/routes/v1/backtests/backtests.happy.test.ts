import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'
import type { BacktestJob } from './schemas.ts'
import { dailyBacktest, readEvents } from './testing.ts'

type Page = { items: BacktestJob[]; nextCursor: string | null }

describeEdge('/api/v1/backtests — happy paths', (edge) => {
  const call = <T = BacktestJob>(s: TestSession, method: string, path: string, body?: unknown) =>
    callJson<T>(edge().app, method, `/api/v1/backtests${path}`, { headers: s.headers, body })
  const session = (tier: 'free' | 'pro' | 'elite' = 'free') =>
    testSession(edge().handle.db, edge().config, { tier })

  it('queues a backtest and answers 202 with the job and where to follow it', async () => {
    const s = await session()
    const res = await call(s, 'POST', '', dailyBacktest())
    expect(res.status).toBe(202)
    expect(res.headers.get('location')).toBe(`/api/v1/backtests/${res.body.id}`)
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^btj_/),
      kind: 'backtest',
      status: 'queued',
      progress: 0,
      error: null,
      cancelRequested: false,
      attempts: 0,
      pluginVersionId: null,
      startedAt: null,
      finishedAt: null,
    })
    // Stored as the engine reads it: symbols in capitals, cost defaults filled in.
    expect(res.body.request).toEqual({
      example: 'sma-crossover',
      symbols: ['RELIANCE'],
      timeframe: '1d',
      from: '2023-01-01',
      to: '2023-12-31',
      capital: 1_000_000,
      params: { lookback: 20 },
      costs: { product: 'CNC', slippageBps: null },
    })
    const [row] = await edge()
      .handle.db.select()
      .from(schema.backtestJobs)
      .where(eq(schema.backtestJobs.id, res.body.id))
    expect(row).toMatchObject({ tenantId: s.tenantId, userId: s.userId, status: 'queued' })

    const got = await call<BacktestJob & { result: unknown }>(s, 'GET', `/${res.body.id}`)
    expect(got.status).toBe(200)
    expect(got.body).toEqual({ ...res.body, result: null })
  })

  it('queues a sweep when given a grid, and an intraday run with MIS', async () => {
    const s = await session('pro')
    const sweep = await call(s, 'POST', '', dailyBacktest({ grid: { lookback: [10, 20, 50] } }))
    expect(sweep.status).toBe(202)
    expect(sweep.body).toMatchObject({
      kind: 'sweep',
      request: { grid: { lookback: [10, 20, 50] }, rankBy: 'sharpe' },
    })
    const walk = await call(
      s,
      'POST',
      '',
      dailyBacktest({
        grid: { lookback: [10, 20] },
        walkForward: { folds: 4 },
        rankBy: 'maxDrawdown',
      }),
    )
    expect(walk.status).toBe(202)
    expect(walk.body).toMatchObject({
      kind: 'walk_forward',
      progressMessage: null,
      // Stored with its default: 70 % of each fold picks the parameters, 30 % tests them.
      request: {
        grid: { lookback: [10, 20] },
        walkForward: { folds: 4, inSampleRatio: 0.7 },
        rankBy: 'maxDrawdown',
      },
    })
    const intraday = await call(
      s,
      'POST',
      '',
      dailyBacktest({
        symbols: ['NIFTY50'],
        timeframe: '1m',
        from: '2024-03-01',
        to: '2024-03-31',
        costs: { product: 'MIS', slippageBps: 5 },
      }),
    )
    expect(intraday.status).toBe(202)
    expect(intraday.body.request).toMatchObject({ costs: { product: 'MIS', slippageBps: 5 } })
  })

  it("backtests the workspace's own plugin versions: strategies, and scanners' matches", async () => {
    const s = await session('pro')
    const version = async (kind: 'strategy' | 'scanner') => {
      const [plugin] = await edge()
        .handle.db.insert(schema.plugins)
        .values({ tenantId: s.tenantId, kind, name: kind, slug: `${kind}-${Math.random()}` })
        .returning()
      const [v] = await edge()
        .handle.db.insert(schema.pluginVersions)
        .values({
          tenantId: s.tenantId,
          pluginId: plugin!.id,
          version: '1.0.0',
          source: 'export default {}',
          compiledJs: 'export default {}',
          manifest: { name: kind },
          sourceSha256: '0'.repeat(64),
        })
        .returning()
      return v!.id
    }
    const strategy = await version('strategy')
    const scanner = await version('scanner')
    const byVersion = (pluginVersionId: string, extra = {}) =>
      call(s, 'POST', '', dailyBacktest({ example: undefined, pluginVersionId, ...extra }))
    expect((await byVersion(strategy)).body).toMatchObject({
      kind: 'backtest',
      pluginVersionId: strategy,
      request: { pluginVersionId: strategy },
    })
    expect((await byVersion(scanner)).body).toMatchObject({ kind: 'scan_backtest' })
    const swept = await callJson<{ errors: unknown[] }>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body: dailyBacktest({ example: undefined, pluginVersionId: scanner, grid: { n: [1, 2] } }),
    })
    expect(swept.status).toBe(400)
    expect(swept.body.errors).toEqual([
      { path: 'grid', message: expect.stringMatching(/scanners/) },
    ])
    const walked = await callJson<{ errors: unknown[] }>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body: dailyBacktest({
        example: undefined,
        pluginVersionId: scanner,
        grid: { n: [1, 2] },
        walkForward: { folds: 2 },
      }),
    })
    expect(walked.status).toBe(400)
    expect(walked.body.errors).toEqual([
      { path: 'grid', message: expect.stringMatching(/scanners/) },
    ])
  })

  it("lists the workspace's backtests newest first, a page at a time, by status", async () => {
    const s = await session('pro')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await call(s, 'POST', '', dailyBacktest())).body.id)
    await call(s, 'POST', `/${ids[1]}/cancel`)

    const first = await call<Page>(s, 'GET', '?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.items.map((j) => j.id)).toEqual([ids[4], ids[3]])
    const second = await call<Page>(s, 'GET', `?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.items.map((j) => j.id)).toEqual([ids[2], ids[1]])
    const third = await call<Page>(s, 'GET', `?limit=2&cursor=${second.body.nextCursor}`)
    expect(third.body).toEqual({
      items: [expect.objectContaining({ id: ids[0] })],
      nextCursor: null,
    })

    const cancelled = await call<Page>(s, 'GET', '?status=cancelled')
    expect(cancelled.body.items.map((j) => j.id)).toEqual([ids[1]])
    const queued = await call<Page>(s, 'GET', '?status=queued')
    expect(queued.body.items.map((j) => j.id)).toEqual([ids[4], ids[3], ids[2], ids[0]])
  })

  it('cancels a queued backtest at once, and again harmlessly', async () => {
    const s = await session()
    const { body: job } = await call(s, 'POST', '', dailyBacktest())
    const first = await call(s, 'POST', `/${job.id}/cancel`)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'cancelled', cancelRequested: true })
    expect(first.body.finishedAt).not.toBeNull()
    const again = await call(s, 'POST', `/${job.id}/cancel`)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'cancelled', finishedAt: first.body.finishedAt })
  })

  it('ends the event stream of a finished backtest with its final status at once', async () => {
    const s = await session()
    const { body: job } = await call(s, 'POST', '', dailyBacktest())
    await call(s, 'POST', `/${job.id}/cancel`)
    const res = await edge().app.request(`/api/v1/backtests/${job.id}/events`, {
      headers: s.headers,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const { events } = await readEvents(res)
    expect(events).toEqual([
      {
        event: 'end',
        id: '1',
        data: {
          id: job.id,
          status: 'cancelled',
          progress: 0,
          progressMessage: null,
          error: null,
          cancelRequested: true,
          attempts: 0,
        },
      },
    ])
  })

  it('documents the routes in the OpenAPI file', async () => {
    const res = await edge().app.request('/api/v1/openapi.json')
    const doc = (await res.json()) as {
      paths: Record<string, object>
      components: { schemas: object }
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/backtests',
        '/api/v1/backtests/{id}',
        '/api/v1/backtests/{id}/cancel',
        '/api/v1/backtests/{id}/events',
      ]),
    )
    expect(doc.components.schemas).toHaveProperty('CreateBacktest')
    expect(doc.components.schemas).toHaveProperty('BacktestResult')
  })
})
