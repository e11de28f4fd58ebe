import { sql } from 'drizzle-orm'
import { bigserial, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { createdAt, currentTenantId, idColumn, matchPolicy } from './rls.ts'

/**
 * Append-only, hash-chained audit trail (kept 5 years). Each chain (one per tenant, plus
 * `platform` for platform-admin actions) links every entry to the previous one:
 * hash = sha256(prevHash + canonical entry). UPDATE and DELETE are refused by a trigger for
 * every role, so tampering needs a superuser disabling triggers — and then the chain shows it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn('audit'),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    chain: text('chain').notNull(),
    // No foreign key: the trail must outlive a deleted tenant or user.
    tenantId: text('tenant_id'),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    target: text('target'),
    data: jsonb('data').notNull().default({}),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    at: createdAt(),
  },
  (t) => [
    uniqueIndex('audit_log_seq_idx').on(t.seq),
    uniqueIndex('audit_log_chain_prev_idx').on(t.chain, t.prevHash),
    index('audit_log_tenant_idx').on(t.tenantId, t.seq),
    matchPolicy('audit_tenant', sql`${t.tenantId} = ${currentTenantId}`),
  ],
).enableRLS()
