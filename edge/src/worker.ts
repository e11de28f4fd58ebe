import { loadDbConfig } from '@vm-algo/db'
import { type ExecutionContext, Hono } from 'hono'
import { createEdgeApp, type EdgeApp } from './app.ts'
import { expireGracePeriods } from './billing/grace.ts'
import { ApiError, problemResponse } from './errors.ts'
import { postgresClient } from './runtimes/postgres.ts'
import { perRequestPostgres, requestScope } from './runtimes/request-scope.ts'
import { databaseUrlOf, servicesFromEnv } from './runtimes/services.ts'

type Bindings = Record<string, string | undefined>

// Connections one request may open (postgres.js opens a second only for concurrent queries).
const CONNECTIONS_PER_REQUEST = 2

let edge: Promise<EdgeApp> | undefined

/** The edge app, built once per isolate from the bindings; a failed build stays failed. */
function edgeOf(env: Bindings): Promise<EdgeApp> {
  edge ??= servicesFromEnv(env, {
    openDatabase: async (db) =>
      perRequestPostgres(databaseUrlOf(db, 'Cloudflare Workers'), {
        max: CONNECTIONS_PER_REQUEST,
      }),
  }).then(
    ({ services }) => createEdgeApp(services),
    (error: unknown) => {
      console.error('[edge] cannot start:', error instanceof Error ? error.message : error)
      throw error
    },
  )
  return edge
}

const worker = new Hono<{ Bindings: Bindings }>()
worker.use(requestScope())
worker.all('*', async (c) => (await edgeOf(c.env)).fetch(c.req.raw, c.env, c.executionCtx))
// Only a failed start-up lands here (the edge app answers its own errors); its cause is logged.
worker.onError((_error, c) =>
  problemResponse(c, new ApiError('service_unavailable', 'The API is not configured correctly.')),
)

/**
 * Cloudflare Workers entry (`wrangler dev` / `wrangler deploy`, see wrangler.toml): the same
 * app as on Node and Deno, with services built once per isolate from the bindings —
 * DATABASE_URL through postgres.js (a client per request, as Workers require), JWT_SECRET and
 * ENCRYPTION_KEY as secrets, rate limits in Upstash (UPSTASH_REDIS_REST_URL/_TOKEN) or else
 * per isolate. The Cron Trigger in wrangler.toml ends billing grace periods every minute.
 */
export default {
  fetch: worker.fetch,
  async scheduled(_controller: unknown, env: Bindings, ctx: ExecutionContext) {
    const { db, end } = postgresClient(databaseUrlOf(loadDbConfig(env), 'Cloudflare Workers'), {
      max: 1,
    })
    ctx.waitUntil(expireGracePeriods(db).finally(end))
  },
}
