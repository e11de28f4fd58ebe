import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../errors.ts'
import { coreHealth, serveJson, testEdge, testSession } from '../testing/harness.ts'
import { requireAuth, requirePermission } from './middleware.ts'
import { issueAccessToken } from './tokens.ts'

describe('requireAuth / requirePermission', () => {
  let core: Awaited<ReturnType<typeof serveJson>>
  let edge: Awaited<ReturnType<typeof testEdge>>

  beforeAll(async () => {
    core = await serveJson(() => coreHealth())
    edge = await testEdge({ coreUrl: core.url })
    edge.app.get('/api/v1/test-who', requireAuth(), (c) => c.json(c.get('auth')))
    edge.app.get('/api/v1/test-trade', requireAuth(), requirePermission('trade'), (c) =>
      c.json({ ok: true }),
    )
    edge.app.get('/api/v1/test-admin', requireAuth(), requirePermission('admin'), (c) =>
      c.json({ ok: true }),
    )
  })
  afterAll(async () => {
    await edge.close()
    await core.close()
  })

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await edge.app.request(path, { headers })
    return { status: res.status, body: (await res.json()) as Problem & Record<string, unknown> }
  }

  it('identifies the caller with live tier, role and permissions', async () => {
    const s = await testSession(edge.handle.db, edge.config, { tier: 'pro' })
    const { status, body } = await get('/api/v1/test-who', s.headers)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      userId: s.userId,
      tenantId: s.tenantId,
      tier: 'pro',
      role: 'owner',
      via: 'bearer',
    })
    expect(body.permissions).toEqual(expect.arrayContaining(['trade', 'manage_billing']))
  })

  it('refuses a missing, forged or expired token with 401', async () => {
    expect((await get('/api/v1/test-who')).status).toBe(401)
    const s = await testSession(edge.handle.db, edge.config)
    const forged = `${s.token.slice(0, -4)}AAAA`
    expect((await get('/api/v1/test-who', { authorization: `Bearer ${forged}` })).body.code).toBe(
      'unauthenticated',
    )
    const old = await issueAccessToken(
      edge.config,
      { userId: s.userId, tenantId: s.tenantId, sessionId: s.sessionId },
      Date.now() - 2 * 60 * 60 * 1000,
    )
    const expired = await get('/api/v1/test-who', { authorization: `Bearer ${old}` })
    expect(expired.status).toBe(401)
    expect(expired.body.detail).toMatch(/expired/)
  })

  it('refuses a token naming another tenant than its session', async () => {
    const a = await testSession(edge.handle.db, edge.config)
    const b = await testSession(edge.handle.db, edge.config)
    const mixed = await issueAccessToken(edge.config, {
      userId: a.userId,
      tenantId: b.tenantId,
      sessionId: a.sessionId,
    })
    expect((await get('/api/v1/test-who', { authorization: `Bearer ${mixed}` })).status).toBe(401)
  })

  it('ends access at once when the session is revoked or the tenant suspended', async () => {
    const s = await testSession(edge.handle.db, edge.config)
    await edge.handle.db
      .update(schema.sessions)
      .set({ revokedAt: new Date() })
      .where(eq(schema.sessions.id, s.sessionId))
    expect((await get('/api/v1/test-who', s.headers)).status).toBe(401)
    const t = await testSession(edge.handle.db, edge.config)
    await edge.handle.db
      .update(schema.tenants)
      .set({ status: 'suspended' })
      .where(eq(schema.tenants.id, t.tenantId))
    const suspended = await get('/api/v1/test-who', t.headers)
    expect(suspended.status).toBe(403)
    expect(suspended.body.detail).toMatch(/suspended/)
  })

  it('answers 402 for a plan feature and 403 for an admin power', async () => {
    const free = await testSession(edge.handle.db, edge.config, { tier: 'free' })
    const trade = await get('/api/v1/test-trade', free.headers)
    expect(trade.status).toBe(402)
    expect(trade.body.code).toBe('payment_required')
    const pro = await testSession(edge.handle.db, edge.config, { tier: 'pro' })
    expect((await get('/api/v1/test-trade', pro.headers)).status).toBe(200)
    expect((await get('/api/v1/test-admin', pro.headers)).status).toBe(403)
    const admin = await testSession(edge.handle.db, edge.config, { isPlatformAdmin: true })
    expect((await get('/api/v1/test-admin', admin.headers)).status).toBe(200)
  })
})
