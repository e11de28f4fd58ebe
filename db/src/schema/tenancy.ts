import { sql } from 'drizzle-orm'
import { boolean, integer, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import {
  at,
  createdAt,
  currentTenantId,
  idColumn,
  matchPolicy,
  tenantColumn,
  tenantIsolation,
  updatedAt,
} from './rls.ts'

export const tierEnum = pgEnum('tier', ['free', 'pro', 'elite'])
export const tenantStatusEnum = pgEnum('tenant_status', ['active', 'suspended'])
export const roleEnum = pgEnum('member_role', ['owner', 'admin', 'member'])

/** A workspace: the unit of isolation, billing and plan limits. */
export const tenants = pgTable(
  'tenants',
  {
    id: idColumn('tenant'),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique(),
    tier: tierEnum('tier').notNull().default('free'),
    status: tenantStatusEnum('status').notNull().default('active'),
    suspendedAt: at('suspended_at'),
    suspendedReason: text('suspended_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [matchPolicy('tenant_self', sql`${t.id} = ${currentTenantId}`)],
).enableRLS()

/** A person; may belong to several tenants through memberships. */
export const users = pgTable(
  'users',
  {
    id: idColumn('user'),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash').notNull(),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    emailVerifiedAt: at('email_verified_at'),
    disabledAt: at('disabled_at'),
    // Login backoff per account: consecutive failures and the time before which login is refused.
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: at('locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Emails compare case-insensitively: one account per address.
    uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
    // A tenant sees only users who are its members.
    matchPolicy(
      'users_of_tenant',
      sql`exists (select 1 from memberships m where m.user_id = ${t.id} and m.tenant_id = ${currentTenantId})`,
    ),
  ],
).enableRLS()

export const memberships = pgTable(
  'memberships',
  {
    id: idColumn('membership'),
    tenantId: tenantColumn(tenants),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum('role').notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user_idx').on(t.tenantId, t.userId),
    tenantIsolation(t.tenantId),
  ],
).enableRLS()

export const invitations = pgTable(
  'invitations',
  {
    id: idColumn('invitation'),
    tenantId: tenantColumn(tenants),
    email: text('email').notNull(),
    role: roleEnum('role').notNull().default('member'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    createdAt: createdAt(),
  },
  (t) => [tenantIsolation(t.tenantId)],
).enableRLS()
