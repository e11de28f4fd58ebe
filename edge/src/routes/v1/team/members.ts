import { schema, type Tx } from '@vm-algo/db'
import { and, count, eq } from 'drizzle-orm'
import type { AuthContext } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { z } from '../../../openapi.ts'
import { permissionsFor, type Role } from '../../../plans.ts'

// What the member routes share: the member as the API shows it, who may manage whom, and the
// last-owner rule (checked under a lock on the tenant row, so two owners demoting each other
// at once cannot leave a workspace with none).

export const RoleSchema = z.enum(['owner', 'admin', 'member'])

export const MemberSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: RoleSchema,
    joinedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Member')

export type Member = z.infer<typeof MemberSchema>

const { memberships, users, tenants } = schema

/** The columns a member is shown with, for select(). */
export const memberColumns = {
  membershipId: memberships.id,
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  joinedAt: memberships.createdAt,
}

export const presentMember = (row: {
  userId: string
  email: string
  name: string | null
  role: Role
  joinedAt: Date
}): Member => ({
  userId: row.userId,
  email: row.email,
  name: row.name,
  role: row.role,
  joinedAt: row.joinedAt.toISOString(),
})

/**
 * Locks the tenant row, so team changes happen one at a time, and returns the caller's role as
 * it is now: it may have changed since requireAuth read it (another owner demoted them). With
 * `manage`, refuses a caller who can no longer manage the team.
 */
export async function lockTeam(tx: Tx, auth: AuthContext, options: { manage: boolean }) {
  await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(eq(tenants.id, auth.tenantId))
    .for('no key update')
  const [me] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, auth.tenantId), eq(memberships.userId, auth.userId)))
  if (!me) throw new ApiError('unauthenticated', 'You are no longer a member of this workspace.')
  const { isPlatformAdmin, tier } = auth
  if (
    options.manage &&
    !permissionsFor({ tier, role: me.role, isPlatformAdmin }).includes('manage_team')
  ) {
    throw new ApiError('forbidden', 'This needs the "manage_team" permission.')
  }
  return me.role
}

/** The member `userId` of the tenant; 404 when not a member. */
export async function findMember(tx: Tx, tenantId: string, userId: string) {
  const [member] = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
  if (!member) throw new ApiError('not_found', 'No such member in this workspace.')
  return member
}

/**
 * Owners manage everyone; admins manage admins and members, but cannot touch an owner or make
 * one.
 */
export function assertMayManage(actor: Role, target: Role, newRole?: Role): void {
  if (actor === 'owner') return
  if (target === 'owner' || newRole === 'owner') {
    throw new ApiError('forbidden', 'Only an owner can change, add or remove an owner.')
  }
}

/** Refuses a change that would leave the tenant without an owner. Call after lockTeam. */
export async function assertOwnerRemains(tx: Tx, tenantId: string, leaving: Role): Promise<void> {
  if (leaving !== 'owner') return
  const [row] = await tx
    .select({ owners: count() })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'owner')))
  if ((row?.owners ?? 0) <= 1) {
    throw new ApiError('last_owner', 'This is the only owner: make another member an owner first.')
  }
}
