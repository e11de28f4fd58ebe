import { schema } from '@vm-algo/db'
import { eq, inArray } from 'drizzle-orm'
import { appendAudit, PLATFORM_CHAIN } from '../../../audit/chain.ts'
import { requestActor } from '../../../audit/request.ts'
import { clearSessionCookies } from '../../../auth/cookies.ts'
import { lockedFor, recordFailure } from '../../../auth/login.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { isLive } from '../../../billing/entitlement.ts'
import { verifyPassword } from '../../../crypto/password.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { membershipsOf } from './ownership.ts'

const DeletedSchema = z
  .object({
    userId: z.string(),
    tenantsDeleted: z
      .array(z.string())
      .openapi({ description: 'Workspaces deleted with the account (you were their only owner)' }),
  })
  .openapi('AccountDeleted')

const route = createRoute({
  method: 'delete',
  path: '/',
  tags: ['Account'],
  summary: 'Deletes your account, for good',
  description: [
    'Confirm with your password. Deleted with the account: your profile, memberships, sessions, two-factor credentials and broker accounts.',
    '',
    '**Every workspace you are the only owner of is deleted too, with all its data — also for its other members.** To keep one, make another member an owner first.',
    '',
    "Refused (409 `subscription_active`) while such a workspace still has a paid subscription: cancel it first. What you did in workspaces that stay keeps its history, without your name. The audit log keeps the deletion (by user id, no email) on each workspace's chain and on the platform chain.",
  ].join('\n'),
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: {
    body: {
      content: json(z.object({ password: z.string().min(1, 'Enter your password.').max(256) })),
      required: true,
    },
  },
  responses: {
    200: { description: 'Deleted; the session has ended', content: json(DeletedSchema) },
    ...problems(400, 401, 403, 409, 429),
  },
})

/** DELETE /api/v1/me */
export const deleteAccount = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { users, tenants, subscriptions } = schema
  const db = database.db
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, auth.userId))
  if (!user) throw new ApiError('unauthenticated', 'This session has ended; sign in again.')
  // Wrong passwords count towards the account's lockout, as at login: a stolen session must
  // not be a way to guess the password.
  const lockedS = await lockedFor(db, auth.userId)
  if (lockedS > 0) {
    throw new ApiError('account_locked', `Try again in ${lockedS} seconds.`, {
      headers: { 'retry-after': String(lockedS) },
    })
  }
  if (!(await verifyPassword(c.req.valid('json').password, user.passwordHash))) {
    await recordFailure(db, auth.userId)
    throw new ApiError('invalid_credentials', 'The password is wrong.')
  }
  const actor = requestActor(c)
  // System work: the account spans workspaces. One transaction, so either all of it goes or
  // nothing does, with its audit entries.
  const tenantsDeleted = await db.transaction(async (tx) => {
    const memberships = await membershipsOf(tx, auth.userId, { lock: true })
    const doomed = memberships.filter((m) => m.soleOwner).map((m) => m.tenant.id)
    const paying = doomed.length
      ? (
          await tx
            .select({ tenantId: subscriptions.tenantId, status: subscriptions.status })
            .from(subscriptions)
            .where(inArray(subscriptions.tenantId, doomed))
        ).filter((s) => isLive(s.status))
      : []
    if (paying.length) {
      const names = memberships.filter((m) => paying.some((p) => p.tenantId === m.tenant.id))
      throw new ApiError(
        'subscription_active',
        `Cancel the subscription of ${names.map((m) => `"${m.tenant.name}"`).join(', ')} first.`,
      )
    }
    for (const m of memberships) {
      await appendAudit(tx, {
        tenantId: m.tenant.id,
        ...actor,
        action: 'account.deleted',
        target: auth.userId,
        data: { role: m.role, tenantDeleted: m.soleOwner },
      })
    }
    await appendAudit(tx, {
      chain: PLATFORM_CHAIN,
      ...actor,
      action: 'account.deleted',
      target: auth.userId,
      data: { tenants: memberships.map((m) => m.tenant.id), tenantsDeleted: doomed },
    })
    if (doomed.length) await tx.delete(tenants).where(inArray(tenants.id, doomed))
    await tx.delete(users).where(eq(users.id, auth.userId))
    return doomed
  })
  clearSessionCookies(c)
  return c.json({ userId: auth.userId, tenantsDeleted }, 200)
})
