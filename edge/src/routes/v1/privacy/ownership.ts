import { type Database, schema, type Tx } from '@vm-algo/db'
import { and, asc, eq, inArray, ne } from 'drizzle-orm'

const { memberships, tenants } = schema

export interface UserMembership {
  tenant: typeof tenants.$inferSelect
  role: 'owner' | 'admin' | 'member'
  joinedAt: Date
  /** The user is this tenant's only owner: the workspace goes with the account. */
  soleOwner: boolean
}

/**
 * The user's memberships, each saying whether the user is the tenant's only owner. System
 * work: it spans every tenant the user belongs to. `lock` locks the tenant rows against change,
 * in id order (as every writer takes them), so ownership cannot change under an account
 * deletion.
 */
export async function membershipsOf(
  db: Database | Tx,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<UserMembership[]> {
  const query = db
    .select({ tenant: tenants, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.id))
  const rows = options.lock ? await query.for('no key update', { of: tenants }) : await query
  const owned = rows.filter((r) => r.role === 'owner').map((r) => r.tenant.id)
  const coOwned = owned.length
    ? await db
        .selectDistinct({ tenantId: memberships.tenantId })
        .from(memberships)
        .where(
          and(
            inArray(memberships.tenantId, owned),
            eq(memberships.role, 'owner'),
            ne(memberships.userId, userId),
          ),
        )
    : []
  const shared = new Set(coOwned.map((r) => r.tenantId))
  return rows.map((r) => ({ ...r, soleOwner: r.role === 'owner' && !shared.has(r.tenant.id) }))
}
