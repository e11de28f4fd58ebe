import { schema } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { PageQuerySchema, pageOf } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { DeploymentIdParam, newestFirst } from './schemas.ts'

export const LogEntrySchema = z
  .object({
    id: z.string(),
    level: z.string().openapi({ example: 'info', description: 'debug, info, warn or error' }),
    message: z.string(),
    marketTime: z.string().nullable().openapi({
      format: 'date-time',
      description: 'Market time of the bar or tick being handled',
    }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('DeploymentLogEntry')

const route = createRoute({
  method: 'get',
  path: '/{deploymentId}/logs',
  tags: ['Deployments'],
  summary: "A deployment's log, newest first",
  description:
    'What the strategy logged (`ctx.log`) and what the engine said about it (started, failed).',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DeploymentIdParam, query: PageQuerySchema },
  responses: {
    200: { description: 'A page of log entries', content: json(pageOf(LogEntrySchema)) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/deployments/{deploymentId}/logs */
export const listLogs = router().openapi(route, async (c) => {
  const { deploymentId } = c.req.valid('param')
  const logs = schema.deploymentLogs
  const page = await newestFirst(
    c,
    { deploymentId, ...c.req.valid('query') },
    'deploymentLog',
    (tx, { tenantId, before, limit }) =>
      tx
        .select()
        .from(logs)
        .where(
          and(
            eq(logs.tenantId, tenantId),
            eq(logs.deploymentId, deploymentId),
            before ? lt(logs.id, before) : undefined,
          ),
        )
        .orderBy(desc(logs.id))
        .limit(limit),
  )
  const items = page.items.map((r) => ({
    id: r.id,
    level: r.level,
    message: r.message,
    marketTime: r.marketTime?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }))
  c.header('cache-control', 'no-store')
  return c.json({ items, nextCursor: page.nextCursor }, 200)
})
