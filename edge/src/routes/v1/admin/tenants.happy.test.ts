import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { appendAudit, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import { callJson, describeEdge, type TestSession, testSession } from '../../../testing/harness.ts'

interface Tenant {
  id: string
  name: string
  tier: string
  status: string
  memberCount: number
  owners: { userId: string; email: string }[]
  billing: { status: string; tier: string } | null
}
interface Page<T> {
  items: T[]
  nextCursor: string | null
}

describeEdge('GET /api/v1/admin/tenants, /tenants/{id} and /audit', (edge) => {
  const db = () => edge().handle.db
  const session = (options: Parameters<typeof testSession>[2] = {}) =>
    testSession(db(), edge().config, options)
  const get = <T>(s: TestSession, path: string) =>
    callJson<T>(edge().app, 'GET', `/api/v1/admin${path}`, { headers: s.headers })
  /** A tenant named `name` with its owner. */
  const tenantNamed = async (name: string, options: Parameters<typeof testSession>[2] = {}) => {
    const owner = await session(options)
    await db().update(schema.tenants).set({ name }).where(eq(schema.tenants.id, owner.tenantId))
    return owner
  }
  const tag = () => crypto.randomUUID().slice(0, 8)

  it('finds tenants by part of the name, the slug or an owner’s email, ignoring case', async () => {
    const admin = await session({ isPlatformAdmin: true })
    const t = tag()
    const alpha = await tenantNamed(`Alpha Capital ${t}`)
    const beta = await tenantNamed(`Beta Traders ${t}`, { tier: 'pro' })
    await session({ tenantId: beta.tenantId })
    const byName = await get<Page<Tenant>>(
      admin,
      `/tenants?q=${`ALPHA capital ${t}`.replace(/ /g, '+')}`,
    )
    expect(byName.status).toBe(200)
    expect(byName.body.items).toEqual([
      {
        id: alpha.tenantId,
        name: `Alpha Capital ${t}`,
        slug: alpha.tenantId.toLowerCase(),
        tier: 'free',
        status: 'active',
        suspendedAt: null,
        suspendedReason: null,
        createdAt: expect.any(String),
        memberCount: 1,
        owners: [{ userId: alpha.userId, email: alpha.email }],
        billing: null,
      },
    ])
    const bySlug = await get<Page<Tenant>>(admin, `/tenants?q=${beta.tenantId.toLowerCase()}`)
    expect(bySlug.body.items.map((x) => [x.id, x.memberCount])).toEqual([[beta.tenantId, 2]])
    const byEmail = await get<Page<Tenant>>(admin, `/tenants?q=${beta.email.toUpperCase()}`)
    expect(byEmail.body.items.map((x) => x.id)).toEqual([beta.tenantId])
    const both = await get<Page<Tenant>>(admin, `/tenants?q=${t}&tier=pro`)
    expect(both.body.items.map((x) => x.id)).toEqual([beta.tenantId])
  })

  it('pages newest first, filters by status, and treats % and _ as plain characters', async () => {
    const admin = await session({ isPlatformAdmin: true })
    const t = tag()
    const made = []
    for (let i = 0; i < 3; i++) made.push(await tenantNamed(`Paged ${t} ${i}`))
    const first = await get<Page<Tenant>>(admin, `/tenants?q=Paged+${t}&limit=2`)
    expect(first.body.items.map((x) => x.id)).toEqual([made[2]!.tenantId, made[1]!.tenantId])
    const rest = await get<Page<Tenant>>(
      admin,
      `/tenants?q=Paged+${t}&limit=2&cursor=${first.body.nextCursor}`,
    )
    expect(rest.body).toEqual({
      items: [expect.objectContaining({ id: made[0]!.tenantId })],
      nextCursor: null,
    })
    expect((await get(admin, `/tenants?q=Paged+${t}&status=suspended`)).body).toEqual({
      items: [],
      nextCursor: null,
    })
    expect((await get<Page<Tenant>>(admin, `/tenants?q=Paged+%25+${t}`)).body.items).toEqual([])
    expect((await get<Page<Tenant>>(admin, `/tenants?q=Paged_${t}`)).body.items).toEqual([])
  })

  it('shows billing standing, members and subscriptions of one tenant', async () => {
    const admin = await session({ isPlatformAdmin: true })
    const owner = await tenantNamed(`Gamma ${tag()}`, { tier: 'pro' })
    const member = await session({ tenantId: owner.tenantId })
    await db()
      .insert(schema.billingCustomers)
      .values({
        tenantId: owner.tenantId,
        stripeCustomerId: `cus_${tag()}`,
      })
    await db()
      .insert(schema.subscriptions)
      .values({
        tenantId: owner.tenantId,
        stripeSubscriptionId: `sub_${tag()}`,
        tier: 'pro',
        status: 'past_due',
        graceUntil: new Date('2030-01-08T00:00:00Z'),
      })
    const listed = await get<Page<Tenant>>(admin, `/tenants?q=${owner.tenantId.toLowerCase()}`)
    expect(listed.body.items[0]?.billing).toEqual({
      status: 'past_due',
      tier: 'pro',
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      graceUntil: '2030-01-08T00:00:00.000Z',
    })
    const { status, body } = await get<Record<string, unknown>>(admin, `/tenants/${owner.tenantId}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      id: owner.tenantId,
      memberCount: 2,
      members: [
        expect.objectContaining({ userId: owner.userId, role: 'owner' }),
        expect.objectContaining({ userId: member.userId, role: 'member' }),
      ],
      subscriptions: [expect.objectContaining({ status: 'past_due', tier: 'pro' })],
      stripeCustomerId: expect.stringMatching(/^cus_/),
    })
  })

  it('reads any chain of the audit log, filtered, and verifies it', async () => {
    const admin = await session({ isPlatformAdmin: true })
    const owner = await session()
    const action = `test.${tag()}`
    await appendAudit(db(), { tenantId: owner.tenantId, actorUserId: owner.userId, action })
    await appendAudit(db(), { chain: PLATFORM_CHAIN, actorUserId: admin.userId, action })
    const all = await get<Page<{ chain: string }>>(admin, `/audit?action=${action}`)
    expect(all.body.items.map((e) => e.chain)).toEqual([PLATFORM_CHAIN, owner.tenantId])
    const one = await get<Page<{ chain: string }>>(admin, `/audit?chain=${owner.tenantId}`)
    expect(one.body.items.map((e) => e.chain)).toEqual([owner.tenantId])
    const verdict = await get<Record<string, unknown>>(
      admin,
      `/audit/verify?chain=${owner.tenantId}`,
    )
    expect(verdict.body).toMatchObject({ ok: true, chain: owner.tenantId, entries: 1 })
    const platform = await get<Record<string, unknown>>(admin, '/audit/verify')
    expect(platform.body).toMatchObject({ ok: true, chain: PLATFORM_CHAIN })
  })
})
