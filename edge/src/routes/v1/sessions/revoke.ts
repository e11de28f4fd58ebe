import { schema, withTenant } from '@vm-algo/db'
import { and, eq, isNull } from 'drizzle-orm'
import { clearSessionCookies } from '../../../auth/cookies.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, problems, router, z } from '../../../openapi.ts'

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Sessions'],
  summary: 'Sign out one of your sessions (another device, or this one)',
  middleware: [requireAuth()] as const,
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
  responses: { 204: { description: 'Signed out' }, ...problems(401, 403, 404) },
})

/** DELETE /api/v1/sessions/{id} — takes effect at once; someone else's session is a 404. */
export const revokeSessionRoute = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { id } = c.req.valid('param')
  const { sessions } = schema
  const revoked = await withTenant(database.db, auth, (tx) =>
    tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'revoked_by_user' })
      .where(
        and(
          eq(sessions.id, id),
          eq(sessions.tenantId, auth.tenantId),
          eq(sessions.userId, auth.userId),
          isNull(sessions.revokedAt),
        ),
      )
      .returning({ id: sessions.id }),
  )
  if (!revoked.length) throw new ApiError('not_found', 'No such active session of yours.')
  if (id === auth.sessionId) clearSessionCookies(c)
  return c.body(null, 204)
})
