import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { afterEach, expect, it } from 'vitest'
// The real job runner of the core, so these tests follow a backtest from the API through the
// engine and back. (The edge itself never imports the core: they share only the database.)
import {
  createJobRunner,
  JobAbort,
  type JobHandler,
  type JobRunner,
} from '../../../../../core/src/jobs/index.ts'
import { gate } from '../../../../../core/src/jobs/testing/helpers.ts'
import { trendHandler } from '../../../../../core/src/jobs/testing/trend-handler.ts'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  jsonRequest,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'
import { dailyBacktest, readEvents, type SseEvent } from './testing.ts'

interface Job {
  id: string
  status: string
  progress: number
  cancelRequested: boolean
  error: string | null
  result: null | {
    metrics: { trades: number; bars: number }
    equityCurve: { time: number[]; equity: number[]; drawdown: number[] }
    equityPoints: number
    prices?: { symbol: string; time: number[]; open: number[]; close: number[] }[]
    benchmarkCurve?: { name: string; time: number[]; equity: number[] } | null
    trades: { items: unknown[]; total: number; offset: number; limit: number }
  }
}

describeEdge('backtests from the API through the job runner', (edge) => {
  const runners: JobRunner[] = []
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
  })
  const startRunner = async (s: TestSession, backtest: JobHandler) => {
    const runner = createJobRunner({
      db: edge().handle.db,
      scope: { tenantIds: [s.tenantId] },
      leaseMs: 5_000,
      heartbeatMs: 50,
      pollMs: 20,
      progressEveryMs: 10,
      handlers: { backtest },
    })
    runners.push(runner)
    await runner.start()
  }
  const submit = async (s: TestSession) => {
    const res = await callJson<Job>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body: dailyBacktest(),
    })
    expect(res.status).toBe(202)
    return res.body.id
  }
  const get = (s: TestSession, id: string, query = '') =>
    callJson<Job>(edge().app, 'GET', `/api/v1/backtests/${id}${query}`, { headers: s.headers })
  const until = async (s: TestSession, id: string, done: (job: Job) => boolean) => {
    const deadline = Date.now() + 15_000
    for (;;) {
      const { body } = await get(s, id)
      if (done(body)) return body
      if (Date.now() > deadline) throw new Error(`job never got there: ${JSON.stringify(body)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  it('streams progress in order until the final status, then serves the result', async () => {
    const s = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
    const id = await submit(s)
    const stream = await edge().app.request(`/api/v1/backtests/${id}/events`, {
      headers: s.headers,
    })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)

    // The engine waits at each step until the stream has shown the previous one, so every
    // step is seen whatever the machine's speed.
    const steps = Array.from({ length: 10 }, () => gate())
    let opened = 0
    await startRunner(
      s,
      trendHandler({
        beforeStep: (step) => (step === 0 ? Promise.resolve() : steps[step]!.promise),
      }),
    )
    const { events } = await readEvents(stream, (event: SseEvent) => {
      if ((event.data.progress as number) > 0) steps[++opened]?.open()
    })

    expect(events[0]).toMatchObject({ event: 'progress', data: { id, status: 'queued' } })
    const last = events.at(-1)!
    expect(last).toMatchObject({ event: 'end', data: { id, status: 'succeeded', progress: 1 } })
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true)
    const progress = events.map((e) => e.data.progress as number)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    // RELIANCE's 246 sessions of 2023 in steps of 50 bars: five values on the way to 1.
    expect(new Set(progress.filter((p) => p > 0 && p < 1)).size).toBe(4)
    expect(events.map((e) => Number(e.id))).toEqual(events.map((_, i) => i + 1))

    const full = await get(s, id, '?tradesLimit=1000')
    expect(full.body).toMatchObject({ status: 'succeeded', progress: 1, error: null })
    const result = full.body.result!
    expect(result.metrics).toMatchObject({ symbol: 'RELIANCE', bars: 246 })
    expect(result.equityPoints).toBe(246)
    expect(result.equityCurve.equity).toHaveLength(246)
    expect(result.trades.total).toBe(result.metrics.trades)
    expect(result.trades.items).toHaveLength(result.metrics.trades)

    // Stored before the engine kept prices and a benchmark line: the result has neither.
    expect(result).not.toHaveProperty('prices')
    expect(result).not.toHaveProperty('benchmarkCurve')

    const thin = (await get(s, id, '?points=50&tradesOffset=1&tradesLimit=2')).body.result!
    expect(thin.equityCurve.time).toHaveLength(50)
    expect(thin.equityCurve.equity).toHaveLength(50)
    expect(thin.equityCurve.time[0]).toBe(result.equityCurve.time[0])
    expect(thin.equityCurve.equity.at(-1)).toBe(result.equityCurve.equity.at(-1))
    // The drawdown keeps its deepest point when thinned.
    expect(Math.min(...thin.equityCurve.drawdown)).toBe(Math.min(...result.equityCurve.drawdown))
    expect(thin.equityPoints).toBe(246)
    expect(thin.trades).toEqual({
      items: result.trades.items.slice(1, 3),
      total: result.trades.total,
      offset: 1,
      limit: 2,
    })
  })

  it('serves the stored prices and benchmark line beside the equity curve', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const id = await submit(s)
    const days = Array.from({ length: 10 }, (_, i) => i * 86_400_000)
    const prices = {
      symbol: 'RELIANCE',
      timeframe: '1d',
      time: days,
      open: days.map((_, i) => 100 + i),
      high: days.map((_, i) => 102 + i),
      low: days.map((_, i) => 99 + i),
      close: days.map((_, i) => 101 + i),
    }
    const equity = days.map((_, i) => 1_000_000 + i * 1_000)
    await startRunner(s, async () => ({
      metrics: { trades: 0 },
      equityCurve: {
        time: days,
        equity,
        drawdown: days.map(() => 0),
        prices: [prices],
        benchmark: { name: 'NIFTY 50 buy-and-hold', time: days, equity },
      },
      trades: [],
    }))
    await until(s, id, (job) => job.status === 'succeeded')

    const result = (await get(s, id, '?points=4')).body.result!
    expect(result.prices).toEqual([prices])
    // The curve and the line thin alike; the candles are served as stored.
    expect(result.equityPoints).toBe(10)
    expect(result.equityCurve).toEqual({
      time: [0, 3, 6, 9].map((i) => days[i]),
      equity: [0, 3, 6, 9].map((i) => equity[i]),
      drawdown: [0, 0, 0, 0],
    })
    expect(result.benchmarkCurve).toEqual({
      name: 'NIFTY 50 buy-and-hold',
      time: result.equityCurve.time,
      equity: result.equityCurve.equity,
    })
  })

  it('lists each finished backtest with its headline metrics, and none for the others', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const profitable = await submit(s)
    const scanLike = await submit(s)
    const headline = { totalReturn: 0.1234, maxDrawdown: 0.0567, sharpe: null, trades: 7 }
    await startRunner(s, async (job) => ({
      // A result without the headline's numbers (a scan's) lists with none.
      metrics: job.id === profitable ? { ...headline, cagr: 0.2, winRate: 0.5 } : { matches: 3 },
      equityCurve: { time: [], equity: [], drawdown: [] },
      trades: [],
    }))
    await until(s, scanLike, (job) => job.status === 'succeeded')
    await until(s, profitable, (job) => job.status === 'succeeded')
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
    const queued = await submit(s)

    const list = await callJson<{ items: (Job & { headline: unknown })[] }>(
      edge().app,
      'GET',
      '/api/v1/backtests',
      { headers: s.headers },
    )
    expect(list.status).toBe(200)
    const byId = new Map(list.body.items.map((item) => [item.id, item]))
    expect([...byId.keys()]).toEqual([queued, scanLike, profitable])
    expect(byId.get(profitable)!.headline).toEqual(headline)
    expect(byId.get(scanLike)!.headline).toBeNull()
    expect(byId.get(queued)!.headline).toBeNull()
    // Otherwise the job as its own page shows it.
    const { result: _result, ...job } = (await get(s, profitable)).body
    const { headline: _headline, ...listed } = byId.get(profitable)!
    expect(listed).toEqual(job)
  })

  it('deletes a finished backtest: its report and list entry go, its place in the quota stays', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const done = await submit(s)
    await startRunner(s, async () => ({
      metrics: { totalReturn: 0.01, maxDrawdown: 0.02, sharpe: 1, trades: 1 },
      equityCurve: { time: [0], equity: [1_000_000], drawdown: [0] },
      trades: [{ symbol: 'RELIANCE', netPnl: 100 }],
    }))
    await until(s, done, (job) => job.status === 'succeeded')
    await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 1_000 })))
    const waiting = await submit(s)
    const remove = (id: string) =>
      callJson<Problem>(edge().app, 'DELETE', `/api/v1/backtests/${id}`, { headers: s.headers })

    // Not while it may still run: cancel first.
    const early = await remove(waiting)
    expect(early.status).toBe(409)
    expect(early.body).toMatchObject({
      code: 'conflict',
      detail: expect.stringMatching(/cancel it first/),
    })
    expect((await get(s, waiting)).body.status).toBe('queued')

    const removed = await remove(done)
    expect(removed.status).toBe(204)
    expect((await get(s, done)).status).toBe(404)
    const list = await callJson<{ items: Job[] }>(edge().app, 'GET', '/api/v1/backtests', {
      headers: s.headers,
    })
    expect(list.body.items.map((j) => j.id)).toEqual([waiting])
    expect((await remove(done)).status).toBe(404)
    const { backtestJobs, backtestResults } = schema
    const db = edge().handle.db
    expect(await db.select().from(backtestResults).where(eq(backtestResults.jobId, done))).toEqual(
      [],
    )

    // Deleting buys no runs: the free plan's 20 a day still count it (2 + 18 = 20 used).
    await db.insert(backtestJobs).values(
      Array.from({ length: 18 }, () => ({
        tenantId: s.tenantId,
        kind: 'backtest',
        request: dailyBacktest(),
      })),
    )
    const refused = await callJson<Problem>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body: dailyBacktest(),
    })
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('quota_exceeded')
  })

  it('stops the engine through its signal when the user cancels a running backtest', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const id = await submit(s)
    let reason: unknown
    await startRunner(
      s,
      trendHandler({
        beforeStep: (step, _job, signal) =>
          step === 0
            ? Promise.resolve()
            : new Promise((resolve) => {
                signal.addEventListener('abort', () => {
                  reason = signal.reason
                  resolve()
                })
              }),
      }),
    )
    await until(s, id, (job) => job.progress > 0)
    const stream = await edge().app.request(`/api/v1/backtests/${id}/events`, {
      headers: s.headers,
    })

    const cancel = await edge().app.request(
      `/api/v1/backtests/${id}/cancel`,
      jsonRequest('POST', undefined, s.headers),
    )
    expect(cancel.status).toBe(200)
    expect(await cancel.json()).toMatchObject({ id, status: 'running', cancelRequested: true })

    const { events } = await readEvents(stream)
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'cancelled' } })
    expect(reason).toBeInstanceOf(JobAbort)
    expect((reason as JobAbort).why).toBe('cancelled')
    const job = (await get(s, id)).body
    expect(job).toMatchObject({ status: 'cancelled', cancelRequested: true, result: null })
  })
})
