import type { CoreHealth } from '../../lib/core-client.ts'
import { createRoute, json, router, z } from '../../openapi.ts'
import type { Services } from '../../services.ts'

const Check = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
})

export const HealthReportSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    service: z.literal('edge'),
    version: z.string(),
    time: z.string(),
    uptimeS: z.number(),
    checks: z.object({
      database: Check.extend({ driver: z.enum(['pglite', 'postgres']).optional() }),
      core: Check.extend({
        feed: z
          .object({
            kind: z.string(),
            state: z.enum(['running', 'paused', 'stopped']),
            speed: z.union([z.number(), z.literal('max')]),
            symbols: z.array(z.string()),
            events: z.number(),
            lastEventAt: z.number().nullable(),
            marketTime: z.number().nullable(),
            stale: z.boolean(),
          })
          .optional(),
      }),
    }),
  })
  .openapi('HealthReport')

export type HealthReport = z.infer<typeof HealthReportSchema>

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['Platform'],
  summary: 'Health of the edge, its database and the core market-data feed',
  responses: {
    200: { description: 'Everything answers', content: json(HealthReportSchema) },
    503: { description: 'Something is down (same body)', content: json(HealthReportSchema) },
  },
})

/** GET /api/v1/health — 200 when the database and the core answer, 503 (same body) otherwise. */
export const health = router().openapi(route, async (c) => {
  const services = c.get('services')
  const [database, core] = await Promise.all([checkDatabase(services), checkCore(services)])
  const ok = database.status === 'ok' && core.status === 'ok'
  const report: HealthReport = {
    status: ok ? 'ok' : 'degraded',
    service: 'edge',
    version: services.config.APP_VERSION,
    time: new Date().toISOString(),
    uptimeS: Math.round((Date.now() - services.startedAt) / 1000),
    checks: { database, core },
  }
  c.header('cache-control', 'no-store')
  return c.json(report, ok ? 200 : 503)
})

async function checkDatabase(services: Services): Promise<HealthReport['checks']['database']> {
  if (!services.database) return { status: 'down', error: 'no database configured' }
  try {
    const latencyMs = await services.database.ping()
    return { status: 'ok', latencyMs, driver: services.database.driver }
  } catch (error) {
    return { status: 'down', driver: services.database.driver, error: reason(error) }
  }
}

async function checkCore(services: Services): Promise<HealthReport['checks']['core']> {
  const start = performance.now()
  try {
    const core: CoreHealth = await services.core.health()
    const latencyMs = Math.round((performance.now() - start) * 100) / 100
    // A connected feed that has gone quiet is as bad as a dead one: say so.
    if (core.feed.stale) {
      return { status: 'down', latencyMs, error: 'market-data feed is silent', feed: core.feed }
    }
    return { status: core.status === 'ok' ? 'ok' : 'down', latencyMs, feed: core.feed }
  } catch (error) {
    return { status: 'down', error: `core unreachable: ${reason(error)}` }
  }
}

// Health output is public: give the kind of failure, never a stack or connection string.
function reason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out'
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown })?.code
    return typeof code === 'string' ? code : error.message.split('\n')[0]!.slice(0, 120)
  }
  return 'unknown error'
}
