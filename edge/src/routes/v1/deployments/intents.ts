import { schema } from '@vm-algo/db'
import { and, desc, eq, lt } from 'drizzle-orm'
import { requireAuth } from '../../../auth/middleware.ts'
import { PageQuerySchema, pageOf } from '../../../lib/pagination.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { DeploymentIdParam, newestFirst } from './schemas.ts'

export const IntentSchema = z
  .object({
    id: z.string(),
    intent: z.record(z.string(), z.unknown()).openapi({
      description:
        'As the strategy emitted it: `{ action: place | modify | cancel, clientOrderId, … }` (the SDK’s OrderIntent)',
    }),
    marketTime: z
      .string()
      .openapi({ format: 'date-time', description: 'Market time of the data that led to it' }),
    createdAt: z.string().openapi({ format: 'date-time', description: 'When it was recorded' }),
  })
  .openapi('DeploymentIntent')

const route = createRoute({
  method: 'get',
  path: '/{deploymentId}/intents',
  tags: ['Deployments'],
  summary: "A deployment's order intents, newest first",
  description:
    'Every order the strategy asked for. In paper mode nothing reaches a broker: the intents are the record.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { params: DeploymentIdParam, query: PageQuerySchema },
  responses: {
    200: { description: 'A page of order intents', content: json(pageOf(IntentSchema)) },
    ...problems(400, 401, 403, 404),
  },
})

/** GET /api/v1/deployments/{deploymentId}/intents */
export const listIntents = router().openapi(route, async (c) => {
  const { deploymentId } = c.req.valid('param')
  const intents = schema.orderIntents
  const page = await newestFirst(
    c,
    { deploymentId, ...c.req.valid('query') },
    'orderIntent',
    (tx, { tenantId, before, limit }) =>
      tx
        .select()
        .from(intents)
        .where(
          and(
            eq(intents.tenantId, tenantId),
            eq(intents.deploymentId, deploymentId),
            before ? lt(intents.id, before) : undefined,
          ),
        )
        .orderBy(desc(intents.id))
        .limit(limit),
  )
  const items = page.items.map((r) => ({
    id: r.id,
    intent: r.intent as Record<string, unknown>,
    marketTime: r.marketTime.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }))
  c.header('cache-control', 'no-store')
  return c.json({ items, nextCursor: page.nextCursor }, 200)
})
