import { withTenant } from '@vm-algo/db'
import { requireAuth } from '../../../auth/middleware.ts'
import { createRoute, json, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { KiteConnectionSchema, kiteConnection } from './schemas.ts'

const route = createRoute({
  method: 'get',
  path: '/kite',
  tags: ['Brokers'],
  summary: 'Your Kite connection: masked key, login URL, session and its expiry',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The connection', content: json(KiteConnectionSchema) },
    ...problems(401, 403),
  },
})

/** GET /api/v1/brokers/kite */
export const getKite = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { config } = c.get('services')
  const view = await withTenant(databaseOf(c), auth, (tx) => kiteConnection(tx, config, auth))
  return c.json(view, 200)
})
