import { schema, withTenant } from '@vm-algo/db'
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'

export const SessionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['browser', 'api']),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    mfa: z.boolean().openapi({ description: 'Opened with the second factor' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().openapi({ format: 'date-time' }),
    current: z.boolean().openapi({ description: 'The session making this request' }),
  })
  .openapi('Session')

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Sessions'],
  summary: "The caller's active sessions in this workspace, most recently used first",
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: {
    200: {
      description: 'Active sessions',
      content: json(z.object({ sessions: z.array(SessionSchema) })),
    },
    ...problems(401, 403),
  },
})

/** GET /api/v1/sessions */
export const listSessions = router().openapi(route, async (c) => {
  const { database } = c.get('services')
  if (!database) throw new ApiError('service_unavailable', 'The database is not configured.')
  const auth = c.get('auth')
  const { sessions } = schema
  const rows = await withTenant(database.db, auth, (tx) =>
    tx
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.tenantId, auth.tenantId),
          eq(sessions.userId, auth.userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(sessions.lastUsedAt)),
  )
  return c.json(
    {
      sessions: rows.map((s) => ({
        id: s.id,
        kind: s.kind === 'api' ? ('api' as const) : ('browser' as const),
        userAgent: s.userAgent,
        ip: s.ip,
        mfa: s.mfa,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        current: s.id === auth.sessionId,
      })),
    },
    200,
  )
})
