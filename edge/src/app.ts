import { newId } from '@vm-algo/db'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import { ApiError, problemResponse, toApiError } from './errors.ts'
import { limitByIp, rateLimit } from './limits/middleware.ts'
import { ProblemSchema, router } from './openapi.ts'
import { admin } from './routes/v1/admin/index.ts'
import { audit } from './routes/v1/audit/index.ts'
import { auth } from './routes/v1/auth/index.ts'
import { backtests } from './routes/v1/backtests/index.ts'
import { billing } from './routes/v1/billing/index.ts'
import { brokers } from './routes/v1/brokers/index.ts'
import { datasets } from './routes/v1/datasets/index.ts'
import { deployments } from './routes/v1/deployments/index.ts'
import { apiReference } from './routes/v1/docs.ts'
import { health } from './routes/v1/health.ts'
import { me } from './routes/v1/me.ts'
import { mfa } from './routes/v1/mfa/index.ts'
import { plugins } from './routes/v1/plugins/index.ts'
import { privacy } from './routes/v1/privacy/index.ts'
import { scans } from './routes/v1/scans/index.ts'
import { sdk } from './routes/v1/sdk/index.ts'
import { sessions } from './routes/v1/sessions/index.ts'
import { invitations, team } from './routes/v1/team/index.ts'
import { webhooks } from './routes/v1/webhooks/index.ts'
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
      // The only HTML the API serves is /api/v1/docs: its one <style> carries this nonce.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [NONCE],
        frameAncestors: ["'none'"],
      },
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

  // Rate limits: per tenant by plan, per address when signed out (health stays free for
  // monitors), and a tighter per-address budget for sign-in and sign-up. Before the routes.
  // Webhooks are signed and come in bursts from a few provider addresses: never limit them.
  app.use(
    '/api/*',
    rateLimit({
      skip: (c) => c.req.path === '/api/v1/health' || c.req.path.startsWith('/api/v1/webhooks/'),
    }),
  )
  const authPerMinute = services.config.RATE_LIMIT_AUTH_PER_MIN
  app.on('POST', '/api/v1/auth/login', limitByIp('login', authPerMinute, 60_000))
  app.on('POST', '/api/v1/auth/register', limitByIp('register', authPerMinute, 60_000))

  // Routes: one sub-router per resource, mounted here (their OpenAPI definitions merge).
  app.route('/api/v1/health', health)
  app.route('/api/v1/auth', auth)
  app.route('/api/v1/me', me)
  app.route('/api/v1/sessions', sessions)
  app.route('/api/v1/mfa', mfa)
  app.route('/api/v1/billing', billing)
  app.route('/api/v1/webhooks', webhooks)
  app.route('/api/v1/me', privacy)
  app.route('/api/v1/team', team)
  app.route('/api/v1/invitations', invitations)
  app.route('/api/v1/audit', audit)
  app.route('/api/v1/admin', admin)
  app.route('/api/v1/backtests', backtests)
  app.route('/api/v1/plugins', plugins)
  app.route('/api/v1/sdk', sdk)
  app.route('/api/v1/deployments', deployments)
  app.route('/api/v1/scans', scans)
  app.route('/api/v1/datasets', datasets)
  app.route('/api/v1/brokers', brokers)

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: API_INFO(services),
    servers: [{ url: '/' }],
  })
  app.route(
    '/api/v1/docs',
    apiReference(() => app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO(services) })),
  )
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

const API_INFO = (services: Services) => ({
  title: 'vm-algo API',
  version: services.config.APP_VERSION,
  description:
    'Algorithmic trading for NSE/BSE. Errors are application/problem+json with a stable `code`.',
})

export type EdgeApp = ReturnType<typeof createEdgeApp>
