import { schema } from '@vm-algo/db'
import { and, eq, inArray } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { appendAudit, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import { verifyChain } from '../../../audit/verify.ts'
import { hashPassword } from '../../../crypto/password.ts'
import {
  callJson,
  describeEdge,
  responseCookies,
  TEST_PASSWORD,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'

describeEdge('GET /api/v1/me/export and DELETE /api/v1/me', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)

  /**
   * A user who owns workspace A alone (with a plugin, a broker account and a second member) and
   * is a member of workspace B, owned by someone else.
   */
  const world = async () => {
    const user = await session({ tier: 'pro' })
    const teammate = await session({ tenantId: user.tenantId })
    const other = await session()
    await db().insert(schema.memberships).values({ tenantId: other.tenantId, userId: user.userId })
    await db()
      .update(schema.users)
      .set({ passwordHash: await hashPassword(TEST_PASSWORD), name: 'Asha Rao' })
      .where(eq(schema.users.id, user.userId))
    const [plugin] = await db()
      .insert(schema.plugins)
      .values({
        tenantId: user.tenantId,
        authorUserId: user.userId,
        kind: 'strategy',
        name: 'SMA',
        slug: 'sma',
      })
      .returning()
    await db()
      .insert(schema.pluginVersions)
      .values({
        tenantId: user.tenantId,
        pluginId: plugin!.id,
        version: '1.0.0',
        source: 'export default strategy({ /* mine */ })',
        compiledJs: 'COMPILED-OUTPUT',
        manifest: { name: 'SMA' },
        sourceSha256: 'abc',
      })
    await db().insert(schema.brokerCredentials).values({
      tenantId: user.tenantId,
      userId: user.userId,
      broker: 'kite',
      apiKey: 'kite-key',
      apiSecretCiphertext: 'v1.SECRET-CIPHERTEXT',
    })
    const [bPlugin] = await db()
      .insert(schema.plugins)
      .values({
        tenantId: other.tenantId,
        authorUserId: user.userId,
        kind: 'scanner',
        name: 'B',
        slug: 'b',
      })
      .returning()
    await appendAudit(db(), {
      tenantId: user.tenantId,
      actorUserId: user.userId,
      action: 'test.did',
    })
    return { user, teammate, other, bPluginId: bPlugin!.id }
  }
  const exportOf = (s: TestSession) =>
    edge().app.request('/api/v1/me/export', { headers: s.headers })

  it('exports the user, memberships, sessions, activity and sole-owned workspaces', async () => {
    const { user, other } = await world()
    const res = await exportOf(user)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="vm-algo-export-\d{4}-\d\d-\d\d\.json"$/,
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    const doc = JSON.parse(text)
    expect(doc).toMatchObject({
      format: 'vm-algo-export/1',
      truncated: [],
      user: { id: user.userId, email: user.email, name: 'Asha Rao', twoFactor: { enabled: false } },
    })
    expect(doc.includes.length).toBeGreaterThan(0)
    expect(
      doc.memberships.map((m: { tenant: { id: string }; soleOwner: boolean }) => [
        m.tenant.id,
        m.soleOwner,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [user.tenantId, true],
        [other.tenantId, false],
      ]),
    )
    expect(doc.sessions.map((s: { id: string }) => s.id)).toContain(user.sessionId)
    expect(doc.activity.map((a: { action: string }) => a.action)).toContain('test.did')
    expect(doc.workspaces).toHaveLength(1)
    const [a] = doc.workspaces
    expect(a.tenant.id).toBe(user.tenantId)
    expect(a.members).toHaveLength(2)
    expect(a.pluginVersions[0]).toMatchObject({
      version: '1.0.0',
      source: expect.stringContaining('mine'),
    })
    expect(a.brokerAccounts[0]).toMatchObject({
      broker: 'kite',
      apiSecretSet: true,
      accessTokenSet: false,
    })
    expect(a.auditLog.map((e: { action: string }) => e.action)).toContain('test.did')
    // Secrets and derived data stay out.
    for (const secret of [
      'SECRET-CIPHERTEXT',
      'COMPILED-OUTPUT',
      '$argon2id$',
      'tokenHash',
      'passwordHash',
    ]) {
      expect(text).not.toContain(secret)
    }
    const [entry] = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, 'account.exported'),
          eq(schema.auditLog.target, user.userId),
        ),
      )
    expect(entry).toMatchObject({ chain: user.tenantId, actorUserId: user.userId })
  })

  it('deletes the account with its sole-owned workspace; the rest and the audit trail stay', async () => {
    const { user, teammate, other, bPluginId } = await world()
    const res = await edge().app.request('/api/v1/me', {
      method: 'DELETE',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ password: TEST_PASSWORD }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ userId: user.userId, tenantsDeleted: [user.tenantId] })
    expect(responseCookies(res).vm_access?.attributes['max-age']).toBe('0')

    const users = await db()
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(inArray(schema.users.id, [user.userId, teammate.userId, other.userId]))
    expect(users.map((u) => u.id).sort()).toEqual([teammate.userId, other.userId].sort())
    const tenants = await db()
      .select({ id: schema.tenants.id })
      .from(schema.tenants)
      .where(inArray(schema.tenants.id, [user.tenantId, other.tenantId]))
    expect(tenants.map((t) => t.id)).toEqual([other.tenantId])
    const plugins = await db()
      .select()
      .from(schema.plugins)
      .where(inArray(schema.plugins.tenantId, [user.tenantId, other.tenantId]))
    expect(plugins.map((p) => [p.id, p.authorUserId])).toEqual([[bPluginId, null]])
    expect(
      (await callJson(edge().app, 'GET', '/api/v1/me', { headers: user.headers })).status,
    ).toBe(401)

    const trail = await db()
      .select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, 'account.deleted'), eq(schema.auditLog.target, user.userId)),
      )
    const byChain = Object.fromEntries(trail.map((e) => [e.chain, e.data]))
    expect(byChain[user.tenantId]).toEqual({ role: 'owner', tenantDeleted: true })
    expect(byChain[other.tenantId]).toEqual({ role: 'member', tenantDeleted: false })
    expect(byChain[PLATFORM_CHAIN]).toEqual({
      tenants: expect.arrayContaining([user.tenantId, other.tenantId]),
      tenantsDeleted: [user.tenantId],
    })
    expect(JSON.stringify(trail)).not.toContain(user.email)
    expect(await verifyChain(db(), user.tenantId)).toMatchObject({ ok: true, entries: 2 })
  })
})
