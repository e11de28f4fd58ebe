import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { issueAccessToken } from '../../../auth/tokens.ts'
import type { Problem } from '../../../errors.ts'
import { callJson, describeEdge, jsonRequest, testSession } from '../../../testing/harness.ts'
import type { BacktestJob } from './schemas.ts'
import { dailyBacktest } from './testing.ts'

/*
 * A backtest shows a workspace's strategy, parameters and results: its private edge. Nobody
 * signed out reads or starts one, and no workspace learns anything about another's — not its
 * jobs, results, progress stream, nor whether an id exists (404, like a made-up id).
 */
describeEdge('/api/v1/backtests: security', (edge) => {
  const routes = (id: string) =>
    [
      ['POST', '/api/v1/backtests', dailyBacktest()],
      ['GET', '/api/v1/backtests', undefined],
      ['GET', `/api/v1/backtests/${id}`, undefined],
      ['POST', `/api/v1/backtests/${id}/cancel`, undefined],
      ['GET', `/api/v1/backtests/${id}/events`, undefined],
      ['DELETE', `/api/v1/backtests/${id}`, undefined],
    ] as const

  it('answers 401 without a token, with a forged one or an expired one', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const expired = await issueAccessToken(edge().config, s, Date.now() - 2 * 60 * 60 * 1000)
    for (const [method, path, body] of routes('btj_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C')) {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: `Bearer ${s.token.slice(0, -4)}AAAA` },
        { authorization: `Bearer ${expired}` },
      ]) {
        const res = await callJson<Problem>(edge().app, method, path, { headers, body })
        expect(res.status, `${method} ${path}`).toBe(401)
        expect(res.body.code).toBe('unauthenticated')
      }
    }
  })

  it("answers 404 for another workspace's backtest, and changes nothing of it", async () => {
    const owner = await testSession(edge().handle.db, edge().config, { tier: 'pro' })
    const stranger = await testSession(edge().handle.db, edge().config, { tier: 'elite' })
    const created = await callJson<BacktestJob>(edge().app, 'POST', '/api/v1/backtests', {
      headers: owner.headers,
      body: dailyBacktest(),
    })
    const id = created.body.id
    for (const [method, path] of routes(id).slice(2)) {
      const res = await edge().app.request(path, jsonRequest(method, undefined, stranger.headers))
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(((await res.json()) as Problem).code).toBe('not_found')
    }
    const list = await callJson<{ items: BacktestJob[] }>(edge().app, 'GET', '/api/v1/backtests', {
      headers: stranger.headers,
    })
    expect(list.body.items).toEqual([])
    const [row] = await edge()
      .handle.db.select()
      .from(schema.backtestJobs)
      .where(eq(schema.backtestJobs.id, id))
    expect(row).toMatchObject({ status: 'queued', cancelRequested: false, deletedAt: null })
    // A member of the owning workspace sees it.
    const member = await testSession(edge().handle.db, edge().config, { tenantId: owner.tenantId })
    const seen = await callJson<BacktestJob>(edge().app, 'GET', `/api/v1/backtests/${id}`, {
      headers: member.headers,
    })
    expect(seen.body.id).toBe(id)
  })

  it('answers 404 for ids that are not backtest ids', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    for (const id of ['nope', 'usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C', "btj_' or 1=1 --"]) {
      const res = await callJson<Problem>(
        edge().app,
        'GET',
        `/api/v1/backtests/${encodeURIComponent(id)}`,
        { headers: s.headers },
      )
      expect(res.status).toBe(404)
    }
  })

  it("refuses a cursor that is not one of the list's", async () => {
    const s = await testSession(edge().handle.db, edge().config)
    const res = await callJson<Problem>(edge().app, 'GET', '/api/v1/backtests?cursor=Zm9vYmFy', {
      headers: s.headers,
    })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }])
  })
})
