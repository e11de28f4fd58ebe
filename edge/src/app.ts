import { newId } from '@vm-algo/db'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { ApiError, problemResponse, toApiError } from './errors.ts'
import { health } from './routes/v1/health.ts'
import type { Env, Services } from './services.ts'

/**
 * Builds the edge API. Runs unchanged on Node, Deno and Workers: each runtime's entry builds
 * `services` its own way and serves `app.fetch`.
 *
 * @example
 * const app = createEdgeApp(services)
 * const res = await app.request('/api/v1/health')
 */
export function createEdgeApp(services: Services) {
  const app = new Hono<Env>()

  app.use(requestId({ generator: () => newId('request') }))
  app.use(async (c, next) => {
    c.set('services', services)
    await next()
  })
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: 'max-age=63072000; includeSubDomains',
      xFrameOptions: 'DENY',
      xContentTypeOptions: 'nosniff',
      referrerPolicy: 'no-referrer',
    }),
  )
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (services.config.CORS_ORIGINS.includes(origin) ? origin : null),
      credentials: true,
      exposeHeaders: [
        'x-request-id',
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
    }),
  )

  app.route('/api/v1/health', health)

  app.notFound((c) =>
    problemResponse(
      c,
      new ApiError('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  )
  app.onError((error, c) => {
    if (toApiError(error).code === 'internal') services.logError(error, c.get('requestId'))
    return problemResponse(c, error)
  })
  return app
}

export type EdgeApp = ReturnType<typeof createEdgeApp>
