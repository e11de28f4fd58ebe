import { type SQL, sql } from 'drizzle-orm'
import { type AnyPgColumn, pgPolicy, pgRole, text, timestamp } from 'drizzle-orm/pg-core'
import { type IdKind, newId } from '../ids.ts'

/**
 * The role every tenant-scoped unit of work runs as (`set local role vm_app` inside
 * `withTenant`). It owns no table and has no BYPASSRLS, so row-level security always applies
 * to it, whatever role the connection itself logged in with. Created by the first migration.
 */
export const appRole = pgRole('vm_app').existing()

/** The tenant of the current unit of work; NULL outside `withTenant`, so nothing matches. */
export const currentTenantId = sql`nullif(current_setting('app.tenant_id', true), '')`

/** The signed-in user of the current unit of work, for rows a user owns across tenants. */
export const currentUserId = sql`nullif(current_setting('app.user_id', true), '')`

/** Rows whose `column` equals the current tenant are the only ones visible or writable. */
export function tenantIsolation(column: AnyPgColumn, name = 'tenant_isolation') {
  return matchPolicy(name, sql`${column} = ${currentTenantId}`)
}

/** Rows whose `column` equals the current user are the only ones visible or writable. */
export function userIsolation(column: AnyPgColumn, name = 'user_isolation') {
  return matchPolicy(name, sql`${column} = ${currentUserId}`)
}

/** A policy for vm_app that reads and writes only rows matching `predicate`. */
export function matchPolicy(name: string, predicate: SQL) {
  return pgPolicy(name, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: predicate,
    withCheck: predicate,
  })
}

/** A read-only policy for vm_app, e.g. for published marketplace listings. */
export function readPolicy(name: string, predicate: SQL) {
  return pgPolicy(name, { as: 'permissive', for: 'select', to: appRole, using: predicate })
}

/** Primary key column holding a prefixed ID of `kind`, minted on insert. */
export const idColumn = (kind: IdKind) =>
  text('id')
    .primaryKey()
    .$defaultFn(() => newId(kind))

/** A tenant-owned row's tenant column; deleting a tenant deletes its rows. */
export const tenantColumn = (tenants: { id: AnyPgColumn }) =>
  text('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' })

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date())
export const at = (name: string) => timestamp(name, { withTimezone: true })
