import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, problems, router, z } from '../../../openapi.ts'
import { assertMayManage, lockTeam } from './members.ts'

const route = createRoute({
  method: 'delete',
  path: '/invitations/{id}',
  tags: ['Team'],
  summary: 'Withdraws an invitation; its link stops working at once',
  description:
    'Owners and admins (only an owner withdraws an invitation to be owner). An accepted invitation cannot be withdrawn: remove the member instead. Audited as `team.invitation_revoked`.',
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Withdrawn' }, ...problems(400, 401, 403, 404, 409) },
})

/** DELETE /api/v1/team/invitations/{id} */
export const revokeInvitation = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { id } = c.req.valid('param')
  const { invitations } = schema
  await withTenant(database.db, auth, async (tx) => {
    const actorRole = await lockTeam(tx, auth, { manage: true })
    const mine = and(eq(invitations.tenantId, auth.tenantId), eq(invitations.id, id))
    const [invitation] = await tx.select().from(invitations).where(mine).for('update')
    if (!invitation) throw new ApiError('not_found', 'No such invitation in this workspace.')
    if (invitation.acceptedAt) {
      throw new ApiError('invitation_used', 'It was accepted already: remove the member instead.')
    }
    assertMayManage(actorRole, 'member', invitation.role)
    await tx.delete(invitations).where(mine)
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'team.invitation_revoked',
      target: id,
      data: { email: invitation.email, role: invitation.role },
    })
  })
  return c.body(null, 204)
})
