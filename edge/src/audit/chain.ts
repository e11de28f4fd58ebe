import { type Database, isId, schema, type Tx } from '@vm-algo/db'
import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm'
import { PgTransaction } from 'drizzle-orm/pg-core'
import { sha256Hex } from '../crypto/hash.ts'
import { canonicalJson, toJsonValue } from './canonical.ts'

/** The `prevHash` of the first entry of every chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/** The chain of platform-admin actions; every other chain is a tenant's, named by its id. */
export const PLATFORM_CHAIN = 'platform'

/** What happened, who did it and from where. Never put secrets or tokens in `data`. */
export interface AuditEvent {
  /** The signed-in user who acted; null for the system (webhooks, sweeps). */
  actorUserId: string | null
  /** Dotted verb, e.g. `team.role_changed`, `admin.tenant_suspended`. */
  action: string
  /** What it was done to: a user, tenant, subscription or invitation id. */
  target?: string | null
  data?: Record<string, unknown>
  ip?: string | null
}

/**
 * An entry goes on its tenant's chain (`tenantId`, which is also the chain name) or on a
 * non-tenant chain (`chain`, e.g. PLATFORM_CHAIN) with no tenant — so row-level security shows
 * a tenant exactly its own chain, and nothing of the platform's.
 */
export type AuditEntry = AuditEvent &
  ({ tenantId: string; chain?: undefined } | { chain: string; tenantId?: null })

/** A stored entry. */
export interface AuditRecord {
  id: string
  seq: number
  chain: string
  tenantId: string | null
  actorUserId: string | null
  action: string
  target: string | null
  data: Record<string, unknown>
  ip: string | null
  prevHash: string
  hash: string
  at: Date
}

/** The fields an entry's hash covers, in the form they are hashed. */
export interface HashedFields {
  chain: string
  tenantId: string | null
  actorUserId: string | null
  action: string
  target: string | null
  data: Record<string, unknown>
  ip: string | null
  /** ISO 8601 with milliseconds, UTC. */
  at: string
}

/**
 * hash = sha256_hex(prevHash + canonicalJson(fields)), with fields exactly
 * { chain, tenantId, actorUserId, action, target, data, ip, at } (absent ones as null).
 * Anyone can recompute it from a row: see scripts/audit-verify.ts.
 */
export function entryHash(prevHash: string, fields: HashedFields): Promise<string> {
  return sha256Hex(prevHash + canonicalJson(fields))
}

/** The hashed fields of a stored row. */
export function hashedFieldsOf(row: Omit<AuditRecord, 'id' | 'seq' | 'prevHash' | 'hash'>) {
  const { chain, tenantId, actorUserId, action, target, data, ip, at } = row
  return { chain, tenantId, actorUserId, action, target, data, ip, at: at.toISOString() }
}

/**
 * Appends an entry to its chain and returns it. Pass the transaction of the change it records,
 * so the entry exists exactly when the change does (a plain database gets a transaction of its
 * own). Appends to one chain are serialised by a transaction-scoped advisory lock on the chain
 * name, so concurrent writers never fork it; the unique (chain, prev_hash) index refuses a fork
 * should anything get past the lock. The transaction must be READ COMMITTED (the default): the
 * chain's tip is read after the lock is taken and must see the previous holder's entry.
 *
 * @example
 * await withTenant(db, { tenantId }, async (tx) => {
 *   await tx.update(schema.memberships).set({ role: 'admin' }).where(…)
 *   await appendAudit(tx, { tenantId, actorUserId, action: 'team.role_changed', target: userId, data: { from: 'member', to: 'admin' } })
 * })
 */
export async function appendAudit(db: Database | Tx, entry: AuditEntry): Promise<AuditRecord> {
  if (!(db instanceof PgTransaction)) return db.transaction((tx) => appendAudit(tx, entry))
  const chain = chainOf(entry)
  const tenantId = entry.tenantId ?? null
  const data = toJsonValue(entry.data ?? {}) as Record<string, unknown>
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError('audit data must be a JSON object')
  }
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${chain}))`)
  const { auditLog } = schema
  const [tip] = await db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(chainRows(chain))
    .orderBy(desc(auditLog.seq))
    .limit(1)
  const prevHash = tip?.hash ?? GENESIS_HASH
  // Taken under the lock, so times never run backwards along a chain.
  const at = new Date()
  const fields: HashedFields = {
    chain,
    tenantId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    target: entry.target ?? null,
    data,
    ip: entry.ip ?? null,
    at: at.toISOString(),
  }
  const hash = await entryHash(prevHash, fields)
  const [row] = await db
    .insert(auditLog)
    .values({ ...fields, at, prevHash, hash })
    .returning()
  return row as AuditRecord
}

/**
 * The rows of one chain. A tenant chain's rows carry its id as tenant_id and other chains'
 * carry none: naming it lets the (tenant_id, seq) index serve every chain.
 */
export function chainRows(chain: string): SQL {
  const { auditLog } = schema
  return and(
    eq(auditLog.chain, chain),
    isTenantChain(chain) ? eq(auditLog.tenantId, chain) : isNull(auditLog.tenantId),
  ) as SQL
}

/** True for a tenant's chain (named by its tenant id). */
export const isTenantChain = (chain: string): boolean => isId('tenant', chain)

function chainOf(entry: AuditEntry): string {
  if (entry.tenantId) {
    if (!isTenantChain(entry.tenantId) || (entry.chain ?? entry.tenantId) !== entry.tenantId) {
      throw new TypeError('a tenant entry goes on the chain named by its tenant id')
    }
    return entry.tenantId
  }
  if (!entry.chain || isTenantChain(entry.chain)) {
    throw new TypeError('an entry needs a tenantId, or a chain that is not a tenant id')
  }
  return entry.chain
}
