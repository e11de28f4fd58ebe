import { withTenant } from '@vm-algo/db'
import { appendAudit, requestActor } from '../../../audit/index.ts'
import { requireAuth } from '../../../auth/middleware.ts'
import { forgetKite } from '../../../brokers/kite.ts'
import { createRoute, problems, router } from '../../../openapi.ts'
import { databaseOf } from '../plugins/store.ts'

const route = createRoute({
  method: 'delete',
  path: '/kite',
  tags: ['Brokers'],
  summary: 'Disconnects Kite: forgets the key, the secret and the session',
  middleware: [requireAuth()] as const,
  security: [{ bearer: [] }],
  responses: { 204: { description: 'Forgotten (or there was nothing)' }, ...problems(401, 403) },
})

/** DELETE /api/v1/brokers/kite */
export const deleteKite = router().openapi(route, async (c) => {
  const auth = c.get('auth')
  await withTenant(databaseOf(c), auth, async (tx) => {
    if (!(await forgetKite(tx, auth))) return
    await appendAudit(tx, {
      tenantId: auth.tenantId,
      ...requestActor(c),
      action: 'broker.kite_disconnected',
      target: auth.userId,
    })
  })
  return c.body(null, 204)
})
