import { schema, withTenant } from '@vm-algo/db'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { appendAudit } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { randomToken } from '../../../crypto/hash.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { EmailSchema } from '../auth/schemas.ts'
import {
  INVITATION_TTL_MS,
  InvitationSchema,
  invitationLink,
  invitationTokenHash,
  presentInvitation,
} from './invitations.ts'
import { assertMayManage, lockTeam, RoleSchema } from './members.ts'

const CreatedSchema = z
  .object({
    invitation: InvitationSchema,
    link: z.string().openapi({ description: 'Send this to the invitee; it is shown only once' }),
    delivery: z.object({
      method: z.literal('link'),
      note: z.string(),
    }),
  })
  .openapi('InvitationCreated')

const route = createRoute({
  method: 'post',
  path: '/invitations',
  tags: ['Team'],
  summary: 'Invites someone by email',
  description:
    'Owners and admins (only an owner invites an owner). Returns a link valid for 7 days that the invitee, signed in with that email address, opens to join. No email is sent yet: share the link yourself. Inviting the same address again replaces its pending invitation. Audited as `team.invitation_created`.',
  middleware: [requireAuth(), requirePermission('manage_team')] as const,
  security: [{ bearer: [] }],
  request: {
    body: {
      content: json(z.object({ email: EmailSchema, role: RoleSchema.default('member') })),
      required: true,
    },
  },
  responses: {
    201: { description: 'The invitation and its link', content: json(CreatedSchema) },
    ...problems(400, 401, 403, 409),
  },
})

/** POST /api/v1/team/invitations */
export const createInvitation = router().openapi(route, async (c) => {
  const { database, config } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { email, role } = c.req.valid('json')
  const token = randomToken()
  const tokenHash = await invitationTokenHash(token)
  const { invitations, memberships, users } = schema
  const invitation = await withTenant(database.db, auth, async (tx) => {
    assertMayManage(await lockTeam(tx, auth, { manage: true }), 'member', role)
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(and(eq(memberships.tenantId, auth.tenantId), sql`lower(${users.email}) = ${email}`))
    if (member) throw new ApiError('already_member', `${email} is already a member.`)
    const replaced = await tx
      .delete(invitations)
      .where(
        and(
          eq(invitations.tenantId, auth.tenantId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
        ),
      )
      .returning({ id: invitations.id })
    const [row] = await tx
      .insert(invitations)
      .values({
        tenantId: auth.tenantId,
        email,
        role,
        tokenHash,
        invitedBy: auth.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning()
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'team.invitation_created',
      target: row!.id,
      data: { email, role, replaced: replaced.map((r) => r.id) },
    })
    return row!
  })
  return c.json(
    {
      invitation: presentInvitation(invitation),
      link: invitationLink(config.PUBLIC_URL, token),
      delivery: {
        method: 'link' as const,
        note: 'Email delivery is not set up: send this link to the invitee yourself.',
      },
    },
    201,
  )
})
