import { withTenant } from '@vm-algo/db'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { findKite, openKiteSecret, storeKiteSession } from '../../../brokers/kite.ts'
import { ApiError } from '../../../errors.ts'
import { createRoute, json, problems, router, z } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'
import { KiteConnectionSchema, kiteConnection, throughCore } from './schemas.ts'

const StartSessionSchema = z.object({
  requestToken: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,128}$/, 'must be the request_token Kite sent back')
    .openapi({ description: 'The `request_token` of Kite’s redirect after login' }),
})

const route = createRoute({
  method: 'post',
  path: '/kite/session',
  tags: ['Brokers'],
  summary: 'Completes the Kite login: trades the request token for the day’s session',
  description:
    'Kite redirects to the app with `?request_token=…&status=success` after login; the app posts the token here. A token works once and for a few minutes: Kite refusing it answers 422 `kite_refused` (log in again). No saved key: 409 `kite_not_configured`. The session ends at 06:00 IST.',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(StartSessionSchema) } },
  responses: {
    200: { description: 'Connected', content: json(KiteConnectionSchema) },
    ...problems(400, 401, 403, 409, 422, 502, 503),
  },
})

/** POST /api/v1/brokers/kite/session */
export const startKiteSession = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  const { config, core } = c.get('services')
  const { requestToken } = c.req.valid('json')
  const db = databaseOf(c)
  // Read, then call Kite outside any transaction: a transaction must never wait on another process.
  const row = await withTenant(db, auth, (tx) => findKite(tx, auth))
  if (!row?.apiKey) {
    throw new ApiError('kite_not_configured', 'Save your Kite API key and secret first.')
  }
  const apiSecret = await openKiteSecret(config, row)
  if (apiSecret === null) {
    throw new ApiError(
      'kite_credentials_unreadable',
      'Your saved Kite secret cannot be read; save the API key and secret again.',
    )
  }
  const session = await throughCore(c, () =>
    core.kiteSession({ apiKey: row.apiKey!, apiSecret, requestToken }),
  )
  const view = await withTenant(db, auth, async (tx) => {
    await storeKiteSession(tx, config, auth, session)
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'broker.kite_connected',
      target: auth.userId,
      data: {
        kiteUserId: session.kiteUserId,
        expiresAt: new Date(session.expiresAt).toISOString(),
      },
    })
    return kiteConnection(tx, config, auth)
  })
  return c.json(view, 200)
})
