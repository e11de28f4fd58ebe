/**
 * Tenant isolation, tested as an attacker would try to break it. The application's code paths
 * all run tenant work through withTenant(); these tests assume that code has a bug — a query
 * with no WHERE clause, or one naming another tenant's ids — and check that PostgreSQL itself
 * refuses to show or change anything of tenant B while acting as tenant A.
 */
import { eq, sql } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { PG, pgErrorOf } from './errors.ts'
import { newId } from './ids.ts'
import * as s from './schema/index.ts'
import { withTenant } from './tenant.ts'
import { describeOnDrivers, type SeededTenant, seedTenant } from './testing/index.ts'

describeOnDrivers('row-level security', (handle) => {
  let a: SeededTenant
  let b: SeededTenant
  let bOrderId: string
  let bListingDraft: string
  let bListingPublished: string

  const order = (tenantId: string, symbol: string) => ({
    id: newId('order'),
    tenantId,
    broker: 'paper' as const,
    clientOrderId: newId('order'),
    symbol,
    side: 'BUY' as const,
    orderType: 'MARKET' as const,
    product: 'MIS' as const,
    quantity: 10,
  })

  beforeAll(async () => {
    const { db } = handle()
    a = await seedTenant(db, { name: 'Alpha Capital' })
    b = await seedTenant(db, { name: 'Beta Traders' })
    await db.insert(s.orders).values([order(a.tenantId, 'INFY'), order(a.tenantId, 'TCS')])
    const bOrder = order(b.tenantId, 'RELIANCE')
    bOrderId = bOrder.id
    await db.insert(s.orders).values(bOrder)
    const [plugin] = await db
      .insert(s.plugins)
      .values({ tenantId: b.tenantId, kind: 'strategy', name: 'B strat', slug: 'b-strat' })
      .returning()
    const listings = await db
      .insert(s.listings)
      .values([
        { tenantId: b.tenantId, pluginId: plugin!.id, title: 'B draft', status: 'draft' },
        { tenantId: b.tenantId, pluginId: plugin!.id, title: 'B public', status: 'published' },
      ])
      .returning()
    bListingDraft = listings[0]!.id
    bListingPublished = listings[1]!.id
    await db.insert(s.totpCredentials).values({ userId: b.userId, secretCiphertext: 'v1.x.y' })
  })

  const asA = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(handle().db, { tenantId: a.tenantId, userId: a.userId }, work)

  const bOrdersAsSystem = () =>
    handle().db.select().from(s.orders).where(eq(s.orders.tenantId, b.tenantId))

  it('a query with no WHERE clause sees only the current tenant', async () => {
    const rows = await asA((tx) => tx.select().from(s.orders))
    expect(rows.map((r) => r.symbol).sort()).toEqual(['INFY', 'TCS'])
    const tenants = await asA((tx) => tx.select().from(s.tenants))
    expect(tenants.map((t) => t.name)).toEqual(['Alpha Capital'])
    const users = await asA((tx) => tx.select().from(s.users))
    expect(users.map((u) => u.id)).toEqual([a.userId])
  })

  it("naming the other tenant's ids finds nothing", async () => {
    const byId = await asA((tx) => tx.select().from(s.orders).where(eq(s.orders.id, bOrderId)))
    expect(byId).toEqual([])
    const byTenant = await asA((tx) =>
      tx.select().from(s.orders).where(eq(s.orders.tenantId, b.tenantId)),
    )
    expect(byTenant).toEqual([])
    const raw = await asA((tx) => tx.execute(sql`select * from orders where id = ${bOrderId}`))
    expect(rowsOf(raw)).toEqual([])
  })

  it("updates and deletes without WHERE leave the other tenant's rows untouched", async () => {
    const before = await bOrdersAsSystem()
    const updated = await asA((tx) => tx.update(s.orders).set({ quantity: 999 }).returning())
    expect(updated).toHaveLength(2)
    const deleted = await asA((tx) =>
      tx.delete(s.orders).where(eq(s.orders.id, bOrderId)).returning(),
    )
    expect(deleted).toEqual([])
    const after = await bOrdersAsSystem()
    expect(after).toEqual(before)
    expect(after[0]!.quantity).toBe(10)
  })

  it('cannot write rows into the other tenant or move rows there', async () => {
    expect(
      await refusal(asA((tx) => tx.insert(s.orders).values(order(b.tenantId, 'SBIN')))),
    ).toMatch(/row-level security/)
    expect(
      await refusal(
        asA((tx) =>
          tx.update(s.orders).set({ tenantId: b.tenantId }).where(eq(s.orders.symbol, 'INFY')),
        ),
      ),
    ).toMatch(/row-level security/)
    expect(await bOrdersAsSystem()).toHaveLength(1)
  })

  it('sees published listings of others but not their drafts, and cannot change them', async () => {
    const visible = await asA((tx) => tx.select().from(s.listings))
    expect(visible.map((l) => l.id)).toEqual([bListingPublished])
    expect(visible.map((l) => l.id)).not.toContain(bListingDraft)
    const changed = await asA((tx) =>
      tx
        .update(s.listings)
        .set({ title: 'hijacked' })
        .where(eq(s.listings.id, bListingPublished))
        .returning(),
    )
    expect(changed).toEqual([])
    const [row] = await handle()
      .db.select()
      .from(s.listings)
      .where(eq(s.listings.id, bListingPublished))
    expect(row!.title).toBe('B public')
  })

  it("cannot read another user's TOTP secret", async () => {
    const secrets = await asA((tx) => tx.select().from(s.totpCredentials))
    expect(secrets).toEqual([])
  })

  it('outside withTenant the application role sees nothing at all', async () => {
    const rows = await handle().db.transaction(async (tx) => {
      await tx.execute(sql`set local role vm_app`)
      return tx.select().from(s.orders)
    })
    expect(rows).toEqual([])
  })

  it('a tenant setting does not leak to the next unit of work on the same connection', async () => {
    await asA((tx) => tx.select().from(s.orders))
    const after = await handle().db.execute(
      sql`select nullif(current_setting('app.tenant_id', true), '') as t, current_user as u`,
    )
    const [row] = rowsOf(after) as { t: string | null; u: string }[]
    expect(row!.t).toBeNull()
    expect(row!.u).not.toBe('vm_app')
  })

  it('the audit log is append-only, even for its own tenant', async () => {
    await asA((tx) =>
      tx.insert(s.auditLog).values({
        chain: a.tenantId,
        tenantId: a.tenantId,
        action: 'test.event',
        prevHash: `genesis-${a.tenantId}`,
        hash: 'h1',
      }),
    )
    expect(await refusal(asA((tx) => tx.update(s.auditLog).set({ action: 'forged' })))).toMatch(
      /permission denied/,
    )
    expect(await refusal(asA((tx) => tx.delete(s.auditLog)))).toMatch(/permission denied/)
    expect(
      await refusal(handle().db.delete(s.auditLog).where(eq(s.auditLog.tenantId, a.tenantId))),
    ).toMatch(/audit_log is append-only: DELETE refused/)
    // Even the owner/superuser connection is refused by the trigger.
    expect(
      await refusal(
        handle()
          .db.update(s.auditLog)
          .set({ action: 'forged' })
          .where(eq(s.auditLog.tenantId, a.tenantId)),
      ),
    ).toMatch(/append-only/)
    expect(
      await refusal(
        asA((tx) =>
          tx.insert(s.auditLog).values({
            chain: b.tenantId,
            tenantId: b.tenantId,
            action: 'forged',
            prevHash: 'x',
            hash: 'y',
          }),
        ),
      ),
    ).toMatch(/row-level security/)
  })

  it('every table with a tenant_id column has row-level security and a policy', async () => {
    const result = await handle().db.execute(sql`
      select c.relname as table, c.relrowsecurity as rls,
             (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname
                      and col.column_name in ('tenant_id', 'user_id'))
      order by 1`)
    const tables = rowsOf(result) as { table: string; rls: boolean; policies: number }[]
    expect(tables.length).toBeGreaterThan(20)
    const unprotected = tables.filter((t) => !t.rls || t.policies === 0).map((t) => t.table)
    expect(unprotected).toEqual([])
    // …and the application role can reach each of them (RLS then decides which rows).
    const grants = await handle().db.execute(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity
        and not has_table_privilege('vm_app', c.oid, 'SELECT')`)
    expect(rowsOf(grants)).toEqual([])
  })
})

/** The database's refusal message; fails the test if the work succeeded. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    const pg = pgErrorOf(error)
    expect(pg?.code).toBe(PG.insufficientPrivilege)
    return pg!.message
  }
  throw new Error('expected the database to refuse this')
}

// postgres.js returns an array; PGlite returns { rows }.
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows
}
