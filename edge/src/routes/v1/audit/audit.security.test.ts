import { expect, it } from 'vitest'
import { appendAudit } from '../../../audit/chain.ts'
import type { Problem } from '../../../errors.ts'
import {
  callJson,
  describeEdge,
  invalidCredentials,
  testSession,
} from '../../../testing/harness.ts'

/*
 * The audit log tells who did what in a workspace, from which address. Only its owners and
 * admins may read it, and never another workspace's — whatever the caller's plan.
 */
describeEdge('GET /api/v1/audit*: security', (edge) => {
  const paths = ['/api/v1/audit', '/api/v1/audit/verify']
  const get = (path: string, headers: Record<string, string> = {}) =>
    callJson<Problem & { items?: { chain: string }[]; chain?: string }>(edge().app, 'GET', path, {
      headers,
    })

  it('answers 401 without a token, with a forged one or an expired one', async () => {
    const s = await testSession(edge().handle.db, edge().config)
    for (const headers of await invalidCredentials(edge().config, s)) {
      for (const path of paths) {
        const { status, body } = await get(path, headers)
        expect([path, status, body.code]).toEqual([path, 401, 'unauthenticated'])
      }
    }
  })

  it('answers 403 to plain members, on every plan', async () => {
    for (const tier of ['free', 'pro', 'elite'] as const) {
      const owner = await testSession(edge().handle.db, edge().config, { tier })
      const member = await testSession(edge().handle.db, edge().config, {
        tenantId: owner.tenantId,
      })
      for (const path of paths) {
        const { status, body } = await get(path, member.headers)
        expect(status).toBe(403)
        expect(body.code).toBe('forbidden')
      }
    }
  })

  it("lets owners and admins read their own workspace's log and no other", async () => {
    const a = await testSession(edge().handle.db, edge().config)
    const b = await testSession(edge().handle.db, edge().config)
    await appendAudit(edge().handle.db, {
      tenantId: a.tenantId,
      actorUserId: a.userId,
      action: 'test.a',
    })
    const adminOfB = await testSession(edge().handle.db, edge().config, {
      tenantId: b.tenantId,
      role: 'admin',
    })
    for (const reader of [b, adminOfB]) {
      const listed = await get('/api/v1/audit', reader.headers)
      expect(listed.status).toBe(200)
      expect(listed.body.items).toEqual([])
      expect((await get('/api/v1/audit/verify', reader.headers)).body.chain).toBe(b.tenantId)
    }
    expect((await get('/api/v1/audit', a.headers)).body.items?.map((e) => e.chain)).toEqual([
      a.tenantId,
    ])
  })
})
