import { newId, schema } from '@vm-algo/db'
import { expect, it } from 'vitest'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'
import { istDay } from './quotas.ts'
import { dailyBacktest } from './testing.ts'

describeEdge('POST /api/v1/backtests — errors and plan limits', (edge) => {
  const post = (s: TestSession, body: unknown) =>
    callJson<Problem & { id?: string }>(edge().app, 'POST', '/api/v1/backtests', {
      headers: s.headers,
      body,
    })
  const session = (tier: 'free' | 'pro' | 'elite' = 'free') =>
    testSession(edge().handle.db, edge().config, { tier })
  const issues = (body: Problem) =>
    Object.fromEntries((body.errors ?? []).map((e) => [e.path, e.message]))

  it('names every bad field', async () => {
    const s = await session()
    const { status, body } = await post(s, {
      example: 'buy-the-dip',
      symbols: [],
      timeframe: '5m',
      from: '2024-02-30',
      to: 'yesterday',
      capital: 10,
      params: { 'bad name': 1 },
    })
    expect(status).toBe(400)
    expect(body.code).toBe('validation_failed')
    expect(Object.keys(issues(body)).sort()).toEqual(
      ['capital', 'example', 'from', 'params.bad name', 'timeframe', 'to'].sort(),
    )
    expect(issues(body)).toMatchObject({
      from: 'is not a calendar date',
      capital: 'must be at least ₹1,000',
    })
    // No symbol and no dataset: said once the fields themselves are valid (datasets.test.ts).
  })

  it('refuses requests that cannot make sense', async () => {
    const s = await session('elite')
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ from: '2023-06-01', to: '2023-05-01' }, 'to', /before from/],
      [{ to: '2999-01-01' }, 'to', /future/],
      [{ pluginVersionId: newId('pluginVersion') }, 'pluginVersionId', /exactly one/],
      [{ example: undefined }, 'example', /exactly one/],
      [{ costs: { product: 'MIS' } }, 'costs.product', /needs 1m bars/],
      [{ symbols: ['RELIANCE', 'reliance'] }, 'symbols', /twice/],
      [{ symbols: ['DROP TABLE'] }, 'symbols.0', /NSE symbol/],
      [{ costs: { slippageBps: -1 } }, 'costs.slippageBps', /0 or more/],
      [{ grid: {} }, 'grid', /at least one parameter/],
      [{ grid: { lookback: [] } }, 'grid.lookback', /at least one value/],
    ]
    for (const [change, path, message] of cases) {
      const { status, body } = await post(s, dailyBacktest(change))
      expect(status, path).toBe(400)
      expect(issues(body)[path] ?? JSON.stringify(body.errors), path).toMatch(message)
    }
  })

  it("refuses a plugin version that is not the workspace's", async () => {
    const s = await session()
    const { status, body } = await post(
      s,
      dailyBacktest({ example: undefined, pluginVersionId: newId('pluginVersion') }),
    )
    expect(status).toBe(400)
    expect(issues(body)).toEqual({
      pluginVersionId: 'no plugin version with this id in your workspace',
    })
  })

  it('limits the date range by plan: 402 where a higher plan allows it', async () => {
    const free = await session('free')
    expect((await post(free, dailyBacktest({ from: '2023-01-01', to: '2023-12-31' }))).status).toBe(
      202,
    )
    const over = await post(free, dailyBacktest({ from: '2022-01-01', to: '2023-12-31' }))
    expect(over.status).toBe(402)
    expect(over.body).toMatchObject({
      code: 'payment_required',
      detail:
        'Your free plan backtests at most 366 days at a time; this request spans 730. The pro plan allows 1827.',
    })
    const pro = await session('pro')
    expect((await post(pro, dailyBacktest({ from: '2019-01-01', to: '2023-12-31' }))).status).toBe(
      202,
    )
    const decade = await post(pro, dailyBacktest({ from: '2014-01-01', to: '2023-12-31' }))
    expect(decade.body.detail).toMatch(/The elite plan allows 3653/)
    const elite = await session('elite')
    const beyond = await post(elite, dailyBacktest({ from: '2000-01-01', to: '2023-12-31' }))
    expect(beyond.status).toBe(400)
    expect(issues(beyond.body).to).toMatch(/at most 3653 days/)
  })

  it('limits sweeps by plan: none on free, 100 combinations on pro, 1,000 on elite', async () => {
    const grid = (n: number) => ({ grid: { lookback: Array.from({ length: n }, (_, i) => i + 2) } })
    const free = await post(await session('free'), dailyBacktest(grid(2)))
    expect(free.status).toBe(402)
    expect(free.body.detail).toBe(
      'Your free plan does not include parameter sweeps. The pro plan runs up to 100.',
    )
    const pro = await session('pro')
    expect((await post(pro, dailyBacktest(grid(100)))).status).toBe(202)
    const big = await post(
      pro,
      dailyBacktest({ grid: { a: [1, 2, 3, 4, 5, 6], b: Array(17).fill(1) } }),
    )
    expect(big.status).toBe(402)
    expect(big.body.detail).toMatch(
      /at most 100 combinations; this grid has 102\. The elite plan runs up to 1000/,
    )
    const elite = await session('elite')
    expect((await post(elite, dailyBacktest(grid(1_000)))).status).toBe(202)
    const huge = await post(
      elite,
      dailyBacktest({ grid: { a: Array(10).fill(1), b: Array(101).fill(2) } }),
    )
    expect(huge.status).toBe(400)
    expect(issues(huge.body).grid).toMatch(/1010 combinations; sweeps run at most 1000/)
  })

  it('refuses walk-forward tests that cannot run, and limits their grid by plan', async () => {
    const elite = await session('elite')
    const grid = { fast: [5, 10], slow: [30, 50] }
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ walkForward: { folds: 4 } }, 'grid', /walk-forward needs a grid/],
      [{ grid, walkForward: { folds: 1 } }, 'walkForward.folds', /at least 2/],
      [{ grid, walkForward: { folds: 11 } }, 'walkForward.folds', /at most 10/],
      [{ grid, walkForward: { folds: 2.5 } }, 'walkForward.folds', /whole number/],
      [
        { grid, walkForward: { folds: 3, inSampleRatio: 0.95 } },
        'walkForward.inSampleRatio',
        /at most 0.9/,
      ],
      [
        { grid, walkForward: { folds: 3, inSampleRatio: 0.2 } },
        'walkForward.inSampleRatio',
        /at least 0.5/,
      ],
      [{ rankBy: 'sortino' }, 'rankBy', /ranks the runs of a sweep: give a grid too/],
      [{ grid, rankBy: 'luck' }, 'rankBy', /sharpe.*maxDrawdown/],
    ]
    for (const [change, path, message] of cases) {
      const { status, body } = await post(elite, dailyBacktest(change))
      expect(status, path).toBe(400)
      expect(issues(body)[path] ?? JSON.stringify(body.errors), path).toMatch(message)
    }

    const free = await post(
      await session('free'),
      dailyBacktest({ grid, walkForward: { folds: 3 } }),
    )
    expect(free.status).toBe(402)
    expect(free.body.detail).toBe(
      'Your free plan does not include walk-forward tests. The pro plan runs up to 100.',
    )
    const wide = { a: [1, 2, 3, 4, 5, 6], b: Array(17).fill(1) }
    const pro = await post(
      await session('pro'),
      dailyBacktest({ grid: wide, walkForward: { folds: 3 } }),
    )
    expect(pro.status).toBe(402)
    expect(pro.body.detail).toMatch(/at most 100 combinations; this grid has 102\. The elite plan/)
  })

  it('refuses the 21st free backtest of the day, saying when the count resets', async () => {
    const s = await session('free')
    // Yesterday's runs do not count against today.
    const yesterday = new Date(istDay(Date.now()).start.getTime() - 60_000)
    await edge()
      .handle.db.insert(schema.backtestJobs)
      .values(
        Array.from({ length: 20 }, () => ({
          tenantId: s.tenantId,
          kind: 'backtest',
          request: dailyBacktest(),
          createdAt: yesterday,
        })),
      )
    for (let i = 0; i < 20; i++) expect((await post(s, dailyBacktest())).status).toBe(202)
    const refused = await post(s, dailyBacktest())
    expect(refused.status).toBe(429)
    const { resetsAt } = istDay(Date.now())
    expect(refused.body).toMatchObject({
      code: 'quota_exceeded',
      detail: `Your free plan includes 20 backtests a day and today's are used; the count resets at midnight IST (${resetsAt.toISOString()}).`,
    })
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(86_400)
    // Another workspace's quota is its own.
    expect((await post(await session('free'), dailyBacktest())).status).toBe(202)
  })

  it('never lets two requests at once both take the last run of the day', async () => {
    const s = await session('free')
    for (let i = 0; i < 18; i++) await post(s, dailyBacktest())
    const statuses = (await Promise.all([1, 2, 3, 4].map(() => post(s, dailyBacktest())))).map(
      (r) => r.status,
    )
    expect(statuses.sort()).toEqual([202, 202, 429, 429])
  })
})
