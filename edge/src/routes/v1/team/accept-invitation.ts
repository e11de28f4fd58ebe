import { schema, withTenant } from '@vm-algo/db'
import { and, eq } from 'drizzle-orm'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { TenantSchema } from '../auth/schemas.ts'
import { invitationTokenHash } from './invitations.ts'
import { RoleSchema } from './members.ts'

const AcceptedSchema = z
  .object({ tenant: TenantSchema, role: RoleSchema })
  .openapi('InvitationAccepted')

const route = createRoute({
  method: 'post',
  path: '/accept',
  tags: ['Team'],
  summary: 'Joins the workspace an invitation link is for',
  description:
    'For a signed-in user whose email address is the one invited. The link works once and for 7 days. Audited on the joined workspace as `team.invitation_accepted`.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: {
    body: {
      content: json(
        z.object({
          token: z
            .string()
            .min(16, 'Not an invitation token.')
            .max(200, 'Not an invitation token.')
            .openapi({ description: 'The `token` in the fragment of the invitation link' }),
        }),
      ),
      required: true,
    },
  },
  responses: {
    200: { description: 'Joined', content: json(AcceptedSchema) },
    ...problems(400, 401, 403, 404, 409, 410),
  },
})

/** POST /api/v1/invitations/accept */
export const acceptInvitation = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const tokenHash = await invitationTokenHash(c.req.valid('json').token)
  const { invitations, memberships, tenants, users } = schema
  // System lookups: the invitation belongs to another tenant than the caller's session, and the
  // caller is no member of it yet.
  const [found] = await database.db
    .select({ id: invitations.id, tenantId: invitations.tenantId })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash))
  if (!found) {
    throw new ApiError('invitation_invalid', 'Check the link, or ask for a new invitation.')
  }
  const [user] = await database.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, auth.userId))
  const scope = { tenantId: found.tenantId, userId: auth.userId }
  const joined = await withTenant(database.db, scope, async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, found.id), eq(invitations.tenantId, found.tenantId)))
      .for('update')
    if (!invitation || invitation.acceptedAt) {
      throw new ApiError('invitation_used', 'This invitation was used already.')
    }
    if (invitation.expiresAt.getTime() <= Date.now()) {
      throw new ApiError('invitation_expired', 'Ask for a new invitation.')
    }
    if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new ApiError(
        'invitation_email_mismatch',
        'Sign in with the email address the invitation was sent to.',
      )
    }
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, found.tenantId))
    if (tenant?.status !== 'active') {
      throw new ApiError('forbidden', 'This workspace is suspended. Contact support.')
    }
    const [existing] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, auth.userId)))
    if (existing) throw new ApiError('already_member', 'You are a member of this workspace.')
    await tx
      .insert(memberships)
      .values({ tenantId: tenant.id, userId: auth.userId, role: invitation.role })
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(eq(invitations.id, invitation.id))
    await appendAudit(tx, {
      tenantId: tenant.id,
      ...requestActor(c),
      action: 'team.invitation_accepted',
      target: auth.userId,
      data: { invitationId: invitation.id, role: invitation.role },
    })
    return { tenant, role: invitation.role }
  })
  const { id, name, slug, tier } = joined.tenant
  return c.json({ tenant: { id, name, slug, tier }, role: joined.role }, 200)
})
