import { createHash } from 'node:crypto'
import { schema, withTenant } from '@vm-algo/db'
import { describeOnDrivers, seedTenant } from '@vm-algo/db/testing'
import { asc, eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { appendAudit, GENESIS_HASH, PLATFORM_CHAIN } from './chain.ts'
import { verifyChain } from './verify.ts'

const chainName = () => `test-${crypto.randomUUID()}`

describeOnDrivers('appendAudit', (handle) => {
  const db = () => handle().db
  const rowsOf = (chain: string) =>
    db()
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.chain, chain))
      .orderBy(asc(schema.auditLog.seq))

  it('links each entry to the one before, starting from the genesis hash', async () => {
    const chain = chainName()
    const first = await appendAudit(db(), { chain, actorUserId: null, action: 'test.one' })
    const second = await appendAudit(db(), {
      chain,
      actorUserId: 'usr_x',
      action: 'test.two',
      target: 'thing',
      data: { b: 2, a: 1 },
      ip: '203.0.113.9',
    })
    expect(first.prevHash).toBe(GENESIS_HASH)
    expect(second.prevHash).toBe(first.hash)
    expect(second.seq).toBeGreaterThan(first.seq)
    // The documented formula, recomputed with other code: sha256(prevHash + canonical JSON).
    const canonical = `{"action":"test.two","actorUserId":"usr_x","at":"${second.at.toISOString()}","chain":"${chain}","data":{"a":1,"b":2},"ip":"203.0.113.9","target":"thing","tenantId":null}`
    expect(second.hash).toBe(
      createHash('sha256')
        .update(second.prevHash + canonical)
        .digest('hex'),
    )
    const stored = await rowsOf(chain)
    expect(stored.map((r) => r.hash)).toEqual([first.hash, second.hash])
    expect(await verifyChain(db(), chain)).toEqual({
      ok: true,
      chain,
      entries: 2,
      lastSeq: second.seq,
      lastHash: second.hash,
    })
  })

  it("writes a tenant's entries as that tenant, visible to it alone", async () => {
    const a = await seedTenant(db())
    const b = await seedTenant(db())
    await withTenant(db(), a, (tx) =>
      appendAudit(tx, { tenantId: a.tenantId, actorUserId: a.userId, action: 'test.a' }),
    )
    await withTenant(db(), b, (tx) =>
      appendAudit(tx, { tenantId: b.tenantId, actorUserId: b.userId, action: 'test.b' }),
    )
    await appendAudit(db(), { chain: PLATFORM_CHAIN, actorUserId: null, action: 'test.platform' })
    const seenByA = await withTenant(db(), a, (tx) => tx.select().from(schema.auditLog))
    expect(seenByA.map((r) => r.action)).toEqual(['test.a'])
    const verdict = await withTenant(db(), a, (tx) => verifyChain(tx, a.tenantId))
    expect(verdict).toMatchObject({ ok: true, entries: 1 })
  })

  it('keeps one unbroken chain under 50 concurrent appends', async () => {
    const { tenantId } = await seedTenant(db())
    // Open the pool's connections first: over pglite-socket, a connection that opens while
    // another is inside a transaction fails its start-up type query (PGlite is one backend
    // shared by every connection; see electric-sql/pglite#956).
    await Promise.all(Array.from({ length: 8 }, () => db().execute(sql`select 1`)))
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        appendAudit(db(), { tenantId, actorUserId: null, action: 'test.burst', data: { i } }),
      ),
    )
    const verdict = await verifyChain(db(), tenantId)
    expect(verdict).toMatchObject({ ok: true, entries: 50 })
    const rows = await rowsOf(tenantId)
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(50)
    expect(rows.filter((r) => r.prevHash === GENESIS_HASH)).toHaveLength(1)
    expect(new Set(appended.map((r) => (r.data as { i: number }).i)).size).toBe(50)
  })

  it('records nothing when the change it belongs to rolls back', async () => {
    const { tenantId, userId } = await seedTenant(db())
    await expect(
      withTenant(db(), { tenantId }, async (tx) => {
        await tx
          .update(schema.memberships)
          .set({ role: 'admin' })
          .where(eq(schema.memberships.userId, userId))
        await appendAudit(tx, { tenantId, actorUserId: userId, action: 'team.role_changed' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await rowsOf(tenantId)).toEqual([])
  })

  it('refuses entries that would land on the wrong chain or carry no object', async () => {
    await expect(
      appendAudit(db(), { tenantId: 'not-a-tenant', actorUserId: null, action: 'x' }),
    ).rejects.toThrow(TypeError)
    await expect(
      appendAudit(db(), {
        chain: 'tnt_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C',
        actorUserId: null,
        action: 'x',
      }),
    ).rejects.toThrow(TypeError)
    await expect(
      appendAudit(db(), {
        chain: chainName(),
        actorUserId: null,
        action: 'x',
        data: [1, 2] as unknown as Record<string, unknown>,
      }),
    ).rejects.toThrow(/JSON object/)
  })
})
