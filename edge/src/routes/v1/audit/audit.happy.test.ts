import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { appendAudit, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import {
  callJson,
  describeEdge,
  type TestSession,
  tamperAuditLog,
  testSession,
} from '../../../testing/harness.ts'

interface Entry {
  seq: number
  chain: string
  action: string
  actorUserId: string | null
  target: string | null
  data: Record<string, unknown>
  ip: string | null
  prevHash: string
  hash: string
}
interface Page {
  items: Entry[]
  nextCursor: string | null
}

describeEdge('GET /api/v1/audit and /api/v1/audit/verify', (edge) => {
  const owner = () => testSession(edge().handle.db, edge().config)
  const record = (s: TestSession, action: string, data: Record<string, unknown> = {}) =>
    appendAudit(edge().handle.db, { tenantId: s.tenantId, actorUserId: s.userId, action, data })
  const list = (s: TestSession, query = '') =>
    callJson<Page>(edge().app, 'GET', `/api/v1/audit${query}`, { headers: s.headers })

  it('answers a new workspace with an empty page', async () => {
    const { status, body } = await list(await owner())
    expect(status).toBe(200)
    expect(body).toEqual({ items: [], nextCursor: null })
  })

  it("lists the workspace's own entries newest first, and nothing of others or the platform", async () => {
    const s = await owner()
    const other = await owner()
    await record(s, 'test.first', { n: 1 })
    await record(other, 'test.elsewhere')
    await appendAudit(edge().handle.db, {
      chain: PLATFORM_CHAIN,
      actorUserId: null,
      action: 'test.platform',
    })
    await record(s, 'test.second', { n: 2 })
    const { body } = await list(s)
    expect(body.items.map((e) => e.action)).toEqual(['test.second', 'test.first'])
    expect(body.items[0]).toMatchObject({
      chain: s.tenantId,
      actorUserId: s.userId,
      data: { n: 2 },
    })
    expect(body.items[0]!.prevHash).toBe(body.items[1]!.hash)
  })

  it('pages through with the cursor until it runs out', async () => {
    const s = await owner()
    for (let i = 0; i < 5; i++) await record(s, 'test.step', { i })
    const seen: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const { body }: { body: Page } = await list(s, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...body.items.map((e) => e.data.i as number))
      cursor = body.nextCursor
      pages++
    } while (cursor)
    expect(seen).toEqual([4, 3, 2, 1, 0])
    expect(pages).toBe(3)
  })

  it('records the actor and address of a change made through the API', async () => {
    const s = await owner()
    const member = await testSession(edge().handle.db, edge().config, { tenantId: s.tenantId })
    await callJson(edge().app, 'PATCH', `/api/v1/team/members/${member.userId}`, {
      headers: { ...s.headers, 'x-forwarded-for': '198.51.100.7' },
      body: { role: 'admin' },
    })
    const [entry] = (await list(s)).body.items
    expect(entry).toMatchObject({
      action: 'team.role_changed',
      actorUserId: s.userId,
      target: member.userId,
      ip: '198.51.100.7',
      data: { from: 'member', to: 'admin' },
    })
  })

  it('verifies an intact chain and names the first entry tampered with', async () => {
    const s = await owner()
    const entries = []
    for (let i = 0; i < 4; i++) entries.push(await record(s, 'test.step', { i }))
    const verify = () =>
      callJson<Record<string, unknown>>(edge().app, 'GET', '/api/v1/audit/verify', {
        headers: s.headers,
      })
    expect((await verify()).body).toEqual({
      ok: true,
      chain: s.tenantId,
      entries: 4,
      lastSeq: entries[3]!.seq,
      lastHash: entries[3]!.hash,
    })
    await tamperAuditLog(
      edge().handle.db,
      sql`update audit_log set data = '{"i": 100}'::jsonb where seq = ${entries[1]!.seq}`,
    )
    const { status, body } = await verify()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      ok: false,
      entries: 1,
      firstBadSeq: entries[1]!.seq,
      reason: 'altered',
      detail: expect.stringMatching(/edited/),
    })
  })
})
