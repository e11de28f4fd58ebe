import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import {
  assertMayManage,
  assertOwnerRemains,
  findMember,
  lockTeam,
  MemberSchema,
  presentMember,
  RoleSchema,
} from './members.ts'

export const UserIdParam = z.object({
  userId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'userId', in: 'path' }, example: 'usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C' }),
})

const route = createRoute({
  method: 'patch',
  path: '/members/{userId}',
  tags: ['Team'],
  summary: "Changes a member's role",
  description:
    'Owners and admins. Only an owner can make or change an owner; the last owner cannot be demoted. Audited as `team.role_changed`.',
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  request: {
    params: UserIdParam,
    body: { content: json(z.object({ role: RoleSchema })), required: true },
  },
  responses: {
    200: { description: 'The member with the new role', content: json(MemberSchema) },
    ...problems(400, 401, 403, 404, 409),
  },
})

/** PATCH /api/v1/team/members/{userId} */
export const updateMember = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { userId } = c.req.valid('param')
  const { role } = c.req.valid('json')
  const { memberships } = schema
  const member = await withTenant(database.db, auth, async (tx) => {
    const actorRole = await lockTeam(tx, auth, { manage: true })
    const member = await findMember(tx, auth.tenantId, userId)
    if (member.role === role) return member
    assertMayManage(actorRole, member.role, role)
    await assertOwnerRemains(tx, auth.tenantId, member.role)
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.tenantId, auth.tenantId), eq(memberships.userId, userId)))
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'team.role_changed',
      target: userId,
      data: { from: member.role, to: role },
    })
    return { ...member, role }
  })
  return c.json(presentMember(member), 200)
})
