import { type Database, schema, type Tx } from '@vm-algo/db'
import { and, asc, gt } from 'drizzle-orm'
import { type AuditRecord, chainRows, entryHash, GENESIS_HASH, hashedFieldsOf } from './chain.ts'

/** Why an entry fails verification. */
export type ChainBreak =
  /** Its stored hash is not the hash of its fields: the entry itself was edited. */
  | 'altered'
  /**
   * It does not follow the entry before it: an entry before it was deleted, entries were
   * reordered, or its predecessor was edited and re-hashed.
   */
  | 'broken_link'

export type ChainVerdict =
  | {
      ok: true
      chain: string
      /** Entries checked. */
      entries: number
      /** The newest entry's seq and hash (null/GENESIS_HASH for an empty chain). */
      lastSeq: number | null
      lastHash: string
    }
  | {
      ok: false
      chain: string
      /** Entries before the first bad one, all sound. */
      entries: number
      /** The first entry (in seq order) that does not verify. */
      firstBadSeq: number
      reason: ChainBreak
      detail: string
    }

/**
 * Walks one chain in seq order and reports the first entry that does not verify: each entry
 * must name the previous entry's hash (the first one GENESIS_HASH) and carry the hash of its own
 * fields. Reads in batches, so long chains need little memory.
 *
 * What a chain cannot show on its own: the newest entries deleted together (nothing after them
 * links to them). Keep `lastHash` somewhere else from time to time to catch that too.
 *
 * @example
 * const verdict = await verifyChain(db, tenantId)
 * if (!verdict.ok) console.error(`entry ${verdict.firstBadSeq}: ${verdict.detail}`)
 */
export async function verifyChain(
  db: Database | Tx,
  chain: string,
  options: { batchSize?: number } = {},
): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 500
  const { auditLog } = schema
  let expectedPrev = GENESIS_HASH
  let entries = 0
  let lastSeq: number | null = null
  for (;;) {
    const rows = (await db
      .select()
      .from(auditLog)
      .where(lastSeq === null ? chainRows(chain) : and(chainRows(chain), gt(auditLog.seq, lastSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize)) as AuditRecord[]
    for (const row of rows) {
      if (row.prevHash !== expectedPrev) {
        return broken(chain, entries, row.seq, 'broken_link', linkDetail(entries))
      }
      if ((await entryHash(row.prevHash, hashedFieldsOf(row))) !== row.hash) {
        return broken(
          chain,
          entries,
          row.seq,
          'altered',
          'its content does not match its hash: the entry was edited',
        )
      }
      expectedPrev = row.hash
      lastSeq = row.seq
      entries++
    }
    if (rows.length < batchSize) break
  }
  return { ok: true, chain, entries, lastSeq, lastHash: expectedPrev }
}

function linkDetail(entriesBefore: number): string {
  return entriesBefore === 0
    ? 'the first entry does not start the chain: earlier entries were deleted'
    : 'it does not follow the entry before it: an entry was deleted, moved, or edited and re-hashed'
}

function broken(
  chain: string,
  entries: number,
  firstBadSeq: number,
  reason: ChainBreak,
  detail: string,
): ChainVerdict {
  return { ok: false, chain, entries, firstBadSeq, reason, detail }
}
