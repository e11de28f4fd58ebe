import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type * as schema from './schema/index.ts'

export type Schema = typeof schema
/** A drizzle database on any of our drivers (PGlite in-process, postgres.js). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>

export interface TenantScope {
  tenantId: string
  /** The signed-in user, for rows a user owns across tenants (TOTP secrets, backup codes). */
  userId?: string
}

/**
 * Runs one unit of work as one tenant: a transaction that switches to the non-superuser
 * `vm_app` role and sets the tenant (and user) for row-level security. Every query inside —
 * even one with no WHERE clause — sees and changes only that tenant's rows. The settings are
 * transaction-local, so nothing leaks to the next user of a pooled connection.
 *
 * @example
 * const orders = await withTenant(db, { tenantId }, (tx) => tx.select().from(schema.orders))
 */
export async function withTenant<T>(
  db: Database,
  scope: TenantScope,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!scope.tenantId) throw new Error('withTenant needs a tenantId')
  return db.transaction(async (tx) => {
    // One round trip: set_config takes bind parameters where SET LOCAL cannot, and
    // set_config('role', …, true) is SET LOCAL ROLE.
    await tx.execute(
      sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true), set_config('role', 'vm_app', true)`,
    )
    return work(tx)
  })
}
