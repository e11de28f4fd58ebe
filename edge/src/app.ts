import { newId } from '@vm-algo/db'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { ApiError, problemResponse, toApiError } from './errors.ts'
import { ProblemSchema, router } from './openapi.ts'
import { health } from './routes/v1/health.ts'
import type { Services } from './services.ts'

/**
 * Builds the edge API. Runs unchanged on Node, Deno and Workers: each runtime's entry builds
 * `services` its own way and serves `app.fetch`.
 *
 * @example
 * const app = createEdgeApp(services)
 * const res = await app.request('/api/v1/health')
 */
export function createEdgeApp(services: Services) {
  const app = router()

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

  // Routes: one sub-router per resource, mounted here (their OpenAPI definitions merge).
  app.route('/api/v1/health', health)

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'vm-algo API',
      version: services.config.APP_VERSION,
      description:
        'Algorithmic trading for NSE/BSE. Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: '/' }],
  })
  app.openAPIRegistry.register('Problem', ProblemSchema)
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  })

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
