import { type Database, schema, type Tx } from '@vm-algo/db'
import { and, desc, lt, type SQL } from 'drizzle-orm'
import type { AuditRecord } from '../../../audit/index.ts'
import { decodeCursor, toPage } from '../../../lib/pagination.ts'
import { z } from '../../../openapi.ts'

// What the tenant and the platform-admin audit routes share: the entry as the API shows it,
// the verification verdict, and one page of a chain.

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    seq: z.number().int().openapi({ description: 'Position in the log; newer entries are larger' }),
    chain: z.string().openapi({ description: 'The tenant id, or `platform` for admin actions' }),
    tenantId: z.string().nullable(),
    actorUserId: z.string().nullable().openapi({ description: 'null for the system' }),
    action: z.string().openapi({ example: 'team.role_changed' }),
    target: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    at: z.string().openapi({ format: 'date-time' }),
    prevHash: z.string(),
    hash: z.string().openapi({ description: 'sha256_hex(prevHash + canonical JSON of the entry)' }),
  })
  .openapi('AuditEntry')

export const ChainVerdictSchema = z
  .object({
    ok: z.boolean(),
    chain: z.string(),
    entries: z
      .number()
      .int()
      .openapi({ description: 'Entries verified (before the first bad one)' }),
    lastSeq: z.number().int().nullable().optional(),
    lastHash: z.string().optional().openapi({
      description: 'Keep it elsewhere: later verifications then also catch deleted newest entries',
    }),
    firstBadSeq: z.number().int().optional(),
    reason: z.enum(['altered', 'broken_link']).optional(),
    detail: z.string().optional(),
  })
  .openapi('ChainVerdict')

export function presentEntry(row: AuditRecord): z.infer<typeof AuditEntrySchema> {
  return { ...row, at: row.at.toISOString() }
}

const SEQ = /^[1-9]\d{0,17}$/

/** One page of entries matching `filter`, newest first; the cursor is the last seq shown. */
export async function auditPage(
  db: Database | Tx,
  filter: SQL | undefined,
  page: { cursor?: string | undefined; limit: number },
) {
  const { auditLog } = schema
  const before = page.cursor ? Number(decodeCursor(page.cursor, (k) => SEQ.test(k))) : undefined
  const rows = (await db
    .select()
    .from(auditLog)
    .where(and(filter, before === undefined ? undefined : lt(auditLog.seq, before)))
    .orderBy(desc(auditLog.seq))
    .limit(page.limit + 1)) as AuditRecord[]
  return toPage(rows.map(presentEntry), page.limit, (entry) => entry.seq)
}
