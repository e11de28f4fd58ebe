import { withTenant } from '@vm-algo/db'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { saveKiteKeys } from '../../../brokers/kite.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { KiteConnectionSchema, kiteConnection, maskKey } from './schemas.ts'

const SaveKiteSchema = z.object({
  apiKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be your Kite Connect app’s API key')
    .openapi({ example: 'kitefront4u7x2b9' }),
  apiSecret: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{8,128}$/, 'must be your Kite Connect app’s API secret')
    .openapi({ description: 'Stored encrypted; never shown again' }),
  staticIp: z
    .union([z.ipv4(), z.ipv6()])
    .nullish()
    .openapi({ description: 'The static IP registered with Kite for algo orders' }),
  algoId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the exchange’s algo id')
    .nullish(),
})

const route = createRoute({
  method: 'put',
  path: '/kite',
  tags: ['Brokers'],
  summary: 'Saves your Kite Connect app’s API key and secret',
  description:
    'The secret is stored encrypted and never returned. Saving a new key or secret ends the current Kite session (log in with Kite again). Each member connects their own Kite account.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(SaveKiteSchema) } },
  responses: {
    200: { description: 'Saved', content: json(KiteConnectionSchema) },
    ...problems(400, 401, 403),
  },
})

/** PUT /api/v1/brokers/kite */
export const putKite = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { config } = c.get('services')
  const body = c.req.valid('json')
  const view = await withTenant(databaseOf(c), auth, async (tx) => {
    await saveKiteKeys(tx, config, auth, body)
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'broker.kite_keys_saved',
      target: auth.userId,
      data: { apiKey: maskKey(body.apiKey), staticIp: body.staticIp ?? null },
    })
    return kiteConnection(tx, config, auth)
  })
  return c.json(view, 200)
})
