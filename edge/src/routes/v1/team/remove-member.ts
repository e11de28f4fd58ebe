import { schema, withTenant } from '@vm-algo/db'
import { and, eq, isNull } from 'drizzle-orm'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { clearSessionCookies } from '../../../auth/cookies.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, problems, router } from '../../../openapi.ts'
import { assertMayManage, assertOwnerRemains, findMember, lockTeam } from './members.ts'
import { UserIdParam } from './update-member.ts'

const route = createRoute({
  method: 'delete',
  path: '/members/{userId}',
  tags: ['Team'],
  summary: 'Removes a member from the workspace, or leaves it (your own user id)',
  description:
    "Owners and admins remove others (only an owner removes an owner); anyone may leave. The last owner cannot. The member's sessions in this workspace end at once. Audited as `team.member_removed`.",
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: UserIdParam },
  responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
})

/** DELETE /api/v1/team/members/{userId} */
export const removeMember = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { userId } = c.req.valid('param')
  const leaving = userId === auth.userId
  const { memberships, sessions } = schema
  await withTenant(database.db, auth, async (tx) => {
    const actorRole = await lockTeam(tx, auth, { manage: !leaving })
    const member = await findMember(tx, auth.tenantId, userId)
    if (!leaving) assertMayManage(actorRole, member.role)
    await assertOwnerRemains(tx, auth.tenantId, member.role)
    await tx
      .delete(memberships)
      .where(and(eq(memberships.tenantId, auth.tenantId), eq(memberships.userId, userId)))
    await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'removed_from_workspace' })
      .where(
        and(
          eq(sessions.tenantId, auth.tenantId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
        ),
      )
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: leaving ? 'team.member_left' : 'team.member_removed',
      target: userId,
      data: { role: member.role },
    })
  })
  // Leaving ends this very session too.
  if (leaving) clearSessionCookies(c)
  return c.body(null, 204)
})
